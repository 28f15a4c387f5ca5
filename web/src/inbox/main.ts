import '../style.css';
import './inbox.css';
import { byId } from '../dom';
import { openPage } from '../page_setup';
import { DossierView } from './dossier_view';
import { InboxList } from './inbox_list';
import { ReceptionForm } from './reception_form';
import { ReportPanel } from './report_panel';

const page = await openPage('staff');
const { app } = page;

/** The dossier the address names: /inbox?dossier={id} (a reload lands on it). */
const dossierInUrl = (): number | undefined => {
  const id = Number(new URLSearchParams(window.location.search).get('dossier'));
  return Number.isInteger(id) && id > 0 ? id : undefined;
};

/** Opens a dossier and puts it in the address (a new history entry unless it is there already). */
function showDossier(id: number, note?: string): void {
  reception.hide();
  if (dossierInUrl() !== id) window.history.pushState({ dossier: id }, '', `?dossier=${id}`);
  void view.open(id, note);
}

const list = new InboxList(
  byId('inbox-filters'),
  byId('inbox-counts'),
  byId('inbox-items'),
  app,
  (id) => showDossier(id),
);
const view = new DossierView(byId('dossier'), app, () => void list.load());
const reception = new ReceptionForm(byId('reception'), app, (id, note) => {
  void list.load();
  showDossier(id, note);
});
const report = new ReportPanel(byId('report'), app);

byId('reception-open').addEventListener('click', () => {
  view.hide();
  if (dossierInUrl() !== undefined) window.history.pushState({}, '', window.location.pathname);
  void reception.open();
});

window.addEventListener('popstate', () => {
  const id = dossierInUrl();
  if (id === undefined) view.hide();
  else void view.open(id);
});

function showForSession(): void {
  const signedIn = app.session !== undefined;
  const role = app.session?.user.role;
  byId('inbox-list').hidden = !signedIn;
  byId('inbox-signin').hidden = signedIn;
  byId('reception-open').hidden = role !== 'officer' && role !== 'admin';
  if (!signedIn) {
    view.hide();
    reception.hide();
  }
  byId('report').hidden = !signedIn;
  if (signedIn) {
    void list.load();
    void report.load();
    const id = dossierInUrl();
    if (id !== undefined && view.openId !== id) void view.open(id);
  }
}

page.start({ onSession: showForSession });
showForSession();
