// Load benchmark: several diagis processes behind nginx on one database, a mixed load at
// rising concurrency, the database restarted in the middle:  npm run bench:load
// Prints the results and writes them into docs/benchmarks.md.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import pg from 'pg';
import { guardPoolClients } from '../core/db/client_errors';
import { loadConfig, redactUrl } from '../server/config';
import { embeddedSettings, ensureDatabase } from './lib/database_bootstrap';
import {
  type Acknowledged,
  runStage,
  type Sample,
  seededRandom,
  signIn,
} from './lib/load/load_mix';
import { readLoadPlan } from './lib/load/load_plan';
import { writeLoadReport } from './lib/load/load_report';
import { checkAcknowledged, crossProcessTileDelay } from './lib/load/load_verify';
import { startBalancer } from './lib/load/nginx_balancer';
import { stageSummary } from './lib/load/stage_summary';
import { prepareDatabase } from './lib/prepare_database';
import { ensureCluster, startCluster, stopCluster } from './lib/private_cluster';
import { type ServerProcess, startServerProcess } from './lib/server_process';
import { ensurePostgisInstalled } from './lib/system_packages';

const program = new Command()
  .name('bench-load')
  .description('Several server processes behind nginx under a mixed load, with a database restart')
  .option('--parcels <n>', 'parcels of the benchmark province (loaded once)', Number, 1_000_000)
  .option('--processes <n>', 'server processes behind nginx', Number, 2)
  .option('--stages <list>', 'concurrent clients of each stage', '4,8,16,32')
  .option('--seconds <n>', 'length of each stage', Number, 20)
  .option('--outage <n>', 'seconds the database stays down in the middle stage', Number, 3)
  .option('--stop-mode <mode>', 'pg_ctl stop mode: immediate (a crash) or fast', 'immediate')
  .option('--no-write', 'do not update docs/benchmarks.md')
  .parse();
const options = program.opts<{
  parcels: number;
  processes: number;
  stages: string;
  seconds: number;
  outage: number;
  stopMode: 'immediate' | 'fast';
  write: boolean;
}>();
const say = (message: string) => console.log(`[bench:load] ${message}`);
const root = new URL('..', import.meta.url).pathname;

