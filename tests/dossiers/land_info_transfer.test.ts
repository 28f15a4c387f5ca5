import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

/**
 * The land-information transfer form sent to the tax authority (phiếu chuyển thông tin để
 * xác định nghĩa vụ tài chính về đất đai) validates against its published schemas, the
 * JSON Schema with Ajv and the XSD with libxml2's xmllint, as a real export of a transfer
 * of this test's own: the parcel's commune, sheet, number, area, address and location,
 * its land uses with origin and term, the certificate, the current holder (transferor) and
 * the recorded recipient with their tax ID.
 */

const schemaPath = new URL('../../docs/schemas/land-info-transfer.schema.json', import.meta.url)
  .pathname;
const xsdPath = new URL('../../docs/schemas/land-info-transfer.xsd', import.meta.url).pathname;
const taxKey = 'tax-key-for-the-land-info-transfer-test';
let fx: AppFixture;
let now = new Date('2027-06-07T02:00:00Z');
let parcel: { parcel_id: number; commune_id: number; serial_no: string; holder: string };

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateJson = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

/** xmllint's verdict on `xml` against the XSD: exit status and what it printed. */
function validateXml(xml: string): { status: number | null; stderr: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', xsdPath, '-'], {
    input: xml,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SESSION_HOURS: '720', DIAGIS_TAX_API_KEY: taxKey },
    clock: () => now,
    users: ['officer.branch1'],
  });
  // A parcel of branch 1 with one land-use right on a certificate, picked by a hash of its
  // id that no other test uses.
  parcel = await fx.one(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id, c.serial_no, pa.full_name AS holder
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
     JOIN registry.certificate c ON c.id = r.certificate_id
     JOIN registry.party pa ON pa.id = r.party_id
     WHERE o.code = 'CN-SOCTRANG'
       AND (SELECT count(*) FROM registry.parcel_right x WHERE x.parcel_id = p.parcel_id AND upper_inf(x.valid)) = 1
     ORDER BY md5('land-info-transfer' || p.parcel_id) LIMIT 1`,
  );
});

afterAll(() => fx.close());

describe('the land-information transfer form', () => {
  it('exports a transfer as JSON and XML that validate against the published schemas', async () => {
    const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', {
      procedure: 'transfer',
      communeId: parcel.commune_id,
      parcelIds: [parcel.parcel_id],
      applicant: {
        fullName: 'Ngô Thị Bích Trâm',
        idNumber: '094192003456',
        address: '27 Nguyễn Huệ, phường Sóc Trăng, thành phố Cần Thơ',
      },
      declaredValue: 960_000_000,
    });
    expect(created.status).toBe(201);
    const { id, receiptCode } = created.body as { id: number; receiptCode: string };
    const recorded = await fx.call(
      'officer.branch1',
      'PUT',
      `/api/dossiers/${id}/register-request`,
      {
        recipients: [
          {
            fullName: 'Ngô Thị Bích Trâm',
            idNumber: '094192003456',
            address: '27 Nguyễn Huệ, phường Sóc Trăng, thành phố Cần Thơ',
            birthYear: 1992,
            taxId: '8034567890',
            share: 1,
          },
        ],
        contract: { number: 'CN-LIT/2027/06', date: '2027-06-03' },
        certificate: { mode: 'endorse' },
      },
    );
    expect(recorded.status).toBe(200);

    const json = await fx.call('officer.branch1', 'GET', `/api/dossiers/${id}/tax-export.json`);
    expect(json.status).toBe(200);
    expect(validateJson(json.body), JSON.stringify(validateJson.errors)).toBe(true);
    const form = json.body;
    expect(form).toMatchObject({
      form: {
        titleVi: 'Phiếu chuyển thông tin để xác định nghĩa vụ tài chính về đất đai',
        to: { code: 'THUE' },
        from: { code: 'CN-SOCTRANG' },
      },
      dossier: { receiptCode, completeOn: '2027-06-07', procedure: { code: 'transfer' } },
      transfer: {
        declaredValue: 960_000_000,
        contract: { number: 'CN-LIT/2027/06', date: '2027-06-03' },
      },
    });
    expect(form.dossier.procedure.legalBasis).toMatch(/151\/2025\/NĐ-CP/);
    const [exported] = form.parcels;
    expect(exported).toMatchObject({
      parcelId: parcel.parcel_id,
      certificate: { serialNo: parcel.serial_no },
    });
    expect(exported.landUses.length).toBeGreaterThan(0);
    // The parcel's point lies inside its own bounding box (Sóc Trăng is near 105.9E 9.6N).
    const bbox = await fx.one<{ inside: boolean }>(
      `SELECT ST_Intersects(ST_Transform(geom, 4326), ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside
       FROM cadastre.current_parcel WHERE parcel_id = $1`,
      [parcel.parcel_id, exported.location.lon, exported.location.lat],
    );
    expect(bbox.inside).toBe(true);
    expect(form.parties.map((p: { role: string }) => p.role)).toEqual([
      'applicant',
      'holder',
      'recipient',
    ]);
    expect(form.parties[1]).toMatchObject({ fullName: parcel.holder, parcelId: parcel.parcel_id });
    expect(form.parties[2]).toMatchObject({ taxId: '8034567890', share: 1, birthYear: 1992 });

    const xml = await fetch(`${fx.base}/api/dossiers/${id}/tax-export.xml`, {
      headers: fx.sessions['officer.branch1'],
    });
    const xmlText = await xml.text();
    expect(validateXml(xmlText)).toEqual({ status: 0, stderr: '- validates\n' });
    expect(xmlText).toContain('<taxId>8034567890</taxId>');

    // Sent to the tax authority, the dossier is in the list it pulls, in both formats.
    expect(
      (await fx.call('officer.branch1', 'POST', `/api/dossiers/${id}/actions/start`, {})).status,
    ).toBe(200);
    now = new Date('2027-06-07T03:00:00Z');
    const sent = await fx.call(
      'officer.branch1',
      'POST',
      `/api/dossiers/${id}/actions/send_to_tax`,
      {},
    );
    expect(sent.body.state).toBe('at_tax');
    const pulled = await fx.call({ 'X-API-Key': taxKey }, 'GET', '/api/tax/dossiers');
    const ours = pulled.body.dossiers.find(
      (d: { dossier: { receiptCode: string } }) => d.dossier.receiptCode === receiptCode,
    );
    // The form names the branch that sent it, not the tax office that now holds the dossier.
    expect(ours).toMatchObject({
      form: { from: { code: 'CN-SOCTRANG' } },
      dossier: { currentOffice: { code: 'THUE' } },
    });
    for (const item of pulled.body.dossiers) {
      expect(validateJson(item), JSON.stringify(validateJson.errors)).toBe(true);
    }
    const pulledXml = await fetch(`${fx.base}/api/tax/dossiers?format=xml`, {
      headers: { 'X-API-Key': taxKey },
    });
    const pulledText = await pulledXml.text();
    expect(pulledText).toContain(`<receiptCode>${receiptCode}</receiptCode>`);
    expect(validateXml(pulledText)).toEqual({ status: 0, stderr: '- validates\n' });
  });

  it('has schemas that refuse what the form must not carry', () => {
    // The validators really check: a form without a parcel's commune, or with an unknown
    // element, fails.
    const minimal = {
      format: 'diagis-tax-export/1',
      form: { titleVi: 'x', to: null, from: { code: 'VPDK', name: 'x' } },
      dossier: {
        receiptCode: 'HS-AAAA-BBBB-CCCC-DDDD',
        procedure: { code: 'transfer', nameVi: 'x', legalBasis: 'x' },
        receivedAt: '2027-06-07T02:00:00.000Z',
        completeOn: '2027-06-07',
        receivingOffice: { code: 'VPDK', name: 'x' },
        currentOffice: { code: 'VPDK', name: 'x' },
      },
      transfer: { declaredValue: null, currency: 'VND', contract: null },
      parcels: [],
      parties: [],
    };
    expect(validateJson(minimal)).toBe(true);
    expect(validateJson({ ...minimal, parcels: [{ parcelId: 1 }] })).toBe(false);
    expect(validateJson({ ...minimal, extra: true })).toBe(false);
    const bad = validateXml(
      '<taxExport format="diagis-tax-export/1"><form><titleVi>x</titleVi><from><code>VPDK</code><name>x</name></from></form><extra/></taxExport>',
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/fails to validate/);
  });
});
