import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForIdleMap } from '../support/map_page';
import { artefacts, signInOnPage, startWebFixture, type WebFixture } from '../support/web_fixture';

/**
 * A transfer done in the browser from the counter to the citizen's tracking page: branch 1
 * receives it in the inbox with two uploads, records the recipient and the contract,
 * prints the receipt and sends it to the tax authority; the tax authority posts its notice
 * through the tax API; the officer records the payment, reads the register preview,
 * approves and returns the result; /track shows it returned, and the map's info panel the
 * new holder with the endorsement. The steps run in order on one page, one test each.
 */

const taxKey = 'tax-key-for-the-register-journey-0123';
const attachmentsDir = mkdtempSync(join(tmpdir(), 'diagis-journey-'));
const recipient = { fullName: 'Phan Thị Ngọc Diễm', idNumber: '094192003456' };
const contractNo = 'HĐCN-2027/118';
let web: WebFixture;
let page: Page;
let target: {
  parcel_id: number;
  commune_id: number;
  parcel_commune_code: string;
  sheet_no: number;
  parcel_no: number;
  holder: string;
};
let dossier: { id: number; receiptCode: string };
const files: Record<'pdf' | 'jpeg', Buffer> = { pdf: Buffer.alloc(0), jpeg: Buffer.alloc(0) };
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  web = await startWebFixture({
    env: { DIAGIS_TAX_API_KEY: taxKey, DIAGIS_ATTACHMENTS_DIR: attachmentsDir },
  });
  // A parcel of branch 1's communes with one land-use right, a certificate and no
  // mortgage, picked by a hash of its id that no other test uses; the dossier's commune is
  // the current commune serving it.
  const { rows } = await web.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id, p.commune_code AS parcel_commune_code,
            p.sheet_no, p.parcel_no, pa.full_name AS holder
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN admin.unit u ON u.id = j.unit_id AND u.level = 'commune' AND u.valid @> current_date
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid)
       AND r.right_kind = 'land_use' AND r.certificate_id IS NOT NULL
     JOIN registry.party pa ON pa.id = r.party_id
     WHERE o.code = 'CN-SOCTRANG'
       AND (SELECT count(*) FROM registry.parcel_right x WHERE x.parcel_id = p.parcel_id AND upper_inf(x.valid)) = 1
       AND NOT EXISTS (SELECT 1 FROM registry.restriction m WHERE m.parcel_id = p.parcel_id AND upper_inf(m.valid))
       AND NOT EXISTS (SELECT 1 FROM dossier.dossier_parcel dp WHERE dp.parcel_id = p.parcel_id)
     ORDER BY md5('register-journey' || p.parcel_id) LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  target = rows[0];
  files.jpeg = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#e9e2cf' },
  })
    .jpeg()
    .toBuffer();
  files.pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  page = await web.browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

afterAll(async () => {
  await web?.close();
  rmSync(attachmentsDir, { recursive: true, force: true });
});

/** How long a polled expectation may wait (uploads go through the image worker). */
const waitLong = { timeout: 20_000 };
const field = (path: string) => page.locator(`#dossier [data-field="${path}"]`);
/** Page coordinates of the middle of parcel `id` on the reception form's map, once drawn. */
async function parcelOnPickerMap(id: number): Promise<{ x: number; y: number }> {
  const handle = await page.waitForFunction(
    (parcelId) => {
      type Feature = { id?: number; sourceLayer?: string; geometry: { coordinates: number[][][] } };
      const map = (
        window as unknown as {
          diagisPickerMap?: {
            loaded(): boolean;
            isMoving(): boolean;
            queryRenderedFeatures(): Feature[];
            project(p: [number, number]): { x: number; y: number };
            getCanvas(): HTMLCanvasElement;
          };
        }
      ).diagisPickerMap;
      if (!map?.loaded() || map.isMoving()) return undefined;
      const feature = map
        .queryRenderedFeatures()
        .find((f) => f.sourceLayer === 'parcels' && f.id === parcelId);
      const ring = feature?.geometry.coordinates[0];
      if (!ring) return undefined;
      const lng = ring.reduce((sum, point) => sum + (point[0] ?? 0), 0) / ring.length;
      const lat = ring.reduce((sum, point) => sum + (point[1] ?? 0), 0) / ring.length;
      const pixel = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: pixel.x + rect.left, y: pixel.y + rect.top };
    },
    id,
    { timeout: 30_000, polling: 250 },
  );
  return (await handle.jsonValue()) as { x: number; y: number };
}

