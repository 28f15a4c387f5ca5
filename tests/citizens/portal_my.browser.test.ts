import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../core/dossiers/receipt_code';
import { demoCitizens } from '../../scripts/lib/local_services/demo_citizens';
import {
  type OidcProviderProcess,
  startOidcProviderProcess,
} from '../../scripts/lib/local_services/oidc_provider_process';
import { loadConfig } from '../../server/config';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { artefacts } from '../support/web_fixture';

const password = loadConfig({}).config.demo.password;
const clientSecret = randomBytes(24).toString('base64url');
const citizen = demoCitizens[1] as (typeof demoCitizens)[number];

let provider: OidcProviderProcess;
let app: AppFixture;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true });
  provider = await startOidcProviderProcess({
    port: 0,
    clientId: 'diagis',
    clientSecret,
    password,
  });
  app = await startAppFixture({
    env: { DIAGIS_OIDC_ISSUER: provider.issuer, DIAGIS_OIDC_CLIENT_SECRET: clientSecret },
    webRoot: new URL('../../web/dist', import.meta.url).pathname,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await provider?.stop();
});

describe('the citizen page /portal/my on a phone', () => {
  it('signs in through the provider, lists the citizen’s dossiers in Vietnamese, switches to English and signs out', async () => {
    const receiptCode = newReceiptCode();
    const party = await app.one<{ id: string }>(
      `INSERT INTO registry.party (kind, full_name, birth_year, id_kind, id_number, address)
       VALUES ('person', $1, 1990, 'cccd', $2, 'Sóc Trăng') RETURNING id`,
      [citizen.name, citizen.idNumber],
    );
    await app.one(
      `INSERT INTO dossier.dossier (receipt_code, procedure_code, state, receiving_office_id, current_office_id,
                                    applicant_party_id, received_at, due_at)
       SELECT $1, 'transfer', 'received', o.id, o.id, $2, now(), now() + interval '7 days'
       FROM org.office o WHERE o.code = 'VPDK' RETURNING id`,
      [receiptCode, party.id],
    );

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${app.base}/portal/my`);
    await page.locator('#my-signed-out').waitFor();
    expect(await page.textContent('h1')).toBe('Hồ sơ của tôi');
    expect(await page.textContent('#my-signin')).toBe('Đăng nhập bằng định danh điện tử');

    await page.click('#my-signin');
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.fill('#id_number', citizen.idNumber);
    await page.fill('#password', password);
    await page.click('#login-form button[type=submit]');

    await page.waitForURL(`${app.base}/portal-my.html`);
    await page.locator('#my-signed-in').waitFor();
    expect(await page.textContent('#my-name')).toBe(citizen.name);
    expect(await page.textContent('#my-id-number')).toBe(citizen.idNumber);
    const item = page.locator(`#my-dossiers li[data-receipt-code="${receiptCode}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Chuyển nhượng quyền sử dụng đất');
    expect(await item.textContent()).toContain('Đã tiếp nhận');
    await item.locator('summary').click();
    await item.locator('details p').waitFor();
    expect(await item.locator('details p').textContent()).toMatch(/^Đơn vị đang xử lý: \S/);
    await page.screenshot({ path: `${artefacts}/portal-my-phone-vi.png`, fullPage: true });
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );

    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('h1')).toBe('My dossiers');
    expect(await page.textContent('#my-signed-in h2')).toBe('Dossiers filed');
    expect(await item.textContent()).toContain('Transfer of land-use rights');
    expect(await item.textContent()).toContain('Received');
    await page.screenshot({ path: `${artefacts}/portal-my-phone-en.png`, fullPage: true });

    await page.click('#my-signout');
    await page.locator('#my-signed-out').waitFor();
    expect(await page.textContent('#my-signin')).toBe('Sign in with electronic identity');
    const me = await page.evaluate(async () => (await fetch('/api/citizen/me')).status);
    expect(me).toBe(401);
    await context.close();
  });
});
