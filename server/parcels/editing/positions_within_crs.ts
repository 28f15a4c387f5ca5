import type { z } from 'zod';
import { strayPosition } from '../../../core/geo/position_bounds';

/**
 * A zod refinement for a request body with `crs` and geometries: an issue at the first
 * position outside the bounds of the body's CRS (`geometry.coordinates.0.3: position
 * 999,10 is outside longitude 100 to 120, …`), so PROJ never sees a point it cannot
 * transform. `geometries` picks the body's geometries with their field paths.
 */
export function positionsWithinCrs<T extends { crs: number }>(
  geometries: (
    body: T,
  ) => readonly (readonly [
    path: readonly (string | number)[],
    geometry: { coordinates: unknown },
  ])[],
) {
  return (body: T, check: z.core.$RefinementCtx<T>): void => {
    for (const [path, geometry] of geometries(body)) {
      const stray = strayPosition(geometry.coordinates, body.crs);
      if (stray) {
        check.addIssue({
          code: 'custom',
          path: [...path, 'coordinates', ...stray.path],
          message: stray.rule,
        });
        return;
      }
    }
  };
}
