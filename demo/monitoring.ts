// Environmental monitoring of the demo: 12 surface-water and 8 ambient-air stations inside
// the demo area, with one year (2025) of observations. Station names use real Sóc Trăng
// water bodies and places; positions and values are made up.
import type pg from 'pg';
import { copyLine, copyRows } from '../core/db/copy_rows';
import type { AdminUnitIds } from './admin_units';
import { nativeSrid } from './map_sheets';
import { type AirProfile, airDays, waterSamples } from './observation_values';
import type { ProvincePlan } from './province_layout';
import { rngFor } from './random';

interface WaterStation {
  code: string;
  name: string;
  waterBody: string;
  /** Legacy commune (code) the station lies in. */
  commune: string;
  targetClass: 'B' | 'C';
  pollution: number;
}

interface AirStation {
  code: string;
  name: string;
  commune: string;
  profile: AirProfile;
}

const waterStations: readonly WaterStation[] = [
  {
    code: 'NM-01',
    name: 'Sông Hậu - Đại Ngãi',
    waterBody: 'Sông Hậu',
    commune: '31687',
    targetClass: 'B',
    pollution: 0.7,
  },
  {
    code: 'NM-02',
    name: 'Kênh Maspero - cầu Phú Lợi',
    waterBody: 'Kênh Maspero',
    commune: '31510',
    targetClass: 'C',
    pollution: 1.6,
  },
  {
    code: 'NM-03',
    name: 'Kênh Maspero - cầu Trà Men',
    waterBody: 'Kênh Maspero',
    commune: '31501',
    targetClass: 'C',
    pollution: 1.5,
  },
  {
    code: 'NM-04',
    name: 'Sông Saintard - Đại Tâm',
    waterBody: 'Sông Saintard',
    commune: '31717',
    targetClass: 'B',
    pollution: 1.0,
  },
  {
    code: 'NM-05',
    name: 'Kênh Phú Hữu - Phú Tâm',
    waterBody: 'Kênh Phú Hữu',
    commune: '31570',
    targetClass: 'B',
    pollution: 1.0,
  },
  {
    code: 'NM-06',
    name: 'Kênh Xáng - An Hiệp',
    waterBody: 'Kênh Xáng Sóc Trăng',
    commune: '31567',
    targetClass: 'B',
    pollution: 1.2,
  },
  {
    code: 'NM-07',
    name: 'Rạch Nhu Gia - Thạnh Phú',
    waterBody: 'Rạch Nhu Gia',
    commune: '31723',
    targetClass: 'B',
    pollution: 0.9,
  },
  {
    code: 'NM-08',
    name: 'Kênh Thị Đội - Tham Đôn',
    waterBody: 'Kênh Thị Đội',
    commune: '31720',
    targetClass: 'B',
    pollution: 1.0,
  },
  {
    code: 'NM-09',
    name: 'Kênh Cô Bắc - Hòa Tú',
    waterBody: 'Kênh Cô Bắc',
    commune: '31729',
    targetClass: 'C',
    pollution: 1.1,
  },
  {
    code: 'NM-10',
    name: 'Kênh Tiếp Nhựt - Châu Khánh',
    waterBody: 'Kênh Tiếp Nhựt',
    commune: '31684',
    targetClass: 'B',
    pollution: 0.9,
  },
  {
    code: 'NM-11',
    name: 'Kênh 30/4 - Phường 5',
    waterBody: 'Kênh 30/4',
    commune: '31513',
    targetClass: 'C',
    pollution: 1.5,
  },
  {
    code: 'NM-12',
    name: 'Sông Saintard - Gia Hòa',
    waterBody: 'Sông Saintard',
    commune: '31732',
    targetClass: 'B',
    pollution: 0.9,
  },
];

