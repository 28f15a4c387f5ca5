import type { Role } from '../../core/auth/roles';
import type { Principal } from './principal';

/**
 * Everything a user can be allowed to do. Routes ask `can(principal, action)` and filter
 * rows with `communeScope(principal)`; no route decides access on its own.
 */
export const actions = [
  'map:view',
  'parcel:read',
  'parcel:read_holders',
  'parcel:edit',
  'import:run',
  'dossier:read',
  'dossier:act',
  'plan:publish',
  'monitoring:write',
  'environment:write',
  'users:manage',
  'audit:read',
] as const;
export type Action = (typeof actions)[number];

const grants: Record<Role, readonly Action[]> = {
  admin: actions,
  surveyor: [
    'map:view',
    'parcel:read',
    'parcel:read_holders',
    'parcel:edit',
    'import:run',
    'dossier:read',
  ],
  officer: ['map:view', 'parcel:read', 'parcel:read_holders', 'dossier:read', 'dossier:act'],
  viewer: ['map:view', 'parcel:read'],
};

/** Anonymous visitors may only view the public map. */
const anonymousGrants: readonly Action[] = ['map:view'];

/** True when `principal` (undefined = anonymous) may perform `action` at all. */
export function can(principal: Principal | undefined, action: Action): boolean {
  return (principal ? grants[principal.role] : anonymousGrants).includes(action);
}

/**
 * The communes whose records `principal` may see, for SQL filters such as
 * `($1::int[] IS NULL OR commune_id = ANY($1))`: null means every commune.
 * Anonymous users get an empty list (no restricted records at all).
 */
export function communeScope(principal: Principal | undefined): number[] | null {
  if (!principal) return [];
  return principal.communeIds === 'all' ? null : principal.communeIds;
}

/** True when `principal` may see records of the commune `communeId`. */
export function coversCommune(principal: Principal | undefined, communeId: number): boolean {
  const scope = communeScope(principal);
  return scope === null || scope.includes(communeId);
}
