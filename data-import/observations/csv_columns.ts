import { CsvRefusal } from './csv_refusal';

/** A parameter of `monitoring.parameter` as the importer needs it. */
export interface ParameterInfo {
  code: string;
  unit: string;
  medium: 'water' | 'air';
}

/** The parameter catalogue keyed by lower-case code (codes are matched without case). */
export type ParameterCatalogue = ReadonlyMap<string, ParameterInfo>;

/** What a column of an observation file holds. */
export type ColumnRole =
  | 'station'
  | 'observedAt'
  | 'parameter'
  | 'value'
  | 'unit'
  | 'averaging'
  | 'qualifier';

/**
 * Header names per role, compared by {@link headerKey} (no case, diacritics, spaces or
 * punctuation): `Mã trạm`, `MaTram` and `ma_tram` are one name.
 */
export const columnAliases: Readonly<Record<ColumnRole, readonly string[]>> = {
  station: ['tram', 'matram', 'kyhieutram', 'sohieutram', 'station', 'stationcode'],
  observedAt: [
    'thoigian',
    'thoidiem',
    'ngaygio',
    'thoigianquantrac',
    'ngayquantrac',
    'thoigianlaymau',
    'ngaylaymau',
    'time',
    'datetime',
    'date',
    'timestamp',
    'observedat',
  ],
  parameter: ['chitieu', 'machitieu', 'thongso', 'parameter', 'parametercode', 'param'],
  value: ['giatri', 'ketqua', 'value', 'result'],
  unit: ['donvi', 'donvitinh', 'dvt', 'unit'],
  averaging: ['trungbinh', 'thoigiantrungbinh', 'averaging'],
  qualifier: ['qualifier', 'dau'],
};

/** Columns a spreadsheet often carries that say nothing the import needs (row number, notes). */
export const ignoredColumns: readonly string[] = [
  'stt',
  'ghichu',
  'note',
  'notes',
  'tentram',
  'stationname',
];

/** Which column holds what; wide files have one column per parameter. */
export interface ColumnPlan {
  layout: 'long' | 'wide';
  /** Header texts as written, for the report. */
  headers: string[];
  roles: Partial<Record<ColumnRole, number>>;
  parameterColumns: { index: number; code: string; unit: string | null }[];
}

/** A header reduced to lower-case ASCII letters and digits: `Thời gian` is `thoigian`. */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** `COD (mg/L)` or `COD [mg/L]` is parameter COD in mg/L. */
function splitUnit(header: string): { name: string; unit: string | null } {
  const match = /^(.*?)\s*[([]\s*([^)\]]*?)\s*[)\]]$/.exec(header);
  return match ? { name: match[1] ?? '', unit: match[2] || null } : { name: header, unit: null };
}

const roleOf = (header: string): ColumnRole | undefined => {
  const key = headerKey(splitUnit(header).name);
  return (Object.keys(columnAliases) as ColumnRole[]).find((role) =>
    columnAliases[role].includes(key),
  );
};

/**
 * Reads the header row: long layout when it has a parameter and a value column, else wide
 * with every other column named by a parameter code (optionally with its unit in brackets).
 * Refuses (row 1, naming the column) a missing station or time column, a column named
 * twice, and a column that is neither known nor a parameter code.
 */
export function planColumns(rawHeaders: string[], catalogue: ParameterCatalogue): ColumnPlan {
  const headers = rawHeaders.map((h) => h.trim());
  const roles: Partial<Record<ColumnRole, number>> = {};
  const unclaimed: number[] = [];
  headers.forEach((header, index) => {
    const role = roleOf(header);
    if (role === undefined) {
      if (!ignoredColumns.includes(headerKey(header)) && header !== '') unclaimed.push(index);
      return;
    }
    const first = roles[role];
    if (first !== undefined)
      throw new CsvRefusal(
        'column_repeated',
        `row 1, column "${header}": repeats column "${headers[first]}" (both are the ${role})`,
        1,
        header,
      );
    roles[role] = index;
  });
  for (const role of ['station', 'observedAt'] as const) {
    if (roles[role] === undefined)
      throw new CsvRefusal(
        'column_missing',
        `row 1: no ${role === 'station' ? 'station' : 'time'} column; name one ${columnAliases[role]
          .slice(0, 4)
          .join(', ')} (or Trạm, Thời gian)`,
        1,
      );
  }
  const long = roles.parameter !== undefined && roles.value !== undefined;
  if (!long && (roles.parameter !== undefined || roles.value !== undefined))
    throw new CsvRefusal(
      'column_missing',
      `row 1: the long layout needs a ${roles.value === undefined ? 'value (Giá trị)' : 'parameter (Chỉ tiêu)'} column beside the ${roles.value === undefined ? 'parameter' : 'value'}`,
      1,
    );
  const parameterColumns: ColumnPlan['parameterColumns'] = [];
  for (const index of unclaimed) {
    const header = headers[index] ?? '';
    const { name, unit } = splitUnit(header);
    const parameter = catalogue.get(name.toLowerCase());
    if (long || !parameter)
      throw new CsvRefusal(
        'column_unknown',
        `row 1, column "${header}": ${long ? 'is not a column of the long layout' : 'is not a parameter code of monitoring.parameter'}`,
        1,
        header,
      );
    if (parameterColumns.some((p) => p.code === parameter.code))
      throw new CsvRefusal(
        'column_repeated',
        `row 1, column "${header}": parameter ${parameter.code} has two columns`,
        1,
        header,
      );
    parameterColumns.push({ index, code: parameter.code, unit });
  }
  if (!long && parameterColumns.length === 0)
    throw new CsvRefusal(
      'column_missing',
      'row 1: no parameter and value columns (long layout) and no parameter-code columns (wide layout)',
      1,
    );
  return { layout: long ? 'long' : 'wide', headers, roles, parameterColumns };
}
