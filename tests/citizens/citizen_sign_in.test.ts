import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../core/dossiers/receipt_code';
import { demoCitizens } from '../../scripts/lib/local_services/demo_citizens';
import {
  type OidcProviderProcess,
  startOidcProviderProcess,
} from '../../scripts/lib/local_services/oidc_provider_process';
import { loadConfig } from '../../server/config';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const password = loadConfig({}).config.demo.password;
const clientSecret = randomBytes(24).toString('base64url');
const [minh, lan, nam] = demoCitizens as [
  (typeof demoCitizens)[number],
  (typeof demoCitizens)[number],
  (typeof demoCitizens)[number],
];

let provider: OidcProviderProcess;
let app: AppFixture;

beforeAll(async () => {
  provider = await startOidcProviderProcess({
    port: 0,
    clientId: 'diagis',
    clientSecret,
    password,
  });
  app = await startAppFixture({
    env: { DIAGIS_OIDC_ISSUER: provider.issuer, DIAGIS_OIDC_CLIENT_SECRET: clientSecret },
    users: ['officer.province'],
  });
});

afterAll(async () => {
  await app?.close();
  await provider?.stop();
});

/** Cookies by origin, as a browser keeps them (paths and expiry left aside). */
class CookieJar {
  readonly #jar = new Map<string, Map<string, string>>();
  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.#jar.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (value === '' || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.#jar.set(origin, cookies);
  }
  header(url: string): string {
    const cookies = this.#jar.get(new URL(url).origin) ?? new Map();
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  get(url: string, name: string): string | undefined {
    return this.#jar.get(new URL(url).origin)?.get(name);
  }
}

