import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NormaliseJob, NormaliseOutcome } from './normalise_job';

const workerPath = fileURLToPath(new URL('./normalise_worker.ts', import.meta.url));
// The worker is TypeScript: load it through tsx, found from here rather than from the cwd.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Checks a scanned sheet (JPEG, PNG or TIFF; pixel count from the header) and writes it
 * as a tiled pyramidal TIFF in a child process that is killed after `timeoutMs`, so a
 * decompression bomb or a broken file costs that process, never the caller's.
 */
export function normaliseSheet(job: NormaliseJob, timeoutMs: number): Promise<NormaliseOutcome> {
  return new Promise((resolve) => {
    const child = fork(workerPath, [], {
      execArgv: ['--import', tsxLoader],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    let settled = false;
    const finish = (outcome: NormaliseOutcome) => {
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
    child.on('message', (outcome: NormaliseOutcome) => finish(outcome));
    child.on('error', (error) =>
      finish({ ok: false, reason: 'failed', message: `normalise worker: ${error.message}` }),
    );
    // 'close' comes after the IPC channel is drained, so an answer is never lost to it.
    child.on('close', (code, signal) =>
      finish({
        ok: false,
        reason: 'unreadable',
        message: `the image worker stopped (${signal ?? `exit ${code}`}) before answering${stderr.includes('memory') ? ': out of memory' : ''}`,
      }),
    );
    child.send(job);
  });
}
