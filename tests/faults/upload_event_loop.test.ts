import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { finalStates } from '../../core/dossiers/workflow';

// The server runs as its own process (scripts/start.ts, as `npm start` runs it): its event
// loop is what is measured, and a worker that runs out of memory must not take it down.
// The test process only builds the bodies beforehand, sends them and polls /health (one
// small GET every 50 ms on a kept-alive connection), so its own event loop stays idle; any
// delay it did add would only make the measured latency longer, never shorter.
// Commune 39951 and the area around 105.15 E, 10.45 N belong to this file; the big
// GeoJSON is imported as a dry run, so nothing is written.
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'diagis-upload-loop-'));
const demoPassword = process.env.DIAGIS_DEMO_PASSWORD ?? 'diagis-demo';
const mebibyte = 1_048_576;
/** The bound of the issue: /health answers within this while an upload runs. */
const healthBoundMs = 200;
let server: ChildProcess;
let serverExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
let serverOutput = '';
let base: string;
let db: pg.Client;
const sessions: Record<string, Record<string, string>> = {};

function startServer(): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: inject('databaseUrl'),
      PORT: '0',
      DIAGIS_DEMO: 'false',
      DIAGIS_LOG_LEVEL: 'warn',
      DIAGIS_DB_POOL_SIZE: '4',
      DIAGIS_PUBLIC_API_PER_MINUTE: '0',
      DIAGIS_ATTACHMENTS_DIR: join(dataDir, 'attachments'),
      DIAGIS_SCANS_DIR: join(dataDir, 'scans'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.on('exit', (code, signal) => {
    serverExit = { code, signal };
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${serverOutput}`)), 90_000);
    const read = (chunk: Buffer) => {
      serverOutput = (serverOutput + chunk.toString()).slice(-64_000);
      const match = /running at (http:\/\/localhost:\d+)/.exec(serverOutput);
      if (match) {
        clearTimeout(timer);
        resolve((match[1] as string).replace('localhost', '127.0.0.1'));
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.on('exit', () => reject(new Error(`server exited while starting:\n${serverOutput}`)));
  });
}

async function signIn(username: string): Promise<void> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = await response.json();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  sessions[username] = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
}

/**
 * Polls GET /health every ~50 ms, one request after the other on one kept-alive
 * connection, until stopped; resolves with the latency of each answer (ms). A stalled
 * event loop shows as one long answer. Every answer must be a 200.
 */
function pollHealth() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  /** Seconds since polling began, for each latency. */
  const times: number[] = [];
  const begun = performance.now();
  let running = true;
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      http
        .get(`${base}/health`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(performance.now() - started)
              : reject(new Error(`/health answered ${response.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  const loop = (async () => {
    for (let i = 0; i < 5; i++) await once(); // warm-up: connection, first route match
    while (running) {
      latencies.push(await once());
      times.push((performance.now() - begun) / 1000);
      await sleep(50);
    }
  })();
  // Held as an outcome, so a failed poll is reported by stop() and never left unhandled.
  const ended = loop.then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    async stop() {
      running = false;
      const error = await ended;
      agent.destroy();
      if (error) throw error;
      return { latencies, times };
    },
  };
}

const summary = ({ latencies, times }: { latencies: number[]; times: number[] }) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
  // The five slowest answers as [seconds into the upload, ms], to tell when a stall happened.
  const slowest = latencies
    .map((ms, k) => [Number((times[k] ?? 0).toFixed(1)), Math.round(ms)])
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .slice(0, 5);
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1), slowest };
};

/**
 * Runs `upload` while polling /health (for at least `minMs`); returns its outcome and the
 * latencies seen meanwhile.
 */
async function whilePolling<T>(upload: () => Promise<T>, minMs = 0) {
  const poll = pollHealth();
  const atLeast = sleep(minMs);
  const settled = await upload().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await atLeast;
  const health = summary(await poll.stop());
  if ('error' in settled) throw settled.error;
  return { outcome: settled.value, health };
}

interface Answer {
  status: number;
  body: string;
}

