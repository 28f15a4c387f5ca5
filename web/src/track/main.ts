import '../style.css';
import type { AsJson } from '../../../core/api/as_json';
import type { PublicDossierStatus } from '../../../core/api/dossier';
import { ApiError, getJson } from '../api';
import { byId, element, formatDateTime } from '../dom';
import type { MessageKey } from '../i18n';
import { openPage } from '../page_setup';

type PublicStatus = AsJson<PublicDossierStatus>;

const page = await openPage('public');
const { app } = page;
const form = byId<HTMLFormElement>('track-form');
const result = byId('track-result');
let shown: PublicStatus | undefined;

function render(status: PublicStatus): void {
  const { t, language } = app;
  const facts = element('dl');
  const rows: [MessageKey, string][] = [
    ['receiptCode', status.receiptCode],
    ['procedure', language === 'vi' ? status.procedure.nameVi : status.procedure.nameEn],
    [
      'stateLabel',
      language === 'vi' ? status.step.labelVi : t(`state_${status.step.state}` as MessageKey),
    ],
    ['currentOffice', status.currentOffice],
    ['receivedAt', formatDateTime(status.receivedAt, language)],
    ['dueAt', formatDateTime(status.dueAt, language)],
  ];
  if (status.completedAt) rows.push(['completedAt', formatDateTime(status.completedAt, language)]);
  for (const [key, value] of rows) facts.append(element('dt', t(key)), element('dd', value));
  result.replaceChildren(facts);
  result.dataset.state = status.step.state;
}

async function lookUp(code: string): Promise<void> {
  try {
    shown = await getJson<PublicStatus>(`/api/public/dossiers/${encodeURIComponent(code)}`);
    render(shown);
  } catch (failure) {
    shown = undefined;
    const status = failure instanceof ApiError ? failure.status : 0;
    result.dataset.state = '';
    result.replaceChildren(
      element('p', status === 429 ? app.t('throttled') : app.t('trackNotFound')),
    );
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void lookUp(new FormData(form).get('code')?.toString().trim().toUpperCase() ?? '');
});
// The receipt's QR code opens /track?code=<receipt code>: look it up at once.
const given = new URLSearchParams(window.location.search).get('code')?.trim().toUpperCase();
if (given) {
  (form.elements.namedItem('code') as HTMLInputElement).value = given;
  void lookUp(given);
}
page.start({
  onLanguage: () => {
    if (shown) render(shown);
  },
});
