import type { PolygonRings } from '../../core/geo/ewkb';

/** A DBF column to write: C (bytes already encoded) or N. */
export interface DbfColumn {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals?: number;
}

/** One feature to write: polygon rings (outer clockwise) or null, and raw column values. */
export interface ShapefileFeature {
  polygons: PolygonRings[] | null;
  values: (Uint8Array | number | null)[];
}

/** An axis-aligned w x h rectangle with its south-west corner at x, y (outer ring clockwise). */
export const rectangle = (x: number, y: number, w = 20, h = 25): PolygonRings[] => [
  [
    [
      [x, y],
      [x, y + h],
      [x + w, y + h],
      [x + w, y],
      [x, y],
    ],
  ],
];

function bbox(points: number[][]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points as [number, number][]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Writes .shp, .shx and .dbf bytes for polygon features (fixtures and the benchmark); text
 * values are written as given, so a test can produce TCVN3 or VNI bytes.
 */
export function writeShapefile(
  columns: readonly DbfColumn[],
  features: readonly ShapefileFeature[],
): { shp: Buffer; shx: Buffer; dbf: Buffer } {
  const records: Buffer[] = [];
  const all: number[][] = [];
  for (const feature of features) {
    if (!feature.polygons) {
      const content = Buffer.alloc(4);
      content.writeInt32LE(0, 0);
      records.push(content);
      continue;
    }
    const rings = feature.polygons.flat();
    const points = rings.flat();
    all.push(...points);
    const content = Buffer.alloc(44 + rings.length * 4 + points.length * 16);
    content.writeInt32LE(5, 0);
    for (const [i, value] of bbox(points).entries()) content.writeDoubleLE(value, 4 + i * 8);
    content.writeInt32LE(rings.length, 36);
    content.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, i) => {
      content.writeInt32LE(start, 44 + i * 4);
      start += ring.length;
    });
    let at = 44 + rings.length * 4;
    for (const [x, y] of points as [number, number][]) {
      content.writeDoubleLE(x, at);
      content.writeDoubleLE(y, at + 8);
      at += 16;
    }
    records.push(content);
  }
  const header = (length: number) => {
    const buffer = Buffer.alloc(100);
    buffer.writeInt32BE(9994, 0);
    buffer.writeInt32BE(length / 2, 24);
    buffer.writeInt32LE(1000, 28);
    buffer.writeInt32LE(5, 32);
    const box = all.length > 0 ? bbox(all) : [0, 0, 0, 0];
    for (const [i, value] of box.entries()) buffer.writeDoubleLE(value, 36 + i * 8);
    return buffer;
  };
  const shpLength = 100 + records.reduce((sum, record) => sum + 8 + record.length, 0);
  const shp = Buffer.alloc(shpLength);
  const shx = Buffer.alloc(100 + records.length * 8);
  header(shpLength).copy(shp, 0);
  header(shx.length).copy(shx, 0);
  let offset = 100;
  records.forEach((record, i) => {
    shp.writeInt32BE(i + 1, offset);
    shp.writeInt32BE(record.length / 2, offset + 4);
    record.copy(shp, offset + 8);
    shx.writeInt32BE(offset / 2, 100 + i * 8);
    shx.writeInt32BE(record.length / 2, 104 + i * 8);
    offset += 8 + record.length;
  });
  const recordLength = 1 + columns.reduce((sum, column) => sum + column.length, 0);
  const headerLength = 32 + columns.length * 32 + 1;
  const dbf = Buffer.alloc(headerLength + features.length * recordLength + 1, 0x20);
  dbf.fill(0, 0, headerLength);
  dbf.writeUInt8(3, 0);
  dbf.writeUInt8(125, 1);
  dbf.writeUInt8(1, 2);
  dbf.writeUInt8(1, 3);
  dbf.writeUInt32LE(features.length, 4);
  dbf.writeUInt16LE(headerLength, 8);
  dbf.writeUInt16LE(recordLength, 10);
  columns.forEach((column, i) => {
    const at = 32 + i * 32;
    dbf.write(column.name.slice(0, 10), at, 'latin1');
    dbf.write(column.type, at + 11, 'latin1');
    dbf.writeUInt8(column.length, at + 16);
    dbf.writeUInt8(column.decimals ?? 0, at + 17);
  });
  dbf.writeUInt8(0x0d, headerLength - 1);
  features.forEach((feature, r) => {
    let at = headerLength + r * recordLength + 1;
    columns.forEach((column, c) => {
      const value = feature.values[c];
      if (value instanceof Uint8Array) Buffer.from(value.subarray(0, column.length)).copy(dbf, at);
      else if (typeof value === 'number') {
        const text = value.toFixed(column.decimals ?? 0).padStart(column.length, ' ');
        dbf.write(text.slice(-column.length), at, 'latin1');
      }
      at += column.length;
    });
  });
  dbf.writeUInt8(0x1a, dbf.length - 1);
  return { shp, shx, dbf };
}
