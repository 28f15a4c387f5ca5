import { can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';

/**
 * Which dossiers a user may see: every one, none, or those of one office (its current
 * dossiers, those it received, and, for a branch, those of the communes it serves).
 */
export type DossierScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'office'; officeId: number; communeIds: readonly number[] };

/**
 * The one decision about who may see a dossier. Admins and the provincial office see all;
 * a branch sees dossiers it holds or received, and those of the communes in its
 * jurisdiction (legacy communes included); another office sees only the dossiers it holds
 * (the tax office while it assesses one); anyone else, nothing.
 */
export function dossierScope(principal: Principal | undefined): DossierScope {
  if (!principal || !can(principal, 'dossier:read')) return { kind: 'none' };
  if (principal.role === 'admin' || principal.office?.kind === 'provincial_lro') {
    return { kind: 'all' };
  }
  if (!principal.office) return { kind: 'none' };
  const communeIds =
    principal.office.kind === 'branch' && principal.communeIds !== 'all'
      ? principal.communeIds
      : [];
  return { kind: 'office', officeId: principal.office.id, communeIds };
}

/** Where a dossier is, who received it and for which commune: what the scope looks at. */
export interface DossierPlace {
  currentOfficeId: number;
  receivingOfficeId: number;
  communeId: number | null;
}

/** True when `scope` covers the dossier at `place`. */
export function scopeCovers(scope: DossierScope, place: DossierPlace): boolean {
  if (scope.kind !== 'office') return scope.kind === 'all';
  return (
    place.currentOfficeId === scope.officeId ||
    place.receivingOfficeId === scope.officeId ||
    (place.communeId !== null && scope.communeIds.includes(place.communeId))
  );
}

/**
 * The same rule as `scopeCovers`, as SQL over the dossier alias `d`, reading three bind
 * parameters from `$first`: pass `scopeParams(scope)` at that position.
 */
export function scopeSql(first: number): string {
  const [all, office, communes] = [`$${first}`, `$${first + 1}`, `$${first + 2}`];
  return `(${all}::boolean OR d.current_office_id = ${office}::int OR d.receiving_office_id = ${office}::int OR d.commune_id = ANY(${communes}::int[]))`;
}

/** The bind parameters of `scopeSql`: [sees all, office id, commune ids]. */
export function scopeParams(scope: DossierScope): [boolean, number | null, number[]] {
  if (scope.kind === 'office') return [false, scope.officeId, [...scope.communeIds]];
  return [scope.kind === 'all', null, []];
}
