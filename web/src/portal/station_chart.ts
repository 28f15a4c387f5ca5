import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { AsJson } from '../../../core/api/as_json';
import type { ObservationSeries, StationSummary } from '../../../core/api/monitoring';
import { getJson } from '../api';
import type { AppContext } from '../app_context';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

type Station = AsJson<StationSummary>;
type Series = AsJson<ObservationSeries>;

/** Station picker and a chart of one parameter over a year with the QCVN limit drawn as a line. */
export class StationChart {
  private chart: Chart | undefined;
  private stations: Station[] = [];

  constructor(
    private readonly stationSelect: HTMLSelectElement,
    private readonly parameterSelect: HTMLSelectElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly summary: HTMLElement,
    private readonly app: AppContext,
    private readonly csvLink?: HTMLAnchorElement,
  ) {
    stationSelect.addEventListener('change', () => this.pickStation());
    parameterSelect.addEventListener('change', () => void this.draw());
  }

  async load(): Promise<void> {
    this.stations = (await getJson<{ stations: Station[] }>('/api/stations')).stations;
    this.stationSelect.replaceChildren(
      ...this.stations.map((station) => new Option(station.name, String(station.id))),
    );
    this.pickStation();
  }

  /** Shows station `id` in the picker and its chart; returns it (for the map popup). */
  select(id: number): Station | undefined {
    const station = this.stations.find((candidate) => candidate.id === id);
    if (!station) return undefined;
    this.stationSelect.value = String(id);
    this.pickStation();
    return station;
  }

  private pickStation(): void {
    const station = this.stations.find(
      (candidate) => String(candidate.id) === this.stationSelect.value,
    );
    const parameters = station?.latest.map((latest) => latest.parameter) ?? [];
    this.parameterSelect.replaceChildren(...parameters.map((code) => new Option(code, code)));
    void this.draw();
  }

  private async draw(): Promise<void> {
    const stationId = this.stationSelect.value;
    const parameter = this.parameterSelect.value;
    if (!stationId || !parameter) return;
    // The year up to the station's newest observation (or now, for a station still silent).
    const station = this.stations.find((candidate) => String(candidate.id) === stationId);
    const newest = Math.max(
      ...(station?.latest.map((latest) => Date.parse(latest.observedAt)) ?? []),
      0,
    );
    const to = new Date(newest > 0 ? newest + 1000 : Date.now());
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const query = new URLSearchParams({
      parameter,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    if (this.csvLink) {
      this.csvLink.href = `/api/stations/${stationId}/observations.csv?${query}`;
    }
    const series = await getJson<Series>(`/api/stations/${stationId}/observations?${query}`);
    const labels = series.points.map((point) => point.at.slice(0, 10));
    const limit = series.limits.find(
      (candidate) => candidate.upper !== null || candidate.lower !== null,
    );
    const bound = limit?.upper ?? limit?.lower ?? null;
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label: `${series.parameter.name} (${series.parameter.unit})`,
            data: series.points.map((point) => point.value),
            borderColor: '#0b5d3b',
            pointRadius: 2,
          },
          ...(bound === null
            ? []
            : [
                {
                  label: `QCVN ${limit?.class || limit?.averaging || ''}`.trim(),
                  data: labels.map(() => bound),
                  borderColor: '#b00020',
                  borderDash: [6, 4],
                  pointRadius: 0,
                },
              ]),
        ],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false },
    });
    this.canvas.dataset.limit = bound === null ? '' : String(bound);
    this.summary.textContent = `${this.app.t('exceedances')}: ${series.exceedances} / ${series.points.length}`;
  }
}
