import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

const { config } = loadConfig({});
let pool: pg.Pool;
let server: Server;
let base: string;

async function signIn(username: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: config.demo.password }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = await response.json();
  return {
    Cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'X-CSRF-Token': csrfToken,
    'Content-Type': 'application/json',
  };
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  server = createServer(createApp({ config, pool, logger: createLogger('silent') }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
});

describe('procedures and the holiday calendar', () => {
  it('lists the procedures publicly with limits, documents and route', async () => {
    const response = await fetch(`${base}/api/procedures`);
    expect(response.status).toBe(200);
    const { procedures } = await response.json();
    const byCode = Object.fromEntries(procedures.map((p: { code: string }) => [p.code, p]));
    expect(byCode.first_registration.limitWorkingDays).toBe(17);
    expect(byCode.split_merge.limitWorkingDays).toBe(12);
    expect(byCode.transfer).toMatchObject({
      limitWorkingDays: 5,
      nameEn: 'Transfer of land-use rights',
      route: {
        receivingOfficeKinds: ['branch', 'provincial_lro'],
        processingOfficeKind: 'branch',
        involvesTax: true,
        involvesCommune: false,
      },
    });
    expect(byCode.transfer.requiredDocuments).toContain('Hợp đồng chuyển nhượng đã công chứng');
    expect(byCode.lease.limitWorkingDays).toBe(4);
  });

  it('lists holidays publicly and lets only administrators change them', async () => {
    const year = await (await fetch(`${base}/api/holidays?year=2026`)).json();
    expect(year.holidays).toContainEqual({ day: '2026-09-02', name: 'Quốc khánh' });
    expect(year.holidays.every((h: { day: string }) => h.day.startsWith('2026-'))).toBe(true);

    const anonymous = await fetch(`${base}/api/holidays`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ day: '2029-01-01', name: 'Tết Dương lịch' }),
    });
    expect(anonymous.status).toBe(401);
    const officer = await signIn('officer.province');
    const refused = await fetch(`${base}/api/holidays`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({ day: '2029-01-01', name: 'Tết Dương lịch' }),
    });
    expect(refused.status).toBe(403);

    const admin = await signIn('admin');
    const post = (body: unknown) =>
      fetch(`${base}/api/holidays`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    expect((await post({ day: '2029-01-01', name: 'Tết Dương lịch' })).status).toBe(201);
    const duplicate = await post({ day: '2029-01-01', name: 'Tết Dương lịch' });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error.message).toBe('day: 2029-01-01 is already a holiday');
    const badDay = await post({ day: '2029-02-30', name: 'Ngày không có' });
    expect((await badDay.json()).error).toMatchObject({ field: 'day' });
    const extra = await post({ day: '2029-01-02', name: 'Nghỉ bù', weekend: true });
    expect((await extra.json()).error).toMatchObject({ field: 'weekend' });
    const removed = await fetch(`${base}/api/holidays/2029-01-01`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(removed.status).toBe(204);
  });
});
