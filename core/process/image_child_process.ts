import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How a child image job can fail on its own (the worker's outcome types include these). */
export interface ChildFailure {
  ok: false;
  reason: 'unreadable' | 'timeout' | 'failed';
  message: string;
}

// Workers are TypeScript: load them through tsx, found from here rather than from the cwd.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs one image job (sharp with `limitInputPixels`) in a child process that is killed
 * after `timeoutMs`: a decompression bomb or a broken file costs that process, never the
 * caller's memory or event loop. `worker` is a module that calls `serveImageJob`.
 */
export function runImageJob<Job, Outcome>(
  worker: URL,
  job: Job,
  timeoutMs: number,
): Promise<Outcome | ChildFailure> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(worker), [], {
      execArgv: ['--import', tsxLoader],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    let settled = false;
    const finish = (outcome: Outcome | ChildFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          reason: 'timeout',
          message: `processing the image took longer than ${timeoutMs / 1000} s`,
        }),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('message', (outcome: Outcome) => finish(outcome));
    child.on('error', (error) =>
      finish({ ok: false, reason: 'failed', message: `image worker: ${error.message}` }),
    );
    // 'close' comes after the IPC channel is drained, so an answer is never lost to it.
    child.on('close', (code, signal) =>
      finish({
        ok: false,
        reason: 'unreadable',
        message: `the image worker stopped (${signal ?? `exit ${code}`}) before answering${stderr.includes('memory') ? ': out of memory' : ''}`,
      }),
    );
    child.send(job as object);
  });
}

/**
 * The worker side: takes one job from the parent, runs it, answers and exits. A job that
 * throws answers `unreadable` with libvips' first line, without the server's file paths.
 */
export function serveImageJob<Job extends { input: string; output: string }, Outcome>(
  run: (job: Job) => Promise<Outcome>,
): void {
  process.once('message', (job: Job) => {
    run(job)
      .catch((error: unknown): ChildFailure => {
        const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
        const safe = line.replaceAll(job.input, 'upload').replaceAll(job.output, 'output');
        return {
          ok: false,
          reason: 'unreadable',
          message: `the image cannot be decoded (${safe})`,
        };
      })
      .then((outcome) => process.send?.(outcome, () => process.exit(0)));
  });
}
