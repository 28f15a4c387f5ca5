import Flatbush from 'flatbush';
import type { PolygonRings } from '../../core/geo/ewkb';
import { ImportError } from '../import_error';

/**
 * More candidate pairs than this means stacked copies of a layer, not a map: the file is
 * refused rather than holding the parse (and then GEOS) on a quadratic number of pairs.
 */
export const maxOverlapCandidates = 1_000_000;

/** Boxes as plain data (they cross from the parse worker): box k is bounds[4k .. 4k + 3]. */
export interface BoxList {
  /** What each box belongs to: a feature number, or a parcel version id. */
  ids: number[];
  /** minX, minY, maxX, maxY of each box, one after the other. */
  bounds: number[];
}

/** Pairs of boxes that overlap: `first[k]` and `second[k]` name the k-th pair. */
export interface BoxPairs {
  first: number[];
  second: number[];
}

type Box = [minX: number, minY: number, maxX: number, maxY: number];

const boxAt = (bounds: number[], k: number): Box => [
  bounds[4 * k] as number,
  bounds[4 * k + 1] as number,
  bounds[4 * k + 2] as number,
  bounds[4 * k + 3] as number,
];

/**
 * The bounding boxes of a file's geometries, in file order, and the pairs of boxes that
 * could hide an overlap larger than a tolerance. The intersection of two polygons lies
 * inside the intersection of their boxes, so a pair whose boxes share no more than the
 * tolerance's area cannot overlap by more: neighbours that only share an edge (the whole
 * of a cadastral map) are dropped here and only the rest reaches GEOS. One packed Hilbert
 * R-tree (flatbush) over the file's boxes, one search per box looked up.
 */
export class FeatureBoxes {
  private readonly list: BoxList;
  private index: Flatbush | undefined;

  constructor(list: BoxList = { ids: [], bounds: [] }) {
    this.list = list;
  }

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
    this.list.ids.push(featureNo);
    this.list.bounds.push(minX, minY, maxX, maxY);
    this.index = undefined;
  }

  /** The boxes as plain data, to hand over to another thread. */
  toList(): BoxList {
    return this.list;
  }

  /** minX, minY, maxX, maxY around every box; undefined when there is none. */
  extent(): [number, number, number, number] | undefined {
    const b = this.list.bounds;
    if (b.length === 0) return undefined;
    const extent: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < b.length; k += 4) {
      extent[0] = Math.min(extent[0], b[k] as number);
      extent[1] = Math.min(extent[1], b[k + 1] as number);
      extent[2] = Math.max(extent[2], b[k + 2] as number);
      extent[3] = Math.max(extent[3], b[k + 3] as number);
    }
    return extent;
  }

  private tree(): Flatbush {
    if (this.index) return this.index;
    const b = this.list.bounds;
    const index = new Flatbush(this.list.ids.length);
    for (let k = 0; k < b.length; k += 4)
      index.add(b[k] as number, b[k + 1] as number, b[k + 2] as number, b[k + 3] as number);
    index.finish();
    this.index = index;
    return index;
  }

  /**
   * Calls `found(i)` for each of this list's boxes i that shares more than `tolerance` of
   * area with the box (minX, minY, maxX, maxY).
   */
  private search(
    [minX, minY, maxX, maxY]: Box,
    tolerance: number,
    found: (i: number) => void,
  ): void {
    const b = this.list.bounds;
    // The test runs inside the search's filter: nothing is collected for the many
    // neighbours that only touch.
    this.tree().search(minX, minY, maxX, maxY, (i) => {
      const width = Math.min(maxX, b[4 * i + 2] as number) - Math.max(minX, b[4 * i] as number);
      const height =
        Math.min(maxY, b[4 * i + 3] as number) - Math.max(minY, b[4 * i + 1] as number);
      if (width > 0 && height > 0 && width * height > tolerance) found(i);
      return false;
    });
  }

  /**
   * Pairs of the file's own features whose boxes share an area larger than `tolerance`
   * (m², in the boxes' units): `first` the earlier feature, `second` the later. More than
   * `limit` of them refuse the file.
   */
  overlappingPairs(tolerance: number, limit = maxOverlapCandidates): BoxPairs {
    const pairs: BoxPairs = { first: [], second: [] };
    const { ids, bounds } = this.list;
    if (ids.length < 2) return pairs;
    for (let j = 0; j < ids.length; j += 1) {
      this.search(boxAt(bounds, j), tolerance, (i) => {
        if (i >= j) return;
        if (pairs.first.length >= limit) {
          throw new ImportError(
            'file_invalid',
            `more than ${limit.toLocaleString('en')} pairs of features overlap each other's extent by more than ${tolerance} m²: the file looks like stacked copies of a layer, not one map`,
          );
        }
        pairs.first.push(ids[i] as number);
        pairs.second.push(ids[j] as number);
      });
    }
    return pairs;
  }

  /**
   * Pairs of a file's feature (`first`) and another box (`second`: its id in `others`, a
   * current parcel version) that share more than `tolerance`. A re-imported map pairs each
   * feature with the version it updates, a shifted one with a few neighbours too; beyond
   * `limit` (by default ten per feature, at least `maxOverlapCandidates`) the file is
   * refused. Yields to the event loop every few thousand boxes: it runs on the server's
   * main thread.
   */
  async pairsWith(
    others: BoxList,
    tolerance: number,
    limit = Math.max(maxOverlapCandidates, 10 * this.list.ids.length),
  ): Promise<BoxPairs> {
    const pairs: BoxPairs = { first: [], second: [] };
    if (this.list.ids.length === 0) return pairs;
    for (let j = 0; j < others.ids.length; j += 1) {
      if (j % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
      this.search(boxAt(others.bounds, j), tolerance, (i) => {
        if (pairs.first.length >= limit) {
          throw new ImportError(
            'file_invalid',
            `more than ${limit.toLocaleString('en')} pairs of features and current parcels overlap each other's extent by more than ${tolerance} m²: the file does not fit the map where it lies (a wrong CRS or a shifted copy?)`,
          );
        }
        pairs.first.push(this.list.ids[i] as number);
        pairs.second.push(others.ids[j] as number);
      });
    }
    return pairs;
  }
}
