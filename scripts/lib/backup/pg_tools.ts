import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BackupError } from './backup_error';

/** How a PostgreSQL client program reaches a database without the password on its command line. */
export interface PgConnection {
  /** The URL without its password, for `--dbname`. */
  dbname: string;
  env: NodeJS.ProcessEnv;
}

/** Splits `url` into a password-free `--dbname` and a PGPASSWORD environment. */
export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** The first line of `<binDir>/<program> --version`, or a BackupError naming the program. */
export function toolVersion(binDir: string, program: string): string {
  const file = join(binDir, program);
  const result = spawnSync(file, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new BackupError([
      `${file} cannot run (${result.error?.message ?? result.stderr.trim()}); ` +
        'set DIAGIS_PG_BIN to the folder of pg_dump and pg_restore 15 or newer',
    ]);
  }
  return result.stdout.trim();
}

/**
 * Runs `<binDir>/<program>` with `args`, hands every stderr line to `onLine` (progress),
 * and rejects with a BackupError quoting the last lines when it exits non-zero.
 */
export function runPgTool(
  binDir: string,
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, program), args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const tail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      onLine(line);
      if (!/^\S+: (dumping|processing|creating|executing|reading|saving|last)/.test(line)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    });
    child.once('error', (error) =>
      reject(new BackupError([`${program} could not start: ${error.message}`])),
    );
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new BackupError([
          `${program} failed (${signal ?? `exit ${code}`})${tail.length ? `:\n  ${tail.join('\n  ')}` : ''}`,
        ]),
      );
    });
  });
}
