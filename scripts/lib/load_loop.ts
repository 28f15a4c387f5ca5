import { Worker } from 'node:worker_threads';

/** What a load run measured. */
export interface LoadResult {
  perSecond: number;
  errors: number;
  /** Median request latency, ms. */
  p50: number;
}

// Plain JavaScript run in a worker thread, so the load competes with the server for CPU
// only as a second thread would. Bodies are counted, never decoded (autocannon turns every
// body into a string, which made the client the bottleneck with tiles of tens of KB).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { base, paths, connections, seconds } = workerData;
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const deadline = Date.now() + seconds * 1000;
const latencies = [];
let errors = 0;
const one = (path) => new Promise((resolve) => {
  const started = performance.now();
  const request = http.get({ host: url.hostname, port: url.port, path, agent, headers: { 'accept-encoding': 'gzip' } }, (response) => {
    response.on('data', () => {});
    response.on('end', () => {
      if (response.statusCode >= 400) errors++;
      latencies.push(performance.now() - started);
      resolve();
    });
  });
  request.on('error', () => { errors++; resolve(); });
});
const loop = async (start) => {
  for (let i = start; Date.now() < deadline; i += connections) await one(paths[i % paths.length]);
};
const began = performance.now();
Promise.all(Array.from({ length: connections }, (_, k) => loop(k))).then(() => {
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  parentPort.postMessage({ perSecond: latencies.length / seconds, errors, p50: latencies[Math.floor(latencies.length / 2)] ?? NaN });
  agent.destroy();
});
`;

/**
 * Requests `paths` of `base` round-robin from `connections` keep-alive connections for
 * `seconds`, in a worker thread; a bounded loop that stops by itself.
 */
export function loadLoop(
  base: string,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { base, paths, connections, seconds },
    });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
