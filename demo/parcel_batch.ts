// Rows of the parcel load, collected for a few thousand parcels at a time and then COPYed
// table by table (one connection runs one COPY at a time). Tables are flushed parents
// first, so every foreign key points at a row that is already there.
import type pg from 'pg';
import { type CopyValue, copyLine, copyRows } from '../core/db/copy_rows';

const tables = {
  party: {
    table: 'registry.party',
    columns: ['id', 'kind', 'full_name', 'birth_year', 'id_kind', 'id_number', 'address', 'phone'],
  },
  certificate: {
    table: 'registry.certificate',
    columns: ['id', 'serial_no', 'register_no', 'issued_on', 'issuing_body'],
  },
  parcel: { table: 'cadastre.parcel', columns: ['id'] },
  version: {
    table: 'cadastre.parcel_version',
    columns: [
      'id',
      'parcel_id',
      'version_no',
      'status',
      'valid',
      'commune_id',
      'sheet_no',
      'parcel_no',
      'map_sheet_id',
      'cert_sheet_no',
      'cert_parcel_no',
      'old_sheet_no',
      'old_parcel_no',
      'zone_srid',
      'geom',
      'legal_area',
      'land_address',
      'source_kind',
      'source_ref',
    ],
  },
  landUse: {
    table: 'cadastre.parcel_land_use',
    columns: ['version_id', 'seq', 'code', 'area'],
  },
  right: {
    table: 'registry.parcel_right',
    columns: [
      'id',
      'parcel_id',
      'party_id',
      'right_kind',
      'share',
      'use_term',
      'certificate_id',
      'valid',
      'source_kind',
      'source_ref',
    ],
  },
} as const;

export type ParcelTable = keyof typeof tables;
const flushOrder: readonly ParcelTable[] = [
  'party',
  'certificate',
  'parcel',
  'version',
  'landUse',
  'right',
];

/** Rows waiting to be COPYed, per table. */
export class ParcelBatch {
  private readonly lines = new Map<ParcelTable, string[]>(flushOrder.map((t) => [t, []]));
  private readonly totals = new Map<ParcelTable, number>(flushOrder.map((t) => [t, 0]));

  /** Queues one row; `values` follow the table's column list above. */
  add(table: ParcelTable, values: readonly CopyValue[]): void {
    if (values.length !== tables[table].columns.length) {
      throw new Error(
        `${table} row has ${values.length} values, expected ${tables[table].columns.length}`,
      );
    }
    this.lines.get(table)?.push(copyLine(values));
  }

  /** Parcels queued since the last flush. */
  get pendingParcels(): number {
    return this.lines.get('parcel')?.length ?? 0;
  }

  /** Rows stored so far in `table`. */
  total(table: ParcelTable): number {
    return this.totals.get(table) ?? 0;
  }

  /** COPYs every queued row, parents first, and empties the batch. */
  async flush(client: pg.ClientBase): Promise<void> {
    for (const table of flushOrder) {
      const lines = this.lines.get(table) ?? [];
      if (lines.length === 0) continue;
      const { table: name, columns } = tables[table];
      const stored = await copyRows(client, name, columns, lines);
      this.totals.set(table, this.total(table) + stored);
      this.lines.set(table, []);
    }
  }
}
