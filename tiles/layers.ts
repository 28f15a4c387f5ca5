import { readFileSync } from 'node:fs';

/** Who a tile is rendered for: anonymous visitors, or signed-in staff with `parcel:read`. */
export type Audience = 'public' | 'staff';

/** One attribute of a layer's features, for TileJSON `vector_layers`. */
export interface LayerField {
  name: string;
  type: 'Number' | 'String' | 'Boolean';
  description: string;
}

/** What one audience gets from a layer: the SQL that renders a tile and the fields it carries. */
export interface LayerVariant {
  /** Parameters: $1 z, $2 x, $3 y, $4 extent, $5 buffer. Returns one bytea (the MVT). */
  sql: string;
  fields: readonly LayerField[];
}

/** A vector-tile layer, described as data. */
export interface TileLayer {
  id: LayerId;
  title: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  geometryType: 'Polygon' | 'Point';
  /** Anonymous requests: run as the read-only `diagis_public` role. */
  public: LayerVariant;
  /** Staff requests; when absent, staff get the public tile (and share its cache entry). */
  staff?: LayerVariant;
  /** Where TileJSON `bounds` come from (identifiers, quoted when used). */
  bounds: { schema: string; table: string; column: string };
  /** Dirty communes of the land-use overview must be refreshed before rendering. */
  needsOverviewRefresh?: boolean;
  /** Further MVT layers the same tile carries (e.g. label points), for TileJSON. */
  companions?: readonly { id: string; description: string; fields: readonly LayerField[] }[];
}

/** The ids of the layers diagis serves, in drawing order. */
export const layerIds = [
  'landuse',
  'parcels',
  'map_sheets',
  'plan_zones',
  'stations',
  'admin_units',
] as const;
export type LayerId = (typeof layerIds)[number];

/** MVT extent: units per tile side, as every layer's SQL uses it. */
export const tileExtent = 4096;
/** Buffer around each tile, in the same units (features this close to the edge are included). */
export const tileBuffer = 64;

const sql = (name: string) =>
  readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8').replace(/;\s*$/, '');

const field = (name: string, type: LayerField['type'], description: string): LayerField => ({
  name,
  type,
  description,
});

const planFields = [
  field('planned_use_code', 'String', 'planned land-use code (Circular 08/2024)'),
  field('name', 'String', 'zone name'),
  field('plan_name', 'String', 'plan the zone belongs to'),
  field('decision_no', 'String', 'approval decision number'),
];

/** Every layer diagis serves, lowest first in drawing order. */
export const tileLayers: readonly TileLayer[] = [
  {
    id: 'landuse',
    title: 'Land use (overview)',
    description: 'Land use dissolved per commune and main use, for zooms below the parcels',
    minzoom: 11,
    maxzoom: 14,
    geometryType: 'Polygon',
    public: {
      sql: sql('landuse'),
      fields: [
        field('code', 'String', 'main land-use code (Circular 08/2024)'),
        field('commune_code', 'String', 'commune code'),
        field('parcels', 'Number', 'number of parcels dissolved'),
        field('area_ha', 'Number', 'area in hectares (VN-2000 plane)'),
      ],
    },
    bounds: { schema: 'tiles', table: 'landuse_overview', column: 'geom_3857' },
    needsOverviewRefresh: true,
  },
  {
    id: 'parcels',
    title: 'Cadastral parcels',
    description: 'Current parcels; feature id = parcel id. Never carries holders.',
    minzoom: 15,
    maxzoom: 22,
    geometryType: 'Polygon',
    public: {
      sql: sql('parcels'),
      fields: [
        field('commune_code', 'String', 'code of the commune the parcel was surveyed under'),
        field('sheet_no', 'Number', 'map sheet number (tờ)'),
        field('parcel_no', 'Number', 'parcel number (thửa)'),
        field('main_use', 'String', 'land-use code with the largest area'),
        field('uses', 'String', 'all land-use codes, comma-separated'),
        field('legal_area', 'Number', 'area on the certificate, m²'),
        field('computed_area', 'Number', 'area computed in VN-2000, m²'),
      ],
    },
    companions: [
      {
        id: 'parcel_labels',
        description: 'One label point per parcel, only in the tile that contains it.',
        fields: [
          field('sheet_no', 'Number', 'map sheet number (tờ)'),
          field('parcel_no', 'Number', 'parcel number (thửa)'),
        ],
      },
    ],
    bounds: { schema: 'tiles', table: 'landuse_overview', column: 'geom_3857' },
  },
  {
    id: 'map_sheets',
    title: 'Map sheets',
    description: 'Cadastral map sheet footprints (tờ bản đồ)',
    minzoom: 12,
    maxzoom: 22,
    geometryType: 'Polygon',
    public: {
      sql: sql('map_sheets'),
      fields: [
        field('commune_code', 'String', 'commune the sheet was surveyed under'),
        field('sheet_no', 'Number', 'sheet number'),
        field('scale', 'Number', 'scale denominator'),
      ],
    },
    bounds: { schema: 'cadastre', table: 'map_sheet', column: 'footprint_3857' },
  },
  {
    id: 'plan_zones',
    title: 'Land-use plan zones',
    description: 'Zones of land-use plans; the public sees disclosed zones of published plans only',
    minzoom: 10,
    maxzoom: 22,
    geometryType: 'Polygon',
    public: { sql: sql('plan_zones_public'), fields: planFields },
    staff: {
      sql: sql('plan_zones_staff'),
      fields: [
        ...planFields,
        field('plan_status', 'String', 'draft or published'),
        field('disclosed', 'Boolean', 'whether the zone is disclosed to the public'),
      ],
    },
    bounds: { schema: 'planning', table: 'disclosed_zone', column: 'geom_3857' },
  },
  {
    id: 'stations',
    title: 'Monitoring stations',
    description: 'Environmental monitoring stations',
    minzoom: 8,
    maxzoom: 22,
    geometryType: 'Point',
    public: {
      sql: sql('stations'),
      fields: [
        field('code', 'String', 'station code'),
        field('name', 'String', 'station name'),
        field('medium', 'String', 'water or air'),
        field('water_body', 'String', 'river or canal monitored'),
        field('target_class', 'String', 'class of the standard the water must meet'),
        field('active', 'Boolean', 'whether the station reports'),
      ],
    },
    bounds: { schema: 'monitoring', table: 'public_station', column: 'geom_3857' },
  },
  {
    id: 'admin_units',
    title: 'Administrative units',
    description: 'Province and commune boundaries in force today',
    minzoom: 0,
    maxzoom: 22,
    geometryType: 'Polygon',
    public: {
      sql: sql('admin_units'),
      fields: [
        field('code', 'String', 'unit code'),
        field('name', 'String', 'unit name'),
        field('level', 'String', 'province or commune'),
        field('kind', 'String', 'tỉnh, thành phố, xã, phường, ...'),
      ],
    },
    bounds: { schema: 'admin', table: 'unit', column: 'geom_3857' },
  },
];

/** The layer named `id`, or undefined for a name diagis does not serve. */
export function findLayer(id: string): TileLayer | undefined {
  return tileLayers.find((layer) => layer.id === id);
}

/**
 * The variant `audience` gets, and the audience whose cache entry it shares: staff get
 * the public tile of layers without a staff variant.
 */
export function variantFor(
  layer: TileLayer,
  audience: Audience,
): { audience: Audience; variant: LayerVariant } {
  if (audience === 'staff' && layer.staff) return { audience: 'staff', variant: layer.staff };
  return { audience: 'public', variant: layer.public };
}
