import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { formatNumber, type MessageKey, translateOr } from '../i18n';
import type { ImportStatus } from './imports_api';
import { showRejectedMap } from './rejected_map';

const pollMs = 500;
const countKeys: [keyof ImportStatus['job']['counts'], MessageKey][] = [
  ['features', 'importFeatures'],
  ['created', 'importCreated'],
  ['revised', 'importRevised'],
  ['unchanged', 'importUnchanged'],
  ['quarantined', 'importQuarantined'],
  ['repaired', 'importRepaired'],
];

/**
 * One import job: a progress bar (phase, done of total) polled from GET /api/imports/{id}
 * while it runs, then the report: counts, problems by rule, the CSV and GeoJSON downloads
 * and a map of the rejected features. `data-status` on the root tells tests where it is.
 */
export class JobView {
  private following = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
    private readonly onFinished: () => void,
  ) {}

  /** Shows job `id` and polls it until it has ended; following another job stops this one. */
  async follow(id: number): Promise<void> {
    const turn = ++this.following;
    this.root.hidden = false;
    for (;;) {
      const status = await getJson<ImportStatus>(`/api/imports/${id}`);
      if (turn !== this.following) return;
      if (status.job.status !== 'running') {
        this.report(status);
        this.onFinished();
        return;
      }
      this.progress(status);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private heading(status: ImportStatus): HTMLElement {
    const { job } = status;
    const state = translateOr(this.app.language, `importStatus_${job.status}`, job.status);
    return element(
      'h2',
      `${this.app.t('importJob')} #${job.id} — ${job.fileName} — ${state}`,
      `import-status ${job.status}`,
    );
  }

  private progress(status: ImportStatus): void {
    const { job } = status;
    const bar = document.createElement('progress');
    if (job.progressTotal) {
      bar.max = job.progressTotal;
      bar.value = job.progressDone;
    }
    const phase = translateOr(this.app.language, `phase_${job.phase}`, job.phase);
    const amount = job.progressTotal ? ` ${job.progressDone} / ${job.progressTotal}` : '';
    this.root.dataset.status = job.status;
    this.root.replaceChildren(
      this.heading(status),
      element('p', `${phase}${amount}`, 'import-phase'),
      bar,
    );
  }

  private report(status: ImportStatus): void {
    const { job, rules, downloads } = status;
    const t = (key: MessageKey) => this.app.t(key);
    const counts = element(
      'dl',
      undefined,
      'import-counts',
      ...countKeys.flatMap(([key, label]) => {
        const value = job.counts[key];
        return [
          element('dt', t(label)),
          element('dd', value === null ? '—' : formatNumber(this.app.language, value, 0)),
        ];
      }),
    );
    const parts: Node[] = [this.heading(status)];
    parts.push(element('p', formatDateTime(job.startedAt, this.app.language), 'import-started'));
    if (job.message) parts.push(element('p', job.message, 'import-refusal'));
    if (job.dryRun) parts.push(element('p', t('importDryRunNote'), 'import-dry-run'));
    parts.push(counts, element('h3', t('importRules')));
    parts.push(rules.length === 0 ? element('p', t('importNoProblems')) : this.rulesTable(status));
    if (rules.length > 0) {
      const link = (href: string, label: MessageKey) => {
        const anchor = element('a', t(label)) as HTMLAnchorElement;
        anchor.href = href;
        anchor.download = '';
        return element('li', undefined, undefined, anchor);
      };
      parts.push(
        element(
          'ul',
          undefined,
          'import-downloads',
          link(downloads.issuesCsv, 'importDownloadCsv'),
          link(downloads.rejectedGeoJson, 'importDownloadGeoJson'),
        ),
      );
    }
    const mapBox = element('div', undefined, 'import-rejected-map');
    mapBox.hidden = true;
    if (job.counts.quarantined) {
      parts.push(element('h3', t('importRejectedMap')), mapBox);
    }
    this.root.dataset.status = job.status;
    this.root.replaceChildren(...parts);
    if (job.counts.quarantined) void showRejectedMap(mapBox, downloads.rejectedGeoJson);
  }

  private rulesTable(status: ImportStatus): HTMLElement {
    const t = (key: MessageKey) => this.app.t(key);
    const row = (...cells: string[]) =>
      element('tr', undefined, undefined, ...cells.map((cell) => element('td', cell)));
    return element(
      'table',
      undefined,
      'import-rules',
      element(
        'thead',
        undefined,
        undefined,
        element(
          'tr',
          undefined,
          undefined,
          element('th', t('importRule')),
          element('th', t('importSeverity')),
          element('th', t('parcelsCount')),
        ),
      ),
      element(
        'tbody',
        undefined,
        undefined,
        ...status.rules.map((rule) => row(rule.rule, rule.severity, String(rule.features))),
      ),
    );
  }
}
