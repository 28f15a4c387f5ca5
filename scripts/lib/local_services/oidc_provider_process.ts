import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../../server/config';
import { demoCitizens } from './demo_citizens';

/** The local OpenID provider running as a child process. */
export interface OidcProviderProcess {
  /** Its issuer identifier, `http://127.0.0.1:<port>`. */
  issuer: string;
  child: ChildProcess;
  /** What it printed so far (never a secret: it prints its address and the demo citizens). */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export interface OidcProviderProcessOptions {
  /** 0 picks a free port (read back from the process). */
  port: number;
  clientId: string;
  clientSecret: string;
  /** The demo citizens' password. */
  password: string;
  /** diagis's callback addresses; loopback ones match any port. Default: localhost:8080. */
  redirectUris?: readonly string[];
  /** Demo citizens besides the built-in ones. */
  extraCitizens?: readonly { idNumber: string; name: string }[];
  startTimeoutMs?: number;
}

const root = new URL('../../../', import.meta.url).pathname;

/**
 * Starts `scripts/oidc-provider.ts` as its own process and resolves once it listens. The
 * client secret and the password go through the environment, never the command line; the
 * process ends by itself when its parent does (IPC channel). Rejects with its output when
 * it exits first or does not start in time.
 */
export function startOidcProviderProcess(
  options: OidcProviderProcessOptions,
): Promise<OidcProviderProcess> {
  const args = ['--import', 'tsx', 'scripts/oidc-provider.ts', '--port', String(options.port)];
  args.push('--client-id', options.clientId);
  if (options.redirectUris?.length) args.push('--redirect-uri', ...options.redirectUris);
  for (const citizen of options.extraCitizens ?? []) {
    args.push('--citizen', `${citizen.idNumber}:${citizen.name}`);
  }
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DIAGIS_OIDC_CLIENT_SECRET: options.clientSecret,
      DIAGIS_DEMO_PASSWORD: options.password,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the OpenID provider did not start in time:\n${printed}`));
    }, options.startTimeoutMs ?? 60_000);
    const watch = () => {
      const match = /listening at (http:\/\/\S+)/.exec(printed);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', watch);
      resolve({
        issuer: match[1],
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
      reject(new Error(`the OpenID provider exited before listening:\n${printed.trim()}`));
    });
  });
}

/**
 * Up to two applicants of the demo dossiers (persons with a 12-digit ID number, most
 * dossiers first), so `npm start` offers citizens who find dossiers. Only on a database
 * that holds the demo (demo accounts present); none when anything fails.
 */
async function demoApplicants(databaseUrl: string): Promise<{ idNumber: string; name: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ id_number: string; full_name: string }>(
      `SELECT p.id_number, min(p.full_name) AS full_name
       FROM dossier.dossier d JOIN registry.party p ON p.id = d.applicant_party_id
       WHERE EXISTS (SELECT 1 FROM auth.app_user WHERE is_demo)
         AND p.kind = 'person' AND p.id_number ~ '^[0-9]{12}$' AND NOT p.id_number = ANY ($1)
       GROUP BY p.id_number ORDER BY count(*) DESC, p.id_number LIMIT 2`,
      [demoCitizens.map((citizen) => citizen.idNumber)],
    );
    return rows.map((row) => ({ idNumber: row.id_number, name: row.full_name }));
  } catch {
    return [];
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * For `npm start`: when DIAGIS_OIDC_ISSUER is unset, runs the local OpenID provider beside
 * the server (port DIAGIS_OIDC_LOCAL_PORT, default 8091; stopped when the server exits)
 * and returns the configuration with its issuer and a client secret made for this run.
 * When the issuer is set, or the provider cannot start (port taken), the configuration
 * comes back unchanged and citizen sign-in answers as configured (503 without an issuer).
 */
export async function withLocalOidcProvider(
  config: Readonly<Config>,
  databaseUrl: string,
  say: (message: string) => void,
): Promise<Readonly<Config>> {
  if (config.citizens.issuer) return config;
  const clientSecret = config.citizens.clientSecret ?? randomBytes(24).toString('base64url');
  const extraCitizens = config.demo.enabled ? await demoApplicants(databaseUrl) : [];
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  const redirectUris = [
    ...new Set([
      `${base}/auth/citizen/callback`,
      `http://localhost:${config.port}/auth/citizen/callback`,
      `http://127.0.0.1:${config.port}/auth/citizen/callback`,
    ]),
  ];
  try {
    const provider = await startOidcProviderProcess({
      port: config.citizens.localProviderPort,
      clientId: config.citizens.clientId,
      clientSecret,
      password: config.demo.password,
      redirectUris,
      extraCitizens,
    });
    process.once('exit', () => provider.child.kill('SIGTERM'));
    provider.child.stderr?.pipe(process.stderr);
    provider.child.stdout?.resume();
    say(`Citizen sign-in: local OpenID provider (not VNeID) at ${provider.issuer}; citizens:`);
    for (const citizen of [...demoCitizens, ...extraCitizens]) {
      say(`  - ${citizen.idNumber} ${citizen.name}`);
    }
    return Object.freeze({
      ...config,
      citizens: { ...config.citizens, issuer: provider.issuer, clientSecret },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(-1)[0] : error;
    say(
      `warning: citizen sign-in is off: the local OpenID provider did not start (${reason}); ` +
        'set DIAGIS_OIDC_LOCAL_PORT to a free port, or DIAGIS_OIDC_ISSUER to a real provider',
    );
    return config;
  }
}
