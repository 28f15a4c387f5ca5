import type { LoadPlan } from './load_plan';

/** The kinds of request of the mix: 70% tiles, 20% reads, 10% writes. */
export type RequestKind = 'tile' | 'ogc' | 'parcel' | 'edit' | 'dossier';
const mix: [RequestKind, number][] = [
  ['tile', 0.7],
  ['ogc', 0.1],
  ['parcel', 0.1],
  ['edit', 0.065],
  ['dossier', 0.035],
];

/** One answered (or failed, status 0) request. */
export interface Sample {
  kind: RequestKind;
  status: number;
  ms: number;
  /** Date.now() when the answer (or the failure) came. */
  at: number;
}

/** A write the server acknowledged (2xx): it must be in the database afterwards. */
export type Acknowledged =
  | { kind: 'edit'; parcelId: number; versionNo: number; legalArea: number }
  | { kind: 'dossier'; id: number; receiptCode: string };

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Signs `username` in through `base` (behind the balancer sessions live in PostgreSQL). */
export async function signIn(base: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`${username} could not sign in: HTTP ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken };
}

/** A small seeded generator (mulberry32), so two runs send the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface StageOptions {
  base: string;
  plan: LoadPlan;
  sessions: { surveyor: Session; officer: Session };
  concurrency: number;
  seconds: number;
  random: () => number;
  samples: Sample[];
  acknowledged: Acknowledged[];
  /** Called once, half-way through the stage (the database restart). */
  midway?: () => Promise<void>;
}

/**
 * Runs `concurrency` clients for `seconds`, each sending one request at a time, drawn
 * from the mix. Edits take the plan's parcels in turn (never two at once on one parcel)
 * and keep their versions current; every 2xx write is recorded as acknowledged.
 */
export async function runStage(options: StageOptions): Promise<void> {
  const { plan, random } = options;
  const deadline = Date.now() + options.seconds * 1000;
  let nextParcel = 0;
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const kindOf = (): RequestKind => {
    let roll = random();
    for (const [kind, share] of mix) {
      roll -= share;
      if (roll < 0) return kind;
    }
    return 'tile';
  };
  const send = async (kind: RequestKind, path: string, init: RequestInit = {}) => {
    const started = performance.now();
    try {
      const response = await fetch(`${options.base}${path}`, {
        ...init,
        signal: AbortSignal.timeout(60_000),
      });
      const body = kind === 'edit' || kind === 'dossier' ? await response.json() : undefined;
      if (body === undefined) await response.arrayBuffer();
      options.samples.push({
        kind,
        status: response.status,
        ms: performance.now() - started,
        at: Date.now(),
      });
      return { status: response.status, body };
    } catch {
      options.samples.push({ kind, status: 0, ms: performance.now() - started, at: Date.now() });
      return { status: 0, body: undefined };
    }
  };
  const write = (session: Session, extra: Record<string, string> = {}) => ({
    'Content-Type': 'application/json',
    Cookie: session.cookie,
    'X-CSRF-Token': session.csrfToken,
    ...extra,
  });

  const one = async () => {
    const kind = kindOf();
    if (kind === 'tile') {
      const tile = pick(plan.tiles);
      await send(kind, `/tiles/${tile.layer.id}/${tile.z}/${tile.x}/${tile.y}.mvt`);
    } else if (kind === 'ogc') {
      const [minLon, minLat, maxLon, maxLat] = pick(plan.parcels).bbox;
      const pad = 0.001;
      const bbox = [minLon - pad, minLat - pad, maxLon + pad, maxLat + pad].join(',');
      await send(kind, `/ogc/collections/parcels/items?bbox=${bbox}&limit=50`);
    } else if (kind === 'parcel') {
      const parcel = pick(plan.parcels);
      await send(kind, `/api/parcels/${parcel.id}`, {
        headers: { Cookie: options.sessions.surveyor.cookie },
      });
    } else if (kind === 'edit') {
      const parcel = plan.parcels[nextParcel++ % plan.parcels.length];
      if (!parcel) return;
      const legalArea = Math.round(1000 + random() * 40_000) / 10;
      const answer = await send(kind, `/api/parcels/${parcel.id}`, {
        method: 'PATCH',
        headers: write(options.sessions.surveyor, { 'If-Match': `"v${parcel.versionNo}"` }),
        body: JSON.stringify({ legalArea, reason: 'bench:load legal area check' }),
      });
      if (answer.status === 200) {
        const versionNo = (answer.body as { versionNo: number }).versionNo;
        parcel.versionNo = versionNo;
        options.acknowledged.push({ kind, parcelId: parcel.id, versionNo, legalArea });
      }
    } else {
      const answer = await send(kind, '/api/dossiers', {
        method: 'POST',
        headers: write(options.sessions.officer),
        body: JSON.stringify({
          procedure: 'transfer',
          communeId: pick(plan.dossierCommuneIds),
          applicant: {
            fullName: 'Người Thử Tải',
            idNumber: String(94_000_000_000 + Math.floor(random() * 999_999_999)).padStart(12, '0'),
            address: 'bench:load',
          },
        }),
      });
      if (answer.status === 201) {
        // POST /api/dossiers answers the dossier itself.
        const dossier = answer.body as { id: number; receiptCode: string };
        options.acknowledged.push({ kind, id: dossier.id, receiptCode: dossier.receiptCode });
      }
    }
  };

  const client = async () => {
    while (Date.now() < deadline) await one();
  };
  const clients = Array.from({ length: options.concurrency }, client);
  if (options.midway) {
    await new Promise((resolve) => setTimeout(resolve, (options.seconds * 1000) / 2));
    await options.midway();
  }
  await Promise.all(clients);
}
