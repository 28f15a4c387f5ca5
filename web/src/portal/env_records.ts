import type { PublicRecord } from '../../../core/api/public_record';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { translateOr } from '../i18n';

/** Decided environmental protection records (no personal data: the API leaves it out). */
export class EnvRecords {
  private records: PublicRecord[] = [];

  constructor(
    private readonly table: HTMLTableElement,
    private readonly app: AppContext,
  ) {}

  async load(): Promise<void> {
    this.records = (
      await getJson<{ records: PublicRecord[] }>('/api/public/environment-records?limit=100')
    ).records;
    this.render();
  }

  render(): void {
    const { app } = this;
    const language = app.language;
    const header = element(
      'tr',
      undefined,
      undefined,
      element('th', app.t('envProject')),
      element('th', app.t('envOwner')),
      element('th', app.t('envApproval')),
      element('th', app.t('stateLabel')),
    );
    const rows = this.records.map((record) =>
      element(
        'tr',
        undefined,
        undefined,
        element(
          'td',
          undefined,
          undefined,
          element('strong', record.projectName),
          element('br'),
          element('small', translateOr(language, `envKind_${record.kind}`, record.kind)),
          ...(record.communeName ? [element('br'), element('small', record.communeName)] : []),
        ),
        element('td', record.ownerName ?? app.t('individualOwner')),
        element('td', `${record.decisionNo} (${record.decisionDate}) — ${record.approvingBody}`),
        element('td', translateOr(language, `envStatus_${record.status}`, record.status)),
      ),
    );
    this.table.replaceChildren(
      header,
      ...(rows.length > 0
        ? rows
        : [element('tr', undefined, undefined, element('td', app.t('noRecords')))]),
    );
  }
}
