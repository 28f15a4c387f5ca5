import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const password = loadConfig({}).config.demo.password;
let fx: AppFixture;
// Each test signs in on its own day so rate-limit windows never overlap between tests.
let now = new Date('2031-01-01T08:00:00Z');

beforeAll(async () => {
  fx = await startAppFixture({ clock: () => now });
});
afterAll(() => fx.close());

const login = (username: string, secret: string, headers: Record<string, string> = {}) =>
  fetch(`${fx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password: secret }),
  });

const cookieOf = (response: Response) =>
  (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('sign-in', () => {
  it('signs in with the demo password, sets a strict HttpOnly cookie, and /api/me knows the user', async () => {
    now = new Date('2031-01-02T08:00:00Z');
    const response = await login('officer.branch1', password);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user).toMatchObject({ username: 'officer.branch1', role: 'officer' });
    expect(body.user.office.code).toMatch(/^CN-/);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^diagis_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie.toLowerCase()).toContain('httponly');
    expect(setCookie.toLowerCase()).toContain('samesite=strict');
    expect(response.headers.get('x-request-id')).toBeTruthy();

    const me = await fetch(`${fx.base}/api/me`, { headers: { Cookie: cookieOf(response) } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe('officer.branch1');
  });

  it('refuses a wrong password with 401 and an unknown user the same way', async () => {
    now = new Date('2031-01-03T08:00:00Z');
    const wrong = await login('surveyor1', 'not the password');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toBe('username or password is wrong');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await login('nobody.here', 'whatever');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.message).toBe('username or password is wrong');
  });

  it('names the missing or malformed field with 400', async () => {
    now = new Date('2031-01-04T08:00:00Z');
    const missing = await fetch(`${fx.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin' }),
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({
      field: 'password',
      message: 'password: is required',
    });
    const short = await login('ab', 'x');
    expect((await short.json()).error).toMatchObject({ field: 'username' });
    const broken = await fetch(`${fx.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username": ',
    });
    expect(broken.status).toBe(400);
  });

  it('rate-limits a username after repeated failures, even with the right password, until the window passes', async () => {
    now = new Date('2031-01-05T08:00:00Z');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login('viewer1', `wrong-${attempt}`)).status).toBe(401);
    }
    const blocked = await login('viewer1', password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('officer.province', password)).status).toBe(200);

    now = new Date('2031-01-05T08:16:00Z');
    expect((await login('viewer1', password)).status).toBe(200);
  });

  it('logs out only with the session CSRF token, after which the session is gone', async () => {
    now = new Date('2031-01-06T08:00:00Z');
    const signedIn = await login('admin', password);
    const cookie = cookieOf(signedIn);
    const { csrfToken } = await signedIn.json();

    const forged = await fetch(`${fx.base}/api/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie },
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.field).toBe('X-CSRF-Token');
    expect((await fetch(`${fx.base}/api/me`, { headers: { Cookie: cookie } })).status).toBe(200);

    const logout = await fetch(`${fx.base}/api/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect((await fetch(`${fx.base}/api/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('refuses writes from another origin', async () => {
    now = new Date('2031-01-07T08:00:00Z');
    const response = await login('admin', password, { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.field).toBe('Origin');
  });

  it('expires sessions after the configured hours', async () => {
    now = new Date('2031-01-08T08:00:00Z');
    const cookie = cookieOf(await login('surveyor1', password));
    now = new Date('2031-01-08T15:59:00Z');
    expect((await fetch(`${fx.base}/api/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    now = new Date('2031-01-08T16:01:00Z');
    expect((await fetch(`${fx.base}/api/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });
});
