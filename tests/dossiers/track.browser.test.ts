import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, startWebFixture, visibleText, type WebFixture } from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());
afterAll(() => web?.close());

describe('public dossier tracking page', () => {
  it('shows a citizen the procedure, step, office and due date on a phone, and nothing personal', async () => {
    const { rows } = await web.pool.query(
      `SELECT d.receipt_code, p.name_vi, pa.full_name, pa.id_number
       FROM dossier.dossier d JOIN dossier.procedure p ON p.code = d.procedure_code
       JOIN registry.party pa ON pa.id = d.applicant_party_id
       ORDER BY d.id LIMIT 1`,
    );
    const dossier = rows[0];
    const page = await web.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${web.base}/track.html`);
    await page.fill('#track-form input[name=code]', dossier.receipt_code.toLowerCase());
    await page.click('#track-form button[type=submit]');
    await page.waitForSelector('#track-result dl');
    const text = await visibleText(page.locator('#track-result').first());
    expect(text).toContain(dossier.receipt_code);
    expect(text).toContain(dossier.name_vi);
    // Negative checks on the whole text, hidden nodes included.
    const all = (await page.textContent('#track-result')) ?? '';
    expect(all).not.toContain(dossier.full_name);
    expect(all).not.toContain(dossier.id_number);
    await page.screenshot({ path: `${artefacts}/track-phone.png` });

    // The unknown code is a 404 from the tracking API, which the browser logs.
    web.allowPageErrors(
      /status of 404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/api\/public\/dossiers\/HS-AAAA-BBBB-CCCC-DDDD:0\)$/,
    );
    await page.fill('#track-form input[name=code]', 'HS-AAAA-BBBB-CCCC-DDDD');
    await page.click('#track-form button[type=submit]');
    await page.waitForSelector('#track-result p');
    expect(await visibleText(page.locator('#track-result').first())).toContain(
      'Không tìm thấy hồ sơ',
    );
    await page.close();
  });
});
