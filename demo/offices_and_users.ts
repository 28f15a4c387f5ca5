// Offices of the demo (department, land registration office and its branches, tax,
// commune People's Committees, commune public service centres), the communes each serves,
// and the demo user accounts.
import type pg from 'pg';
import type { AdminUnitIds } from './admin_units';

type OfficeKind =
  | 'provincial_lro'
  | 'branch'
  | 'tax'
  | 'commune_committee'
  | 'department'
  | 'public_service_centre';

interface OfficeSpec {
  code: string;
  name: string;
  nameEn: string;
  kind: OfficeKind;
  parent: string | null;
  address: string;
  phone: string;
  /** Current (post-reform) communes served, by code. */
  communes: readonly string[];
}

/** Branch jurisdictions partition the current communes of the demo. */
const offices: readonly OfficeSpec[] = [
  {
    code: 'SO-NNMT',
    name: 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ',
    nameEn: 'Can Tho Department of Agriculture and Environment',
    kind: 'department',
    parent: null,
    address: '18 Trần Hưng Đạo, phường Sóc Trăng, thành phố Cần Thơ',
    phone: '02993 822 111',
    communes: [],
  },
  {
    code: 'VPDK',
    name: 'Văn phòng Đăng ký đất đai thành phố Cần Thơ',
    nameEn: 'Can Tho Land Registration Office',
    kind: 'provincial_lro',
    parent: 'SO-NNMT',
    address: '20 Trần Hưng Đạo, phường Sóc Trăng, thành phố Cần Thơ',
    phone: '02993 822 222',
    communes: [],
  },
  {
    code: 'CN-SOCTRANG',
    name: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Sóc Trăng',
    nameEn: 'Land Registration Office, Soc Trang branch',
    kind: 'branch',
    parent: 'VPDK',
    address: '45 Lê Hồng Phong, phường Phú Lợi, thành phố Cần Thơ',
    phone: '02993 611 333',
    communes: ['31801', '31804', '31807', '31810'],
  },
  {
    code: 'CN-MYXUYEN',
    name: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Mỹ Xuyên',
    nameEn: 'Land Registration Office, My Xuyen branch',
    kind: 'branch',
    parent: 'VPDK',
    address: '12 Triệu Nương, xã Đại Tâm, thành phố Cần Thơ',
    phone: '02993 851 444',
    communes: ['31825', '31828', '31831', '31834'],
  },
  {
    code: 'CN-CHAUTHANH',
    name: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Châu Thành',
    nameEn: 'Land Registration Office, Chau Thanh branch',
    kind: 'branch',
    parent: 'VPDK',
    address: 'Quốc lộ 1A, xã An Hiệp, thành phố Cần Thơ',
    phone: '02993 622 555',
    communes: ['31813', '31816', '31819', '31822'],
  },
  {
    code: 'THUE',
    name: 'Thuế thành phố Cần Thơ',
    nameEn: 'Can Tho Tax Office',
    kind: 'tax',
    parent: null,
    address: '2 Nguyễn Văn Linh, phường Sóc Trăng, thành phố Cần Thơ',
    phone: '02993 821 666',
    communes: [],
  },
  {
    code: 'UBND-P-SOCTRANG',
    name: 'Ủy ban nhân dân phường Sóc Trăng',
    nameEn: 'Soc Trang Ward People’s Committee',
    kind: 'commune_committee',
    parent: null,
    address: '6 Hai Bà Trưng, phường Sóc Trăng, thành phố Cần Thơ',
    phone: '02993 822 777',
    communes: ['31801'],
  },
  {
    code: 'UBND-X-DAITAM',
    name: 'Ủy ban nhân dân xã Đại Tâm',
    nameEn: 'Dai Tam Commune People’s Committee',
    kind: 'commune_committee',
    parent: null,
    address: 'Ấp Đại Nghĩa Thắng, xã Đại Tâm, thành phố Cần Thơ',
    phone: '02993 851 888',
    communes: ['31825'],
  },
  // Receiving points only (Decree 151/2025/NĐ-CP art. 18(1)): they take a dossier for any
  // commune of the province and forward it to the office that processes it.
  {
    code: 'TTPVHCC-P-SOCTRANG',
    name: 'Trung tâm Phục vụ hành chính công phường Sóc Trăng',
    nameEn: 'Soc Trang Ward Public Administration Service Centre',
    kind: 'public_service_centre',
    parent: null,
    address: '6 Hai Bà Trưng, phường Sóc Trăng, thành phố Cần Thơ',
    phone: '02993 822 999',
    communes: ['31801'],
  },
  {
    code: 'TTPVHCC-X-DAITAM',
    name: 'Trung tâm Phục vụ hành chính công xã Đại Tâm',
    nameEn: 'Dai Tam Commune Public Administration Service Centre',
    kind: 'public_service_centre',
    parent: null,
    address: 'Ấp Đại Nghĩa Thắng, xã Đại Tâm, thành phố Cần Thơ',
    phone: '02993 851 999',
    communes: ['31825'],
  },
];

