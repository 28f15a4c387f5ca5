import type { ParcelField } from '../../../core/api/import_job';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import type { MessageKey } from '../i18n';
import type { ImportPreview } from './imports_api';

/** Parcel fields in the order the mapping table shows them, with their label. */
const fields: [ParcelField, MessageKey][] = [
  ['commune', 'commune'],
  ['sheet', 'sheet'],
  ['parcel', 'parcel'],
  ['area', 'legalArea'],
  ['landUse', 'landUse'],
  ['holder', 'holders'],
  ['address', 'landAddress'],
];

/**
 * What a preview found: the CRS and how it was recognised, the encoding with its detection
 * scores, the field mapping (a select per parcel field over the file's attributes) and the
 * first decoded features, names included, so a wrong encoding shows before anything is written.
 */
export class PreviewView {
  constructor(
    readonly root: HTMLElement,
    private readonly app: AppContext,
  ) {}

  hide(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  show(meta: ImportPreview, onMapping: (field: string, attribute: string) => void): void {
    const t = (key: MessageKey) => this.app.t(key);
    const scores = meta.encodingScores
      ? ` (${t('importEncodingScores')}: ${Object.entries(meta.encodingScores)
          .map(([name, score]) => `${name} ${Math.round(score * 100)} %`)
          .join(', ')})`
      : '';
    const facts = element(
      'dl',
      undefined,
      'import-facts',
      element('dt', t('importCrs')),
      element(
        'dd',
        `EPSG:${meta.sourceSrid} (${t('importCrsVia')} ${meta.crsVia}) → ${t('importStoredIn')} EPSG:${meta.targetSrid}`,
        'import-crs',
      ),
      element('dt', t('importEncoding')),
      element('dd', `${meta.encoding}${scores}`, 'import-encoding'),
      element('dt', t('importFeatures')),
      element('dd', String(meta.features)),
    );
    this.root.replaceChildren(
      element('h2', meta.fileName),
      facts,
      element('h3', t('importFieldMapping')),
      this.mapping(meta, onMapping),
      element('h3', t('importSample')),
      this.sample(meta),
    );
    this.root.hidden = false;
  }

  private mapping(
    meta: ImportPreview,
    onMapping: (field: string, attribute: string) => void,
  ): HTMLElement {
    const rows = fields.map(([field, label]) => {
      const select = document.createElement('select');
      select.name = `map-${field}`;
      select.append(new Option('—', ''));
      for (const attribute of meta.attributes) {
        select.append(new Option(attribute, attribute, false, meta.fieldMap[field] === attribute));
      }
      select.addEventListener('change', () => onMapping(field, select.value));
      return element(
        'tr',
        undefined,
        undefined,
        element('th', this.app.t(label)),
        element('td', undefined, undefined, select),
      );
    });
    const head = element(
      'tr',
      undefined,
      undefined,
      element('th', ''),
      element('th', this.app.t('importAttribute')),
    );
    return element(
      'table',
      undefined,
      'import-mapping',
      element('thead', undefined, undefined, head),
      element('tbody', undefined, undefined, ...rows),
    );
  }

  private sample(meta: ImportPreview): HTMLElement {
    const t = (key: MessageKey) => this.app.t(key);
    const head = element(
      'tr',
      undefined,
      undefined,
      ...[
        '#',
        t('commune'),
        t('sheet'),
        t('parcel'),
        t('landUse'),
        t('holders'),
        t('landAddress'),
      ].map((label) => element('th', label)),
    );
    const rows = meta.preview.map((feature) =>
      element(
        'tr',
        undefined,
        undefined,
        ...[
          feature.featureNo,
          feature.commune,
          feature.sheet,
          feature.parcel,
          feature.landUse,
          feature.holder,
          feature.address,
        ].map((value) => element('td', value === null ? '—' : String(value))),
      ),
    );
    return element(
      'table',
      undefined,
      'import-sample',
      element('thead', undefined, undefined, head),
      element('tbody', undefined, undefined, ...rows),
    );
  }
}
