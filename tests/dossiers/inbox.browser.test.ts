import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, signInOnPage, startWebFixture, type WebFixture } from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

afterAll(() => web?.close());

/** Opens the inbox and signs in there as `username`. */
async function openInbox(page: Page, username: string): Promise<void> {
  await page.goto(`${web.base}/inbox.html`);
  await signInOnPage(page, username);
  await page.locator('#inbox-items li').first().waitFor({ state: 'visible' });
}

describe('the dossier inbox in a real browser', () => {
  it('lets branch 1 send a dossier to the provincial office, where it then arrives', async () => {
    // Branch 1 receives a new transfer dossier at its counter (through the API).
    const officer = await web.signIn('officer.branch1');
    const { rows: communes } = await web.pool.query(
      `SELECT j.unit_id FROM org.office_jurisdiction j
       JOIN auth.app_user u ON u.username = 'officer.branch1' AND u.office_id = j.office_id
       ORDER BY j.unit_id LIMIT 1`,
    );
    const created = await web.call(officer, 'POST', '/api/dossiers', {
      procedure: 'transfer',
      communeId: communes[0].unit_id,
      applicant: {
        fullName: 'Trần Thị Mai',
        idNumber: '079123456789',
        address: 'Khóm 3, Phường Sóc Trăng',
      },
    });
    expect(created.status).toBe(201);
    const dossier = created.body;
    dossier.receipt_code = dossier.receiptCode;

    const branch = await web.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openInbox(branch, 'officer.branch1');
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

    const province = await web.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openInbox(province, 'officer.province');
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

    const { rows: events } = await web.pool.query(
      `SELECT kind FROM dossier.event WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1`,
      [dossier.id],
    );
    expect(events[0].kind).toBe('sent_to_office');
  });
});
