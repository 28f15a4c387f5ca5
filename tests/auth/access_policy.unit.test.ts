import { describe, expect, it } from 'vitest';
import { can, communeScope, coversCommune } from '../../server/auth/access_policy';
import type { Principal } from '../../server/auth/principal';

const person = (role: Principal['role'], communeIds: Principal['communeIds']): Principal => ({
  userId: 1,
  username: 'x',
  displayName: 'X',
  role,
  office: null,
  communeIds,
});

describe('access policy', () => {
  it('lets surveyors edit parcels and officers act on dossiers, not the other way round', () => {
    expect(can(person('surveyor', 'all'), 'parcel:edit')).toBe(true);
    expect(can(person('surveyor', 'all'), 'dossier:act')).toBe(false);
    expect(can(person('officer', 'all'), 'dossier:act')).toBe(true);
    expect(can(person('officer', 'all'), 'parcel:edit')).toBe(false);
  });

  it('keeps holders away from viewers and anonymous visitors', () => {
    expect(can(person('viewer', 'all'), 'parcel:read_holders')).toBe(false);
    expect(can(undefined, 'parcel:read_holders')).toBe(false);
    expect(can(undefined, 'map:view')).toBe(true);
    expect(can(person('admin', 'all'), 'users:manage')).toBe(true);
  });

  it('limits a branch officer to the communes of the branch', () => {
    const branch = person('officer', [11, 12]);
    expect(communeScope(branch)).toEqual([11, 12]);
    expect(coversCommune(branch, 11)).toBe(true);
    expect(coversCommune(branch, 99)).toBe(false);
    expect(communeScope(person('officer', 'all'))).toBeNull();
    expect(communeScope(undefined)).toEqual([]);
  });
});
