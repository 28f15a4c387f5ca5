import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { AsJson } from '../../../core/api/as_json';
import type {
  LandStatistics as LandStatisticsAnswer,
  PublicCommune,
} from '../../../core/api/land_statistics';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { formatNumber } from '../i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

type Statistics = AsJson<LandStatisticsAnswer>;

/**
 * Land area by land-use code for the province or a chosen commune: a bar chart, the table
 * beside it, and the CSV link of the same scope.
 */
export class LandStatistics {
  private chart: Chart | undefined;
  private stats: Statistics | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly table: HTMLTableElement,
    private readonly scope: HTMLSelectElement,
    private readonly csvLink: HTMLAnchorElement,
    private readonly app: AppContext,
  ) {
    scope.addEventListener('change', () => void this.show(scope.value));
  }

  async load(): Promise<void> {
    const { communes } = await getJson<{ communes: PublicCommune[] }>('/api/public/communes');
    for (const commune of communes) {
      const option = document.createElement('option');
      option.value = commune.code;
      option.textContent = commune.name;
      this.scope.append(option);
    }
    await this.show('');
  }

  private async show(communeCode: string): Promise<void> {
    const query = communeCode ? `?commune=${encodeURIComponent(communeCode)}` : '';
    this.stats = await getJson<Statistics>(`/api/statistics/land-use${query}`);
    this.csvLink.href = `/api/statistics/land-use?format=csv${communeCode ? `&commune=${encodeURIComponent(communeCode)}` : ''}`;
    this.scope.dataset.loaded = communeCode || 'province';
    this.render();
  }

  private nameOf(row: Statistics['rows'][number]): string {
    return this.app.language === 'en' ? row.nameEn : row.name;
  }

  render(): void {
    const { stats, app } = this;
    if (!stats) return;
    const rows = [...stats.rows].sort((a, b) => b.areaHa - a.areaHa);
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.code),
        datasets: [
          {
            label: app.t('areaHa'),
            data: rows.map((row) => row.areaHa),
            backgroundColor: '#0b5d3b',
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => {
                const row = rows[items[0]?.dataIndex ?? 0];
                return row ? this.nameOf(row) : '';
              },
            },
          },
        },
      },
    });
    this.canvas.dataset.bars = String(rows.length);
    const header = element(
      'tr',
      undefined,
      undefined,
      element('th', app.t('landUseCode')),
      element('th', app.t('landUse')),
      element('th', app.t('parcelsCount')),
      element('th', app.t('areaHa')),
    );
    const body = rows.map((row) =>
      element(
        'tr',
        undefined,
        undefined,
        element('td', row.code),
        element('td', this.nameOf(row)),
        element('td', formatNumber(app.language, row.parcels, 0)),
        element('td', formatNumber(app.language, row.areaHa, 2)),
      ),
    );
    const total = element(
      'tr',
      undefined,
      'total',
      element('th', app.t('total')),
      element('th', ''),
      element('th', ''),
      element('th', formatNumber(app.language, stats.totalHa, 2)),
    );
    this.table.replaceChildren(header, ...body, total);
  }
}
