import type { Principal } from '../auth/principal';

/** JSON types of feature properties; `date` is YYYY-MM-DD, `date-time` RFC 3339 in UTC. */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time';

/** One feature property. Every SQL fragment here is static text, never request input. */
export interface PropertyDef {
  name: string;
  type: PropertyType;
  /** Expression over the collection's FROM clause (alias `t`). */
  sql: string;
  /** Short bilingual label, Vietnamese first. */
  title: string;
  /** Decimal places of a `number` (areas are legal quantities to 0.1 m²). */
  scale?: number;
  /** May be used as an equality filter (`?name=value`). */
  queryable?: boolean;
  /** Shown only to signed-in staff the collection's `staff.allows` accepts. */
  staffOnly?: boolean;
}

/** Shorthand for a property definition: name, JSON type, SQL, title, then flags. */
export const property = (
  name: string,
  type: PropertyType,
  sql: string,
  title: string,
  flags: Pick<PropertyDef, 'queryable' | 'staffOnly' | 'scale'> = {},
): PropertyDef => ({ name, type, sql, title, ...flags });

/** A feature collection of the OGC API, described as data. */
export interface CollectionDef {
  id: string;
  title: string;
  /** Vietnamese, then English. */
  description: string;
  keywords: readonly string[];
  /** FROM clause read by anonymous users, as the `diagis_public` role. */
  publicFrom: string;
  /** A richer FROM clause for signed-in users that `allows` accepts. */
  staff?: { from: string; allows: (principal: Principal) => boolean };
  /** The feature id: a positive integer column. */
  idSql: string;
  geometry: {
    /** The native geometry, transformed directly into the requested CRS. */
    sql: string;
    /** The same geometry in EPSG:3857, GiST-indexed: used for bbox filters and extents. */
    index3857: string;
    /** Column holding each row's SRID when rows may differ (VN-2000 zones); null = 4326. */
    sridSql: string | null;
  };
  /** A daterange expression (validity, survey day) that `datetime` filters on. */
  temporal?: { range: string; meaning: string };
  properties: readonly PropertyDef[];
}

/** Who a collection is read for: anonymous users (and staff without access) or staff. */
export type Audience = 'public' | 'staff';

/** A collection as one audience sees it: where to read and which properties exist. */
export interface CollectionView {
  def: CollectionDef;
  audience: Audience;
  from: string;
  properties: readonly PropertyDef[];
}

/**
 * What `principal` (undefined = anonymous) sees of `def`: staff see the staff source and
 * staff-only properties when the collection allows them; everyone else the public source.
 */
export function viewFor(def: CollectionDef, principal: Principal | undefined): CollectionView {
  const staff = principal !== undefined && def.staff?.allows(principal) === true;
  return {
    def,
    audience: staff ? 'staff' : 'public',
    from: staff && def.staff ? def.staff.from : def.publicFrom,
    properties: def.properties.filter((property) => staff || !property.staffOnly),
  };
}

/** The view's properties that may be used as equality filters. */
export const queryablesOf = (view: CollectionView): readonly PropertyDef[] =>
  view.properties.filter((property) => property.queryable);
