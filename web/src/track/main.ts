import '../style.css';
import { ApiError, getJson } from '../api';
import { createAppContext } from '../app_context';
import { isMessageKey, type MessageKey } from '../i18n';
import { element, formatDateTime } from '../inbox/dom';

interface PublicStatus {
  receiptCode: string;
  procedure: { nameVi: string; nameEn: string };
  step: { state: string; labelVi: string };
  currentOffice: string;
  receivedAt: string;
  dueAt: string | null;
  completedAt: string | null;
}

const app = createAppContext({
  language: localStorage.getItem('diagis.language') === 'en' ? 'en' : 'vi',
  session: undefined,
});
const form = document.getElementById('track-form') as HTMLFormElement;
const result = document.getElementById('track-result') as HTMLElement;
let shown: PublicStatus | undefined;

function applyLanguage(): void {
  document.documentElement.lang = app.language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n ?? '';
    if (isMessageKey(key)) node.textContent = app.t(key);
  }
  (document.getElementById('language') as HTMLElement).textContent =
    app.language === 'vi' ? 'EN' : 'VI';
  if (shown) render(shown);
}

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
  for (const [key, value] of rows) facts.append(element('dt', t(key)), element('dd', value));
  result.replaceChildren(facts);
  result.dataset.state = status.step.state;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = new FormData(form).get('code')?.toString().trim().toUpperCase() ?? '';
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
});
document
  .getElementById('language')
  ?.addEventListener('click', () => app.setLanguage(app.language === 'vi' ? 'en' : 'vi'));
app.onChange(applyLanguage);
applyLanguage();
