import { describe, expect, it } from 'vitest';
import { editCellLockKey, lockClasses, lockKeyCollisions, lockKeys } from '../../core/db/lock_keys';

describe('the advisory lock registry', () => {
  it('gives every feature its own keys and classes', () => {
    expect(lockKeyCollisions()).toEqual([]);
  });

  it('reports overlapping ranges, keys off bigint and a class used twice', () => {
    expect(
      lockKeyCollisions(
        {
          cells: { first: 100n, size: 10n },
          inside: { first: 109n, size: 1n },
          after: { first: 110n, size: 1n },
          huge: { first: 2n ** 63n - 1n, size: 2n },
        },
        { a: 1, b: 2, c: 1 },
      ),
    ).toEqual([
      "lock keys huge are not inside PostgreSQL's bigint",
      'lock keys cells and inside overlap',
      'lock classes a and c are both 1',
    ]);
  });

  it('keeps the values running servers share (a migration runner of the last release waits on the same key)', () => {
    expect(lockKeys.migrations.first).toBe(7_201_894_001n);
    expect(lockKeys.demoLoad.first).toBe(7_201_894_094n);
    expect(lockKeys.parcelImport.first).toBe(20_020_004n);
    expect(lockClasses).toEqual({ loginUsername: 1, loginAddress: 2 });
  });

  it('puts the cell keys of every EPSG:3857 cell of 200 m inside their range', () => {
    const lastCell = Math.floor((2 * 20_037_509) / 200);
    const { first, size } = lockKeys.editCells;
    for (const [cx, cy] of [
      [0, 0],
      [lastCell, lastCell],
    ] as const) {
      const key = editCellLockKey(cx, cy);
      expect(key >= first && key < first + size).toBe(true);
    }
    expect(editCellLockKey(1, 0)).not.toBe(editCellLockKey(0, 1));
  });
});
