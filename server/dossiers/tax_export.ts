import { XMLBuilder } from 'fast-xml-parser';
import type pg from 'pg';
import { vietnamDate } from '../../core/dossiers/working_days';

/** A party of the form: who applies, who holds the right now, who receives it. */
export interface TaxExportParty {
  /** applicant; holder = current holder (bên chuyển quyền); recipient = bên nhận. */
  role: 'applicant' | 'holder' | 'recipient';
  parcelId: number | null;
  share: number | null;
  kind: string;
  fullName: string;
  birthYear: number | null;
  idKind: string | null;
  idNumber: string | null;
  /** Mã số thuế, when the register or the dossier's register request has it. */
  taxId: string | null;
  address: string | null;
}

/** A land use of a parcel with the origin and term of the right it is held under. */
export interface TaxExportLandUse {
  code: string;
  nameVi: string;
  area: number;
  /** Nguồn gốc sử dụng đất, as registered on the current land-use right. */
  originOfUse: string | null;
  /** Thời hạn sử dụng as written on the certificate (e.g. "Lâu dài"). */
  useTerm: string | null;
  /** End of the term (YYYY-MM-DD); null for long-term use or when unknown. */
  termUntil: string | null;
}

/**
 * The land-information transfer form (phiếu chuyển thông tin để xác định nghĩa vụ tài
 * chính về đất đai) of one dossier, as the tax authority receives it: the dossier and its
 * procedure, the declared value, each parcel (commune, sheet, number, area, address,
 * location, land uses with origin and term, certificate) and the parties with their tax
 * IDs. Published schemas: docs/schemas/land-info-transfer.schema.json and .xsd.
 */
export interface TaxExport {
  format: 'diagis-tax-export/1';
  form: {
    titleVi: string;
    /** Kính gửi: the tax office; null when none is configured. */
    to: { code: string; name: string } | null;
    from: { code: string; name: string };
  };
  dossier: {
    receiptCode: string;
    procedure: { code: string; nameVi: string; legalBasis: string };
    receivedAt: Date;
    /** Ngày nhận đủ hồ sơ hợp lệ: the day of reception in Vietnam. */
    completeOn: string;
    receivingOffice: { code: string; name: string };
    currentOffice: { code: string; name: string };
  };
  transfer: {
    declaredValue: number | null;
    currency: 'VND';
    contract: { number: string; date: string } | null;
  };
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
    /** A point inside the parcel, WGS84 degrees (its position on the map). */
    location: { lon: number; lat: number };
    landUses: TaxExportLandUse[];
    certificate: { serialNo: string; registerNo: string | null; issuedOn: string | null } | null;
  }[];
  /** The applicant, the current holders of the parcels, then the recipients recorded. */
  parties: TaxExportParty[];
}

export const landInfoTransferTitle =
  'Phiếu chuyển thông tin để xác định nghĩa vụ tài chính về đất đai';

// The dossier with its offices, procedure, declared value, the tax office it goes to, and
// the land office that sends the form (while the tax office holds the dossier: the one
// that sent it there).
const dossierSql = `
  SELECT d.receipt_code, d.procedure_code, p.name_vi, p.legal_basis, d.received_at, d.declared_value,
         ro.code AS ro_code, ro.name AS ro_name, co.code AS co_code, co.name AS co_name,
         t.code AS tax_code, t.name AS tax_name,
         coalesce(s.code, co.code) AS from_code, coalesce(s.name, co.name) AS from_name
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office ro ON ro.id = d.receiving_office_id
  JOIN org.office co ON co.id = d.current_office_id
  LEFT JOIN LATERAL (SELECT code, name FROM org.office WHERE kind = 'tax' AND active ORDER BY id LIMIT 1) t ON true
  LEFT JOIN LATERAL (
    SELECT fo.code, fo.name FROM dossier.event e JOIN org.office fo ON fo.id = e.from_office_id
    WHERE e.dossier_id = d.id AND e.to_state = 'at_tax' ORDER BY e.at DESC, e.id DESC LIMIT 1
  ) s ON co.kind = 'tax'
  WHERE d.id = $1`;

