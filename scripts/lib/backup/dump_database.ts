import { pgConnection, runPgTool } from './pg_tools';
import type { Progress } from './progress';

/** What `dumpDatabase` needs: where from, which snapshot, where to. */
export interface DumpRequest {
  url: string;
  /** A snapshot exported by a transaction that stays open until the dump ends. */
  snapshot: string;
  file: string;
  binDir: string;
  tableCount: number;
  progress: Progress;
}

/**
 * `pg_dump -Fc` of the whole database as of `snapshot`, so the dump and the row counts
 * taken in the exporting transaction describe the same moment.
 */
export async function dumpDatabase(request: DumpRequest): Promise<void> {
  const connection = pgConnection(request.url);
  const step = request.progress('dumping tables', request.tableCount);
  try {
    await runPgTool(
      request.binDir,
      'pg_dump',
      [
        '--format=custom',
        `--snapshot=${request.snapshot}`,
        `--file=${request.file}`,
        '--verbose',
        `--dbname=${connection.dbname}`,
      ],
      connection.env,
      (line) => {
        const table = /dumping contents of table "([^"]+)"/.exec(line)?.[1];
        if (table) step.tick(table);
      },
    );
  } finally {
    step.stop();
  }
}
