import { cpus, loadavg, totalmem } from 'node:os';
import type pg from 'pg';
import { writeBenchmarkSection } from '../benchmarks_doc';
import type { WriteCheck } from './load_verify';
import type { StageSummary } from './stage_summary';

/** Everything `npm run bench:load` measured. */
export interface LoadReport {
  parcels: number;
  processes: number;
  stopMode: string;
  reference: StageSummary;
  summaries: StageSummary[];
  writes: WriteCheck;
  tileCheck: { ms: number | undefined; parcelId: number };
  outage: { from: number; to: number } | undefined;
  exited: number;
}

const row = (summary: StageSummary) =>
  `| ${summary.label} | ${summary.concurrency} | ${summary.requests} | ${summary.perSecond} | ` +
  `${summary.p50} | ${summary.p95} | ${summary.p99} | ${summary.p95ByKind.tile ?? '-'} | ` +
  `${summary.p95ByKind.edit ?? '-'} | ${summary.outage5xx} | ${summary.unexpected5xx} | ` +
  `${summary.networkErrors} | ${summary.conflicts} |`;

/** Writes the load section of docs/benchmarks.md (other sections stay as they are). */
export async function writeLoadReport(
  report: LoadReport,
  nginxConfig: string,
  pool: pg.Pool,
): Promise<string> {
  const { rows } = await pool.query<{ pg: string; postgis: string }>(
    "SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis",
  );
  const top = report.summaries.find((s) => s.concurrency === report.reference.concurrency);
  const ratio = top ? (top.perSecond / report.reference.perSecond).toFixed(2) : '-';
  const section = [
    '## Several processes behind nginx (`npm run bench:load`)',
    '',
    `Machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, PostgreSQL ${rows[0]?.pg}, ` +
      `PostGIS ${rows[0]?.postgis}, Node.js ${process.version}; run ${new Date().toISOString().slice(0, 16)}Z, ` +
      `1-minute load average ${loadavg()[0]?.toFixed(1)}. The load generator, nginx, ${report.processes} server ` +
      'processes and PostgreSQL share these cores.',
    '',
    `${report.parcels.toLocaleString('en')} parcels. Mix: 70% anonymous vector tiles (the seeded tiles of bench:tiles, z12-z18), 10% OGC items ` +
      'by box, 10% staff parcel reads, 6.5% parcel edits (legal area, `If-Match`), 3.5% new dossiers. ' +
      `In the middle stage the database is stopped (\`pg_ctl stop -m ${report.stopMode}\`) for a few seconds and ` +
      'started again; every process recovers without a restart. Latencies in ms.',
    '',
    '| setup | clients | requests | per s | p50 | p95 | p99 | tile p95 | edit p95 | 5xx in outage | other 5xx | no answer | conflicts |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    row(report.reference),
    ...report.summaries.map(row),
    '',
    `- Throughput of ${report.processes} processes behind nginx against one process reached directly, same clients: **${ratio}x**.`,
    `- Outage window (database stop until every process answered \`/ready\`): ${report.outage ? `${((report.outage.to - report.outage.from) / 1000).toFixed(1)} s` : 'none'}.`,
    `- Acknowledged writes: ${report.writes.edits} edits and ${report.writes.dossiers} dossiers; **${report.writes.lost.length} lost**.`,
    `- An edit through one process showed in the tile served by the other after ${report.tileCheck.ms === undefined ? '**more than 5 s**' : `${report.tileCheck.ms.toFixed(0)} ms`} (the other process had the old tile cached).`,
    `- Server processes that exited: ${report.exited}.`,
    '',
    '<details><summary>The nginx configuration it ran</summary>',
    '',
    '```nginx',
    nginxConfig.trim(),
    '```',
    '</details>',
  ].join('\n');
  return writeBenchmarkSection('load', section);
}
