import { can } from '../auth/access_policy';
import { type CollectionDef, type PropertyDef, property } from './collection_def';

const queryable = { queryable: true } as const;
const staffOnly = { staffOnly: true } as const;
const area = { scale: 1 } as const;

const landUse = (seq: 1 | 2 | 3): PropertyDef[] => [
  property(
    `land_use_${seq}`,
    'string',
    `t.land_use_${seq}`,
    `Mục đích sử dụng ${seq} / Land use ${seq} (TT 08/2024)`,
    { queryable: seq === 1 },
  ),
  property(
    `land_use_area_${seq}`,
    'number',
    `t.land_use_area_${seq}`,
    `Diện tích mục đích ${seq} (m²) / Area of land use ${seq} (m²)`,
    area,
  ),
];

/** Current parcels: the public fields for everyone, certificate numbers and address for staff. */
export const parcels: CollectionDef = {
  id: 'parcels',
  title: 'Thửa đất',
  description:
    'Thửa đất địa chính hiện hành (không có thông tin chủ sử dụng). — ' +
    'Current cadastral parcels, without any holder information.',
  keywords: ['thửa đất', 'địa chính', 'cadastre', 'parcel'],
  // cadastre.public_parcel with its land uses as columns (migration 0013).
  publicFrom: 'cadastre.ogc_parcel t',
  staff: {
    from: 'cadastre.ogc_parcel t JOIN cadastre.parcel_version v ON v.id = t.version_id',
    allows: (principal) => can(principal, 'parcel:read'),
  },
  idSql: 't.parcel_id',
  geometry: { sql: 't.geom', index3857: 't.geom_3857', sridSql: 't.zone_srid' },
  properties: [
    property(
      'commune_code',
      'string',
      't.commune_code',
      'Mã xã khi đo đạc / Commune code',
      queryable,
    ),
    property('sheet_no', 'integer', 't.sheet_no', 'Số tờ bản đồ / Map sheet number', queryable),
    property('parcel_no', 'integer', 't.parcel_no', 'Số thửa / Parcel number', queryable),
    ...landUse(1),
    ...landUse(2),
    ...landUse(3),
    property(
      'computed_area',
      'number',
      't.computed_area',
      'Diện tích tính trên VN-2000 (m²) / Area computed in VN-2000 (m²)',
      area,
    ),
    property(
      'legal_area',
      'number',
      't.legal_area',
      'Diện tích pháp lý (m²) / Legal area (m²)',
      area,
    ),
    property(
      'cert_sheet_no',
      'integer',
      'v.cert_sheet_no',
      'Số tờ trên GCN / Sheet on certificate',
      staffOnly,
    ),
    property(
      'cert_parcel_no',
      'integer',
      'v.cert_parcel_no',
      'Số thửa trên GCN / Parcel on certificate',
      staffOnly,
    ),
    property(
      'old_sheet_no',
      'integer',
      'v.old_sheet_no',
      'Số tờ cũ / Former sheet number',
      staffOnly,
    ),
    property(
      'old_parcel_no',
      'integer',
      'v.old_parcel_no',
      'Số thửa cũ / Former parcel number',
      staffOnly,
    ),
    property('map_sheet_id', 'integer', 'v.map_sheet_id', 'Tờ bản đồ (map_sheets) / Map sheet id', {
      ...queryable,
      ...staffOnly,
    }),
    property(
      'land_address',
      'string',
      'v.land_address',
      'Địa chỉ thửa đất / Land address',
      staffOnly,
    ),
    property('version_no', 'integer', 'v.version_no', 'Phiên bản / Version number', staffOnly),
    property('valid_from', 'date-time', 'lower(v.valid)', 'Hiệu lực từ / Valid from', staffOnly),
  ],
};

/** Map sheet footprints, in the VN-2000 zone each sheet was surveyed in. */
export const mapSheets: CollectionDef = {
  id: 'map_sheets',
  title: 'Tờ bản đồ địa chính',
  description:
    'Khung các tờ bản đồ địa chính, theo xã khi đo đạc (kể cả xã cũ trước 2025). — ' +
    'Cadastral map sheet footprints, by the commune they were surveyed under (pre-2025 ones included).',
  keywords: ['tờ bản đồ', 'map sheet', 'cadastre'],
  publicFrom: 'cadastre.map_sheet t JOIN admin.unit u ON u.id = t.commune_id',
  idSql: 't.id',
  geometry: { sql: 't.footprint', index3857: 't.footprint_3857', sridSql: 't.zone_srid' },
  temporal: {
    range:
      "CASE WHEN t.survey_date IS NOT NULL THEN daterange(t.survey_date, t.survey_date, '[]') END",
    meaning: 'survey date',
  },
  properties: [
    property('commune_code', 'string', 'u.code', 'Mã xã / Commune code', queryable),
    property('commune_name', 'string', 'u.name', 'Tên xã / Commune name'),
    property('sheet_no', 'integer', 't.sheet_no', 'Số tờ / Sheet number', queryable),
    property('scale', 'integer', 't.scale', 'Tỷ lệ 1: / Scale 1:', queryable),
    property(
      'zone_epsg',
      'integer',
      't.zone_srid',
      'Múi chiếu VN-2000 (EPSG) / VN-2000 zone',
      queryable,
    ),
    property('survey_date', 'date', 't.survey_date', 'Ngày đo đạc / Survey date'),
    property('surveying_unit', 'string', 't.surveying_unit', 'Đơn vị đo đạc / Surveyed by'),
  ],
};
