import type { AsJson } from '../../../core/api/as_json';
import type { DossierPage } from '../../../core/api/dossier';
import { getJson, postJson } from '../api';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { type MessageKey, translateOr } from '../i18n';
import { createMap, parcelSourceId, styleUrlFor } from '../map/create_map';

type Dossier = AsJson<DossierPage>;

/** The dossier page: facts, timeline, documents, linked parcels on a small map, and the actions allowed now. */
export class DossierView {
  private current: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
    private readonly afterAction: () => void,
  ) {
    app.onChange(() => {
      if (this.current !== undefined) void this.open(this.current);
    });
  }

  async open(id: number): Promise<void> {
    this.current = id;
    const detail = await getJson<Dossier>(`/api/dossiers/${id}`);
    if (this.current === id) this.render(detail);
  }

  private render(dossier: Dossier): void {
    const { t, language } = this.app;
    const facts = element('dl');
    const rows: [MessageKey, string][] = [
      ['receiptCode', dossier.receiptCode],
      ['procedure', dossier.procedure.nameVi],
      [
        'stateLabel',
        t(`state_${dossier.state}` as MessageKey) +
          (dossier.pausedSince ? ` (${t('paused')})` : ''),
      ],
      ['currentOffice', dossier.currentOffice.name],
      ['applicant', dossier.applicant?.fullName ?? '—'],
      ['receivedAt', formatDateTime(dossier.receivedAt, language)],
      ['dueAt', formatDateTime(dossier.dueAt, language)],
    ];
    for (const [key, value] of rows) facts.append(element('dt', t(key)), element('dd', value));

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
    const documents = element('ul');
    for (const attachment of dossier.attachments) {
      const base = `/api/dossiers/${dossier.id}/attachments/${attachment.id}`;
      const link = element('a', attachment.fileName) as HTMLAnchorElement;
      link.href = base;
      const item = element('li', undefined, undefined, link);
      if (attachment.hasThumbnail) {
        const thumbnail = element('img') as HTMLImageElement;
        thumbnail.src = `${base}/thumbnail`;
        thumbnail.alt = attachment.fileName;
        thumbnail.height = 80;
        thumbnail.tabIndex = 0;
        thumbnail.addEventListener('click', () => this.view(base, attachment.fileName));
        item.prepend(thumbnail, element('br'));
      }
      documents.append(item);
    }
    const minimap = element('div', undefined, 'minimap');
    this.root.replaceChildren(
      element('h2', dossier.receiptCode),
      facts,
      element('h3', t('actions')),
      this.actionPanel(dossier),
      element('h3', t('timeline')),
      timeline,
      element('h3', t('documents')),
      documents,
      element('h3', t('linkedParcels')),
      element(
        'p',
        dossier.parcels
          .map(
            (parcel) =>
              `${parcel.communeCode} · ${t('sheet')} ${parcel.sheetNo} · ${t('parcel')} ${parcel.parcelNo}`,
          )
          .join('; ') || '—',
      ),
      minimap,
    );
    this.root.dataset.dossierId = String(dossier.id);
    this.root.dataset.state = dossier.state;
    this.root.hidden = false;
    if (dossier.parcels.length > 0) this.showParcels(minimap, dossier.parcels);
  }

  /** Shows an image attachment at full size in a dialog (the normalised image, not a download). */
  private view(url: string, name: string): void {
    const dialog = element('dialog', undefined, 'attachment-viewer') as HTMLDialogElement;
    const image = element('img') as HTMLImageElement;
    image.src = url;
    image.alt = name;
    const close = element('button', this.app.t('close')) as HTMLButtonElement;
    close.type = 'button';
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => dialog.remove());
    dialog.append(close, element('p', name), image);
    document.body.append(dialog);
    dialog.showModal();
  }

  private actionPanel(dossier: Dossier): HTMLElement {
    const panel = element('div');
    if (dossier.allowedActions.length === 0) panel.append(element('p', this.app.t('noActions')));
    for (const allowed of dossier.allowedActions) {
      const form = element('form', undefined, 'action') as HTMLFormElement;
      form.dataset.action = allowed.action;
      if (allowed.targets) {
        const select = element('select') as HTMLSelectElement;
        select.name = 'targetOfficeId';
        select.setAttribute('aria-label', this.app.t('targetOffice'));
        for (const target of allowed.targets)
          select.append(new Option(target.name, String(target.id)));
        form.append(select);
      }
      const note = element('input') as HTMLInputElement;
      note.name = 'note';
      note.placeholder = this.app.t('note');
      note.required = allowed.fields.includes('note');
      const submit = element(
        'button',
        `${translateOr(this.app.language, `action_${allowed.action}`, allowed.action)} → ${this.app.t(`state_${allowed.to}` as MessageKey)}`,
      ) as HTMLButtonElement;
      submit.type = 'submit';
      form.append(note, submit);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const fields = new FormData(form);
        const body: Record<string, unknown> = {};
        if (fields.get('note')) body.note = fields.get('note');
        if (fields.get('targetOfficeId'))
          body.targetOfficeId = Number(fields.get('targetOfficeId'));
        await postJson(
          `/api/dossiers/${dossier.id}/actions/${allowed.action}`,
          body,
          this.app.session?.csrfToken,
        );
        this.afterAction();
        await this.open(dossier.id);
      });
      panel.append(form);
    }
    return panel;
  }

  private showParcels(container: HTMLElement, parcels: Dossier['parcels']): void {
    const map = createMap(container, styleUrlFor(true));
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
