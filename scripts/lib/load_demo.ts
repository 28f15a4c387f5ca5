import { SingleBar } from 'cli-progress';
import type pg from 'pg';
import { type DemoSummary, loadDemoProvince } from '../../demo/demo_province';
import { refreshWholeOverview } from '../../tiles/landuse_overview';

/** What to load: the demo's size, seed and the password of its accounts. */
export interface DemoLoadRequest {
  parcels: number;
  seed: number;
  password: string;
}

/**
 * Loads the demo province into an empty migrated database with a progress bar, then
 * rebuilds the land-use overview of every commune, so the overview layer is complete
 * (and no commune is left dirty) before the first tile is asked for.
 */
export async function loadDemo(
  client: pg.ClientBase,
  request: DemoLoadRequest,
): Promise<DemoSummary> {
  const bar = new SingleBar({
    format: '  {step} [{bar}] {percentage}% | {value}/{total}',
    hideCursor: true,
  });
  let currentStep = '';
  const show = (step: string, done: number, total: number) => {
    if (step !== currentStep) {
      if (currentStep) bar.stop();
      currentStep = step;
      bar.start(total, done, { step: step.padEnd(22) });
    }
    bar.update(done, { step: step.padEnd(22) });
  };
  try {
    const summary = await loadDemoProvince(client, {
      parcels: request.parcels,
      seed: request.seed,
      demoPassword: request.password,
      onProgress: show,
    });
    await refreshWholeOverview(client, (done, total) => show('land-use overview', done, total));
    return summary;
  } finally {
    if (currentStep) bar.stop();
  }
}