/** The demo accounts, in this order. */
export const demoUsernames: readonly string[] = [
  'admin',
  'surveyor1',
  'officer.province',
  'officer.branch1',
  'officer.branch2',
  'viewer1',
];

const users: readonly {
  username: string;
  displayName: string;
  role: string;
  office: string | null;
}[] = [
  { username: 'admin', displayName: 'Nguyễn Minh Quân', role: 'admin', office: 'SO-NNMT' },
  { username: 'surveyor1', displayName: 'Trần Văn Hậu', role: 'surveyor', office: 'VPDK' },
  { username: 'officer.province', displayName: 'Lê Thị Ngọc Hân', role: 'officer', office: 'VPDK' },
  {
    username: 'officer.branch1',
    displayName: 'Thạch Sô Phal',
    role: 'officer',
    office: 'CN-SOCTRANG',
  },
  {
    username: 'officer.branch2',
    displayName: 'Phạm Thị Thu Trang',
    role: 'officer',
    office: 'CN-MYXUYEN',
  },
  { username: 'viewer1', displayName: 'Huỳnh Văn Tài', role: 'viewer', office: null },
];

export interface OfficeIds {
  /** Office ids by code. */
  offices: ReadonlyMap<string, number>;
  /** Current commune codes each office serves, by office code. */
  jurisdictions: ReadonlyMap<string, readonly string[]>;
  /** User ids by username. */
  users: ReadonlyMap<string, number>;
  /** The office of each user, by username. */
  userOffices: ReadonlyMap<string, string | null>;
}

/** Inserts the offices with their jurisdictions and the demo users (all `is_demo`). */
export async function loadOfficesAndUsers(
  client: pg.ClientBase,
  units: AdminUnitIds,
  passwordHashes: ReadonlyMap<string, string>,
): Promise<OfficeIds> {
  const officeIds = new Map<string, number>();
  for (const office of offices) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO org.office (code, name, name_en, kind, parent_id, province_id, address, phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        office.code,
        office.name,
        office.nameEn,
        office.kind,
        office.parent === null ? null : officeIds.get(office.parent),
        units.currentProvinceId,
        office.address,
        office.phone,
      ],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`office ${office.code} was not stored`);
    officeIds.set(office.code, id);
    for (const code of office.communes) {
      const unitId = units.currentCommuneIds.get(code);
      if (unitId === undefined)
        throw new Error(`office ${office.code} serves unknown commune ${code}`);
      await client.query(
        'INSERT INTO org.office_jurisdiction (office_id, unit_id) VALUES ($1, $2)',
        [id, unitId],
      );
    }
  }
  const userIds = new Map<string, number>();
  for (const user of users) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO auth.app_user (username, display_name, email, password_hash, role, office_id, is_demo)
       VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id`,
      [
        user.username,
        user.displayName,
        `${user.username}@demo.diagis.invalid`,
        passwordHashes.get(user.username),
        user.role,
        user.office === null ? null : officeIds.get(user.office),
      ],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`user ${user.username} was not stored`);
    userIds.set(user.username, id);
  }
  return {
    offices: officeIds,
    jurisdictions: new Map(offices.map((o) => [o.code, o.communes])),
    users: userIds,
    userOffices: new Map(users.map((u) => [u.username, u.office])),
  };
}
