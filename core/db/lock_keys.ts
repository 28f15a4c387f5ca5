/**
 * Every PostgreSQL advisory lock key diagis takes, in one place, so that two features never
 * share a key by accident (`lockKeyCollisions`, checked by a unit test).
 *
 * PostgreSQL keeps two separate key spaces: one bigint (`pg_advisory_lock(key)`) and a pair
 * of integers (`pg_advisory_lock(class, key)`); a key of one never meets a key of the
 * other. Advisory locks live only as long as their session or transaction and are not
 * stored anywhere: a value may change between releases as long as every process of one
 * database uses the same one (rolling upgrades: old and new migration runners would not
 * exclude each other, so keep the values).
 */

/** A range of bigint keys, `first` to `first + size - 1`; one key has size 1. */
export interface LockKeyRange {
  first: bigint;
  size: bigint;
}

const one = (key: bigint): LockKeyRange => ({ first: key, size: 1n });

/** Bigint keys (`pg_advisory_lock(bigint)` and its _xact_ and _shared variants). */
export const lockKeys = {
  /**
   * Migration runners (server/db/migrate.ts): held for the session while migrating, so
   * server instances starting at once apply each file once.
   */
  migrations: one(7_201_894_001n),
  /** Demo loaders (demo/demo_province.ts): for the transaction that loads the demo. */
  demoLoad: one(7_201_894_094n),
  /**
   * Parcel imports (data-import/run_import.ts): one at a time, for the whole import
   * transaction, since two files naming the same parcel would otherwise race.
   */
  parcelImport: one(20_020_004n),
  /**
   * Parcel edits (server/parcels/editing/area_locks.ts): the whole map, exclusive for an
   * edit covering too many cells, shared by every other edit.
   */
  editWholeMap: one(0x4448n << 40n),
  /**
   * Parcel edits: one key per 200 m cell of EPSG:3857 an edit touches (`editCellLockKey`),
   * held to the end of the edit's transaction.
   */
  editCells: { first: 0x4447n << 40n, size: 1n << 40n },
} as const satisfies Record<string, LockKeyRange>;

/** Classes of the integer-pair keys (`pg_advisory_lock(class, key)`); `key` is a hash. */
export const lockClasses = {
  /** Sign-in attempts per username (server/auth/login_throttle.ts), for the reservation's transaction. */
  loginUsername: 1,
  /** Sign-in attempts per client address, taken after the username's. */
  loginAddress: 2,
} as const;

/** The key of grid cell (`cx`, `cy`) in `lockKeys.editCells`; each index below 2^20. */
export function editCellLockKey(cx: number, cy: number): bigint {
  return lockKeys.editCells.first | (BigInt(cx) << 20n) | BigInt(cy);
}

/** Every pair of named bigint ranges that overlap (or a range off bigint), and every class used twice; empty when none. */
export function lockKeyCollisions(
  keys: Record<string, LockKeyRange> = lockKeys,
  classes: Record<string, number> = lockClasses,
): string[] {
  const found: string[] = [];
  const ranges = Object.entries(keys);
  for (const [name, range] of ranges) {
    if (range.size < 1n || range.first < -(2n ** 63n) || range.first + range.size > 2n ** 63n) {
      found.push(`lock keys ${name} are not inside PostgreSQL's bigint`);
    }
  }
  for (const [i, [nameA, a]] of ranges.entries()) {
    for (const [nameB, b] of ranges.slice(i + 1)) {
      if (a.first < b.first + b.size && b.first < a.first + a.size) {
        found.push(`lock keys ${nameA} and ${nameB} overlap`);
      }
    }
  }
  const byClass = new Map<number, string>();
  for (const [name, value] of Object.entries(classes)) {
    const other = byClass.get(value);
    if (other) found.push(`lock classes ${other} and ${name} are both ${value}`);
    byClass.set(value, name);
  }
  return found;
}
