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

/**
 * An import that cannot go on: the message names the file (and record) and the rule, and is
 * safe to show to the user (4xx in the API); `code` lets a client ask for the missing choice
 * (a CRS, an encoding) instead of parsing the text.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly file?: string,
    readonly record?: number,
  ) {
    super(message);
  }
}
