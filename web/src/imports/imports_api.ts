import { ApiError } from '../api';

/** One decoded feature of a preview. */
export interface PreviewFeature {
  featureNo: number;
  commune: string | null;
  sheet: string | null;
  parcel: string | null;
  landUse: string | null;
  holder: string | null;
  address: string | null;
}

/** What POST /api/imports/preview found out about the upload. */
export interface ImportPreview {
  fileName: string;
  sourceSrid: number;
  crsVia: string;
  targetSrid: number;
  encoding: string;
  encodingScores: Record<string, number> | undefined;
  features: number;
  attributes: string[];
  fieldMap: Record<string, string>;
  preview: PreviewFeature[];
}

export interface ImportJob {
  id: number;
  fileName: string;
  status: 'running' | 'succeeded' | 'rejected' | 'failed';
  dryRun: boolean;
  phase: 'reading' | 'validating' | 'writing' | 'finished';
  progressDone: number;
  progressTotal: number | null;
  sourceSrid: number | null;
  targetSrid: number | null;
  encoding: string | null;
  counts: Record<
    'features' | 'created' | 'revised' | 'unchanged' | 'quarantined' | 'repaired',
    number | null
  >;
  message: string | null;
  startedAt: string;
}

/** GET /api/imports/{id}: the job, its rules and where its report downloads are. */
export interface ImportStatus {
  job: ImportJob;
  rules: { rule: string; severity: string; features: number }[];
  downloads: { issuesCsv: string; rejectedGeoJson: string };
}

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
