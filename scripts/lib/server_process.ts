import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A diagis server running as its own process, exactly as `npm start` runs it. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  child: ChildProcess;
  /** How the process ended, or undefined while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Everything the process printed so far (also written to `logFile` when given). */
  output(): string;
  /** SIGTERM, then waits for the exit (graceful shutdown drains requests in flight). */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Environment of the process on top of PATH and HOME (DATABASE_URL, PORT, DIAGIS_*). */
  env: Record<string, string>;
  /** Folder of the repository (where `scripts/start.ts` lives). */
  root: string;
  logFile?: string;
  startTimeoutMs?: number;
}

/**
 * Spawns `scripts/start.ts` with `env` (PORT=0 picks a free port) and resolves once it
 * prints the address it serves. Rejects with its output when it exits or does not start
 * in time.
 */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: options.root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Several servers may run at once (tests, bench:load): the local OpenID provider,
      // payment sandbox and mail catcher each start on a free port unless the caller says.
      DIAGIS_OIDC_LOCAL_PORT: '0',
      DIAGIS_PAYMENT_SANDBOX_PORT: '0',
      DIAGIS_MAIL_CATCHER_SMTP_PORT: '0',
      DIAGIS_MAIL_CATCHER_HTTP_PORT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  let printed = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      log?.end();
      resolve();
    });
  });
  const collect = (chunk: Buffer) => {
    // Keep the head (start-up) and the last 64 KB, enough to explain any failure.
    printed =
      printed.length > 128_000 ? printed.slice(0, 32_000) + printed.slice(-64_000) : printed;
    printed += chunk.toString();
    log?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const running: ServerProcess = {
    url: '',
    child,
    exit: () => ended,
    output: () => printed,
    stop: async () => {
      if (!ended) child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in time:\n${printed}`));
    }, options.startTimeoutMs ?? 120_000);
    const watch = () => {
      const match = /running at http:\/\/(?:localhost|[\d.]+):(\d+)/.exec(printed);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', watch);
      resolve({ ...running, url: `http://127.0.0.1:${match[1]}` });
    };
    child.stdout?.on('data', watch);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited while starting:\n${printed}`));
    });
  });
}
