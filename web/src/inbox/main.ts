import '../style.css';
import { byId } from '../dom';
import { openPage } from '../page_setup';
import { DossierView } from './dossier_view';
import { InboxList } from './inbox_list';
import { ReportPanel } from './report_panel';

const page = await openPage('staff');
const { app } = page;

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

page.start({ onSession: showForSession });
showForSession();
