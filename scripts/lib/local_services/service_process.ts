import { type ChildProcess, spawn } from 'node:child_process';

/** A local service (payment sandbox, mail catcher) running as a child process. */
export interface ServiceProcess {
  /** The match of `ready` in what the process printed (its addresses). */
  ready: RegExpExecArray;
  child: ChildProcess;
  /** What it printed so far (never a secret: secrets go in through the environment). */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** The script under the repository root, e.g. `scripts/payment-sandbox.ts`. */
  script: string;
  args: readonly string[];
  /** Environment on top of PATH and HOME: secrets go here, never on the command line. */
  env: Record<string, string>;
  /** What the process prints once it listens; its groups carry the addresses. */
  ready: RegExp;
  /** For messages: "the payment sandbox". */
  name: string;
  startTimeoutMs?: number;
}

const root = new URL('../../../', import.meta.url).pathname;

/**
 * Starts a script of this repository with tsx as its own process and resolves once it
 * prints `ready`. The process ends by itself when its parent does (IPC channel). Rejects
 * with its output when it exits first or does not start in time.
 */
export function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let ended = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      ended = true;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not start in time:\n${printed}`));
    }, options.startTimeoutMs ?? 60_000);
    const watch = () => {
      const match = options.ready.exec(printed);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', watch);
      resolve({
        ready: match,
        child,
        output: () => printed,
        stop: async () => {
          if (!ended) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', watch);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited before listening:\n${printed.trim()}`));
    });
  });
}
