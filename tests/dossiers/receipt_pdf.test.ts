import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

/**
 * The receipt handed to the applicant: a PDF with the receipt code, procedure, applicant,
 * dates, office, the documents received and a QR code of the public tracking address;
 * Vietnamese by default, English on request; only for staff who may see the dossier.
 */

const attachmentsDir = mkdtempSync(join(tmpdir(), 'diagis-receipt-'));
let fx: AppFixture;
let dossier: { id: number; receiptCode: string };

/** The text poppler's pdftotext reads from a PDF (what a reader shows, fonts decoded). */
const pdfText = (pdf: Buffer): string => {
  const run = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
};

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_ATTACHMENTS_DIR: attachmentsDir, DIAGIS_PUBLIC_URL: 'https://dat.example.vn' },
    users: ['officer.branch1', 'officer.branch2'],
  });
  const { rows } = await fx.pool.query(
    `SELECT j.unit_id FROM org.office_jurisdiction j JOIN org.office o ON o.id = j.office_id
     WHERE o.code = 'CN-SOCTRANG' ORDER BY j.unit_id LIMIT 1`,
  );
  const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', {
    procedure: 'transfer',
    communeId: rows[0].unit_id,
    applicant: {
      fullName: 'Đặng Thị Hoài Thương',
      idNumber: '094190007788',
      address: '21 Hùng Vương, phường Sóc Trăng, thành phố Cần Thơ',
    },
  });
  expect(created.status).toBe(201);
  dossier = created.body;
  const form = new FormData();
  form.append('documentKind', 'Hợp đồng chuyển nhượng đã công chứng');
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'hop-dong.pdf');
  const uploaded = await fetch(`${fx.base}/api/dossiers/${dossier.id}/attachments`, {
    method: 'POST',
    headers: fx.sessions['officer.branch1'],
    body: form,
  });
  expect(uploaded.status).toBe(201);
});

afterAll(async () => {
  await fx?.close();
  rmSync(attachmentsDir, { recursive: true, force: true });
});

const receipt = (user: string | Record<string, string>, query = '') =>
  fetch(`${fx.base}/api/dossiers/${dossier.id}/receipt.pdf${query}`, {
    headers: typeof user === 'string' ? fx.sessions[user] : user,
  });

describe('the dossier receipt', () => {
  it('is a PDF in Vietnamese with the code, applicant, documents and the tracking address', async () => {
    const answer = await receipt('officer.branch1');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(answer.headers.get('content-disposition')).toBe(
      `inline; filename="${dossier.receiptCode}.pdf"`,
    );
    const pdf = Buffer.from(await answer.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(dossier.receiptCode);
    expect(text).toContain('Đặng Thị Hoài Thương');
    expect(text).toContain('Chuyển nhượng quyền sử dụng đất');
    expect(text).toContain('Hợp đồng chuyển nhượng đã công chứng — hop-dong.pdf');
    expect(text).toContain(`https://dat.example.vn/track?code=${dossier.receiptCode}`);
    expect(text).toContain('Người tiếp nhận hồ sơ');
  });

  it('is in English when asked, and refuses another language', async () => {
    const answer = await receipt('officer.branch1', '?lang=en');
    expect(answer.status).toBe(200);
    const text = pdfText(Buffer.from(await answer.arrayBuffer()));
    expect(text).toContain('RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT');
    expect(text).toContain('Documents received');
    expect(text).toContain(dossier.receiptCode);
    const french = await receipt('officer.branch1', '?lang=fr');
    expect(french.status).toBe(400);
    expect((await french.json()).error.field).toBe('lang');
  });

  it('is hidden from staff who may not see the dossier, and from anonymous users', async () => {
    const other = await receipt('officer.branch2');
    expect(other.status).toBe(404);
    expect((await other.json()).error.message).toBe(`dossier ${dossier.id} does not exist`);
    expect((await receipt({})).status).toBe(401);
  });

  it('links to the tracking page, whose short address keeps the receipt code', async () => {
    const redirect = await fetch(`${fx.base}/track?code=${dossier.receiptCode}`, {
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`/track.html?code=${dossier.receiptCode}`);
  });
});
