import { describe, expect, it } from 'vitest';
import { invalidationRanges } from '../../tiles/tile_cache';
import { fromLonLat, rangeSize, tileBbox, tileRange, toLonLat } from '../../tiles/tile_math';

/** The slippy-map tile of a WGS84 point (the OpenStreetMap wiki formula), for comparison. */
const slippy = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
};

describe('tile ranges for a box', () => {
  const [x, y] = fromLonLat(105.97, 9.6);

  it('finds the tile holding a point at every zoom, as the slippy-map formula does', () => {
    for (let z = 0; z <= 22; z++) {
      const expected = slippy(105.97, 9.6, z);
      expect(tileRange([x, y, x, y], z, 0)).toEqual({
        z,
        minX: expected.x,
        maxX: expected.x,
        minY: expected.y,
        maxY: expected.y,
      });
    }
  });

  it('covers a 20 m box in the middle of a z18 tile with that tile alone, buffer included', () => {
    const { x: tx, y: ty } = slippy(105.97, 9.6, 18);
    const [minX, minY, maxX, maxY] = tileBbox(18, tx, ty);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const box = [cx - 10, cy - 10, cx + 10, cy + 10] as const;
    expect(tileRange(box, 18, 64 / 4096)).toEqual({
      z: 18,
      minX: tx,
      maxX: tx,
      minY: ty,
      maxY: ty,
    });
    // 20 m is two to three z22 tiles (9.55 m) across, so 3x3 or 4x4 tiles depending on alignment.
    expect([9, 12, 16]).toContain(rangeSize(tileRange(box, 22, 64 / 4096)));
  });

  it('widens by the tile buffer: a box touching a tile edge also hits the neighbour', () => {
    const [, , edgeX] = tileBbox(16, 52064, 31006);
    const onEdge = [edgeX - 1, y, edgeX - 0.5, y + 1] as const;
    expect(tileRange(onEdge, 16, 0)).toMatchObject({ minX: 52064, maxX: 52064 });
    expect(tileRange(onEdge, 16, 64 / 4096)).toMatchObject({ minX: 52064, maxX: 52065 });
  });

  it('gives one range per zoom 0..22 whose size grows about fourfold per zoom for a large box', () => {
    const [x0, y0] = fromLonLat(105.9, 9.5);
    const [x1, y1] = fromLonLat(106.1, 9.7);
    const ranges = invalidationRanges([x0, y0, x1, y1]);
    expect(ranges.map((range) => range.z)).toEqual([...Array(23).keys()]);
    const [z0, z20, z21] = [ranges[0], ranges[20], ranges[21]].map((range) =>
      range ? rangeSize(range) : 0,
    );
    expect(z0).toBe(1);
    expect((z21 ?? 0) / (z20 ?? 1)).toBeGreaterThan(3.9);
    expect((z21 ?? 0) / (z20 ?? 1)).toBeLessThan(4.1);
  });

  it('clamps to the world and converts lon/lat both ways', () => {
    expect(tileRange([-3e7, -3e7, 3e7, 3e7], 2, 0)).toEqual({
      z: 2,
      minX: 0,
      maxX: 3,
      minY: 0,
      maxY: 3,
    });
    const [lon, lat] = toLonLat(...fromLonLat(105.97, 9.6));
    expect(lon).toBeCloseTo(105.97, 9);
    expect(lat).toBeCloseTo(9.6, 9);
  });
});
