import Flatbush from 'flatbush';
import { ImportError } from '../import_error';
import type { PolygonRings } from './ewkb';

/**
 * More candidate pairs than this means stacked copies of a layer, not a map: the file is
 * refused rather than holding the parse (and then GEOS) on a quadratic number of pairs.
 */
export const maxOverlapCandidates = 1_000_000;

/** Feature numbers of pairs of one file whose boxes overlap: `earlier[k]` comes before `later[k]`. */
export interface BoxPairs {
  earlier: number[];
  later: number[];
}

/**
 * The bounding boxes of a file's geometries, in file order, and the pairs among them that
 * could overlap by more than a tolerance. The intersection of two polygons lies inside the
 * intersection of their boxes, so a pair whose boxes share no more than the tolerance's
 * area cannot overlap by more: neighbours that only share an edge (the whole of a
 * cadastral map) are dropped here, in the parse worker, and only the rest reaches GEOS.
 * One packed Hilbert R-tree (flatbush) over all boxes, one search per box.
 */
export class FeatureBoxes {
  private readonly featureNos: number[] = [];
  private readonly bounds: number[] = [];

  /** Records the box of a feature's (reprojected) geometry. */
  add(featureNo: number, polygons: PolygonRings[]): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const rings of polygons) {
      // The outer ring bounds the polygon; holes lie inside it.
      for (const [x, y] of rings[0] ?? []) {
        if ((x as number) < minX) minX = x as number;
        if ((x as number) > maxX) maxX = x as number;
        if ((y as number) < minY) minY = y as number;
        if ((y as number) > maxY) maxY = y as number;
      }
    }
    if (!(minX <= maxX && minY <= maxY)) return;
    this.featureNos.push(featureNo);
    this.bounds.push(minX, minY, maxX, maxY);
  }

  /**
   * Pairs whose boxes share an area larger than `tolerance` (m², in the boxes' units);
   * more than `limit` of them refuse the file.
   */
  overlappingPairs(tolerance: number, limit = maxOverlapCandidates): BoxPairs {
    const pairs: BoxPairs = { earlier: [], later: [] };
    const count = this.featureNos.length;
    if (count < 2) return pairs;
    const bounds = Float64Array.from(this.bounds);
    // minX, minY, maxX, maxY of box k are at 4k .. 4k + 3.
    const at = (offset: number) => bounds[offset] as number;
    const index = new Flatbush(count);
    for (let k = 0; k < count; k += 1)
      index.add(at(4 * k), at(4 * k + 1), at(4 * k + 2), at(4 * k + 3));
    index.finish();
    for (let i = 0; i < count; i += 1) {
      const minX = at(4 * i);
      const minY = at(4 * i + 1);
      const maxX = at(4 * i + 2);
      const maxY = at(4 * i + 3);
      // The test runs inside the search's filter: nothing is collected for the many
      // neighbours that only touch.
      index.search(minX, minY, maxX, maxY, (j) => {
        if (j <= i) return false;
        const width = Math.min(maxX, at(4 * j + 2)) - Math.max(minX, at(4 * j));
        const height = Math.min(maxY, at(4 * j + 3)) - Math.max(minY, at(4 * j + 1));
        if (width > 0 && height > 0 && width * height > tolerance) {
          if (pairs.earlier.length >= limit) {
            throw new ImportError(
              'file_invalid',
              `more than ${limit.toLocaleString('en')} pairs of features overlap each other's extent by more than ${tolerance} m²: the file looks like stacked copies of a layer, not one map`,
            );
          }
          pairs.earlier.push(this.featureNos[i] as number);
          pairs.later.push(this.featureNos[j] as number);
        }
        return false;
      });
    }
    return pairs;
  }
}
