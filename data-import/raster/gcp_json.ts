import { z } from 'zod';
import type { Gcp } from './gcp_fit';
import { RasterInputError } from './raster_input_error';

/** Most control points one sheet may have. */
export const maxGcps = 200;

const point = z.object({
  id: z.union([z.string().max(40), z.number()]).optional(),
  col: z.number().finite().min(0, 'must be 0 or more'),
  row: z.number().finite().min(0, 'must be 0 or more'),
  x: z.number().finite(),
  y: z.number().finite(),
});
const schema = z.union([
  z.array(point).max(maxGcps),
  z.object({ points: z.array(point).max(maxGcps) }),
]);

/**
 * Reads control points from JSON: an array of `{ id?, col, row, x, y }` (pixel column
 * and row from the image's top-left corner; VN-2000 easting x and northing y) or
 * `{ points: [...] }`. Throws a RasterInputError naming the first bad point and key.
 */
export function parseGcpJson(text: string): Gcp[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RasterInputError('gcp', `is not valid JSON (${(error as Error).message})`);
  }
  const pointsOf = (value: unknown) =>
    Array.isArray(value) ? value : (value as { points?: unknown })?.points;
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    // The union hides the path: re-check the points alone to name the offending one.
    const inner = z.array(point).max(maxGcps).safeParse(pointsOf(json));
    const detail = inner.success ? undefined : inner.error.issues[0];
    const where = (detail ?? issue)?.path.join('.');
    const message = (detail ?? issue)?.message ?? 'is invalid';
    throw new RasterInputError(
      where ? `gcp.${where}` : 'gcp',
      Array.isArray(json) || pointsOf(json)
        ? message
        : 'must be an array of {col, row, x, y} points or {points: [...]}',
    );
  }
  const points = Array.isArray(result.data) ? result.data : result.data.points;
  return points.map((p, index) => ({
    id: p.id === undefined ? String(index + 1) : String(p.id),
    col: p.col,
    row: p.row,
    x: p.x,
    y: p.y,
  }));
}