// Parcels as they are now: areas in the VN-2000 plane (0.1 m2), a point inside each in
// WGS84, the land uses with the origin and term of the current land-use right (the first
// holder's, co-holders share one right), and the certificate that right is recorded on.
const parcelsSql = `
  SELECT cp.parcel_id, pc.national_id, cp.commune_code, u.name AS commune_name, cp.sheet_no,
         cp.parcel_no, cp.legal_area, round(cp.computed_area::numeric, 1) AS computed_area,
         cp.land_address,
         round(ST_X(pt)::numeric, 7) AS lon, round(ST_Y(pt)::numeric, 7) AS lat,
         r.origin_of_use, r.use_term, to_char(r.term_until, 'YYYY-MM-DD') AS term_until,
         c.serial_no, c.register_no, to_char(c.issued_on, 'YYYY-MM-DD') AS issued_on,
         (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'nameVi', lc.name_vi, 'area', lu.area)
                                   ORDER BY lu.seq), '[]')
            FROM cadastre.parcel_land_use lu JOIN ref.land_use_code lc ON lc.code = lu.code
            WHERE lu.version_id = cp.version_id) AS land_uses
  FROM dossier.dossier_parcel dp
  JOIN cadastre.current_parcel cp ON cp.parcel_id = dp.parcel_id
  JOIN cadastre.parcel pc ON pc.id = cp.parcel_id
  JOIN admin.unit u ON u.id = cp.commune_id
  CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(cp.geom), 4326) AS pt
  LEFT JOIN LATERAL (
    SELECT r.origin_of_use, r.use_term, r.term_until, r.certificate_id
    FROM registry.parcel_right r
    WHERE r.parcel_id = cp.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
    ORDER BY r.share DESC, r.id LIMIT 1
  ) r ON true
  LEFT JOIN registry.certificate c ON c.id = r.certificate_id
  WHERE dp.dossier_id = $1
  ORDER BY cp.parcel_id`;

// The applicant, then every current land-use right holder of the dossier's parcels.
const partiesSql = `
  SELECT 'applicant' AS role, NULL::bigint AS parcel_id, NULL::numeric AS share, pa.kind, pa.full_name,
         pa.birth_year, pa.id_kind, pa.id_number, pa.tax_id, pa.address, 0 AS ord
  FROM dossier.dossier d JOIN registry.party pa ON pa.id = d.applicant_party_id
  WHERE d.id = $1
  UNION ALL
  SELECT 'holder', r.parcel_id, r.share, pa.kind, pa.full_name, pa.birth_year, pa.id_kind, pa.id_number,
         pa.tax_id, pa.address, 1
  FROM dossier.dossier_parcel dp
  JOIN registry.parcel_right r ON r.parcel_id = dp.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
  JOIN registry.party pa ON pa.id = r.party_id
  WHERE dp.dossier_id = $1
  ORDER BY ord, parcel_id, full_name`;

// What the officer recorded for the register effect: the recipients of a transfer (or the
// land users of a first registration) and the contract.
const registerRequestSql =
  'SELECT effect, body FROM dossier.register_request WHERE dossier_id = $1';

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

interface RecordedParty {
  kind?: string;
  fullName: string;
  birthYear?: number;
  idKind?: string;
  idNumber?: string;
  taxId?: string;
  address?: string;
  share?: number;
}

