import { cpus, loadavg, totalmem } from 'node:os';
import type pg from 'pg';
import { writeBenchmarkSection } from './benchmarks_doc';
import { percentile } from './tile_bench';

/** What `npm run bench:tiles` measured. */
export interface BenchResults {
  parcels: number;
  perZoom: { z: number; layer: string; count: number; http: number[]; sql: number[] }[];
  largest: { z: number; layer: string; bytes: number }[];
  cached: { perSecond: number; errors: number; p50: number } | undefined;
  /** The same load on GET /health, as a yardstick of the machine at that moment. */
  health: { perSecond: number } | undefined;
  /**
   * GET /ogc/collections/parcels/items?limit=1000 pages, 4 anonymous clients following next
   * links; and the first page (which counts the collection), alone.
   */
  ogcItems?: { perSecond: number; errors: number; p50: number; firstPageMs: number } | undefined;
}

const targets = { ratio: 1.25, cachedPerSecond: 3000, largestBytes: 500 * 1024 };
const ms = (value: number) => value.toFixed(1);
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

/** The results as a plain-text table (console) and as Markdown (docs/benchmarks.md). */
export function benchReport(results: BenchResults): { table: string; markdown: string } {
  const allHttp = results.perZoom.flatMap((row) => row.http);
  const allSql = results.perZoom.flatMap((row) => row.sql);
  const ratio = percentile(allHttp, 50) / percentile(allSql, 50);
  const largest = Math.max(...results.largest.map((row) => row.bytes));
  const z11 = results.largest.find((entry) => entry.z === 11);
  const rows = results.perZoom.map((row) => {
    const size = results.largest.find((entry) => entry.z === row.z);
    return [
      `z${row.z}`,
      row.layer,
      String(row.count),
      ms(percentile(row.http, 50)),
      ms(percentile(row.http, 95)),
      ms(percentile(row.sql, 50)),
      ms(percentile(row.sql, 95)),
      (percentile(row.http, 50) / percentile(row.sql, 50)).toFixed(2),
      size ? `${(size.bytes / 1024).toFixed(0)} KB (${size.layer})` : '',
    ];
  });
  const header = [
    'zoom',
    'layer',
    'tiles',
    'HTTP p50 ms',
    'HTTP p95 ms',
    'SQL p50 ms',
    'SQL p95 ms',
    'ratio p50',
    'largest tile',
  ];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  const cached = results.cached;
  const summary = [
    `all zooms: HTTP p50 ${ms(percentile(allHttp, 50))} ms / p95 ${ms(percentile(allHttp, 95))} ms, ` +
      `SQL p50 ${ms(percentile(allSql, 50))} ms / p95 ${ms(percentile(allSql, 95))} ms, ratio p50 ${ratio.toFixed(2)} ` +
      `(target <= ${targets.ratio}: ${verdict(ratio <= targets.ratio)})`,
    `cached: ${cached ? cached.perSecond.toFixed(0) : '-'} tiles/s at concurrency 32, p50 ${cached ? ms(cached.p50) : '-'} ms, ` +
      `${cached?.errors ?? 0} errors (target >= ${targets.cachedPerSecond}: ${verdict((cached?.perSecond ?? 0) >= targets.cachedPerSecond)})`,
    `largest tile: ${(largest / 1024).toFixed(0)} KB (target <= 500 KB at every zoom: ${verdict(largest <= targets.largestBytes)})`,
  ];
  if (results.health) {
    summary.push(
      `yardstick: GET /health under the same load answered ${results.health.perSecond.toFixed(0)} requests/s`,
    );
  }
  if (results.ogcItems) {
    summary.push(
      `OGC items: ${results.ogcItems.perSecond.toFixed(1)} pages/s of 1,000 parcels each, 4 clients following next links, ` +
        `p50 ${ms(results.ogcItems.p50)} ms, ${results.ogcItems.errors} errors; ` +
        `the first page (with the exact numberMatched) alone: ${ms(results.ogcItems.firstPageMs)} ms`,
    );
  }
  if (z11) {
    summary.push(
      `largest z11 tile: ${(z11.bytes / 1024).toFixed(0)} KB (${z11.layer}; z11 lies below the seeded set)`,
    );
  }
  const table = [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...summary,
  ].join('\n');
  const markdown = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...summary.map((text) => `- ${text}`),
  ].join('\n');
  return {
    table,
    markdown: `Province of ${results.parcels.toLocaleString('en')} current parcels.\n\n${markdown}`,
  };
}

/** Writes the tile section of docs/benchmarks.md (other sections stay as they are). */
export async function writeBenchReport(markdown: string, pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ pg: string; postgis: string }>(
    "SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis",
  );
  const machine =
    `Machine: ${cpus().length} cores (nproc), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, ` +
    `PostgreSQL ${rows[0]?.pg}, PostGIS ${rows[0]?.postgis}, Node.js ${process.version}; run ${new Date().toISOString().slice(0, 16)}Z ` +
    `with a 1-minute load average of ${loadavg()[0]?.toFixed(1)} (the machine is shared; the database runs on it too).`;
  const section = [
    '## Vector tiles (`npm run bench:tiles`)',
    '',
    machine,
    '',
    'Uncached: every seeded tile is requested once over HTTP (a server in the same process with its whole ' +
      'middleware chain, the anonymous rate limit raised so one address may send it all; a keep-alive ' +
      'connection, gzip accepted, the whole body received) and its SQL is run once directly on the pool as a ' +
      "prepared statement, as the server runs it; both after a warm-up pass, so the ratio is the server's own " +
      'cost (public pool, overview dirty check, gzip, ETag, HTTP). Cached: 32 keep-alive connections in a ' +
      'worker thread (a minimal HTTP/1.1 client on raw sockets, one request in flight per connection, bodies ' +
      'counted) request the same tiles round-robin for the given seconds. Largest: the densest tiles (most ' +
      'parcel vertices) of each zoom for every layer served there, uncompressed, plus the seeded tiles. ' +
      'OGC items: 4 clients each page through a quarter of the parcels with limit=1000, following next links.',
    '',
    markdown,
  ].join('\n');
  return writeBenchmarkSection('tiles', section);
}
