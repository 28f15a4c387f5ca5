import { describe, expect, it } from 'vitest';
import { applyAffine, invertAffine } from '../../core/geo/affine';
import { fitGcps, requireGoodFit } from '../../data-import/raster/gcp_fit';
import { parseGcpJson } from '../../data-import/raster/gcp_json';
import { RasterInputError } from '../../data-import/raster/raster_input_error';
import { footprintRing } from '../../data-import/raster/sheet_footprint';
import { parseWorldFile } from '../../data-import/raster/world_file';

// A 2000 x 1500 scan at 0.5 m a pixel, top-left corner at 551000 E, 1062000 N (zone 105-30).
const world = ['0.5', '0', '0', '-0.5', '551000.25', '1061999.75'].join('\n');

describe('world files', () => {
  it('reads the six numbers and moves the pixel-centre origin to the corner', () => {
    const t = parseWorldFile(`${world}\r\n`);
    expect(applyAffine(t, 0, 0)).toEqual([551000, 1062000]);
    expect(applyAffine(t, 2000, 1500)).toEqual([552000, 1061250]);
    const back = applyAffine(invertAffine(t), 551500, 1061500);
    expect(back[0]).toBeCloseTo(1000, 9);
    expect(back[1]).toBeCloseTo(1000, 9);
  });

  it.each([
    ['0.5\n0\n0\n-0.5\n551000', 'world: must hold six numbers, one a line; got 5 lines'],
    ['0.5\n0\n0\n-0.5\n551000,25\n1061999.75', 'world: line 5 must be a number, got "551000,25"'],
    ['0\n0\n0\n0\n551000\n1061999', 'world: the pixel size is zero (A·E − B·D = 0)'],
  ])('refuses %j with "%s"', (text, message) => {
    expect(() => parseWorldFile(text)).toThrow(message);
  });
});

describe('ground control points', () => {
  const truth = parseWorldFile(world);
  const at = (id: string, col: number, row: number, noise: [number, number] = [0, 0]) => {
    const [x, y] = applyAffine(truth, col, row);
    return { id, col, row, x: x + noise[0], y: y + noise[1] };
  };
  const points = [
    at('NW', 10, 12, [0.02, -0.01]),
    at('NE', 1990, 8, [-0.01, 0.02]),
    at('SE', 1985, 1490, [0.01, 0.01]),
    at('SW', 14, 1488, [-0.02, -0.01]),
    at('C', 1000, 750, [0, -0.01]),
  ];

  it('fits the same footprint as the world file within a few centimetres and reports residuals', () => {
    const fit = fitGcps(points);
    const fitted = footprintRing(fit.affine, 2000, 1500);
    const expected = footprintRing(truth, 2000, 1500);
    fitted.forEach(([x, y], i) => {
      const [ex, ey] = expected[i] as [number, number];
      expect(Math.hypot(x - ex, y - ey)).toBeLessThan(0.05);
    });
    expect(fit.residuals.map((r) => r.id)).toEqual(['NW', 'NE', 'SE', 'SW', 'C']);
    for (const r of fit.residuals) expect(r.residual).toBeLessThan(0.05);
    expect(fit.rms).toBeGreaterThan(0);
    expect(fit.rms).toBeLessThan(0.03);
    expect(() => requireGoodFit(fit, 0.5)).not.toThrow();
  });

  it('refuses a set with a blunder, naming the worst point and giving every residual', () => {
    const bad = points.map((p) => (p.id === 'SE' ? { ...p, x: p.x + 12 } : p));
    const fit = fitGcps(bad);
    expect(fit.residuals.reduce((w, r) => (r.residual > w.residual ? r : w)).id).toBe('SE');
    try {
      requireGoodFit(fit, 0.5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RasterInputError);
      const e = error as RasterInputError;
      expect(e.code).toBe('unprocessable');
      expect(e.field).toBe('gcp');
      expect(e.message).toMatch(
        /^gcp: the fit's RMS is [0-9.]+ m, above the 0.5 m allowed; the worst point is SE/,
      );
      expect(e.details?.residuals).toHaveLength(5);
    }
  });

  it('needs three points not on one line', () => {
    expect(() => fitGcps(points.slice(0, 2))).toThrow(
      'gcp: needs at least 3 control points, got 2',
    );
    const line = [at('a', 0, 0), at('b', 100, 100), at('c', 200, 200)];
    expect(() => fitGcps(line)).toThrow(/gcp: the control points lie on one line/);
  });

  it('names the bad point and key of a GCP JSON', () => {
    expect(() => parseGcpJson('{"points": [{"col": 1, "row": 2, "x": 3}]}')).toThrow(
      'gcp.0.y: Invalid input: expected number, received undefined',
    );
    expect(() => parseGcpJson('not json')).toThrow(/^gcp: is not valid JSON/);
    expect(parseGcpJson('[{"col": 1, "row": 2, "x": 3, "y": 4}]')).toEqual([
      { id: '1', col: 1, row: 2, x: 3, y: 4 },
    ]);
  });
});
