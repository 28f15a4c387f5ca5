import { describe, expect, it } from 'vitest';
import type { PolygonRings } from '../../core/geo/ewkb';
import { FeatureBoxes } from '../../data-import/geometry/feature_boxes';
import { ImportError } from '../../data-import/import_error';

const rectangle = (x: number, y: number, width: number, height: number): PolygonRings[] => [
  [
    [
      [x, y],
      [x + width, y],
      [x + width, y + height],
      [x, y + height],
      [x, y],
    ],
  ],
];

describe('candidate pairs for the in-file overlap check', () => {
  it('finds no pair in a grid of parcels that only share edges', () => {
    const boxes = new FeatureBoxes();
    for (let i = 0; i < 400; i += 1) {
      boxes.add(
        i + 1,
        rectangle(600_000 + (i % 20) * 20, 1_100_000 + Math.floor(i / 20) * 25, 20, 25),
      );
    }
    expect(boxes.overlappingPairs(1)).toEqual({ first: [], second: [] });
  });

  it('names each overlapping pair once, earlier feature first, in file order', () => {
    const boxes = new FeatureBoxes();
    boxes.add(1, rectangle(0, 0, 40, 40));
    boxes.add(2, rectangle(100, 0, 40, 40));
    boxes.add(3, rectangle(30, 0, 40, 40)); // shares a 10 x 40 m strip with feature 1
    boxes.add(5, rectangle(110, 10, 5, 5)); // inside feature 2 (feature 4 had no geometry)
    const pairs = boxes.overlappingPairs(1);
    const named = pairs.first.map((first, k) => [first, pairs.second[k]]);
    expect(named.sort()).toEqual([
      [1, 3],
      [2, 5],
    ]);
  });

  it('drops pairs whose boxes share no more than the tolerance', () => {
    const boxes = new FeatureBoxes();
    boxes.add(1, rectangle(0, 0, 40, 40));
    boxes.add(2, rectangle(39.9, 0, 40, 5)); // 0.1 x 5 = 0.5 m² of shared box
    expect(boxes.overlappingPairs(1).first).toEqual([]);
    expect(boxes.overlappingPairs(0.4)).toEqual({ first: [1], second: [2] });
  });

  it('bounds a multipolygon by all its parts', () => {
    const boxes = new FeatureBoxes();
    boxes.add(1, [...rectangle(0, 0, 10, 10), ...rectangle(100, 100, 10, 10)]);
    boxes.add(2, rectangle(50, 50, 10, 10)); // between the parts: inside the box only
    expect(boxes.overlappingPairs(1)).toEqual({ first: [1], second: [2] });
  });

  it('refuses a file of stacked copies instead of listing a quadratic number of pairs', () => {
    const boxes = new FeatureBoxes();
    for (let i = 1; i <= 10; i += 1) boxes.add(i, rectangle(0, 0, 40, 40));
    const refusal = (() => {
      try {
        boxes.overlappingPairs(1, 20);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ImportError);
    expect(refusal).toMatchObject({ reason: 'file_invalid' });
    expect((refusal as Error).message).toMatch(/more than 20 pairs .* stacked copies/);
    expect(boxes.overlappingPairs(1, 45).first).toHaveLength(45);
  });

  it('pairs features with the current parcels whose boxes they overlap, not with mere neighbours', async () => {
    const boxes = new FeatureBoxes();
    boxes.add(1, rectangle(0, 0, 20, 25));
    boxes.add(2, rectangle(20, 0, 20, 25));
    boxes.add(3, rectangle(1000, 0, 20, 25));
    expect(boxes.extent()).toEqual([0, 0, 1020, 25]);
    // Parcel 701 is feature 1 again, 702 touches feature 2's east edge, 703 is shifted
    // 0.5 m into features 1 and 2 (12.5 m² of each box).
    const existing = {
      ids: [701, 702, 703],
      bounds: [0, 0, 20, 25, 40, 0, 60, 25, 19.5, 0, 39.5, 25],
    };
    const pairs = await boxes.pairsWith(existing, 1);
    const named = pairs.first.map((feature, k) => [feature, pairs.second[k]]);
    expect(named.sort()).toEqual([
      [1, 701],
      [1, 703],
      [2, 703],
    ]);
    await expect(boxes.pairsWith(existing, 1, 2)).rejects.toThrow(
      /more than 2 pairs of features and current parcels/,
    );
    expect(await new FeatureBoxes().pairsWith(existing, 1)).toEqual({ first: [], second: [] });
  });
});
