import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { demoUsernames } from '../../demo/demo_province';

/** Runs what `npm start` runs, against the test database, and waits for its URL. */
function startDiagis(env: Record<string, string>) {
  const child = spawn('node_modules/.bin/tsx', ['scripts/start.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL within 90 s; output:\n${output}`)),
      90_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /diagis is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before serving; output:\n${output}`)),
    );
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, url, exited, output: () => output };
}

describe('npm start', () => {
  it('serves /health, /ready and the web client, prints the demo accounts, and stops cleanly on SIGTERM', async () => {
    const run = startDiagis({
      DATABASE_URL: inject('databaseUrl'),
      PORT: '0',
      DIAGIS_LOG_LEVEL: 'warn',
    });
    const url = await run.url;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('diagis');

    for (const username of demoUsernames) expect(run.output()).toContain(`- ${username}`);
    expect(run.output()).not.toMatch(/postgres:\/\/[^:\s]+:(?!\*\*\*)[^@\s]+@/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
