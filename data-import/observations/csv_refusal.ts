import { DiagisError } from '../../core/errors/diagis_error';

/** Why a whole observation file is refused before any row is checked. */
export type CsvRefusalCode =
  | 'file_empty'
  | 'file_too_large'
  | 'encoding_invalid'
  | 'csv_malformed'
  | 'column_missing'
  | 'column_unknown'
  | 'column_repeated';

/**
 * A file refused as a whole (wrong encoding, a missing or unknown column, unreadable CSV).
 * The message names the row and column when there is one and is safe to show to the user;
 * `reason` says which refusal it is. The importer answers it as the report's `refusal`.
 */
export class CsvRefusal extends DiagisError {
  override name = 'CsvRefusal';
  constructor(
    readonly reason: CsvRefusalCode,
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(reason === 'file_too_large' ? 'too_large' : 'unprocessable', message, {
      field: column ?? 'file',
      details: { code: reason },
    });
  }
}