const submitAction = (action: string) =>
  page.click(`#dossier form[data-action=${action}] button[type=submit]`);

describe('a transfer through the inbox, from the counter to the register and the tracking page', () => {
  it('opens the reception form with the procedure’s checklist and picks the parcel by its numbers', async () => {
    await page.goto(`${web.base}/inbox`);
    await signInOnPage(page, 'officer.branch1');
    await page.click('#reception-open');
    const form = page.locator('#reception form.reception');
    await form.locator('[data-field=procedure]').selectOption('transfer');
    // The checklist of the procedure and its time limit.
    await expect.poll(() => form.locator('.checklist-item').count(), waitLong).toBe(3);
    expect(await form.locator('.checklist .limit').textContent()).toContain('8');
    await form.locator('[data-field=communeId]').selectOption(String(target.commune_id));
    await form.locator('input[name=parcelCommune]').fill(target.parcel_commune_code);
    await form.locator('input[name=parcelSheet]').fill(String(target.sheet_no));
    await form.locator('input[name=parcelNo]').fill(String(target.parcel_no));
    await form.getByRole('button', { name: 'Tìm thửa' }).click();
    await form.locator(`.parcel-hits button[data-parcel-id="${target.parcel_id}"]`).click();
    const picked = form.locator(`.picked-parcels li[data-parcel-id="${target.parcel_id}"]`);
    await picked.waitFor();
    // The small map flew to it: a click on the parcel unpicks it, a second click picks it again.
    const spot = await parcelOnPickerMap(target.parcel_id);
    await page.mouse.click(spot.x, spot.y);
    await picked.waitFor({ state: 'detached' });
    await page.mouse.click(spot.x, spot.y);
    await picked.waitFor();
    await form.locator('[data-field="applicant.fullName"]').fill('Lý Văn Thành');
    await form.locator('[data-field="applicant.idNumber"]').fill('0941');
    await form.locator('[data-field="applicant.address"]').fill('9 Mạc Đĩnh Chi, phường Sóc Trăng');
    await page.locator('#reception').screenshot({ path: `${artefacts}/journey-reception.png` });
  });

  it('refuses a wrong ID number next to its field, then receives the dossier with two uploads', async () => {
    const form = page.locator('#reception form.reception');
    const items = form.locator('.checklist-item input[type=file]');
    await items
      .nth(0)
      .setInputFiles({ name: 'don-mau-18.pdf', mimeType: 'application/pdf', buffer: files.pdf });
    await items
      .nth(1)
      .setInputFiles({ name: 'hop-dong.jpg', mimeType: 'image/jpeg', buffer: files.jpeg });
    await form.locator('button[type=submit]').click();

    const idError = form.locator('.field-error[data-error-for="applicant.idNumber"]');
    await idError.waitFor();
    expect(await idError.textContent()).toContain('12 digits');
    await form.locator('[data-field="applicant.idNumber"]').fill('094085006789');
    await form.locator('button[type=submit]').click();

    await page.locator('#dossier[data-dossier-id]').waitFor();
    expect(await page.textContent('#dossier-message')).toContain('Đã tiếp nhận hồ sơ');
    const id = Number(await page.getAttribute('#dossier', 'data-dossier-id'));
    expect(page.url()).toContain(`?dossier=${id}`);
    const { rows } = await web.pool.query(
      `SELECT d.receipt_code, array_agg(a.document_kind ORDER BY a.id) AS kinds
       FROM dossier.dossier d JOIN dossier.attachment a ON a.dossier_id = d.id
       WHERE d.id = $1 GROUP BY d.receipt_code`,
      [id],
    );
    dossier = { id, receiptCode: rows[0].receipt_code };
    expect(rows[0].kinds).toEqual([
      'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18, NĐ 151/2025/NĐ-CP)',
      'Hợp đồng chuyển nhượng đã công chứng',
    ]);
    // The JPEG has a thumbnail in the documents list.
    await page.locator('#dossier .attachment-list img.thumbnail').waitFor();
  });

  it('records the recipient and the contract, refusing shares that do not add up to one', async () => {
    const form = page.locator('#dossier form.register-form[data-effect=transfer]');
    await field('recipients.0.fullName').fill(recipient.fullName);
    await field('recipients.0.idNumber').fill(recipient.idNumber);
    await field('recipients.0.address').fill('14 Phú Lợi, phường Phú Lợi, thành phố Cần Thơ');
    await field('recipients.0.share').fill('0.5');
    await field('contract.number').fill(contractNo);
    await field('contract.date').fill(today);
    await form.locator('button[type=submit]').click();
    const shares = form.locator('[data-field-group=recipients] .field-error');
    await shares.waitFor();
    expect(await shares.textContent()).toContain('shares must add up to 1');

    await field('recipients.0.share').fill('1');
    await form.locator('button[type=submit]').click();
    await form.locator('.message.done').waitFor();
    const preview = page.locator('#register-preview');
    await expect.poll(() => preview.textContent(), waitLong).toContain(recipient.fullName);
    expect(await preview.textContent()).toContain(target.holder);
  });

  it('uploads one more document from the dossier and shows the image', async () => {
    const upload = page.locator('#dossier form.upload');
    await upload.locator('[data-field=documentKind]').selectOption('Giấy chứng nhận đã cấp');
    await upload
      .locator('input[type=file]')
      .setInputFiles({ name: 'gcn.jpg', mimeType: 'image/jpeg', buffer: files.jpeg });
    await upload.locator('button[type=submit]').click();
    await expect
      .poll(() => page.textContent('#dossier-message'), waitLong)
      .toContain('Đã tải lên: gcn.jpg');
    await expect.poll(() => page.locator('#dossier .attachment-list li').count(), waitLong).toBe(3);
    await page.locator('#dossier .attachment-list img.thumbnail').last().click();
    const viewer = page.locator('dialog.attachment-viewer');
    await viewer.locator('img').waitFor();
    await viewer.getByRole('button', { name: 'Đóng' }).click();
    await viewer.waitFor({ state: 'detached' });
  });

  it('prints the receipt as a PDF with the receipt code', async () => {
    const href = await page.getAttribute('#dossier a.receipt', 'href');
    expect(href).toBe(`/api/dossiers/${dossier.id}/receipt.pdf?lang=vi`);
    expect(await page.textContent('#dossier a.receipt')).toBe('In giấy biên nhận');
    const answer = await page.request.get(`${web.base}${href}`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    const pdf = await answer.body();
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
    expect(text).toContain(dossier.receiptCode);
    expect(text).toContain('Hợp đồng chuyển nhượng đã công chứng');
    await page.locator('#dossier').screenshot({ path: `${artefacts}/journey-received.png` });

    // In English the button says so and the receipt is printed in English.
    await page.click('#language');
    await expect.poll(() => page.textContent('#dossier a.receipt'), waitLong).toBe('Print receipt');
    const english = await page.request.get(
      `${web.base}${await page.getAttribute('#dossier a.receipt', 'href')}`,
    );
    const englishText = spawnSync('pdftotext', ['-', '-'], {
      input: await english.body(),
      encoding: 'utf8',
    }).stdout;
    expect(englishText).toContain('RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT');
    await page.click('#language');
    await expect
      .poll(() => page.textContent('#dossier a.receipt'), waitLong)
      .toBe('In giấy biên nhận');
  });

  it('shows a refused action’s message and reloads, asks before withdrawing, and sends it to the tax authority', async () => {
    // A colleague starts the dossier meanwhile: the page's own "start" is now stale.
    const colleague = await web.signIn('officer.branch1');
    const started = await web.call(
      colleague,
      'POST',
      `/api/dossiers/${dossier.id}/actions/start`,
      {},
    );
    expect(started.status).toBe(200);
    await submitAction('start');
    await page.locator('#dossier-message.refused').waitFor();
    expect(await page.textContent('#dossier-message')).toContain(
      'start: not allowed while the dossier is in_progress',
    );
    expect(await page.textContent('#dossier-message')).toContain('409');
    await page.locator('#dossier[data-state=in_progress][data-reloaded=true]').waitFor();

    await page.fill('#dossier form[data-action=withdraw] [data-field=note]', 'Người nộp xin rút');
    await submitAction('withdraw');
    const confirm = page.locator('dialog.confirm');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Hủy', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getAttribute('#dossier', 'data-state')).toBe('in_progress');

    await submitAction('send_to_tax');
    await page.locator('#dossier[data-state=at_tax]').waitFor();
    expect(await page.textContent('#dossier-message')).toContain(
      'Chuyển cơ quan thuế: đã thực hiện',
    );
  });

  it('gets the tax notice from the tax API, and the payment recorded in its form', async () => {
    const notice = await fetch(`${web.base}/api/tax/dossiers/${dossier.receiptCode}/notice`, {
      method: 'POST',
      headers: { 'X-API-Key': taxKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ noticeNo: `TB-${dossier.id}`, amount: 18_500_000, noticeDate: today }),
    });
    expect(notice.status).toBe(201);
    // A reload lands on the same dossier (its address names it).
    await page.reload();
    await page
      .locator('#dossier[data-state=awaiting_payment] form[data-action=record_tax_payment]')
      .waitFor();
    expect(await page.textContent('#dossier .tax-notices')).toContain(`TB-${dossier.id}`);
    await page.fill(
      '#dossier form[data-action=record_tax_payment] [data-field=paymentRef]',
      `BL-${dossier.id}`,
    );
    await submitAction('record_tax_payment');
    await page.locator('#dossier[data-state=in_progress] form[data-action=approve]').waitFor();
    expect(await page.textContent('#dossier-message')).toContain(
      'Ghi nhận đã nộp tiền: đã thực hiện',
    );
  });

  it('shows the register preview naming the recipient, then approves and returns the result', async () => {
    const preview = page.locator('#register-preview');
    await expect.poll(() => preview.textContent(), waitLong).toContain(recipient.fullName);
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain(`${target.holder} (quyền sử dụng đất) → ${recipient.fullName}`);
    expect(text).toContain(contractNo);
    await preview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artefacts}/journey-preview.png` });
    await submitAction('approve');
    await page.locator('#dossier[data-state=approved] form[data-action=return_result]').waitFor();
    await submitAction('return_result');
    await page.locator('#dossier[data-state=returned]').waitFor();
    const { rows } = await web.pool.query(
      `SELECT p.full_name FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id
       WHERE r.parcel_id = $1 AND upper_inf(r.valid)`,
      [target.parcel_id],
    );
    expect(rows.map((row) => row.full_name)).toEqual([recipient.fullName]);
  });

  it('is shown returned, with its completion date, on the tracking page', async () => {
    const phone = await web.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${web.base}/track?code=${dossier.receiptCode}`);
    await phone.locator('#track-result[data-state=returned] dl').waitFor();
    const text = (await phone.textContent('#track-result')) ?? '';
    expect(text).toContain('Đã trả kết quả');
    expect(text).toContain('Hoàn thành');
    expect(text).not.toContain(recipient.fullName);
    await phone.close();
  });

  it('shows the new holder and the endorsement in the map’s info panel', async () => {
    const map = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await map.goto(`${web.base}/#17/9.6/105.97`);
    await signInOnPage(map, 'officer.branch1');
    await map.locator('#signout').waitFor({ state: 'visible' });
    await map.fill(
      '#search input[name=q]',
      `${target.parcel_commune_code} ${target.sheet_no} ${target.parcel_no}`,
    );
    await map.click('#search button[type=submit]');
    await map.locator('#search-results button').first().click();
    const register = map.locator('#info .parcel-register');
    await register.waitFor();
    const text = (await register.textContent()) ?? '';
    expect(text).toContain(recipient.fullName);
    expect(text).toContain(`theo hợp đồng số ${contractNo}`);
    expect(text).not.toContain(target.holder);
    await waitForIdleMap(map);
    await map.screenshot({ path: `${artefacts}/journey-parcel-register.png` });
    await map.close();
  });
});
