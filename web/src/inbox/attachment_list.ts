import type { AsJson } from '../../../core/api/as_json';
import type { DossierPage } from '../../../core/api/dossier';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { formatNumber } from '../i18n';
import { failureText } from './field_paths';
import { choice, controlOf } from './form_controls';
import { uploadAttachment } from './upload_attachment';

type Dossier = AsJson<DossierPage>;

/** Shows an image attachment at full size in a dialog (the normalised image, not a download). */
function viewImage(app: AppContext, url: string, name: string): void {
  const dialog = element('dialog', undefined, 'attachment-viewer') as HTMLDialogElement;
  const image = element('img') as HTMLImageElement;
  image.src = url;
  image.alt = name;
  const close = element('button', app.t('close')) as HTMLButtonElement;
  close.type = 'button';
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  dialog.append(close, element('p', name), image);
  document.body.append(dialog);
  dialog.showModal();
}

/**
 * The dossier's documents: each with its checklist item, size and upload time, a
 * thumbnail for images (opening the image) and a link to the file; and, when `canUpload`,
 * a form that uploads one more file for a checklist item with its progress, then calls
 * `onUploaded`.
 */
export function renderAttachments(
  app: AppContext,
  dossier: Dossier,
  checklist: readonly string[],
  canUpload: boolean,
  onUploaded: (fileName: string) => void,
): HTMLElement {
  const { t, language } = app;
  const root = element('div', undefined, 'attachments');
  const list = element('ul', undefined, 'attachment-list');
  for (const attachment of dossier.attachments) {
    const base = `/api/dossiers/${dossier.id}/attachments/${attachment.id}`;
    const link = element('a', attachment.fileName) as HTMLAnchorElement;
    link.href = base;
    const facts = `${attachment.documentKind ?? '—'} · ${formatNumber(language, attachment.byteSize / 1024, 0)} KB · ${formatDateTime(attachment.uploadedAt, language)}`;
    const item = element('li', undefined, undefined, link, element('br'), element('small', facts));
    item.dataset.attachmentId = String(attachment.id);
    if (attachment.hasThumbnail) {
      const thumbnail = element('img', undefined, 'thumbnail') as HTMLImageElement;
      thumbnail.src = `${base}/thumbnail`;
      thumbnail.alt = attachment.fileName;
      thumbnail.height = 80;
      thumbnail.tabIndex = 0;
      const open = () => viewImage(app, base, attachment.fileName);
      thumbnail.addEventListener('click', open);
      thumbnail.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') open();
      });
      item.prepend(thumbnail);
    }
    list.append(item);
  }
  if (dossier.attachments.length === 0) list.append(element('li', t('noDocuments')));
  root.append(list);
  if (!canUpload) return root;

  const form = element('form', undefined, 'upload') as HTMLFormElement;
  const kind = choice(t('documentKind'), 'documentKind', [
    ...checklist.map((item) => [item, item] as const),
    ['', t('otherDocument')],
  ]);
  const file = element('input') as HTMLInputElement;
  file.type = 'file';
  file.name = 'file';
  file.required = true;
  file.accept = 'application/pdf,image/jpeg,image/png,image/tiff';
  file.setAttribute('aria-label', t('documents'));
  const progress = element('progress') as HTMLProgressElement;
  progress.max = 1;
  progress.hidden = true;
  const message = element('small', undefined, 'message');
  message.setAttribute('role', 'status');
  const submit = element('button', t('upload')) as HTMLButtonElement;
  submit.type = 'submit';
  form.append(kind, file, submit, progress, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    progress.hidden = false;
    progress.value = 0;
    submit.disabled = true;
    message.textContent = '';
    try {
      await uploadAttachment(
        dossier.id,
        chosen,
        controlOf<HTMLSelectElement>(kind).value,
        app.session?.csrfToken,
        (share) => {
          progress.value = share;
        },
      );
      onUploaded(chosen.name);
    } catch (failure) {
      message.className = 'message refused';
      message.textContent = failureText(failure);
      submit.disabled = false;
    }
  });
  root.append(form);
  return root;
}
