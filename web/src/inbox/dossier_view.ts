import type { AsJson } from '../../../core/api/as_json';
import type { DossierPage } from '../../../core/api/dossier';
import type { Procedure } from '../../../core/api/procedure';
import { finalStates } from '../../../core/dossiers/workflow';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { formatNumber, type MessageKey, translateOr } from '../i18n';
import { createMap, parcelSourceId, styleUrlFor } from '../map/create_map';
import { type ActionOutcome, ActionPanel } from './action_panel';
import { renderAttachments } from './attachment_list';
import { dueStatus } from './due_status';
import { renderRegisterSection } from './register_section';

type Dossier = AsJson<DossierPage>;
type ProcedureJson = AsJson<Procedure>;

/** States after which the register can no longer change: nothing to record or preview. */
const settled: readonly string[] = [...finalStates, 'approved'];

/**
 * The dossier page: facts with the working days left, the receipt, the tax export, the
 * actions allowed now with the server's answer to each, the register data and the preview
 * of what approval writes, the timeline, the documents with upload, and the parcels on a
 * small map. A refusal with 409 (the dossier changed meanwhile) reloads it.
 */
export class DossierView {
  private current: number | undefined;
  private readonly message = element('p', undefined, 'message');
  private readonly actions: ActionPanel;
  private procedures: Promise<Map<string, ProcedureJson>> | undefined;
  private readonly holidays = new Map<number, Promise<string[]>>();
  private minimap: { remove(): void } | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
    private readonly afterAction: () => void,
  ) {
    this.message.id = 'dossier-message';
    this.message.setAttribute('role', 'status');
    this.message.setAttribute('aria-live', 'polite');
    this.actions = new ActionPanel(app, (outcome) => void this.outcome(outcome));
    app.onChange(() => {
      if (this.current !== undefined) void this.open(this.current);
    });
  }

  get openId(): number | undefined {
    return this.current;
  }

  /** Shows dossier `id`; `note` (e.g. "received HS-…") is shown above it. */
  async open(id: number, note?: string): Promise<void> {
    if (this.current !== id) this.say('', '');
    this.current = id;
    if (note) this.say('done', note);
    const detail = await getJson<Dossier>(`/api/dossiers/${id}`);
    if (this.current === id) await this.render(detail);
  }

  hide(): void {
    this.current = undefined;
    this.minimap?.remove();
    this.minimap = undefined;
    this.root.hidden = true;
  }

  private say(kind: '' | 'done' | 'refused', text: string): void {
    this.message.className = `message ${kind}`;
    this.message.textContent = text;
  }

  private async outcome(outcome: ActionOutcome): Promise<void> {
    const { t, language } = this.app;
    const label = translateOr(language, `action_${outcome.action}`, outcome.action);
    if (outcome.kind === 'done') {
      this.say(
        'done',
        `${label}: ${t('actionDone')} — ${t(`state_${outcome.dossier.state}` as MessageKey)}`,
      );
      this.afterAction();
      await this.render(outcome.dossier);
      return;
    }
    this.say('refused', `${label}: ${t('actionRefused')} — ${outcome.text}`);
    // 409: the dossier changed since it was shown; show it as it is now.
    if (outcome.status === 409 && this.current !== undefined) {
      this.root.dataset.reloaded = 'true';
      const detail = await getJson<Dossier>(`/api/dossiers/${this.current}`);
      await this.render(detail);
    }
  }

  private procedure(code: string): Promise<ProcedureJson | undefined> {
    this.procedures ??= getJson<{ procedures: ProcedureJson[] }>('/api/procedures').then(
      ({ procedures }) => new Map(procedures.map((p) => [p.code, p])),
    );
    return this.procedures.then((all) => all.get(code));
  }

  private async holidaySet(years: number[]): Promise<Set<string>> {
    const days = await Promise.all(
      years.map((year) => {
        let loaded = this.holidays.get(year);
        if (!loaded) {
          loaded = getJson<{ holidays: { day: string }[] }>(`/api/holidays?year=${year}`).then(
            ({ holidays }) => holidays.map((h) => h.day),
            () => [],
          );
          this.holidays.set(year, loaded);
        }
        return loaded;
      }),
    );
    return new Set(days.flat());
  }

  /** "3 working days left", "2 working days late", "clock paused", or "completed". */
  private async dueText(dossier: Dossier): Promise<string> {
    const { t } = this.app;
    const now = new Date();
    const years = [now.getFullYear()];
    if (dossier.dueAt) years.push(new Date(dossier.dueAt).getFullYear());
    const status = dueStatus(dossier, now, await this.holidaySet([...new Set(years)]));
    switch (status.kind) {
      case 'left':
        return status.days === 0 ? t('dueToday') : `${status.days} ${t('workingDaysLeft')}`;
      case 'late':
        return `${status.days} ${t('workingDaysLate')}`;
      case 'paused':
        return t('paused');
      case 'done':
        return `${t('completedAt')} ${formatDateTime(dossier.completedAt, this.app.language)}`;
      default:
        return '—';
    }
  }

  private async render(dossier: Dossier): Promise<void> {
    const { t, language } = this.app;
    const procedure = await this.procedure(dossier.procedure.code);
    const due = await this.dueText(dossier);
    const facts = element('dl');
    const rows: [MessageKey, string][] = [
      ['receiptCode', dossier.receiptCode],
      ['procedure', language === 'vi' ? dossier.procedure.nameVi : dossier.procedure.nameEn],
      [
        'stateLabel',
        t(`state_${dossier.state}` as MessageKey) +
          (dossier.pausedSince ? ` (${t('paused')})` : ''),
      ],
      ['currentOffice', dossier.currentOffice.name],
      ['applicant', dossier.applicant?.fullName ?? '—'],
      ['receivedAt', formatDateTime(dossier.receivedAt, language)],
      ['dueAt', formatDateTime(dossier.dueAt, language)],
      ['timeLeft', due],
    ];
    for (const [key, value] of rows) facts.append(element('dt', t(key)), element('dd', value));
    facts.lastElementChild?.classList.add('due-status');

    const timeline = element('ol');
    for (const event of dossier.events) {
      const who = [event.actor?.displayName, event.toOffice ? `→ ${event.toOffice.name}` : '']
        .filter(Boolean)
        .join(' ');
      timeline.append(
        element(
          'li',
          `${formatDateTime(event.at, language)} — ${translateOr(language, `event_${event.kind}`, event.kind)}${who ? ` (${who})` : ''}${event.note ? `: ${event.note}` : ''}`,
        ),
      );
    }
    const role = this.app.session?.user.role;
    const canAct = role === 'officer' || role === 'admin';
    const final = (finalStates as readonly string[]).includes(dossier.state);
    const holds =
      role === 'admin' || this.app.session?.user.office?.id === dossier.currentOffice.id;
    const minimap = element('div', undefined, 'minimap');
    const parts: HTMLElement[] = [
      element('h2', dossier.receiptCode),
      this.toolbar(dossier, procedure, holds),
      this.message,
      facts,
      element('h3', t('actions')),
      this.actions.render(dossier),
    ];
    if (dossier.taxNotices.length > 0) parts.push(...this.taxNotices(dossier));
    const effect = procedure?.registerEffect ?? 'none';
    const register = element('div', undefined, 'register');
    if (effect !== 'none' && !settled.includes(dossier.state)) parts.push(register);
    parts.push(
      element('h3', t('timeline')),
      timeline,
      element('h3', t('documents')),
      renderAttachments(
        this.app,
        dossier,
        procedure?.requiredDocuments ?? [],
        canAct && holds && !final,
        (name) => void this.open(dossier.id, `${t('uploaded')}: ${name}`),
      ),
      element('h3', t('linkedParcels')),
      element(
        'p',
        dossier.parcels.map((parcel) => this.parcelName(dossier, parcel.id)).join('; ') || '—',
      ),
      minimap,
    );
    // One WebGL context at a time: the browser drops the oldest beyond a few.
    this.minimap?.remove();
    this.minimap = undefined;
    this.root.replaceChildren(...parts);
    this.root.dataset.dossierId = String(dossier.id);
    this.root.dataset.state = dossier.state;
    this.root.hidden = false;
    if (dossier.parcels.length > 0) this.showParcels(minimap, dossier.parcels);
    if (register.isConnected) {
      await renderRegisterSection(this.app, register, { dossier, effect, canAct }, (id) =>
        this.parcelName(dossier, id),
      );
    }
  }

  private parcelName(dossier: Dossier, parcelId: number): string {
    const parcel = dossier.parcels.find((p) => p.id === parcelId);
    const { t } = this.app;
    return parcel
      ? `${parcel.communeCode} · ${t('sheet')} ${parcel.sheetNo} · ${t('parcel')} ${parcel.parcelNo}`
      : `#${parcelId}`;
  }

  /** The receipt to print, and the tax export for the office that holds a taxed dossier. */
  private toolbar(
    dossier: Dossier,
    procedure: ProcedureJson | undefined,
    holds: boolean,
  ): HTMLElement {
    const { t } = this.app;
    const bar = element('p', undefined, 'toolbar');
    const receipt = element('a', t('printReceipt'), 'button receipt') as HTMLAnchorElement;
    receipt.href = `/api/dossiers/${dossier.id}/receipt.pdf?lang=${this.app.language}`;
    receipt.target = '_blank';
    receipt.rel = 'noopener';
    bar.append(receipt);
    if (procedure?.route.involvesTax && holds) {
      for (const format of ['json', 'xml']) {
        const link = element(
          'a',
          `${t('taxExport')} (${format.toUpperCase()})`,
          'button',
        ) as HTMLAnchorElement;
        link.href = `/api/dossiers/${dossier.id}/tax-export.${format}`;
        link.target = '_blank';
        link.rel = 'noopener';
        link.dataset.format = format;
        bar.append(' ', link);
      }
    }
    return bar;
  }

  private taxNotices(dossier: Dossier): HTMLElement[] {
    const { t, language } = this.app;
    const list = element('ul', undefined, 'tax-notices');
    for (const notice of dossier.taxNotices) {
      list.append(
        element(
          'li',
          `${t('noticeNo')} ${notice.noticeNo} (${notice.noticeDate}): ${formatNumber(language, notice.amount, 0)} VND`,
        ),
      );
    }
    return [element('h3', t('taxNotices')), list];
  }

  private showParcels(container: HTMLElement, parcels: Dossier['parcels']): void {
    const map = createMap(container, styleUrlFor(true), { hash: false });
    this.minimap = map;
    const west = Math.min(...parcels.map((parcel) => parcel.bbox[0] ?? 180));
    const south = Math.min(...parcels.map((parcel) => parcel.bbox[1] ?? 90));
    const east = Math.max(...parcels.map((parcel) => parcel.bbox[2] ?? -180));
    const north = Math.max(...parcels.map((parcel) => parcel.bbox[3] ?? -90));
    map.fitBounds([west, south, east, north], { padding: 40, maxZoom: 19, duration: 0 });
    map.once('idle', () => {
      const source = parcelSourceId(map);
      if (!source) return;
      for (const parcel of parcels)
        map.setFeatureState({ source, sourceLayer: 'parcels', id: parcel.id }, { selected: true });
    });
  }
}
