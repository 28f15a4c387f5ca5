import { DiagisError } from '../core/errors/diagis_error';

/** What stopped an import as a whole (as opposed to one feature's problem in the report). */
export type ImportErrorCode =
  | 'crs_unknown'
  | 'crs_outside_province'
  | 'encoding_unknown'
  | 'encoding_undecodable'
  | 'file_missing'
  | 'file_unsafe'
  | 'file_too_large'
  | 'file_truncated'
  | 'file_inconsistent'
  | 'file_invalid'
  | 'field_missing'
  | 'parse_timeout'
  | 'commune_required';

/** The import option a caller should change for each refusal (the source files otherwise). */
const fieldOf: Partial<Record<ImportErrorCode, string>> = {
  crs_unknown: 'srid',
  crs_outside_province: 'srid',
  encoding_unknown: 'encoding',
  encoding_undecodable: 'encoding',
  commune_required: 'communeCode',
  field_missing: 'fieldMap',
};

/**
 * An import that cannot go on: the message names the file (and record) and the rule, and is
 * safe to show to the user. It is `too_large` for a file over the limits and `unprocessable`
 * otherwise, names the option to change as `field` (`files` when it is the upload itself),
 * and carries `reason` as `code` in its details, so a client can ask for the missing choice
 * (a CRS, an encoding) instead of parsing the text.
 */
export class ImportError extends DiagisError {
  override name = 'ImportError';
  constructor(
    readonly reason: ImportErrorCode,
    message: string,
    readonly file?: string,
    readonly record?: number,
  ) {
    super(reason === 'file_too_large' ? 'too_large' : 'unprocessable', message, {
      field: fieldOf[reason] ?? 'files',
      details: { code: reason },
    });
  }
}