/** The recipients and the contract recorded on the dossier, if any. */
function recordedTransfer(request: { effect: string; body: Record<string, unknown> } | undefined): {
  recipients: TaxExportParty[];
  contract: { number: string; date: string } | null;
} {
  if (!request) return { recipients: [], contract: null };
  const list =
    request.effect === 'transfer'
      ? request.body.recipients
      : request.effect === 'first_registration'
        ? request.body.holders
        : undefined;
  const recipients = ((list as RecordedParty[] | undefined) ?? []).map(
    (p): TaxExportParty => ({
      role: 'recipient',
      parcelId: null,
      share: p.share ?? null,
      kind: p.kind ?? 'person',
      fullName: p.fullName,
      birthYear: p.birthYear ?? null,
      idKind: p.idKind ?? null,
      idNumber: p.idNumber ?? null,
      taxId: p.taxId ?? null,
      address: p.address ?? null,
    }),
  );
  const contract = request.body.contract as { number?: string; date?: string } | undefined;
  return {
    recipients,
    contract:
      contract?.number && contract.date ? { number: contract.number, date: contract.date } : null,
  };
}

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
  const request = await db.query(registerRequestSql, [id]);
  const recorded = recordedTransfer(request.rows[0]);
  return {
    format: 'diagis-tax-export/1',
    form: {
      titleVi: landInfoTransferTitle,
      to: d.tax_code === null ? null : { code: d.tax_code, name: d.tax_name },
      from: { code: d.from_code, name: d.from_name },
    },
    dossier: {
      receiptCode: d.receipt_code,
      procedure: { code: d.procedure_code, nameVi: d.name_vi, legalBasis: d.legal_basis },
      receivedAt: d.received_at,
      completeOn: vietnamDate(d.received_at),
      receivingOffice: { code: d.ro_code, name: d.ro_name },
      currentOffice: { code: d.co_code, name: d.co_name },
    },
    transfer: {
      declaredValue: numberOrNull(d.declared_value),
      currency: 'VND',
      contract: recorded.contract,
    },
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
      location: { lon: Number(p.lon), lat: Number(p.lat) },
      landUses: (p.land_uses as { code: string; nameVi: string; area: unknown }[]).map((use) => ({
        code: use.code,
        nameVi: use.nameVi,
        area: Number(use.area),
        originOfUse: p.origin_of_use,
        useTerm: p.use_term,
        termUntil: p.term_until,
      })),
      certificate:
        p.serial_no === null
          ? null
          : { serialNo: p.serial_no, registerNo: p.register_no, issuedOn: p.issued_on },
    })),
    parties: [
      ...parties.rows.map(
        (p): TaxExportParty => ({
          role: p.role,
          parcelId: numberOrNull(p.parcel_id),
          share: numberOrNull(p.share),
          kind: p.kind,
          fullName: p.full_name,
          birthYear: p.birth_year,
          idKind: p.id_kind,
          idNumber: p.id_number,
          taxId: p.tax_id,
          address: p.address,
        }),
      ),
      ...recorded.recipients,
    ],
  };
}

const builder = new XMLBuilder({ format: true, ignoreAttributes: false });

/** An XML element's content: its children in schema order, without the empty ones. */
function present(fields: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  );
}

/** One export as the `taxExport` element of land-info-transfer.xsd, children in order. */
function exportElement(e: TaxExport): Record<string, unknown> {
  return {
    '@_format': e.format,
    form: present({ titleVi: e.form.titleVi, to: e.form.to, from: e.form.from }),
    dossier: {
      receiptCode: e.dossier.receiptCode,
      procedure: e.dossier.procedure,
      receivedAt: e.dossier.receivedAt.toISOString(),
      completeOn: e.dossier.completeOn,
      receivingOffice: e.dossier.receivingOffice,
      currentOffice: e.dossier.currentOffice,
    },
    transfer: present(e.transfer),
    parcels: {
      parcel: e.parcels.map((p) =>
        present({
          parcelId: p.parcelId,
          nationalId: p.nationalId,
          communeCode: p.communeCode,
          communeName: p.communeName,
          sheetNo: p.sheetNo,
          parcelNo: p.parcelNo,
          legalArea: p.legalArea,
          computedArea: p.computedArea,
          landAddress: p.landAddress,
          location: p.location,
          landUses: { landUse: p.landUses.map((use) => present(use)) },
          certificate: p.certificate === null ? null : present(p.certificate),
        }),
      ),
    },
    parties: { party: e.parties.map((party) => present(party)) },
  };
}

/**
 * The export as XML (`<taxExport>` with `<parcel>`, `<landUse>` and `<party>` elements, as
 * docs/schemas/land-info-transfer.xsd publishes it; absent values are left out); the
 * builder escapes every text value.
 */
export function taxExportXml(exports: readonly TaxExport[], root = 'taxExports'): string {
  const body =
    exports.length === 1 && root === 'taxExport'
      ? { taxExport: exportElement(exports[0] as TaxExport) }
      : { [root]: { taxExport: exports.map(exportElement) } };
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
