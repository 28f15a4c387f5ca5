import { ImportError } from '../import_error';

export interface DbfField {
  name: string;
  /** C character, N/F number, D date, L logical, others read as raw bytes. */
  type: string;
  length: number;
  decimals: number;
  offset: number;
}

/** A .dbf read as raw bytes: text is decoded later, once the encoding is known. */
export interface DbfTable {
  fields: readonly DbfField[];
  recordCount: number;
  /** Raw bytes of one field of one record (0-based), trailing spaces and NULs trimmed. */
  raw(record: number, field: DbfField): Buffer;
  /** True when the record is marked deleted. */
  deleted(record: number): boolean;
}

/** Reads the header and field descriptors of a dBASE III/IV file; checks it is complete. */
export function readDbf(data: Buffer, fileName: string): DbfTable {
  if (data.length < 33)
    throw new ImportError('file_truncated', `${fileName} is too short to be a .dbf`, fileName);
  const recordCount = data.readUInt32LE(4);
  const headerLength = data.readUInt16LE(8);
  const recordLength = data.readUInt16LE(10);
  const fields: DbfField[] = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLength && data[at] !== 0x0d; at += 32) {
    const name = data
      .subarray(at, at + 11)
      .toString('latin1')
      .replace(/\0.*$/s, '')
      .trim();
    const field = {
      name,
      type: String.fromCharCode(data[at + 11] ?? 0x43),
      length: data[at + 16] ?? 0,
      decimals: data[at + 17] ?? 0,
      offset,
    };
    fields.push(field);
    offset += field.length;
  }
  if (offset !== recordLength) {
    throw new ImportError(
      'file_invalid',
      `${fileName}: fields add up to ${offset} bytes, the header says records are ${recordLength}`,
      fileName,
    );
  }
  const needed = headerLength + recordCount * recordLength;
  if (data.length < needed) {
    throw new ImportError(
      'file_truncated',
      `${fileName} declares ${recordCount} records but ends after ${Math.floor((data.length - headerLength) / recordLength)}`,
      fileName,
    );
  }
  const start = (record: number) => headerLength + record * recordLength;
  return {
    fields,
    recordCount,
    raw(record, field) {
      const from = start(record) + field.offset;
      let end = from + field.length;
      while (end > from && (data[end - 1] === 0x20 || data[end - 1] === 0)) end -= 1;
      let begin = from;
      while (begin < end && data[begin] === 0x20) begin += 1;
      return data.subarray(begin, end);
    },
    deleted: (record) => data[start(record)] === 0x2a,
  };
}
