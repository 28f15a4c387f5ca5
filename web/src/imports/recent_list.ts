import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { translateOr } from '../i18n';
import type { ImportJob } from './imports_api';

/** The latest imports (file, status, start); choosing one shows its report. */
export class RecentList {
  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
    private readonly onOpen: (id: number) => void,
  ) {}

  async load(): Promise<void> {
    const { jobs } = await getJson<{ jobs: ImportJob[] }>('/api/imports?limit=10');
    const items = jobs.map((job) => {
      const state = translateOr(this.app.language, `importStatus_${job.status}`, job.status);
      const button = element(
        'button',
        `#${job.id} ${job.fileName} — ${state} — ${formatDateTime(job.startedAt, this.app.language)}`,
      ) as HTMLButtonElement;
      button.type = 'button';
      button.dataset.jobId = String(job.id);
      button.addEventListener('click', () => this.onOpen(job.id));
      return element('li', undefined, job.status, button);
    });
    this.root.replaceChildren(
      element('h2', this.app.t('importRecent')),
      element('ul', undefined, 'import-recent-list', ...items),
    );
    this.root.hidden = jobs.length === 0;
  }
}
