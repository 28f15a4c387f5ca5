import type { AppContext } from '../app_context';
import { formatNumber } from '../i18n';
import { formatLandUses } from './attribute_form';
import type { ParcelHistory, ParcelVersion } from './editor_api';

const element = (tag: string, text?: string): HTMLElement => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '…');

/**
 * A parcel's versions on a time slider (a range input, oldest at the left): moving it
 * calls `onVersion` (the editor draws that geometry) and lists the version's attributes,
 * source, author and reason.
 */
export class HistoryView {
  readonly element = document.createElement('section');
  private history: ParcelHistory | undefined;

  constructor(
    private readonly app: AppContext,
    private readonly onVersion: (version: ParcelVersion | undefined) => void,
  ) {
    this.element.id = 'editor-history-view';
    this.element.hidden = true;
  }

  show(history: ParcelHistory): void {
    this.history = history;
    this.element.hidden = false;
    this.build(history.versions.length - 1);
  }

  hide(): void {
    this.history = undefined;
    this.element.hidden = true;
    this.element.replaceChildren();
    this.onVersion(undefined);
  }

  /** Re-renders in the current language at the slider's position. */
  relabel(): void {
    const range = this.element.querySelector<HTMLInputElement>('input[type=range]');
    if (this.history && range) this.build(Number(range.value));
  }

  private build(index: number): void {
    const history = this.history;
    if (!history) return;
    const { t } = this.app;
    const range = document.createElement('input');
    range.type = 'range';
    range.id = 'editor-history-range';
    range.min = '0';
    range.max = String(history.versions.length - 1);
    range.step = '1';
    range.value = String(index);
    range.setAttribute('aria-label', t('editorHistory'));
    const details = element('dl');
    const lineage = element('p');
    const links = (kind: 'parents' | 'children') =>
      history.lineage[kind].map((link) => `#${link.parcelId} (${link.kind})`).join(', ');
    if (history.lineage.parents.length)
      lineage.append(`${t('editorParents')}: ${links('parents')}. `);
    if (history.lineage.children.length)
      lineage.append(`${t('editorChildren')}: ${links('children')}.`);
    range.addEventListener('input', () => this.showVersion(details, Number(range.value)));
    this.element.replaceChildren(element('h3', t('editorHistory')), range, details, lineage);
    this.showVersion(details, index);
  }

  private showVersion(details: HTMLElement, index: number): void {
    const { t, language } = this.app;
    const version = this.history?.versions[index];
    details.replaceChildren();
    if (version) {
      const area = (value: number) => `${formatNumber(language, value, 1)} m²`;
      const source = [
        version.source.kind,
        version.source.ref,
        version.source.dossierId ? `#${version.source.dossierId}` : '',
      ];
      const rows: [string, string][] = [
        [
          t('editorVersion'),
          `${version.versionNo} (${day(version.validFrom)} – ${day(version.validTo)})`,
        ],
        [t('editorSource'), source.filter(Boolean).join(' ')],
        [t('editorAuthor'), version.author?.name ?? '—'],
        [t('editorReason'), version.reason ?? '—'],
        [`${t('sheet')} / ${t('parcel')}`, `${version.sheetNo} / ${version.parcelNo}`],
        [t('computedArea'), area(version.computedArea)],
        [t('legalArea'), version.legalArea === null ? '—' : area(version.legalArea)],
        [t('landUse'), formatLandUses(version.landUses)],
      ];
      for (const [label, value] of rows) details.append(element('dt', label), element('dd', value));
    }
    this.element.dataset.versionNo = String(version?.versionNo ?? '');
    this.onVersion(version);
  }
}
