import '../style.css';
import './imports.css';
import { ApiError } from '../api';
import { byId } from '../dom';
import { isMessageKey } from '../i18n';
import { openPage } from '../page_setup';
import type { ImportJob, ImportPreview } from './imports_api';
import { postUpload } from './imports_api';
import { JobView } from './job_view';
import { PreviewView } from './preview_view';
import { RecentList } from './recent_list';
import { UploadForm } from './upload_form';

const page = await openPage('staff');
const { app } = page;
const message = byId('import-message');

const preview = new PreviewView(byId('import-preview-result'), app);
const recent = new RecentList(byId('import-recent'), app, (id) => void job.follow(id));
const job = new JobView(byId('import-job'), app, () => void recent.load());
const form = new UploadForm(byId('import-form'), byId('import-confirm'), () => {
  if (!preview.root.hidden) message.textContent = app.t('importChanged');
});

/** A refusal the user can answer (choose a CRS, an encoding, …) is asked for in words; the rest is shown as sent. */
function showFailure(failure: unknown): void {
  const field = failure instanceof ApiError ? String(failure.detail?.field ?? '') : '';
  const key = `importChoose_${field}`;
  const asked = failure instanceof ApiError && failure.status === 422 && isMessageKey(key);
  const text = failure instanceof Error ? failure.message : app.t('failed');
  message.textContent = asked ? `${app.t(key)} (${text})` : text;
  form.focus(field || undefined);
}

byId('import-preview').addEventListener('click', async () => {
  if (!form.form.reportValidity()) return;
  message.textContent = '';
  preview.hide();
  try {
    const meta = await postUpload<ImportPreview>(
      '/api/imports/preview',
      form.body(),
      app.session?.csrfToken,
    );
    preview.show(meta, (field, attribute) => {
      form.fieldMap[field] = attribute;
      form.ready(false);
      message.textContent = app.t('importChanged');
    });
    form.ready(true);
  } catch (failure) {
    showFailure(failure);
  }
});

form.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  form.ready(false);
  message.textContent = '';
  try {
    const started = await postUpload<{ job: ImportJob }>(
      '/api/imports',
      form.body(),
      app.session?.csrfToken,
    );
    await job.follow(started.job.id);
  } catch (failure) {
    showFailure(failure);
  }
});

function showForSession(): void {
  const role = app.session?.user.role;
  const allowed = role === 'surveyor' || role === 'admin';
  byId('imports-signin').hidden = role !== undefined;
  byId('imports-forbidden').hidden = role === undefined || allowed;
  byId('import-upload').hidden = !allowed;
  if (!allowed) {
    byId('import-job').hidden = true;
    byId('import-recent').hidden = true;
  } else void recent.load();
}

page.start({ onSession: showForSession });
showForSession();
