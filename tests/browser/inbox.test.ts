import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { artefacts, startWebFixture, type WebFixture } from './web_fixture';

const { config } = loadConfig({});
let web: WebFixture;
let pool: pg.Pool;
let base: string;
let browser: Browser;

beforeAll(async () => {
  web = await startWebFixture();
  ({ pool, base, browser } = web);
});

afterAll(() => web?.close());

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/inbox.html`);
  await page.click('#signin-open');
  await page.fill('#signin-form input[name=username]', username);
  await page.fill('#signin-form input[name=password]', config.demo.password);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#inbox-items li').first().waitFor({ state: 'visible' });
}

describe('the dossier inbox in a real browser', () => {
  it('lets branch 1 send a dossier to the provincial office, where it then arrives', async () => {
    // Branch 1 receives a new transfer dossier at its counter (through the API).
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'officer.branch1', password: config.demo.password }),
    });
    const { csrfToken } = await login.json();
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { rows: communes } = await pool.query(
      `SELECT j.unit_id FROM org.office_jurisdiction j
       JOIN auth.app_user u ON u.username = 'officer.branch1' AND u.office_id = j.office_id
       ORDER BY j.unit_id LIMIT 1`,
    );
    const created = await fetch(`${base}/api/dossiers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({
        procedure: 'transfer',
        communeId: communes[0].unit_id,
        applicant: {
          fullName: 'Trần Thị Mai',
          idNumber: '079123456789',
          address: 'Khóm 3, Phường Sóc Trăng',
        },
      }),
    });
    expect(created.status).toBe(201);
    const dossier = await created.json();
    dossier.receipt_code = dossier.receiptCode;

    const branch = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(branch, 'officer.branch1');
    await branch.click(`#inbox-items button[data-dossier-id="${dossier.id}"]`);
    await branch.waitForSelector(`#dossier[data-dossier-id="${dossier.id}"]`);
    if ((await branch.getAttribute('#dossier', 'data-state')) !== 'in_progress') {
      await branch.click('#dossier form[data-action=start] button[type=submit]');
      await branch.waitForSelector(
        '#dossier[data-state=in_progress] form[data-action=send_to_office]',
      );
    }
    await branch.fill(
      '#dossier form[data-action=send_to_office] input[name=note]',
      'Chuyển VPĐK thẩm định',
    );
    await branch.click('#dossier form[data-action=send_to_office] button[type=submit]');
    await branch.waitForSelector('#dossier[data-state=at_other_office]');
    expect(await branch.textContent('#dossier')).toContain('Chuyển VPĐK thẩm định');
    await branch.screenshot({ path: `${artefacts}/inbox-branch1-sent.png` });

    const province = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(province, 'officer.province');
    await province.selectOption('#inbox-filters select[name=state]', 'at_other_office');
    const arrived = province.locator(`#inbox-items button[data-dossier-id="${dossier.id}"]`);
    await arrived.waitFor({ state: 'visible' });
    await arrived.click();
    await province.waitForSelector(
      `#dossier[data-dossier-id="${dossier.id}"] form[data-action=accept]`,
    );
    const page = (await province.textContent('#dossier')) ?? '';
    expect(page).toContain(dossier.receipt_code);
    expect(page).toContain('Văn phòng Đăng ký đất đai thành phố Cần Thơ');
    await province.waitForTimeout(1500);
    await province.screenshot({ path: `${artefacts}/inbox-province-dossier.png` });

    // The report below the inbox: a table per office and procedure, and a chart.
    await province.waitForSelector('#report table.report tr:nth-child(2)');
    expect(await province.locator('#report canvas').count()).toBe(1);
    expect(await province.getAttribute('#report a', 'href')).toContain('format=csv');
    await province.locator('#report').screenshot({ path: `${artefacts}/inbox-report.png` });

    const { rows: events } = await pool.query(
      `SELECT kind FROM dossier.event WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1`,
      [dossier.id],
    );
    expect(events[0].kind).toBe('sent_to_office');
  });
});
