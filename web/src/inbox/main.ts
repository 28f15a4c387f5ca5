import '../style.css';
import { currentSession } from '../api';
import { createAppContext } from '../app_context';
import { isMessageKey } from '../i18n';
import { setUpSessionUi } from '../session_ui';
import { DossierView } from './dossier_view';
import { InboxList } from './inbox_list';
import { ReportPanel } from './report_panel';

const app = createAppContext({
  language: localStorage.getItem('diagis.language') === 'en' ? 'en' : 'vi',
  session: await currentSession(),
});
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function applyLanguage(): void {
  document.documentElement.lang = app.language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n ?? '';
    if (isMessageKey(key)) node.textContent = app.t(key);
  }
  byId('language').textContent = app.language === 'vi' ? 'EN' : 'VI';
}

const list = new InboxList(
  byId('inbox-filters'),
  byId('inbox-counts'),
  byId('inbox-items'),
  app,
  (id) => void view.open(id),
);
const view = new DossierView(byId('dossier'), app, () => void list.load());
const report = new ReportPanel(byId('report'), app);

function showForSession(): void {
  const signedIn = app.session !== undefined;
  byId('inbox-list').hidden = !signedIn;
  byId('inbox-signin').hidden = signedIn;
  if (!signedIn) byId('dossier').hidden = true;
  byId('report').hidden = !signedIn;
  if (signedIn) {
    void list.load();
    void report.load();
  }
}

setUpSessionUi(app);
app.onChange((what) => {
  if (what === 'language') applyLanguage();
  if (what === 'session') showForSession();
});
byId('language').addEventListener('click', () =>
  app.setLanguage(app.language === 'vi' ? 'en' : 'vi'),
);
applyLanguage();
showForSession();
