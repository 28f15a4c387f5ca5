import type { AsJson } from '../../../core/api/as_json';
import type { DossierList } from '../../../core/api/dossier';
import { dossierStates } from '../../../core/dossiers/workflow';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import type { MessageKey } from '../i18n';

/** The inbox list: filters, counts of overdue and due-soon dossiers, and one button per dossier. */
export class InboxList {
  constructor(
    private readonly form: HTMLFormElement,
    private readonly counts: HTMLElement,
    private readonly items: HTMLElement,
    private readonly app: AppContext,
    private readonly onOpen: (id: number) => void,
  ) {
    form.addEventListener('change', () => void this.load());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    app.onChange(() => this.renderStateOptions());
    this.renderStateOptions();
  }

  private renderStateOptions(): void {
    const select = this.form.elements.namedItem('state') as HTMLSelectElement;
    const chosen = select.value;
    select.replaceChildren(new Option(this.app.t('allStates'), ''));
    for (const state of dossierStates)
      select.append(
        new Option(this.app.t(`state_${state}` as MessageKey), state, false, state === chosen),
      );
  }

  /** Reloads the list with the current filters. */
  async load(): Promise<void> {
    const fields = new FormData(this.form);
    const query = new URLSearchParams();
    for (const name of ['state', 'q', 'overdue']) {
      const value = fields.get(name)?.toString().trim();
      if (value && !(name === 'q' && value.length < 2)) query.set(name, value);
    }
    const answer = await getJson<AsJson<DossierList>>(`/api/dossiers?${query}`);
    const { t, language } = this.app;
    this.counts.replaceChildren(
      element('span', `${t('overdue')}: ${answer.counts.overdue}`, 'badge overdue'),
      ' ',
      element('span', `${t('dueSoon')}: ${answer.counts.dueSoon}`, 'badge'),
      ' ',
      element('span', `${answer.total}`, 'badge'),
    );
    this.items.replaceChildren();
    if (answer.items.length === 0) this.items.append(element('li', t('noDossiers')));
    for (const item of answer.items) {
      const button = element(
        'button',
        undefined,
        item.overdue ? 'overdue' : item.dueSoon ? 'due-soon' : undefined,
        element('strong', item.receiptCode),
        element('br'),
        document.createTextNode(
          `${item.procedure.nameVi} — ${t(`state_${item.state}` as MessageKey)}`,
        ),
        element('br'),
        element(
          'small',
          `${item.applicantName ?? ''} · ${t('dueAt')}: ${formatDateTime(item.dueAt, language)} · ${item.currentOffice.name}`,
        ),
      ) as HTMLButtonElement;
      button.type = 'button';
      button.dataset.dossierId = String(item.id);
      button.addEventListener('click', () => this.onOpen(item.id));
      this.items.append(element('li', undefined, undefined, button));
    }
  }
}
