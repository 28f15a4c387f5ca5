import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const apps: AppFixture[] = [];
let plain: AppFixture;

/** Starts an app with the given environment on a free port. */
async function start(env: Record<string, string>): Promise<AppFixture> {
  const app = await startAppFixture({ env, poolSize: 2, webRoot: webDist });
  apps.push(app);
  return app;
}

const webDist = new URL('../../web/dist', import.meta.url).pathname;

beforeAll(async () => {
  plain = await start({});
});
afterAll(() => Promise.all(apps.map((app) => app.close())));

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One GET with headers fetch() would not send as given (Host), over node:http. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The directives of a CSP header as a map from name to sources. */
const directives = (header: string | null): Map<string, string[]> =>
  new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );

describe('Content-Security-Policy', () => {
  it('is sent with every page and API answer, without unsafe-inline, with what MapLibre needs', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/portal.html',
      '/inbox.html',
      '/track.html',
      '/imports.html',
      '/ogc/api.html',
      '/api/public/communes',
    ]) {
      const response = await fetch(`${plain.base}${path}`);
      expect(response.status, path).toBe(200);
      const header = response.headers.get('content-security-policy');
      expect(header, path).not.toContain('unsafe-inline');
      expect(header, path).not.toContain('unsafe-eval');
      const csp = directives(header);
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      // MapLibre's worker is a same-origin file (setWorkerUrl), so no blob: workers.
      expect(csp.get('worker-src'), path).toEqual(["'self'"]);
      expect(csp.get('child-src'), path).toEqual(["'self'"]);
      expect(csp.get('img-src'), path).toEqual(expect.arrayContaining(['data:', 'blob:']));
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('allows the configured basemap in img-src and connect-src, and nothing else outside', async () => {
    const app = await start({
      DIAGIS_BASEMAP_URL: 'https://basemap.example.vn:8443/{z}/{x}/{y}.png',
    });
    const csp = directives((await fetch(`${app.base}/`)).headers.get('content-security-policy'));
    expect(csp.get('img-src')).toContain('https://basemap.example.vn:8443');
    expect(csp.get('connect-src')).toContain('https://basemap.example.vn:8443');
    expect(csp.get('script-src')).toEqual(["'self'"]);
    const none = directives((await fetch(`${plain.base}/`)).headers.get('content-security-policy'));
    expect(none.get('connect-src')).toEqual(["'self'"]);
  });

  it('finds no inline script, inline style or event handler attribute in the built pages', async () => {
    for (const page of ['index', 'portal', 'inbox', 'track', 'imports']) {
      const html = await (await fetch(`${plain.base}/${page}.html`)).text();
      expect(html, page).toMatch(/<script type="module" crossorigin src="\/assets\//);
      expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? [], page).toEqual([]);
      expect(html, page).not.toMatch(/<style[\s>]/);
      expect(html, page).not.toMatch(/\sstyle=/);
      expect(html, page).not.toMatch(/\son[a-z]+=/);
    }
  });
});

describe('Host header', () => {
  it('refuses a forged Host with 400 naming it, before it reaches a cacheable document', async () => {
    for (const path of ['/tiles/parcels.json', '/styles/public.json', '/ogc']) {
      const reply = await rawGet(plain.base, path, { Host: 'evil.example' });
      expect(reply.status, path).toBe(400);
      const body = JSON.parse(reply.text);
      expect(body.error.field, path).toBe('Host');
      expect(body.error.message, path).toMatch(
        /^Host: "evil\.example" is not an allowed host; add it to DIAGIS_ALLOWED_HOSTS/,
      );
      expect(reply.headers['cache-control'], path).toBeUndefined();
    }
    const port = new URL(plain.base).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const reply = await rawGet(plain.base, '/tiles/parcels.json', { Host: host });
      expect(reply.status, host).toBe(200);
      expect(JSON.parse(reply.text).tiles[0], host).toBe(
        `http://${host}/tiles/parcels/{z}/{x}/{y}.mvt`,
      );
    }
  });

  it('answers health probes whatever the Host', async () => {
    const reply = await rawGet(plain.base, '/health', { Host: '10.1.2.3:8080' });
    expect(reply.status).toBe(200);
  });

  it('takes the hosts of DIAGIS_ALLOWED_HOSTS, and checks X-Forwarded-Host behind a trusted proxy', async () => {
    const app = await start({
      DIAGIS_ALLOWED_HOSTS: 'gis.soctrang.example, 127.0.0.1',
      DIAGIS_TRUST_PROXY: 'true',
    });
    const good = await rawGet(app.base, '/styles/public.json', {
      'X-Forwarded-Host': 'gis.soctrang.example',
      'X-Forwarded-Proto': 'https',
    });
    expect(good.status).toBe(200);
    expect(JSON.stringify(JSON.parse(good.text).sources)).toContain(
      'https://gis.soctrang.example/tiles/',
    );
    const forged = await rawGet(app.base, '/styles/public.json', {
      'X-Forwarded-Host': 'evil.example',
    });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.text).error.message).toMatch(
      /^X-Forwarded-Host: "evil\.example" is not an allowed host/,
    );
    const port = new URL(app.base).port;
    expect((await rawGet(app.base, '/ogc', { Host: `localhost:${port}` })).status).toBe(400);
  });

  it('with DIAGIS_PUBLIC_URL, builds documents from it and never from the Host', async () => {
    const app = await start({ DIAGIS_PUBLIC_URL: 'https://dat.soctrang.gov.vn/gis' });
    const reply = await rawGet(app.base, '/tiles/parcels.json', { Host: 'evil.example' });
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain('evil.example');
    expect(JSON.parse(reply.text).tiles[0]).toBe(
      'https://dat.soctrang.gov.vn/gis/tiles/parcels/{z}/{x}/{y}.mvt',
    );
    const csp = directives(String(reply.headers['content-security-policy']));
    expect(csp.get('connect-src')).toContain('https://dat.soctrang.gov.vn');
  });
});

describe('authentication answers are never stored', () => {
  it('sends Cache-Control: no-store on sign-in (both outcomes), /api/me (both) and sign-out', async () => {
    const login = (password: string) =>
      fetch(`${plain.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'viewer1', password }),
      });
    const ok = await login(plain.config.demo.password);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = await ok.json();

    const wrong = await login('not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('cache-control')).toBe('no-store');

    const me = await fetch(`${plain.base}/api/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const anonymous = await fetch(`${plain.base}/api/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');

    const logout = await fetch(`${plain.base}/api/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('cache-control')).toBe('no-store');
  });
});