/** One request without following redirects; cookies go in and out of the jar. */
async function visit(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('Cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(url, response);
  return response;
}

const locationOf = (response: Response, from: string): string =>
  new URL(response.headers.get('location') ?? '', from).href;

/**
 * Starts a sign-in at diagis and walks the provider by hand (its redirects, its login
 * form) up to the provider's answer: the callback URL on diagis, not yet visited.
 */
async function toCallback(jar: CookieJar, idNumber: string): Promise<string> {
  const start = await visit(jar, `${app.base}/auth/citizen/login`);
  expect(start.status).toBe(302);
  let url = locationOf(start, app.base);
  expect(url.startsWith(provider.issuer)).toBe(true);
  expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${app.base}/auth/citizen/callback`)) return url;
    const response = await visit(jar, url);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
      expect(action, 'the provider shows its login form').toBeDefined();
      const posted = await visit(jar, new URL(action ?? '', url).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id_number: idNumber, password }).toString(),
      });
      expect(posted.status).toBe(303);
      url = locationOf(posted, url);
    } else {
      expect([302, 303]).toContain(response.status);
      url = locationOf(response, url);
    }
  }
  throw new Error(`no callback after 10 redirects, last at ${url}`);
}

/** A full sign-in: the callback visited; returns the jar with the citizen session. */
async function signInCitizen(
  idNumber: string,
  jar = new CookieJar(),
): Promise<{ jar: CookieJar; callback: string }> {
  const callback = await toCallback(jar, idNumber);
  const done = await visit(jar, callback);
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('/portal/my');
  expect(jar.get(app.base, 'diagis_citizen')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { jar, callback };
}

/** A JSON request to diagis with the jar's cookies and optional headers. */
async function api(
  jar: CookieJar,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await visit(jar, `${app.base}${path}`, { method, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

async function insertDossierFor(idNumber: string, name: string): Promise<string> {
  const receiptCode = newReceiptCode();
  const party = await app.one<{ id: string }>(
    `INSERT INTO registry.party (kind, full_name, birth_year, id_kind, id_number, address)
     VALUES ('person', $1, 1990, 'cccd', $2, 'Sóc Trăng') RETURNING id`,
    [name, idNumber],
  );
  await app.one(
    `INSERT INTO dossier.dossier (receipt_code, procedure_code, state, receiving_office_id, current_office_id,
                                  applicant_party_id, received_at, due_at)
     SELECT $1, 'transfer', 'received', o.id, o.id, $2, now(), now() + interval '7 days'
     FROM org.office o WHERE o.code = 'VPDK' RETURNING id`,
    [receiptCode, party.id],
  );
  return receiptCode;
}

describe('citizen sign-in with OpenID Connect', () => {
  it('walks the authorization code flow with the real provider and keeps the citizen from the ID token', async () => {
    const { jar } = await signInCitizen(lan.idNumber);
    const me = await api(jar, 'GET', '/api/citizen/me');
    expect(me.status).toBe(200);
    expect(me.body.citizen).toEqual({ name: lan.name, idNumber: lan.idNumber, email: lan.email });
    expect(me.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const account = await app.one(
      `SELECT issuer, subject, full_name, id_number, email FROM citizen.account WHERE subject = $1`,
      [lan.sub],
    );
    expect(account).toEqual({
      issuer: provider.issuer,
      subject: lan.sub,
      full_name: lan.name,
      id_number: lan.idNumber,
      email: lan.email,
    });
    // A second sign-in in the same browser updates the same row and ends the first session.
    const first = `diagis_citizen=${jar.get(app.base, 'diagis_citizen')}`;
    await signInCitizen(lan.idNumber, jar);
    expect((await app.call({ Cookie: first }, 'GET', '/api/citizen/me')).status).toBe(401);
    expect((await api(jar, 'GET', '/api/citizen/me')).status).toBe(200);
    const rows = await app.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM citizen.account WHERE subject = $1',
      [lan.sub],
    );
    expect(rows.n).toBe(1);
  });

  it('keeps staff and citizen sessions apart: each cookie is 401 on the other side, and each has its own CSRF token', async () => {
    const { jar } = await signInCitizen(nam.idNumber);
    const citizenCookie = `diagis_citizen=${jar.get(app.base, 'diagis_citizen')}`;
    const staff = app.sessions['officer.province'];
    if (!staff) throw new Error('officer.province has not signed in');

    const asCitizen = (path: string) => app.call({ Cookie: citizenCookie }, 'GET', path);
    const asStaff = (path: string) => app.call(staff, 'GET', path);
    expect((await asCitizen('/api/me')).status).toBe(401);
    expect((await asCitizen('/api/dossiers')).status).toBe(401);
    expect((await asStaff('/api/citizen/me')).status).toBe(401);
    expect((await asStaff('/api/citizen/dossiers')).status).toBe(401);

    // Both cookies at once: each side sees only its own session.
    const both = { Cookie: `${staff.Cookie}; ${citizenCookie}` };
    expect((await app.call(both, 'GET', '/api/me')).body.user.username).toBe('officer.province');
    const me = await app.call(both, 'GET', '/api/citizen/me');
    expect(me.body.citizen.idNumber).toBe(nam.idNumber);

    // Sign-out needs the citizen session's token, not the staff one.
    const logout = (token?: string) =>
      app.call(
        { Cookie: `${staff.Cookie}; ${citizenCookie}` },
        'POST',
        '/api/citizen/logout',
        undefined,
        token ? { 'X-CSRF-Token': token } : {},
      );
    expect((await logout()).status).toBe(403);
    expect((await logout(staff['X-CSRF-Token'])).status).toBe(403);
    expect((await logout(me.body.csrfToken)).status).toBe(204);
    expect((await asCitizen('/api/citizen/me')).status).toBe(401);
    expect((await asStaff('/api/me')).status).toBe(200);
  });

  it('refuses a tampered state, and the sign-in it belonged to is spent', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, minh.idNumber);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const refused = await visit(jar, tampered.href);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/portal/my?signin=failed');
    expect(jar.get(app.base, 'diagis_citizen')).toBeUndefined();
    // The genuine answer now finds no sign-in in progress.
    const late = await visit(jar, callback);
    expect(late.headers.get('location')).toBe('/portal/my?signin=failed');
    expect((await api(jar, 'GET', '/api/citizen/me')).status).toBe(401);
  });

  it('refuses a replayed code: again on the same sign-in, and inside a new one', async () => {
    const { jar, callback } = await signInCitizen(minh.idNumber);
    const again = await visit(new CookieJar(), callback);
    expect(again.headers.get('location')).toBe('/portal/my?signin=failed');

    // A fresh sign-in (cookie and state of its own) fed the old code: the provider refuses it.
    const thief = new CookieJar();
    const start = await visit(thief, `${app.base}/auth/citizen/login`);
    const state = new URL(locationOf(start, app.base)).searchParams.get('state') ?? '';
    const replay = new URL(callback);
    replay.searchParams.set('state', state);
    const refused = await visit(thief, replay.href);
    expect(refused.headers.get('location')).toBe('/portal/my?signin=failed');
    expect(thief.get(app.base, 'diagis_citizen')).toBeUndefined();
    expect((await api(jar, 'GET', '/api/citizen/me')).status).toBe(200);
  });

  it("lists a citizen's own dossiers, and another citizen gets 404 for them", async () => {
    const code = await insertDossierFor(lan.idNumber, lan.name);
    const owner = (await signInCitizen(lan.idNumber)).jar;
    const other = (await signInCitizen(nam.idNumber)).jar;

    const mine = await api(owner, 'GET', '/api/citizen/dossiers');
    expect(mine.status).toBe(200);
    const listed = mine.body.dossiers.find((d: { receiptCode: string }) => d.receiptCode === code);
    expect(listed).toMatchObject({
      receiptCode: code,
      procedure: { code: 'transfer', nameVi: 'Chuyển nhượng quyền sử dụng đất' },
      state: 'received',
    });
    expect(listed.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const detail = await api(owner, 'GET', `/api/citizen/dossiers/${code}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ receiptCode: code, currentOffice: expect.any(String) });

    const theirs = await api(other, 'GET', '/api/citizen/dossiers');
    expect(theirs.body.dossiers.map((d: { receiptCode: string }) => d.receiptCode)).not.toContain(
      code,
    );
    const foreign = await api(other, 'GET', `/api/citizen/dossiers/${code}`);
    expect(foreign.status).toBe(404);
    const missing = await api(other, 'GET', `/api/citizen/dossiers/${newReceiptCode()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message.replace(/HS-[A-Z0-9-]+/, 'X')).toBe(
      foreign.body.error.message.replace(/HS-[A-Z0-9-]+/, 'X'),
    );
  });

  it('shows the login form again on a wrong password', async () => {
    const jar = new CookieJar();
    const start = await visit(jar, `${app.base}/auth/citizen/login`);
    let url = locationOf(start, app.base);
    let response = await visit(jar, url);
    while (response.status === 303 || response.status === 302) {
      url = locationOf(response, url);
      response = await visit(jar, url);
    }
    const action = /<form method="post" action="([^"]+\/login)"/.exec(await response.text())?.[1];
    const wrong = await visit(jar, new URL(action ?? '', url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        id_number: lan.idNumber,
        password: 'not the password',
      }).toString(),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Sai số định danh hoặc mật khẩu');
  });
});

describe('citizen sign-in switched off', () => {
  it('answers 503 on every citizen route, naming DIAGIS_OIDC_ISSUER', async () => {
    const off = await startAppFixture();
    try {
      for (const path of ['/auth/citizen/login', '/api/citizen/me', '/api/citizen/dossiers']) {
        const reply = await off.call({}, 'GET', path);
        expect(reply.status, path).toBe(503);
        expect(reply.body.error.message).toContain('DIAGIS_OIDC_ISSUER');
      }
    } finally {
      await off.close();
    }
  });
});
