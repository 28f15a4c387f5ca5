import type { AsJson } from '../../../core/api/as_json';
import type { DossierDetail } from '../../../core/api/dossier';
import { ApiError } from '../api';

export type Attachment = AsJson<DossierDetail['attachments'][number]>;

/**
 * Uploads one file to a dossier (POST /api/dossiers/{id}/attachments, multipart: `file`
 * and the checklist item as `documentKind`), reporting the share sent so far (0-1) to
 * `onProgress`. XMLHttpRequest, because fetch reports no upload progress. Rejects with
 * an ApiError carrying the server's message.
 */
export function uploadAttachment(
  dossierId: number,
  file: File,
  documentKind: string,
  csrfToken: string | undefined,
  onProgress: (share: number) => void,
): Promise<Attachment> {
  const form = new FormData();
  if (documentKind) form.append('documentKind', documentKind);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/dossiers/${dossierId}/attachments`);
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.responseType = 'json';
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      const body = request.response as {
        attachment?: Attachment;
        error?: Record<string, unknown>;
      } | null;
      if (request.status === 201 && body?.attachment) {
        onProgress(1);
        resolve(body.attachment);
        return;
      }
      const message =
        typeof body?.error?.message === 'string' ? body.error.message : request.statusText;
      reject(new ApiError(request.status, message, body?.error));
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'network error')));
    request.send(form);
  });
}
