import { XMLBuilder } from 'fast-xml-parser';
import type pg from 'pg';

/** What the tax authority needs to assess a transfer: dossier, value, parcels and parties. */
export interface TaxExport {
  format: 'diagis-tax-export/1';
  dossier: {
    receiptCode: string;
    procedure: { code: string; nameVi: string };
    receivedAt: Date;
    receivingOffice: { code: string; name: string };
    currentOffice: { code: string; name: string };
  };
  transfer: { declaredValue: number | null; currency: 'VND' };
  parcels: {
    parcelId: number;
    nationalId: string | null;
    communeCode: string;
    communeName: string;
    sheetNo: number;
    parcelNo: number;
    legalArea: number | null;
    computedArea: number;
    landAddress: string | null;
    landUses: { code: string; area: number }[];
  }[];
  /** The applicant (transferee) and the current holders of the parcels (transferors). */
  parties: {
    role: 'applicant' | 'holder';
    parcelId: number | null;
    share: number | null;
    kind: string;
    fullName: string;
    idKind: string | null;
    idNumber: string | null;
    address: string | null;
  }[];
}

// The dossier with its offices, procedure and declared value.
const dossierSql = `
  SELECT d.receipt_code, d.procedure_code, p.name_vi, d.received_at, d.declared_value,
         ro.code AS ro_code, ro.name AS ro_name, co.code AS co_code, co.name AS co_name
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office ro ON ro.id = d.receiving_office_id
  JOIN org.office co ON co.id = d.current_office_id
  WHERE d.id = $1`;

// Parcels as they are now, with their land uses; areas in the VN-2000 plane, 0.1 m2.
const parcelsSql = `
  SELECT cp.parcel_id, pc.national_id, cp.commune_code, u.name AS commune_name, cp.sheet_no,
         cp.parcel_no, cp.legal_area, round(cp.computed_area::numeric, 1) AS computed_area,
         cp.land_address,
         (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'area', lu.area) ORDER BY lu.seq), '[]')
            FROM cadastre.parcel_land_use lu WHERE lu.version_id = cp.version_id) AS land_uses
  FROM dossier.dossier_parcel dp
  JOIN cadastre.current_parcel cp ON cp.parcel_id = dp.parcel_id
  JOIN cadastre.parcel pc ON pc.id = cp.parcel_id
  JOIN admin.unit u ON u.id = cp.commune_id
  WHERE dp.dossier_id = $1
  ORDER BY cp.parcel_id`;

// The applicant, then every current land-use right holder of the dossier's parcels.
const partiesSql = `
  SELECT 'applicant' AS role, NULL::bigint AS parcel_id, NULL::numeric AS share, pa.kind, pa.full_name,
         pa.id_kind, pa.id_number, pa.address, 0 AS ord
  FROM dossier.dossier d JOIN registry.party pa ON pa.id = d.applicant_party_id
  WHERE d.id = $1
  UNION ALL
  SELECT 'holder', r.parcel_id, r.share, pa.kind, pa.full_name, pa.id_kind, pa.id_number, pa.address, 1
  FROM dossier.dossier_parcel dp
  JOIN registry.parcel_right r ON r.parcel_id = dp.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
  JOIN registry.party pa ON pa.id = r.party_id
  WHERE dp.dossier_id = $1
  ORDER BY ord, parcel_id, full_name`;

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

/** The structured tax export of dossier `id`, or undefined when it does not exist. */
export async function taxExport(
  db: pg.Pool | pg.ClientBase,
  id: number,
): Promise<TaxExport | undefined> {
  const dossier = await db.query(dossierSql, [id]);
  const d = dossier.rows[0];
  if (!d) return undefined;
  const parcels = await db.query(parcelsSql, [id]);
  const parties = await db.query(partiesSql, [id]);
  return {
    format: 'diagis-tax-export/1',
    dossier: {
      receiptCode: d.receipt_code,
      procedure: { code: d.procedure_code, nameVi: d.name_vi },
      receivedAt: d.received_at,
      receivingOffice: { code: d.ro_code, name: d.ro_name },
      currentOffice: { code: d.co_code, name: d.co_name },
    },
    transfer: { declaredValue: numberOrNull(d.declared_value), currency: 'VND' },
    parcels: parcels.rows.map((p) => ({
      parcelId: Number(p.parcel_id),
      nationalId: p.national_id,
      communeCode: p.commune_code,
      communeName: p.commune_name,
      sheetNo: p.sheet_no,
      parcelNo: p.parcel_no,
      legalArea: numberOrNull(p.legal_area),
      computedArea: Number(p.computed_area),
      landAddress: p.land_address,
      landUses: (p.land_uses as { code: string; area: unknown }[]).map((use) => ({
        code: use.code,
        area: Number(use.area),
      })),
    })),
    parties: parties.rows.map((p) => ({
      role: p.role,
      parcelId: numberOrNull(p.parcel_id),
      share: numberOrNull(p.share),
      kind: p.kind,
      fullName: p.full_name,
      idKind: p.id_kind,
      idNumber: p.id_number,
      address: p.address,
    })),
  };
}

const builder = new XMLBuilder({ format: true, ignoreAttributes: false, suppressEmptyNode: true });

/**
 * The export as XML (`<taxExport>` with `<parcel>`, `<landUse>` and `<party>` elements);
 * the builder escapes every text value.
 */
export function taxExportXml(exports: readonly TaxExport[], root = 'taxExports'): string {
  const element = (e: TaxExport) => ({
    '@_format': e.format,
    dossier: { ...e.dossier, receivedAt: e.dossier.receivedAt.toISOString() },
    transfer: e.transfer,
    parcels: { parcel: e.parcels.map((p) => ({ ...p, landUses: { landUse: p.landUses } })) },
    parties: { party: e.parties },
  });
  const body =
    exports.length === 1 && root === 'taxExport'
      ? { taxExport: element(exports[0] as TaxExport) }
      : { [root]: { taxExport: exports.map(element) } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(body)}`;
}

/** The dossiers waiting for the tax authority, oldest first. */
export async function dossierIdsAtTax(db: pg.Pool | pg.ClientBase): Promise<number[]> {
  // The tax side pulls what waits for it; at_tax is set only by the workflow.
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM dossier.dossier WHERE state = 'at_tax' ORDER BY paused_since NULLS LAST, id",
  );
  return rows.map((row) => Number(row.id));
}
