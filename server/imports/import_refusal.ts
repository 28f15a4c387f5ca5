import type { ImportError, ImportErrorCode } from '../../data-import/import_error';
import { HttpError } from '../http/http_error';

/** The form field a client should change for each refusal (where there is one). */
const fieldOf: Partial<Record<ImportErrorCode, string>> = {
  crs_unknown: 'srid',
  crs_outside_province: 'srid',
  encoding_unknown: 'encoding',
  encoding_undecodable: 'encoding',
  commune_required: 'communeCode',
  field_missing: 'fieldMap',
};

/** An ImportError as an HTTP answer: 422 (413 when too large) with the library's code and message. */
export class ImportRefusal extends HttpError {
  readonly details: { code: ImportErrorCode };
  constructor(error: ImportError) {
    super(
      error.code === 'file_too_large' ? 413 : 422,
      error.message,
      fieldOf[error.code] ?? 'files',
    );
    this.details = { code: error.code };
  }
}
