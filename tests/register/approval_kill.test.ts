import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../scripts/lib/server_process';
import { loadConfig } from '../../server/config';

// A server killed with SIGKILL in the middle of an approval leaves all of the register
// effect or none of it. The server runs as a real process (as `npm start` runs it); the
// approval is held half-way by a lock this test takes on the endorsement table, after it
// has already closed the old right and opened the new one inside its transaction.
const root = new URL('../..', import.meta.url).pathname;
const databaseUrl = inject('databaseUrl');
const password = loadConfig().config.demo.password;
let db: pg.Pool;
let parcelId: number;
let communeId: number;
let rightId: number;

const taxKey = 'tax-key-for-the-approval-kill-test-0123';
const serverEnv = {
  DATABASE_URL: databaseUrl,
  PORT: '0',
  DIAGIS_DEMO: 'false',
  DIAGIS_LOG_LEVEL: 'warn',
  DIAGIS_PUBLIC_API_PER_MINUTE: '1000000',
  DIAGIS_TAX_API_KEY: taxKey,
};

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const { rows } = await db.query(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id, r.id::int AS right_id
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid)
       AND r.right_kind = 'land_use' AND r.certificate_id IS NOT NULL
     WHERE o.code = 'CN-SOCTRANG'
       AND (SELECT count(*) FROM registry.parcel_right x WHERE x.parcel_id = p.parcel_id AND upper_inf(x.valid)) = 1
     ORDER BY md5('approval-kill' || p.parcel_id) LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  ({ parcel_id: parcelId, commune_id: communeId, right_id: rightId } = rows[0]);
});

afterAll(async () => {
  await db?.end();
});

/** Signs in as a demo officer of branch 1; returns a caller with the session. */
async function officer(server: ServerProcess) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'officer.branch1', password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = await login.json();
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** The register rows the approval would write, counted straight from the tables. */
async function effectRows(dossierId: number) {
  const { rows } = await db.query(
    `SELECT (SELECT state FROM dossier.dossier WHERE id = $1) AS state,
            (SELECT count(*)::int FROM dossier.event WHERE dossier_id = $1 AND kind IN ('approved', 'register_changed')) AS events,
            (SELECT upper_inf(valid) FROM registry.parcel_right WHERE id = $2) AS old_right_open,
            (SELECT count(*)::int FROM registry.parcel_right WHERE dossier_id = $1) AS new_rights,
            (SELECT count(*)::int FROM registry.party WHERE id_number = '094193000778') AS new_parties,
            (SELECT count(*)::int FROM registry.certificate_endorsement WHERE dossier_id = $1) AS endorsements`,
    [dossierId, rightId],
  );
  return rows[0];
}

describe('an approval cut by SIGKILL', () => {
  it('leaves none of the effect, and the approval done again leaves all of it', async () => {
    let server = await startServerProcess({ root, env: serverEnv });
    const call = await officer(server);
    const created = await call('POST', '/api/dossiers', {
      procedure: 'transfer',
      communeId,
      parcelIds: [parcelId],
      applicant: {
        fullName: 'Kiều Minh Đức',
        idNumber: '094093000777',
        address: '3 Hùng Vương, phường Sóc Trăng',
      },
    });
    expect(created.status).toBe(201);
    const dossierId = created.body.id as number;
    const recorded = await call('PUT', `/api/dossiers/${dossierId}/register-request`, {
      recipients: [
        {
          fullName: 'Kiều Thị Lan',
          idNumber: '094193000778',
          address: '3 Hùng Vương, phường Sóc Trăng',
          share: 1,
        },
      ],
      contract: { number: 'CN-KILL-01', date: '2026-11-30' },
      certificate: { mode: 'endorse' },
    });
    expect(recorded.status).toBe(200);
    expect((await call('POST', `/api/dossiers/${dossierId}/actions/start`, {})).status).toBe(200);
    // A transfer is approved only once its tax notice is paid: the tax leg, through the API.
    expect(
      (await call('POST', `/api/dossiers/${dossierId}/actions/send_to_tax`, {})).body.state,
    ).toBe('at_tax');
    for (const [step, body] of [
      ['notice', { noticeNo: 'TB-KILL-01', amount: 12_000_000, noticeDate: '2026-12-01' }],
      ['payment', { paymentRef: 'CT-KILL-01', paidOn: '2026-12-02' }],
    ] as const) {
      const taxed = await fetch(
        `${server.url}/api/tax/dossiers/${created.body.receiptCode}/${step}`,
        {
          method: 'POST',
          headers: { 'X-API-Key': taxKey, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      expect(taxed.status).toBe(201);
    }

    // Hold the endorsement table: the approval gets that far and waits.
    const holder = await db.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE registry.certificate_endorsement IN SHARE MODE');
    const approval = call('POST', `/api/dossiers/${dossierId}/actions/approve`, {}).catch(
      (error: unknown) => error,
    );
    let waitingPid: number | undefined;
    for (let i = 0; i < 200 && waitingPid === undefined; i += 1) {
      const { rows } = await db.query(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE 'INSERT INTO registry.certificate_endorsement%'`,
      );
      waitingPid = rows[0]?.pid;
      if (waitingPid === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waitingPid).toBeDefined();

    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    expect(server.exit()?.signal).toBe('SIGKILL');
    await holder.query('COMMIT');
    holder.release();
    expect(await approval).toBeInstanceOf(Error);
    // The backend finds its client gone at its next read and rolls the transaction back.
    for (let i = 0; i < 200; i += 1) {
      const { rowCount } = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
        waitingPid,
      ]);
      if (rowCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await effectRows(dossierId)).toEqual({
      state: 'in_progress',
      events: 0,
      old_right_open: true,
      new_rights: 0,
      new_parties: 0,
      endorsements: 0,
    });

    server = await startServerProcess({ root, env: serverEnv });
    try {
      const again = await (await officer(server))(
        'POST',
        `/api/dossiers/${dossierId}/actions/approve`,
        {},
      );
      expect(again.status).toBe(200);
      expect(await effectRows(dossierId)).toEqual({
        state: 'approved',
        events: 2,
        old_right_open: false,
        new_rights: 1,
        new_parties: 1,
        endorsements: 1,
      });
    } finally {
      await server.stop();
    }
  });
});
