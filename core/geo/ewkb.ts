/** A polygon as rings of [x, y] coordinates, the first ring the outer one. */
export type PolygonRings = number[][][];

const multiPolygonWithSrid = 6 | 0x20000000;
const polygonType = 3;

/**
 * Hex EWKB of a MultiPolygon with an SRID (what PostGIS reads from COPY text straight
 * into a geometry column, with no WKT parsing).
 */
export function multiPolygonEwkbHex(polygons: readonly PolygonRings[], srid: number): string {
  let size = 1 + 4 + 4 + 4;
  for (const rings of polygons) {
    size += 1 + 4 + 4;
    for (const ring of rings) size += 4 + ring.length * 16;
  }
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  at = buffer.writeUInt8(1, at);
  at = buffer.writeUInt32LE(multiPolygonWithSrid, at);
  at = buffer.writeUInt32LE(srid, at);
  at = buffer.writeUInt32LE(polygons.length, at);
  for (const rings of polygons) {
    at = buffer.writeUInt8(1, at);
    at = buffer.writeUInt32LE(polygonType, at);
    at = buffer.writeUInt32LE(rings.length, at);
    for (const ring of rings) {
      at = buffer.writeUInt32LE(ring.length, at);
      for (const point of ring) {
        at = buffer.writeDoubleLE(point[0] as number, at);
        at = buffer.writeDoubleLE(point[1] as number, at);
      }
    }
  }
  return buffer.toString('hex');
}
