import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const attachmentsDir = mkdtempSync(join(tmpdir(), 'diagis-attachments-'));
let fx: AppFixture;
let dossierId: number;
const files: Record<string, Buffer> = {};

function upload(user: string, name: string, bytes: Buffer, type: string, id = dossierId) {
  const form = new FormData();
  form.append('documentKind', 'Giấy tờ kèm theo');
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return fetch(`${fx.base}/api/dossiers/${id}/attachments`, {
    method: 'POST',
    headers: fx.sessions[user],
    body: form,
  });
}

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_ATTACHMENTS_DIR: attachmentsDir, DIAGIS_ATTACHMENT_MAX_MB: '1' },
    users: ['officer.branch1', 'officer.branch2'],
  });
  // Any dossier branch 1 holds will do: a demo one received there.
  const { rows } = await fx.pool.query(
    `SELECT d.id::int AS id FROM dossier.dossier d JOIN org.office o ON o.id = d.current_office_id
     WHERE o.code = 'CN-SOCTRANG' AND d.state NOT IN ('returned', 'rejected', 'withdrawn', 'cancelled')
     ORDER BY d.id LIMIT 1`,
  );
  dossierId = rows[0].id;

  const blank = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#f4f1e8' } });
  files.png = await blank(640, 480).png().toBuffer();
  files.pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  // 400 megapixels that compress to a few hundred KB: a decompression bomb. Creating it
  // needs the pixel limit off, which the server never does.
  files.bomb = await sharp({
    create: { width: 20_000, height: 20_000, channels: 3, background: '#fff' },
    limitInputPixels: false,
  })
    .toColourspace('b-w')
    .png({ compressionLevel: 9 })
    .toBuffer();
  const jpeg = await blank(800, 600).jpeg().toBuffer();
  files.truncatedJpeg = jpeg.subarray(0, Math.floor(jpeg.length / 2));
  files.html = Buffer.from(
    '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>',
  );
}, 120_000);

afterAll(async () => {
  await fx.close();
  rmSync(attachmentsDir, { recursive: true, force: true });
});

describe('dossier attachments', () => {
  it('accepts a PNG, stores it under its SHA-256 with a thumbnail, and serves it as a download', async () => {
    const response = await upload(
      'officer.branch1',
      'so-do-thua-dat.png',
      files.png as Buffer,
      'image/png',
    );
    expect(response.status).toBe(201);
    const { attachment } = await response.json();
    expect(attachment).toMatchObject({
      fileName: 'so-do-thua-dat.png',
      mediaType: 'image/png',
      documentKind: 'Giấy tờ kèm theo',
      hasThumbnail: true,
      width: 640,
      height: 480,
    });
    const { rows } = await fx.pool.query('SELECT sha256 FROM dossier.attachment WHERE id = $1', [
      attachment.id,
    ]);
    const sha = rows[0].sha256 as string;
    expect(existsSync(join(attachmentsDir, sha.slice(0, 2), sha))).toBe(true);
    expect(existsSync(join(attachmentsDir, sha.slice(0, 2), `${sha}.thumb.jpg`))).toBe(true);

    const file = await fetch(`${fx.base}/api/dossiers/${dossierId}/attachments/${attachment.id}`, {
      headers: fx.sessions['officer.branch1'],
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="so-do-thua-dat.png"',
    );
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).format).toBe('png');

    const thumbnail = await fetch(
      `${fx.base}/api/dossiers/${dossierId}/attachments/${attachment.id}/thumbnail`,
      { headers: fx.sessions['officer.branch1'] },
    );
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    const thumb = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect([thumb.width, thumb.height]).toEqual([320, 240]);

    const hidden = await fetch(
      `${fx.base}/api/dossiers/${dossierId}/attachments/${attachment.id}`,
      {
        headers: fx.sessions['officer.branch2'],
      },
    );
    expect(hidden.status).toBe(404);
    expect(
      (await upload('officer.branch2', 'x.png', files.png as Buffer, 'image/png')).status,
    ).toBe(404);
  });

  it('accepts a PDF (no thumbnail) and refuses a file over the size limit with 413', async () => {
    const response = await upload(
      'officer.branch1',
      'hop-dong.pdf',
      files.pdf as Buffer,
      'application/pdf',
    );
    expect(response.status).toBe(201);
    const { attachment } = await response.json();
    expect(attachment).toMatchObject({ mediaType: 'application/pdf', hasThumbnail: false });
    const thumbnail = await fetch(
      `${fx.base}/api/dossiers/${dossierId}/attachments/${attachment.id}/thumbnail`,
      { headers: fx.sessions['officer.branch1'] },
    );
    expect(thumbnail.status).toBe(404);

    const big = Buffer.concat([files.pdf as Buffer, Buffer.alloc(1_200_000, 0x20)]);
    const tooBig = await upload('officer.branch1', 'scan.pdf', big, 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toBe('file: larger than the 1 MB allowed');
  });

  it('refuses a 20,000 x 20,000 PNG bomb with 422 while /health keeps answering', async () => {
    expect((files.bomb as Buffer).length).toBeLessThan(600_000);
    const pending = upload('officer.branch1', 'anh-chup.png', files.bomb as Buffer, 'image/png');
    const health: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const answer = await fetch(`${fx.base}/health`);
      expect(answer.status).toBe(200);
      health.push(Date.now() - started);
    }
    expect(Math.max(...health)).toBeLessThan(1000);
    const response = await pending;
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toBe(
      'file: anh-chup.png: the image is 20000 x 20000 pixels (400 MP); at most 100 MP are accepted',
    );
    expect(
      (await upload('officer.branch1', 'sau-do.png', files.png as Buffer, 'image/png')).status,
    ).toBe(201);
  });

  it('refuses an HTML file named .jpg with 415, judged by its content', async () => {
    const response = await upload('officer.branch1', 'anh.jpg', files.html as Buffer, 'image/jpeg');
    expect(response.status).toBe(415);
    const { error } = await response.json();
    expect(error.field).toBe('file');
    expect(error.message).toMatch(
      /^file: the content of anh\.jpg is not a recognised document format/,
    );
    expect(error.message).toMatch(/judged by content, not by name$/);
    expect((await fetch(`${fx.base}/health`)).status).toBe(200);
  });

  it('refuses a truncated JPEG with 422 and keeps serving', async () => {
    const response = await upload(
      'officer.branch1',
      'cccd.jpg',
      files.truncatedJpeg as Buffer,
      'image/jpeg',
    );
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(
      /^file: cccd\.jpg: the image cannot be decoded \(.*(premature|truncated).*\)$/i,
    );
    expect((await fetch(`${fx.base}/health`)).status).toBe(200);
    expect(
      (await upload('officer.branch1', 'hop-dong-2.pdf', files.pdf as Buffer, 'application/pdf'))
        .status,
    ).toBe(201);
    // Nothing refused is left behind in the store's temporary folder.
    expect(readdirSync(join(attachmentsDir, 'tmp'))).toEqual([]);
  });
});