async function main(): Promise<void> {
  const { config } = loadConfig();
  ensurePostgisInstalled(say, config.privateCluster.binDir);
  // A cluster of its own: the benchmark restarts it, which must not disturb `npm start`.
  // Commits are synchronous here, as a department's server should run them, so a crash
  // loses no acknowledged write.
  const cluster = await ensureCluster({
    stateDir: join(config.dataDir, 'bench-load'),
    port: config.privateCluster.port + 20,
    settings: { ...embeddedSettings, synchronous_commit: "'on'" },
    binDir: config.privateCluster.binDir,
  });
  await ensureDatabase(cluster.adminUrl, 'diagis_load');
  const url = cluster.urlFor('diagis_load');
  say(`database ${redactUrl(url)}`);
  await prepareDatabase(
    url,
    { ...config, demo: { ...config.demo, enabled: true, parcels: options.parcels } },
    say,
  );
  const pool = guardPoolClients(new pg.Pool({ connectionString: url, max: 4 }), () => {});
  const { rows: counted } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM cadastre.current_parcel',
  );
  const parcels = counted[0]?.n ?? 0;
  const plan = await readLoadPlan(pool, { tilesPerZoom: 200, parcels: 20_000, seed: 94 });
  say(
    `${parcels.toLocaleString('en')} parcels; ${plan.tiles.length} tiles and ${plan.parcels.length} parcels sampled`,
  );

  const logs = mkdtempSync(join(tmpdir(), 'diagis-load-'));
  const serverEnv = () => ({
    DATABASE_URL: url,
    PORT: '0',
    DIAGIS_DEMO: 'false',
    DIAGIS_LOG_LEVEL: 'warn',
    DIAGIS_TRUST_PROXY: 'true',
    DIAGIS_DEMO_PASSWORD: config.demo.password,
    // One machine sends the whole load; the limits would otherwise refuse most of it.
    DIAGIS_PUBLIC_API_PER_MINUTE: '0',
    DIAGIS_PUBLIC_TILES_PER_MINUTE: '0',
    DIAGIS_LOGIN_MAX_FAILURES: '1000',
  });
  const servers: ServerProcess[] = [];
  for (let index = 0; index < options.processes; index++) {
    servers.push(
      await startServerProcess({
        root,
        env: serverEnv(),
        logFile: join(logs, `server-${index}.log`),
      }),
    );
  }
  say(
    `${servers.length} server processes: ${servers.map((server) => server.url).join(', ')} (logs in ${logs})`,
  );
  const balancer = await startBalancer(
    servers.map((server) => server.url.replace('http://', '')),
    cluster.port + 1000,
    say,
  );
  say(`nginx on ${balancer.url}`);

  try {
    const password = config.demo.password;
    const sessions = {
      surveyor: await signIn(balancer.url, 'surveyor1', password),
      officer: await signIn(balancer.url, 'officer.branch1', password),
    };
    const random = seededRandom(94);
    const acknowledged: Acknowledged[] = [];
    const stages = options.stages.split(',').map(Number);
    const summaries = [];
    let outage: { from: number; to: number } | undefined;
    // Reference: the same mix against one process directly, at the highest concurrency.
    const referenceSamples: Sample[] = [];
    await runStage({
      base: servers[0]?.url as string,
      plan,
      sessions,
      concurrency: stages.at(-1) as number,
      seconds: options.seconds,
      random,
      samples: referenceSamples,
      acknowledged,
    });
    const reference = stageSummary(
      `1 process, direct`,
      stages.at(-1) as number,
      options.seconds,
      referenceSamples,
      undefined,
    );
    say(`reference ${JSON.stringify(reference)}`);
    const middle = Math.floor((stages.length - 1) / 2);
    for (const [index, concurrency] of stages.entries()) {
      const samples: Sample[] = [];
      await runStage({
        base: balancer.url,
        plan,
        sessions,
        concurrency,
        seconds: options.seconds,
        random,
        samples,
        acknowledged,
        ...(index === middle
          ? {
              midway: async () => {
                const from = Date.now();
                say(`stopping the database (${options.stopMode}) for ${options.outage} s`);
                stopCluster(cluster.dataDir, config.privateCluster.binDir, options.stopMode);
                await new Promise((resolve) => setTimeout(resolve, options.outage * 1000));
                startCluster(cluster.dataDir, config.privateCluster.binDir);
                // The outage ends when every process answers /ready again.
                for (const server of servers) {
                  while (
                    (await fetch(`${server.url}/ready`).then(
                      (r) => r.status,
                      () => 0,
                    )) !== 200
                  ) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                  }
                }
                outage = { from, to: Date.now() };
                say(
                  `database back; outage window ${((outage.to - outage.from) / 1000).toFixed(1)} s`,
                );
              },
            }
          : {}),
      });
      const summary = stageSummary(
        `${servers.length} processes, nginx`,
        concurrency,
        options.seconds,
        samples,
        outage,
      );
      summaries.push(summary);
      say(JSON.stringify(summary));
    }
    const writes = await checkAcknowledged(pool, acknowledged);
    say(
      `acknowledged writes: ${writes.edits} edits, ${writes.dossiers} dossiers; lost ${writes.lost.length}`,
    );
    for (const line of writes.lost) say(`  lost: ${line}`);
    const writer = servers[0] as ServerProcess;
    const reader = servers[1] ?? writer;
    const tileCheck = await crossProcessTileDelay(
      pool,
      { url: writer.url, session: await signIn(writer.url, 'surveyor1', password) },
      reader,
      plan.parcels.at(-1) as { id: number },
    );
    say(
      `edit through ${writer.url}, tile from ${reader.url}: ${tileCheck.ms === undefined ? 'NOT seen within 5 s' : `new value after ${tileCheck.ms.toFixed(0)} ms`}`,
    );
    const exited = servers.filter((server) => server.exit() !== undefined);
    if (exited.length > 0) say(`PROCESS EXIT: ${exited.map((server) => server.url).join(', ')}`);
    const report = {
      parcels,
      processes: servers.length,
      stopMode: options.stopMode,
      reference,
      summaries,
      writes,
      tileCheck,
      outage,
      exited: exited.length,
    };
    if (options.write) say(`wrote ${await writeLoadReport(report, balancer.config, pool)}`);
    const failed =
      writes.lost.length > 0 ||
      exited.length > 0 ||
      tileCheck.ms === undefined ||
      summaries.some((summary) => summary.unexpected5xx > 0 || summary.networkErrors > 0);
    if (failed) process.exitCode = 1;
  } finally {
    await balancer.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error('[bench:load] failed:', error);
  process.exit(1);
});