/** One request with a body held in memory, sent at the socket's pace. */
function send(path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${path}`,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function multipart(
  fields: Record<string, string>,
  file: { field: string; name: string; data: Buffer },
) {
  const boundary = `----diagis-${Date.now().toString(36)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat(parts),
  };
}

/** A zip of one deflated entry, written by hand (sizes and CRC as the entry really has). */
function deflatedZip(name: string, data: Buffer): Buffer {
  const fileName = Buffer.from(name);
  const packed = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const local = Buffer.alloc(30 + fileName.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  fileName.copy(local, 30);
  const central = Buffer.alloc(46 + fileName.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  fileName.copy(central, 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(local.length + packed.length, 16);
  return Buffer.concat([local, packed, central, end]);
}

beforeAll(async () => {
  db = new pg.Client(inject('databaseUrl'));
  await db.connect();
  await db.query(
    `INSERT INTO admin.unit (code, level, kind, name, valid)
     SELECT '39951', 'commune', 'xã', 'Xã Thử Tải Lớn', '[2000-01-01,)'
     WHERE NOT EXISTS (SELECT 1 FROM admin.unit WHERE code = '39951')`,
  );
  base = await startServer();
  await signIn('surveyor1');
  await signIn('admin');
}, 120_000);

afterAll(async () => {
  await db?.end();
  if (server && serverExit === undefined) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the event loop during uploads', () => {
  it('a GeoJSON of 2,000,000 vertices imports (dry run) while /health answers within 200 ms', async () => {
    // 25 parcels of 80,000 vertices each (the per-feature limit is 100,000): circles of
    // 330 m, 1.1 km apart, in commune 39951. Written straight into one buffer, so the
    // test process keeps no large garbage that its collector would stop for meanwhile.
    const vertices = 80_000;
    const geojson = Buffer.alloc(25 * (vertices + 1) * 30 + 1_000_000);
    let at = geojson.write('{"type":"FeatureCollection","features":[');
    for (let k = 0; k < 25; k++) {
      const [lon, lat] = [105.13 + (k % 5) * 0.01, 10.43 + Math.floor(k / 5) * 0.01];
      at += geojson.write(
        `${k > 0 ? ',' : ''}{"type":"Feature","properties":{"MaXa":"39951","SoTo":1,"SoThua":${k + 1},"LoaiDat":"ONT"},"geometry":{"type":"Polygon","coordinates":[[`,
        at,
      );
      for (let i = 0; i <= vertices; i++) {
        const angle = (2 * Math.PI * (i % vertices)) / vertices;
        const x = (lon + 0.003 * Math.cos(angle)).toFixed(9);
        const y = (lat + 0.003 * Math.sin(angle)).toFixed(9);
        at += geojson.write(`${i > 0 ? ',' : ''}[${x},${y}]`, at);
      }
      at += geojson.write(']]}}', at);
    }
    at += geojson.write(']}', at);
    const form = multipart(
      { dryRun: 'true' },
      { field: 'files', name: 'big.geojson', data: geojson.subarray(0, at) },
    );
    const headers = { ...sessions.surveyor1, 'Content-Type': form.contentType };

    const { outcome, health } = await whilePolling(async () => {
      const accepted = await send('/api/imports', headers, form.body);
      expect(accepted.status, accepted.body).toBe(202);
      const location = `/api/imports/${JSON.parse(accepted.body).job.id}`;
      for (let attempt = 0; attempt < 480; attempt++) {
        const response = await fetch(`${base}${location}`, { headers: sessions.surveyor1 });
        const { job } = await response.json();
        if (job.status !== 'running') return job;
        await sleep(500);
      }
      throw new Error(`${location} still running after 4 minutes`);
    });
    console.log(`big GeoJSON (${Math.round(at / mebibyte)} MB):`, health);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { features: 25 } });
    expect(health.samples).toBeGreaterThan(20);
    expect(health.max).toBeLessThan(healthBoundMs);
  }, 300_000);

  it('a 300 KB zip that inflates to 200 MB is refused in the read worker (413, the memory it needs) and the server stays up', async () => {
    // One polygon whose ring repeats the vertex [0,0] 35 million times: each would become a
    // small array when parsed, about 2.7 GB in all. Unpacked and judged in the worker.
    const head =
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"MaXa":"39951","SoTo":1,"SoThua":1,"LoaiDat":"ONT"},"geometry":{"type":"Polygon","coordinates":[[';
    const tail = '[0,0]]]}}]}';
    const vertices = Math.floor((200 * mebibyte - head.length - tail.length) / 6);
    const repeated = Buffer.alloc(vertices * 6, '[0,0],');
    const text = Buffer.concat([Buffer.from(head), repeated, Buffer.from(tail)]);
    const zip = deflatedZip('parcels.geojson', text);
    expect(zip.length).toBeLessThan(400_000);
    const form = multipart({}, { field: 'files', name: 'bomb.zip', data: zip });
    const headers = { ...sessions.surveyor1, 'Content-Type': form.contentType };

    const { outcome, health } = await whilePolling(() =>
      send('/api/imports/preview', headers, form.body),
    );
    console.log('zip bomb:', health, outcome.body);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error).toMatchObject({
      code: 'file_too_large',
      field: 'files',
      message: expect.stringMatching(
        /^parcels\.geojson: reading it needs about \d+ MB of memory, more than the 1792 MB allowed for an import of at most 256 MB$/,
      ),
    });
    expect(health.max).toBeLessThan(healthBoundMs);
    expect(serverExit).toBeUndefined();
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  }, 180_000);
});

interface EarlyAnswer {
  status: number;
  body: { error: { message: string; field: string } };
  /** Body bytes the test had written when the answer arrived. */
  sentBeforeAnswer: number;
  /** How long after the answer the server closed the connection (ms). */
  closedAfterMs: number;
}

/**
 * Sends a request's headers and `opening`, then more body as `pace` allows, until the
 * server answers; then stops sending and waits (at most 5 s) for the server to close the
 * connection. `announced` is the Content-Length, or undefined for a chunked body.
 */
function sendUntilAnswered(
  path: string,
  headers: Record<string, string>,
  announced: number | undefined,
  opening: Buffer,
  pace: 'trickle' | 'flood',
): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(`${base}${path}`, {
      method: 'POST',
      agent: false,
      headers: {
        ...headers,
        ...(announced === undefined
          ? { 'Transfer-Encoding': 'chunked' }
          : { 'Content-Length': String(announced) }),
      },
    });
    // Writes after the server closed fail with EPIPE or ECONNRESET: expected here. The
    // server's 413 may still be in the socket when our write fails first: give it a moment.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      const closedByServer = error.code === 'EPIPE' || error.code === 'ECONNRESET';
      if (!closedByServer) reject(error);
      else setTimeout(() => answered || reject(error), 2_000);
    });
    const write = (chunk: Buffer) => {
      sent += chunk.length;
      return request.write(chunk);
    };
    const filler = Buffer.alloc(64 * 1024, 0x61);
    write(opening);
    const pump = async () => {
      while (!answered && !request.destroyed) {
        if (pace === 'trickle') {
          write(filler);
          await sleep(100);
        } else if (!write(filler)) {
          await new Promise((done) => request.once('drain', done).once('close', done));
        }
      }
    };
    request.on('response', (response) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const at = performance.now();
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        const socket = request.socket;
        const closed = new Promise<void>((done) => {
          if (!socket || socket.destroyed) done();
          else socket.once('close', () => done());
        });
        void Promise.race([closed, sleep(5_000)]).then(() => {
          const closedAfterMs = socket?.destroyed ? performance.now() - at : Infinity;
          request.destroy();
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text),
            sentBeforeAnswer,
            closedAfterMs,
          });
        });
      });
    });
    request.flushHeaders();
    void pump();
  });
}

