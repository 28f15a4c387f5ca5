import type { PolygonRings } from '../../core/geo/ewkb';
import { ImportError } from '../import_error';

/** One .shp record: null, or rings grouped into polygons (x, y only; Z and M are dropped). */
export type ShpGeometry =
  | { kind: 'null' }
  | { kind: 'polygon'; polygons: PolygonRings[] }
  | { kind: 'other'; shapeType: number };

const polygonTypes = new Set([5, 15, 25]);

/** Twice the signed area: negative for a clockwise ring (outer rings in a shapefile). */
function signedArea2(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as number[];
    const b = ring[i + 1] as number[];
    sum += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return sum;
}

function contains(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shapefile rings to polygons: clockwise rings are outers, the others holes of the outer holding them. */
function groupRings(rings: number[][][]): PolygonRings[] {
  const polygons: PolygonRings[] = [];
  const holes: number[][][] = [];
  for (const ring of rings) {
    if (ring.length >= 4 && signedArea2(ring) > 0) holes.push(ring);
    else polygons.push([ring]);
  }
  for (const hole of holes) {
    const [x, y] = (hole[0] ?? [0, 0]) as [number, number];
    const owner = polygons.find((polygon) => contains(polygon[0] as number[][], x, y));
    if (owner) owner.push(hole);
    // A counter-clockwise ring inside nothing is an outer ring written the wrong way round.
    else polygons.push([hole]);
  }
  return polygons;
}

/**
 * Walks the records of a .shp in file order. Throws ImportError when the file is not a
 * shapefile or ends inside a record (truncated); a record of another shape type than
 * polygon is returned as `other` for the caller to report.
 */
export function* shpRecords(data: Buffer, fileName: string): Generator<ShpGeometry> {
  if (data.length < 100 || data.readInt32BE(0) !== 9994) {
    throw new ImportError(
      'file_invalid',
      `${fileName} is not a shapefile (no 9994 file code)`,
      fileName,
    );
  }
  const declared = data.readInt32BE(24) * 2;
  if (declared > data.length) {
    throw new ImportError(
      'file_truncated',
      `${fileName} declares ${declared} bytes but has ${data.length}: it is truncated`,
      fileName,
    );
  }
  let at = 100;
  let record = 0;
  while (at < declared) {
    record += 1;
    if (at + 8 > declared)
      throw new ImportError(
        'file_truncated',
        `${fileName} ends inside the header of record ${record}`,
        fileName,
        record,
      );
    const length = data.readInt32BE(at + 4) * 2;
    const content = at + 8;
    const end = content + length;
    if (length < 4 || end > declared) {
      throw new ImportError(
        'file_truncated',
        `${fileName} ends inside record ${record}`,
        fileName,
        record,
      );
    }
    at = end;
    const shapeType = data.readInt32LE(content);
    if (shapeType === 0) {
      yield { kind: 'null' };
      continue;
    }
    if (!polygonTypes.has(shapeType)) {
      yield { kind: 'other', shapeType };
      continue;
    }
    const parts = data.readInt32LE(content + 36);
    const points = data.readInt32LE(content + 40);
    const pointsAt = content + 44 + parts * 4;
    if (parts < 0 || points < 0 || pointsAt + points * 16 > end) {
      throw new ImportError(
        'file_invalid',
        `${fileName}: record ${record} has ${parts} parts and ${points} points, more than its length`,
        fileName,
        record,
      );
    }
    const rings: number[][][] = [];
    for (let p = 0; p < parts; p++) {
      const first = data.readInt32LE(content + 44 + p * 4);
      const last = p + 1 < parts ? data.readInt32LE(content + 44 + (p + 1) * 4) : points;
      const ring: number[][] = [];
      for (let i = first; i < last && i < points; i++) {
        const offset = pointsAt + i * 16;
        ring.push([data.readDoubleLE(offset), data.readDoubleLE(offset + 8)]);
      }
      rings.push(ring);
    }
    yield { kind: 'polygon', polygons: groupRings(rings) };
  }
}

/** Number of records in a .shp (walks the record headers only). */
export function countShpRecords(data: Buffer): number {
  const declared = Math.min(data.length, data.readInt32BE(24) * 2);
  let count = 0;
  for (let at = 100; at + 8 <= declared; at += 8 + data.readInt32BE(at + 4) * 2) count += 1;
  return count;
}
