import type { AsJson } from '../../../core/api/as_json';
import type {
  ImportJob as Job,
  ImportPreview as Preview,
  ImportStatus as Status,
} from '../../../core/api/import_job';
import { ApiError } from '../api';

/** The import API's answers as this client reads them (shapes in core/api/import_job.ts). */
export type ImportPreview = AsJson<Preview>;
export type ImportJob = AsJson<Job>;
export type ImportStatus = AsJson<Status>;

/** POSTs a multipart upload with the session's CSRF token; throws ApiError with the error body. */
export async function postUpload<T>(
  path: string,
  form: FormData,
  csrfToken: string | undefined,
): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: csrfToken ? { 'X-CSRF-Token': csrfToken } : {},
    body: form,
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.message ?? response.statusText, body?.error);
  }
  return body as T;
}