describe('uploads refused from their announced size', () => {
  const announced = 300 * mebibyte;
  const formHead = (field: string, name: string) =>
    Buffer.from(
      `--b\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n\r\n`,
    );
  const multipartType = { 'Content-Type': 'multipart/form-data; boundary=b' };

  it('answers 413 naming the limit on every upload route before reading the body, closes the connection, and /health stays fast', async () => {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM dossier.dossier WHERE NOT (state = ANY($1)) ORDER BY id LIMIT 1',
      [finalStates],
    );
    const dossierId = rows[0]?.id;
    expect(dossierId).toBeDefined();
    const routes: [string, string, Record<string, string>, Buffer, string][] = [
      [
        '/api/imports',
        'surveyor1',
        multipartType,
        formHead('files', 'big.zip'),
        'files: larger than the 256 MB allowed',
      ],
      [
        '/api/imports/preview',
        'surveyor1',
        multipartType,
        formHead('files', 'big.zip'),
        'files: larger than the 256 MB allowed',
      ],
      [
        `/api/dossiers/${dossierId}/attachments`,
        'admin',
        multipartType,
        formHead('file', 'scan.pdf'),
        'file: larger than the 20 MB allowed',
      ],
      [
        '/api/scanned-sheets',
        'admin',
        multipartType,
        formHead('image', 'sheet.tif'),
        'image: larger than the 200 MB allowed',
      ],
      [
        '/api/stations/observations/import',
        'admin',
        multipartType,
        formHead('file', 'obs.csv'),
        'file: larger than the 20 MB allowed',
      ],
      [
        '/api/stations/observations/import',
        'admin',
        { 'Content-Type': 'text/csv' },
        Buffer.from('station,parameter,observed_at,value\n'),
        'file: larger than the 20 MB allowed',
      ],
    ];
    const { outcome, health } = await whilePolling(async () => {
      const answers: [string, EarlyAnswer][] = [];
      for (const [path, user, type, opening] of routes) {
        const headers = { ...sessions[user], ...type };
        answers.push([path, await sendUntilAnswered(path, headers, announced, opening, 'trickle')]);
      }
      return answers;
    }, 2_000);
    console.log('announced 300 MB:', health);
    for (const [k, [path, answer]] of outcome.entries()) {
      const message = routes[k]?.[4];
      expect({ path, status: answer.status, message: answer.body.error.message }).toEqual({
        path,
        status: 413,
        message,
      });
      // Answered from the headers: at most the opening and a trickle chunk or two were sent.
      expect(answer.sentBeforeAnswer).toBeLessThan(mebibyte);
      expect(answer.closedAfterMs).toBeLessThan(1_000);
    }
    expect(health.max).toBeLessThan(healthBoundMs);
    expect(serverExit).toBeUndefined();
  }, 60_000);

  it('stops reading a chunked body as soon as it passes the limit: 413 and the connection closed', async () => {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM dossier.dossier WHERE NOT (state = ANY($1)) ORDER BY id LIMIT 1',
      [finalStates],
    );
    const floods: [string, Record<string, string>, Buffer][] = [
      [`/api/dossiers/${rows[0]?.id}/attachments`, multipartType, formHead('file', 'endless.pdf')],
      [
        '/api/stations/observations/import',
        { 'Content-Type': 'text/csv' },
        Buffer.from('station,parameter,observed_at,value\n'),
      ],
    ];
    for (const [path, type, opening] of floods) {
      const headers = { ...sessions.admin, ...type };
      const { outcome, health } = await whilePolling(
        () => sendUntilAnswered(path, headers, undefined, opening, 'flood'),
        2_000,
      );
      const sentMb = Math.round(outcome.sentBeforeAnswer / mebibyte);
      console.log(`chunked flood to ${path}:`, health, sentMb, 'MB');
      expect(outcome.status).toBe(413);
      expect(outcome.body.error).toMatchObject({
        field: 'file',
        message: 'file: larger than the 20 MB allowed',
      });
      // The server stops at 20 MB; what else was sent sits in socket buffers (a few MB).
      expect(outcome.sentBeforeAnswer).toBeGreaterThan(20 * mebibyte);
      expect(outcome.sentBeforeAnswer).toBeLessThan(40 * mebibyte);
      expect(outcome.closedAfterMs).toBeLessThan(1_000);
      expect(health.max).toBeLessThan(healthBoundMs);
    }
  }, 60_000);
});
