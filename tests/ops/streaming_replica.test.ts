import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalAreaInTile, tileOf } from '../../scripts/lib/load/load_verify';
import { prepareDatabase } from '../../scripts/lib/prepare_database';
import {
  type ClusterHandle,
  createStreamingReplica,
  stopCluster,
} from '../../scripts/lib/private_cluster';
import { type ServerProcess, startServerProcess } from '../../scripts/lib/server_process';
import { loadConfig } from '../../server/config';
import { freePort, type ThrowawayCluster, throwawayCluster } from '../support/throwaway_cluster';

// A primary with a small demo province, a real streaming replica made with pg_basebackup,
// and the server as its own process with DATABASE_REPLICA_URL: public reads must come from
// the replica, and an edit on the primary must show in public tiles once replayed, never
// be hidden by a tile cached from a replica that was behind.
const root = new URL('../..', import.meta.url).pathname;
let own: ThrowawayCluster;
let primary: ClusterHandle;
let replica: ClusterHandle;
let server: ServerProcess;
let primaryDb: pg.Client;
let replicaDb: pg.Client;

beforeAll(async () => {
  own = await throwawayCluster('replica');
  primary = own.cluster;
  const admin = new pg.Client(primary.adminUrl);
  await admin.connect();
  await admin.query('CREATE DATABASE diagis_replicated');
  await admin.end();
  const { config } = loadConfig({});
  await prepareDatabase(
    primary.urlFor('diagis_replicated'),
    { ...config, demo: { ...config.demo, enabled: true, parcels: 300 } },
    () => {},
  );
  replica = createStreamingReplica(primary, join(own.stateDir, 'replica'), await freePort());
  primaryDb = new pg.Client(primary.urlFor('diagis_replicated'));
  replicaDb = new pg.Client(replica.urlFor('diagis_replicated'));
  await Promise.all([primaryDb.connect(), replicaDb.connect()]);
  server = await startServerProcess({
    root,
    env: {
      DATABASE_URL: primary.urlFor('diagis_replicated'),
      DATABASE_REPLICA_URL: replica.urlFor('diagis_replicated'),
      PORT: '0',
      DIAGIS_DEMO: 'false',
      DIAGIS_LOG_LEVEL: 'warn',
      DIAGIS_DEMO_PASSWORD: config.demo.password,
    },
  });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([primaryDb?.end(), replicaDb?.end()]);
  if (replica) stopCluster(replica.dataDir);
  own?.remove();
});

const sessionsOn = async (db: pg.Client, applicationName: string) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = 'diagis_replicated' AND application_name = $1`,
      [applicationName],
    )
  ).rows[0]?.n ?? 0;

describe('a streaming replica for public reads', () => {
  it('is a real standby, and the public tile and OGC routes read from it, not the primary', async () => {
    const { rows } = await replicaDb.query<{ standby: boolean }>(
      'SELECT pg_is_in_recovery() AS standby',
    );
    expect(rows[0]?.standby).toBe(true);
    const parcel = (
      await primaryDb.query<{ id: number; lon: number; lat: number }>(
        `SELECT parcel_id::int AS id, ST_X(c) AS lon, ST_Y(c) AS lat
         FROM cadastre.current_parcel
         CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(geom_3857), 4326) AS c
         ORDER BY parcel_id LIMIT 1`,
      )
    ).rows[0] as { id: number; lon: number; lat: number };
    const tile = { z: 17, ...tileOf(parcel.lon, parcel.lat, 17) };
    expect(await legalAreaInTile(server.url, tile, parcel.id)).toEqual(expect.any(Number));
    const item = await fetch(`${server.url}/ogc/collections/parcels/items/${parcel.id}`);
    expect(item.status).toBe(200);
    // The server's public pool is connected to the replica only.
    expect(await sessionsOn(replicaDb, 'diagis-public')).toBeGreaterThan(0);
    expect(await sessionsOn(primaryDb, 'diagis-public')).toBe(0);
  });

  it('shows an edit in the public tile once the replica has replayed it, never a tile cached while it lagged', async () => {
    const parcel = (
      await primaryDb.query<{ id: number; version_no: number; lon: number; lat: number }>(
        `SELECT parcel_id::int AS id, version_no, ST_X(c) AS lon, ST_Y(c) AS lat
         FROM cadastre.current_parcel
         CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(geom_3857), 4326) AS c
         ORDER BY parcel_id OFFSET 150 LIMIT 1`,
      )
    ).rows[0] as { id: number; version_no: number; lon: number; lat: number };
    const tile = { z: 17, ...tileOf(parcel.lon, parcel.lat, 17) };
    const before = await legalAreaInTile(server.url, tile, parcel.id);
    expect(before).toEqual(expect.any(Number));
    const legalArea = before === 4321.5 ? 1234.5 : 4321.5;

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username: 'surveyor1',
        password: loadConfig({}).config.demo.password,
      }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    // The replica stops replaying: it now lags the primary by the edit below.
    await replicaDb.query('SELECT pg_wal_replay_pause()');
    try {
      const edit = await fetch(`${server.url}/api/parcels/${parcel.id}`, {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/json',
          Cookie: cookie,
          'X-CSRF-Token': csrfToken,
          'If-Match': `"v${parcel.version_no}"`,
        },
        body: JSON.stringify({ legalArea, reason: 'replica test: legal area corrected' }),
      });
      expect(edit.status).toBe(200);
      // Rendered from the lagging replica: whatever it shows may not be cached.
      const whileBehind = await legalAreaInTile(server.url, tile, parcel.id);
      expect(whileBehind).toBe(before);
    } finally {
      await replicaDb.query('SELECT pg_wal_replay_resume()');
    }
    const deadline = Date.now() + 10_000;
    let shown = await legalAreaInTile(server.url, tile, parcel.id);
    while (shown !== legalArea && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = await legalAreaInTile(server.url, tile, parcel.id);
    }
    expect(shown).toBe(legalArea);
    // The edit itself reached the replica.
    const replayed = await replicaDb.query<{ legal_area: string }>(
      'SELECT legal_area::text FROM cadastre.current_parcel WHERE parcel_id = $1',
      [parcel.id],
    );
    expect(Number(replayed.rows[0]?.legal_area)).toBe(legalArea);
  });
});