const airStations: readonly AirStation[] = [
  { code: 'KK-01', name: 'Khu công nghiệp An Hiệp', commune: '31567', profile: 'industrial' },
  {
    code: 'KK-02',
    name: 'Ngã tư Trần Hưng Đạo - Lê Hồng Phong',
    commune: '31501',
    profile: 'traffic',
  },
  { code: 'KK-03', name: 'Bến xe Sóc Trăng', commune: '31516', profile: 'traffic' },
  { code: 'KK-04', name: 'Chợ Sóc Trăng', commune: '31504', profile: 'traffic' },
  { code: 'KK-05', name: 'Khu dân cư Phường 4', commune: '31510', profile: 'background' },
  { code: 'KK-06', name: 'Trung tâm xã Đại Tâm', commune: '31717', profile: 'background' },
  { code: 'KK-07', name: 'Quốc lộ 1A - Phú Tâm', commune: '31570', profile: 'traffic' },
  { code: 'KK-08', name: 'Khu dân cư Tân Hưng', commune: '31687', profile: 'background' },
];

const operator = 'Trung tâm Quan trắc Tài nguyên và Môi trường';
const observationColumns = [
  'station_id',
  'parameter_code',
  'observed_at',
  'averaging',
  'value',
  'qualifier',
  'source',
];

export interface MonitoringSummary {
  stations: number;
  observations: number;
}

/** Inserts the stations and COPYs their 2025 observations. */
export async function loadMonitoring(
  client: pg.ClientBase,
  plan: ProvincePlan,
  units: AdminUnitIds,
  seed: number,
): Promise<MonitoringSummary> {
  const rng = rngFor(seed, 'stations');
  const insertStation = async (
    station: { code: string; name: string; commune: string },
    medium: 'water' | 'air',
    waterBody: string | null,
    targetClass: string | null,
  ): Promise<number> => {
    const legacy = plan.legacyCommunes.find((c) => c.code === station.commune);
    const current = plan.currentCommunes.find((c) =>
      c.members.some((m) => m.code === station.commune),
    );
    if (!legacy || !current)
      throw new Error(`station ${station.code} lies in unknown commune ${station.commune}`);
    const { rect } = legacy;
    const x = Math.round(rect.x0 + (rect.x1 - rect.x0) * rng.float(0.2, 0.8));
    const y = Math.round(rect.y0 + (rect.y1 - rect.y0) * rng.float(0.2, 0.8));
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO monitoring.station (code, name, medium, commune_id, water_body, standard_code, target_class,
                                       geom, operator, installed_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ST_Transform(ST_SetSRID(ST_MakePoint($8, $9), $10), 4326), $11, $12)
       RETURNING id`,
      [
        station.code,
        station.name,
        medium,
        units.currentCommuneIds.get(current.code),
        waterBody,
        medium === 'water' ? 'QCVN 08:2023/BTNMT' : 'QCVN 05:2023/BTNMT',
        targetClass,
        x,
        y,
        nativeSrid,
        operator,
        `${rng.int(2014, 2020)}-${String(rng.int(1, 12)).padStart(2, '0')}-15`,
      ],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`station ${station.code} was not stored`);
    return id;
  };

  const lines: string[] = [];
  const queue = (stationId: number, observations: ReturnType<typeof airDays>) => {
    for (const o of observations) {
      lines.push(
        copyLine([stationId, o.parameter, o.observedAt, o.averaging, o.value, o.qualifier, 'demo']),
      );
    }
  };
  for (const station of waterStations) {
    const id = await insertStation(station, 'water', station.waterBody, station.targetClass);
    const acidSoils = station.pollution < 1.3 && station.code !== 'NM-01';
    queue(id, waterSamples(rngFor(seed, 'water', station.code), station.pollution, acidSoils));
  }
  for (const station of airStations) {
    const id = await insertStation(station, 'air', null, null);
    queue(id, airDays(rngFor(seed, 'air', station.code), station.profile));
  }
  const observations = await copyRows(client, 'monitoring.observation', observationColumns, lines);
  return { stations: waterStations.length + airStations.length, observations };
}
