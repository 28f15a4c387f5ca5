import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { DossierReportRow } from '../../../core/api/dossier';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The report of dossiers received, completed, on time and overdue per office and
 * procedure for a period: a table, a bar chart per office, and the CSV download.
 */
export class ReportPanel {
  private chart: Chart | undefined;
  private readonly form = element('form', undefined, 'report-form') as HTMLFormElement;
  private readonly output = element('div');

  constructor(
    root: HTMLElement,
    private readonly app: AppContext,
  ) {
    const today = new Date();
    const from = element('input') as HTMLInputElement;
    from.type = 'date';
    from.name = 'from';
    from.value = isoDay(new Date(today.getFullYear(), 0, 1));
    const to = element('input') as HTMLInputElement;
    to.type = 'date';
    to.name = 'to';
    to.value = isoDay(today);
    const show = element('button', app.t('reportShow')) as HTMLButtonElement;
    show.type = 'submit';
    this.form.append(from, to, show);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    root.replaceChildren(element('h2', app.t('reportTitle')), this.form, this.output);
  }

  async load(): Promise<void> {
    const fields = new FormData(this.form);
    const query = new URLSearchParams({
      from: String(fields.get('from')),
      to: String(fields.get('to')),
    });
    const { rows } = await getJson<{ rows: DossierReportRow[] }>(`/api/reports/dossiers?${query}`);
    const { t } = this.app;
    const table = element('table', undefined, 'report');
    const head = element('tr');
    for (const title of [
      t('reportOffice'),
      t('procedure'),
      t('reportReceived'),
      t('reportCompleted'),
      t('reportOnTime'),
      t('overdue'),
    ]) {
      head.append(element('th', title));
    }
    table.append(head);
    for (const row of rows) {
      const line = element('tr');
      for (const cell of [
        row.officeName,
        row.procedureName,
        row.received,
        row.completed,
        row.completedOnTime,
        row.overdue,
      ]) {
        line.append(element('td', String(cell)));
      }
      table.append(line);
    }
    const csv = element('a', t('reportCsv')) as HTMLAnchorElement;
    csv.href = `/api/reports/dossiers?${query}&format=csv`;
    const canvas = element('canvas') as HTMLCanvasElement;
    canvas.height = 220;
    this.output.replaceChildren(element('div', undefined, 'report-chart', canvas), table, csv);
    this.drawChart(canvas, rows);
  }

  private drawChart(canvas: HTMLCanvasElement, rows: DossierReportRow[]): void {
    const offices = [...new Set(rows.map((row) => row.officeName))];
    const total = (office: string, pick: (row: DossierReportRow) => number) =>
      rows.filter((row) => row.officeName === office).reduce((sum, row) => sum + pick(row), 0);
    this.chart?.destroy();
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: offices,
        datasets: [
          {
            label: this.app.t('reportReceived'),
            data: offices.map((o) => total(o, (r) => r.received)),
            backgroundColor: '#8fb8a4',
          },
          {
            label: this.app.t('reportOnTime'),
            data: offices.map((o) => total(o, (r) => r.completedOnTime)),
            backgroundColor: '#0b5d3b',
          },
          {
            label: this.app.t('overdue'),
            data: offices.map((o) => total(o, (r) => r.overdue)),
            backgroundColor: '#b00020',
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
}
