// The units of the demo province as data: legacy (pre-2025) districts and communes of
// Sóc Trăng, where each sits in its district, and the post-reform communes of Cần Thơ they
// merged into.
//
// Names are real Sóc Trăng names. District codes follow the GSO list; the 5-digit commune
// codes are plausible but synthetic, and the post-reform communes (which legacy communes
// merged into which, their names and codes) are illustrative demo data, not the official
// arrangement.

export interface LegacyCommuneSpec {
  code: string;
  name: string;
  /** Relative number of parcels. */
  weight: number;
}

export interface DistrictSpec {
  code: string;
  name: string;
  kind: 'thành phố' | 'huyện';
  urban: boolean;
  /** Columns of legacy communes (codes), west to east; each column north to south. */
  columns: readonly (readonly string[])[];
}

export interface CurrentCommuneSpec {
  code: string;
  name: string;
  kind: 'phường' | 'xã';
  /** Legacy communes (codes) merged into this one; adjacent in one column. */
  members: readonly string[];
}

export const legacyCommunes: readonly LegacyCommuneSpec[] = [
  { code: '31501', name: 'Phường 1', weight: 1.2 },
  { code: '31504', name: 'Phường 2', weight: 1.1 },
  { code: '31507', name: 'Phường 3', weight: 1.1 },
  { code: '31510', name: 'Phường 4', weight: 1.0 },
  { code: '31513', name: 'Phường 5', weight: 0.9 },
  { code: '31516', name: 'Phường 6', weight: 1.0 },
  { code: '31519', name: 'Phường 7', weight: 0.9 },
  { code: '31522', name: 'Phường 8', weight: 1.0 },
  { code: '31525', name: 'Phường 9', weight: 0.9 },
  { code: '31528', name: 'Phường 10', weight: 0.8 },
  { code: '31567', name: 'Xã An Hiệp', weight: 1.1 },
  { code: '31570', name: 'Xã Phú Tâm', weight: 1.0 },
  { code: '31573', name: 'Xã Thiện Mỹ', weight: 0.9 },
  { code: '31576', name: 'Xã Hồ Đắc Kiện', weight: 1.0 },
  { code: '31684', name: 'Xã Châu Khánh', weight: 0.9 },
  { code: '31687', name: 'Xã Tân Hưng', weight: 1.0 },
  { code: '31717', name: 'Xã Đại Tâm', weight: 1.1 },
  { code: '31720', name: 'Xã Tham Đôn', weight: 1.0 },
  { code: '31723', name: 'Xã Thạnh Phú', weight: 1.0 },
  { code: '31726', name: 'Xã Ngọc Đông', weight: 0.9 },
  { code: '31729', name: 'Xã Hòa Tú 1', weight: 0.9 },
  { code: '31732', name: 'Xã Gia Hòa 1', weight: 1.0 },
];

/** West to east. */
export const districts: readonly DistrictSpec[] = [
  {
    code: '942',
    name: 'Huyện Châu Thành',
    kind: 'huyện',
    urban: false,
    columns: [
      ['31567', '31570'],
      ['31573', '31576'],
    ],
  },
  {
    code: '941',
    name: 'Thành phố Sóc Trăng',
    kind: 'thành phố',
    urban: true,
    columns: [
      ['31501', '31504', '31507', '31510', '31513'],
      ['31516', '31519', '31522', '31525', '31528'],
    ],
  },
  {
    code: '947',
    name: 'Huyện Mỹ Xuyên',
    kind: 'huyện',
    urban: false,
    columns: [
      ['31717', '31720', '31723'],
      ['31726', '31729', '31732'],
    ],
  },
  {
    code: '946',
    name: 'Huyện Long Phú',
    kind: 'huyện',
    urban: false,
    columns: [['31684', '31687']],
  },
];

/** Illustrative post-reform communes of Cần Thơ (codes synthetic). */
export const currentCommunes: readonly CurrentCommuneSpec[] = [
  { code: '31801', name: 'Phường Sóc Trăng', kind: 'phường', members: ['31501', '31504', '31507'] },
  { code: '31804', name: 'Phường Phú Lợi', kind: 'phường', members: ['31510', '31513'] },
  {
    code: '31807',
    name: 'Phường Mạc Đĩnh Chi',
    kind: 'phường',
    members: ['31516', '31519', '31522'],
  },
  { code: '31810', name: 'Phường Mỹ Xuyên', kind: 'phường', members: ['31525', '31528'] },
  { code: '31813', name: 'Xã An Hiệp', kind: 'xã', members: ['31567'] },
  { code: '31816', name: 'Xã Phú Tâm', kind: 'xã', members: ['31570'] },
  { code: '31819', name: 'Xã Hồ Đắc Kiện', kind: 'xã', members: ['31573', '31576'] },
  { code: '31822', name: 'Xã Long Phú', kind: 'xã', members: ['31684', '31687'] },
  { code: '31825', name: 'Xã Đại Tâm', kind: 'xã', members: ['31717', '31720'] },
  { code: '31828', name: 'Xã Thạnh Phú', kind: 'xã', members: ['31723'] },
  { code: '31831', name: 'Xã Hòa Tú', kind: 'xã', members: ['31726', '31729'] },
  { code: '31834', name: 'Xã Gia Hòa', kind: 'xã', members: ['31732'] },
];
