import { Worker } from 'node:worker_threads';

/** What a load run measured. */
export interface LoadResult {
  perSecond: number;
  errors: number;
  /** Median request latency, ms. */
  p50: number;
}

/** How a load run picks its requests. */
export interface LoadOptions {
  /**
   * Each connection starts at `paths[k % paths.length]` and then follows the `next` link
   * of every response (an OGC API items page), as a paging client does; at the last page
   * it starts over. Without it, connections request `paths` round-robin.
   */
  followNext?: boolean;
}

// Plain JavaScript run in a worker thread, so the load competes with the server for CPU
// only as a second thread would. A small HTTP/1.1 client on raw keep-alive sockets: one
// request in flight per connection (no pipelining), request bytes built once per path,
// bodies counted and never decoded (Node's http client cost about as much CPU per
// request as the server's whole middleware chain, and the two share 2 cores). Responses
// are framed by Content-Length or chunked encoding; any other framing counts as an error.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const zlib = require('node:zlib');
const { base, paths, connections, seconds, followNext } = workerData;
const url = new URL(base);
const host = url.hostname;
const port = Number(url.port);
const requestBytes = new Map();
const requestFor = (path) => {
  let bytes = requestBytes.get(path);
  if (!bytes) {
    bytes = Buffer.from('GET ' + path + ' HTTP/1.1\\r\\nHost: ' + url.host + '\\r\\nAccept-Encoding: gzip\\r\\nAccept: application/geo+json, application/json, */*\\r\\n\\r\\n', 'latin1');
    if (requestBytes.size < 10000) requestBytes.set(path, bytes);
  }
  return bytes;
};
const deadline = Date.now() + seconds * 1000;
const latencies = [];
let errors = 0;
const headerEnd = Buffer.from('\\r\\n\\r\\n');

// The path (and query) of the rel=next link of an OGC items page; the links come before
// the features, so only the head of the body is read.
const nextPath = (body) => {
  const text = body.toString('utf8', 0, Math.min(body.length, 65536));
  const end = text.indexOf(',"features":');
  if (end < 0) return undefined;
  const head = JSON.parse(text.slice(0, end) + '}');
  const next = (head.links || []).find((link) => link.rel === 'next');
  if (!next) return undefined;
  const target = new URL(next.href);
  return target.pathname + target.search;
};

function connection(index) {
  return new Promise((done) => {
    const start = paths[index % paths.length];
    let path = start;
    let turn = index;
    let socket;
    let started = 0;
    let pending = null; // bytes of the current response not yet framed
    let state = null; // framing of the current response: { status, remaining, chunked, close, gzip, body[] }

    const finish = () => { const last = socket; socket = undefined; if (last) last.destroy(); done(); };
    const send = () => {
      if (Date.now() >= deadline) return finish();
      if (!socket || socket.destroyed) open();
      started = performance.now();
      pending = null;
      state = null;
      socket.write(requestFor(path));
    };
    const complete = (status, body, close) => {
      latencies.push(performance.now() - started);
      if (status >= 400) errors++;
      if (followNext) {
        let next;
        try {
          next = status === 200 && body ? nextPath(state.gzip ? zlib.gunzipSync(body) : body) : undefined;
        } catch { errors++; }
        path = next || start;
      } else {
        turn += connections;
        path = paths[turn % paths.length];
      }
      if (close) { const last = socket; socket = undefined; last.destroy(); }
      send();
    };
    const fail = () => {
      errors++;
      const last = socket;
      socket = undefined;
      state = null;
      if (last) last.destroy();
      if (Date.now() >= deadline) return done();
      setTimeout(send, 10);
    };
    const onData = (chunk) => {
      pending = pending ? Buffer.concat([pending, chunk]) : chunk;
      if (!state) {
        const end = pending.indexOf(headerEnd);
        if (end < 0) return;
        const head = pending.toString('latin1', 0, end).toLowerCase();
        const status = Number(head.slice(9, 12));
        const length = /\\r\\ncontent-length: *(\\d+)/.exec(head);
        const chunked = /\\r\\ntransfer-encoding: *chunked/.test(head);
        const close = /\\r\\nconnection: *close/.test(head);
        const gzip = /\\r\\ncontent-encoding: *gzip/.test(head);
        state = { status, remaining: length ? Number(length[1]) : 0, chunked, close, gzip, body: [] };
        if (!length && !chunked && status !== 204 && status !== 304) return fail();
        pending = pending.subarray(end + 4);
      }
      if (state.chunked) return chunkedBody();
      const take = Math.min(state.remaining, pending.length);
      if (followNext && take > 0) state.body.push(pending.subarray(0, take));
      state.remaining -= take;
      pending = null;
      if (state.remaining === 0) complete(state.status, Buffer.concat(state.body), state.close);
    };
    // Chunked bodies are rare here (Koa frames buffers and JSON by length): parsed whole.
    const chunkedBody = () => {
      let offset = 0;
      const parts = [];
      for (;;) {
        const lineEnd = pending.indexOf('\\r\\n', offset);
        if (lineEnd < 0) return;
        const size = Number.parseInt(pending.toString('latin1', offset, lineEnd), 16);
        if (Number.isNaN(size)) return fail();
        if (size === 0) {
          if (pending.length < lineEnd + 4) return;
          return complete(state.status, Buffer.concat(parts), state.close);
        }
        if (pending.length < lineEnd + 2 + size + 2) return;
        parts.push(pending.subarray(lineEnd + 2, lineEnd + 2 + size));
        offset = lineEnd + 2 + size + 2;
      }
    };
    const open = () => {
      const own = net.connect({ host, port, noDelay: true });
      own.on('data', onData);
      // A socket that errs or closes while its response is awaited fails that request.
      own.on('error', () => { if (own === socket) fail(); });
      own.on('close', () => { if (own === socket) fail(); });
      socket = own;
    };
    send();
  });
}

const began = performance.now();
Promise.all(Array.from({ length: connections }, (_, k) => connection(k))).then(() => {
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  parentPort.postMessage({ perSecond: latencies.length / seconds, errors, p50: latencies[Math.floor(latencies.length / 2)] ?? NaN });
});
`;

/**
 * Requests `paths` of `base` from `connections` keep-alive connections for `seconds`, in a
 * worker thread (round-robin, or following next links with `followNext`); a bounded loop
 * that stops by itself.
 */
export function loadLoop(
  base: string,
  paths: string[],
  connections: number,
  seconds: number,
  options: LoadOptions = {},
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { base, paths, connections, seconds, followNext: options.followNext === true },
    });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
