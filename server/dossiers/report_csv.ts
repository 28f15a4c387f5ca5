import { stringify } from 'csv-stringify/sync';
import type { DossierReportRow } from '../../core/api/dossier';

const columns: { key: keyof DossierReportRow; header: string }[] = [
  { key: 'officeCode', header: 'office_code' },
  { key: 'officeName', header: 'office_name' },
  { key: 'procedureCode', header: 'procedure_code' },
  { key: 'procedureName', header: 'procedure_name' },
  { key: 'received', header: 'received' },
  { key: 'completed', header: 'completed' },
  { key: 'completedOnTime', header: 'completed_on_time' },
  { key: 'overdue', header: 'overdue' },
];

/** The report as CSV with a header row, UTF-8 with a byte-order mark so Excel reads the diacritics. */
export function reportCsv(rows: readonly DossierReportRow[]): string {
  return stringify(rows as DossierReportRow[], {
    bom: true,
    header: true,
    columns,
    record_delimiter: 'windows',
  });
}
