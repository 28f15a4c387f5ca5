import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { formatNumber } from '../i18n';
import { element } from '../inbox/dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Statistics {
  rows: { code: string; name: string; parcels: number; areaHa: number }[];
  totalHa: number;
}

/** Province land area by land-use code: a bar chart and the table beside it (the page links the CSV). */
export class LandStatistics {
  private chart: Chart | undefined;
  private stats: Statistics | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly table: HTMLTableElement,
    private readonly app: AppContext,
  ) {}

  async load(): Promise<void> {
    this.stats = await getJson<Statistics>('/api/statistics/land-use');
    this.render();
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
          tooltip: { callbacks: { title: (items) => rows[items[0]?.dataIndex ?? 0]?.name ?? '' } },
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
        element('td', row.name),
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
