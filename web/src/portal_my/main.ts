import '../style.css';
import './portal_my.css';
import type { CitizenDossier, CitizenDossierDetail, CitizenMe } from '../../../core/api/citizen';
import { ApiError, getJson, postJson } from '../api';
import { byId, element, formatDateTime } from '../dom';
import { type MessageKey, translateOr } from '../i18n';
import { openPage } from '../page_setup';

// The citizen's page: sign-in with the OpenID provider (VNeID in production), the
// citizen's name and the dossiers whose applicant carries the citizen's ID number. It uses
// the citizen routes only; a staff session counts for nothing here.
const page = await openPage('public');
const { app } = page;
const notice = byId('my-notice');
const signedOut = byId('my-signed-out');
const signedIn = byId('my-signed-in');
const list = byId<HTMLUListElement>('my-dossiers');

let me: CitizenMe | undefined;
let dossiers: CitizenDossier[] = [];
/** The notice shown, as a message key, so it follows the language. */
let noticeKey: MessageKey | undefined;

function showNotice(key: MessageKey | undefined): void {
  noticeKey = key;
  notice.hidden = key === undefined;
  notice.textContent = key ? app.t(key) : '';
}

const procedureName = (dossier: CitizenDossier): string =>
  app.language === 'vi' ? dossier.procedure.nameVi : dossier.procedure.nameEn;

const stateLabel = (state: string): string => translateOr(app.language, `state_${state}`, state);

/** The dossier's office and steps, fetched when the citizen opens its timeline. */
async function fillTimeline(receiptCode: string, into: HTMLElement): Promise<void> {
  try {
    const detail = await getJson<CitizenDossierDetail>(
      `/api/citizen/dossiers/${encodeURIComponent(receiptCode)}`,
    );
    const steps = element('ol');
    for (const step of detail.steps) {
      steps.append(
        element('li', `${formatDateTime(step.at, app.language)} — ${stateLabel(step.state)}`),
      );
    }
    into.replaceChildren(element('p', `${app.t('currentOffice')}: ${detail.currentOffice}`), steps);
  } catch {
    into.replaceChildren(element('p', app.t('failed')));
  }
}

function renderDossiers(): void {
  if (dossiers.length === 0) {
    list.replaceChildren(element('li', app.t('myNoDossiers'), 'my-empty'));
    return;
  }
  list.replaceChildren(
    ...dossiers.map((dossier) => {
      const facts = element('dl');
      const rows: [MessageKey, string][] = [
        ['procedure', procedureName(dossier)],
        ['stateLabel', stateLabel(dossier.state)],
        ['receivedAt', formatDateTime(dossier.receivedAt, app.language)],
        ['dueAt', formatDateTime(dossier.dueAt, app.language)],
      ];
      for (const [key, value] of rows)
        facts.append(element('dt', app.t(key)), element('dd', value));
      const timeline = element('div');
      const more = element(
        'details',
        undefined,
        undefined,
        element('summary', app.t('timeline')),
        timeline,
      );
      more.addEventListener('toggle', () => {
        if ((more as HTMLDetailsElement).open && !timeline.hasChildNodes()) {
          void fillTimeline(dossier.receiptCode, timeline);
        }
      });
      const item = element(
        'li',
        undefined,
        undefined,
        element('div', dossier.receiptCode, 'my-receipt'),
        facts,
        more,
      );
      item.dataset.receiptCode = dossier.receiptCode;
      item.dataset.state = dossier.state;
      return item;
    }),
  );
}

function render(): void {
  signedOut.hidden = me !== undefined;
  signedIn.hidden = me === undefined;
  if (me) {
    byId('my-name').textContent = me.citizen.name;
    byId('my-id-number').textContent = me.citizen.idNumber;
    renderDossiers();
  }
  showNotice(noticeKey);
}

async function load(): Promise<void> {
  try {
    me = await getJson<CitizenMe>('/api/citizen/me');
    dossiers = (await getJson<{ dossiers: CitizenDossier[] }>('/api/citizen/dossiers')).dossiers;
  } catch (failure) {
    me = undefined;
    dossiers = [];
    if (failure instanceof ApiError && failure.status === 503) {
      byId('my-signin').hidden = true;
      showNotice('mySignInOff');
    } else if (!(failure instanceof ApiError && failure.status === 401)) {
      showNotice('failed');
    }
  }
  render();
}

byId('my-signout').addEventListener('click', async () => {
  try {
    await postJson('/api/citizen/logout', {}, me?.csrfToken);
  } catch {
    // Already signed out (session expired): the page shows the same either way.
  }
  me = undefined;
  dossiers = [];
  render();
});

// The callback sends the citizen back here with ?signin=failed or ?signin=unavailable.
const outcome = new URLSearchParams(location.search).get('signin');
if (outcome === 'failed') showNotice('mySignInFailed');
if (outcome === 'unavailable') showNotice('mySignInUnavailable');
if (outcome) history.replaceState(null, '', location.pathname);

page.start({ onLanguage: render });
await load();
