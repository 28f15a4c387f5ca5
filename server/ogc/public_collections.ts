import type { Role } from '../../core/auth/roles';
import { type CollectionDef, property } from './collection_def';

const queryable = { queryable: true } as const;
const staffQueryable = { staffOnly: true, queryable: true } as const;

// Plans in preparation are internal working documents: only staff who prepare or apply
// them see undisclosed zones; everyone else reads planning.disclosed_zone.
const planStaffRoles: readonly Role[] = ['admin', 'surveyor', 'officer'];

const planZoneColumns =
  'z.id, z.plan_id, p.name AS plan_name, p.decision_no, p.decision_date, p.status AS plan_status, ' +
  'z.planned_use_code, z.name, z.commune_id, z.zone_srid, z.geom, z.geom_3857, z.area, ' +
  'z.disclosed, z.published_at';

/** Land-use plan zones: disclosed zones of published plans, every zone for planning staff. */
export const planZones: CollectionDef = {
  id: 'plan_zones',
  title: 'Quy hoạch sử dụng đất',
  description:
    'Các khu quy hoạch sử dụng đất đã công bố. — Disclosed land-use plan zones of published plans.',
  keywords: ['quy hoạch', 'land-use plan', 'zoning'],
  publicFrom: 'planning.disclosed_zone t LEFT JOIN admin.unit u ON u.id = t.commune_id',
  staff: {
    from:
      `(SELECT ${planZoneColumns} FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id) t ` +
      'LEFT JOIN admin.unit u ON u.id = t.commune_id',
    allows: (principal) => planStaffRoles.includes(principal.role),
  },
  idSql: 't.id',
  geometry: { sql: 't.geom', index3857: 't.geom_3857', sridSql: 't.zone_srid' },
  properties: [
    property('plan_id', 'integer', 't.plan_id', 'Mã quy hoạch / Plan id', queryable),
    property('plan_name', 'string', 't.plan_name', 'Tên quy hoạch / Plan name'),
    property('decision_no', 'string', 't.decision_no', 'Số quyết định / Decision number'),
    property('decision_date', 'date', 't.decision_date', 'Ngày quyết định / Decision date'),
    property(
      'planned_use_code',
      'string',
      't.planned_use_code',
      'Mục đích quy hoạch / Planned use',
      queryable,
    ),
    property('name', 'string', 't.name', 'Tên khu / Zone name'),
    property('commune_code', 'string', 'u.code', 'Mã xã / Commune code', queryable),
    property('area', 'number', 't.area', 'Diện tích (m²) / Area (m²)', { scale: 1 }),
    property('published_at', 'date-time', 't.published_at', 'Công bố lúc / Published at'),
    property(
      'plan_status',
      'string',
      't.plan_status',
      'Trạng thái quy hoạch / Plan status',
      staffQueryable,
    ),
    property('disclosed', 'boolean', 't.disclosed', 'Đã công khai / Disclosed', staffQueryable),
  ],
};

/** Environmental monitoring stations (the public view, without API key hashes). */
export const stations: CollectionDef = {
  id: 'stations',
  title: 'Trạm quan trắc môi trường',
  description:
    'Trạm quan trắc nước mặt và không khí. — Surface-water and air quality monitoring stations.',
  keywords: ['quan trắc', 'monitoring', 'QCVN 08:2023', 'QCVN 05:2023'],
  publicFrom: 'monitoring.public_station t LEFT JOIN admin.unit u ON u.id = t.commune_id',
  idSql: 't.id',
  geometry: { sql: 't.geom', index3857: 't.geom_3857', sridSql: null },
  temporal: {
    range: 'CASE WHEN t.installed_on IS NOT NULL THEN daterange(t.installed_on, NULL) END',
    meaning: 'in operation since the installation date',
  },
  properties: [
    property('code', 'string', 't.code', 'Mã trạm / Station code', queryable),
    property('name', 'string', 't.name', 'Tên trạm / Station name'),
    property('medium', 'string', 't.medium', 'Môi trường (water/air) / Medium', queryable),
    property('commune_code', 'string', 'u.code', 'Mã xã / Commune code', queryable),
    property('water_body', 'string', 't.water_body', 'Sông, kênh / Water body'),
    property('standard_code', 'string', 't.standard_code', 'Quy chuẩn / Standard'),
    property('target_class', 'string', 't.target_class', 'Mức mục tiêu / Target class'),
    property('operator', 'string', 't.operator', 'Đơn vị vận hành / Operator'),
    property('installed_on', 'date', 't.installed_on', 'Ngày lắp đặt / Installed on'),
    property('active', 'boolean', 't.active', 'Đang hoạt động / Active', queryable),
  ],
};

/** Administrative units, current and legacy, with their validity (the 2025 reform). */
export const adminUnits: CollectionDef = {
  id: 'admin_units',
  title: 'Đơn vị hành chính',
  description:
    'Tỉnh, huyện, xã hiện hành và trước sắp xếp 01/7/2025, với thời gian hiệu lực. — ' +
    'Provinces, districts and communes, current and before the 1 July 2025 reform, with validity.',
  keywords: ['đơn vị hành chính', 'administrative units', 'commune'],
  publicFrom: 'admin.unit t LEFT JOIN admin.unit p ON p.id = t.parent_id',
  idSql: 't.id',
  geometry: { sql: 't.geom', index3857: 't.geom_3857', sridSql: null },
  temporal: { range: 't.valid', meaning: 'legal validity (end date exclusive)' },
  properties: [
    property('code', 'string', 't.code', 'Mã đơn vị / Unit code', queryable),
    property('level', 'string', 't.level', 'Cấp / Level', queryable),
    property('kind', 'string', 't.kind', 'Loại / Kind', queryable),
    property('name', 'string', 't.name', 'Tên / Name'),
    property('name_en', 'string', 't.name_en', 'Tên tiếng Anh / English name'),
    property('parent_code', 'string', 'p.code', 'Mã cấp trên / Parent code', queryable),
    property('valid_from', 'date', 'lower(t.valid)', 'Hiệu lực từ / Valid from'),
    property('valid_to', 'date', 'upper(t.valid)', 'Hết hiệu lực từ / Valid until (exclusive)'),
    property(
      'current',
      'boolean',
      't.valid @> current_date',
      'Đang hiệu lực / Currently valid',
      queryable,
    ),
    property('legal_basis', 'string', 't.legal_basis', 'Căn cứ pháp lý / Legal basis'),
  ],
};
