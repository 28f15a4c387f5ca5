// The local OpenID provider that stands in for VNeID in development and tests:
//   DIAGIS_OIDC_CLIENT_SECRET=<16+ characters> npx tsx scripts/oidc-provider.ts --port 8091
// then start diagis with DIAGIS_OIDC_ISSUER=http://127.0.0.1:8091 and the same secret.
// `npm start` runs it by itself when DIAGIS_OIDC_ISSUER is unset (docs/citizens.md).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../server/config';
import { type DemoCitizen, demoCitizens } from './lib/local_services/demo_citizens';
import { createLocalOidcProvider } from './lib/local_services/oidc_provider';

const say = (message: string) => console.log(`[oidc-provider] ${message}`);

function port(text: string): number {
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65535) {
    throw new InvalidArgumentError('expected a port number 0-65535');
  }
  return value;
}

/** `<12-digit ID number>:<full name>`, an extra demo citizen. */
function citizen(text: string, previous: DemoCitizen[]): DemoCitizen[] {
  const match = /^([0-9]{12}):(.{1,200})$/u.exec(text);
  if (!match?.[1] || !match[2]) {
    throw new InvalidArgumentError('expected <12-digit ID number>:<full name>');
  }
  // A stable subject per ID number, shaped like the UUIDs VNeID issues.
  const hex = createHash('sha256').update(`diagis-demo-citizen:${match[1]}`).digest('hex');
  const sub = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return [...previous, { sub, idNumber: match[1], name: match[2].trim() }];
}

const { config } = loadConfig();
const program = new Command()
  .name('oidc-provider')
  .description('A local OpenID provider with demo citizens, for diagis development and tests')
  .option(
    '--port <port>',
    'port to listen on (0 = a free one)',
    port,
    config.citizens.localProviderPort,
  )
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--client-id <id>', 'client id of diagis', config.citizens.clientId)
  .option('--redirect-uri <uri...>', "diagis's callback addresses (loopback ones match any port)", [
    'http://localhost:8080/auth/citizen/callback',
    'http://127.0.0.1:8080/auth/citizen/callback',
  ])
  .option('--citizen <idNumber:name>', 'an extra demo citizen (repeatable)', citizen, [])
  .parse();

const options = program.opts<{
  port: number;
  host: string;
  clientId: string;
  redirectUri: string[];
  citizen: DemoCitizen[];
}>();
const secret = config.citizens.clientSecret;
if (!secret) {
  console.error(
    '[oidc-provider] set DIAGIS_OIDC_CLIENT_SECRET (16+ characters): the client secret of diagis',
  );
  process.exit(2);
}

const server = createServer();
server.once('error', (error) => {
  console.error(
    `[oidc-provider] cannot listen on ${options.host}:${options.port}: ${error.message}`,
  );
  process.exit(1);
});
server.listen(options.port, options.host, () => {
  const { port: actual } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const issuer = `http://${host}:${actual}`;
  const citizens = [...demoCitizens, ...options.citizen];
  const provider = createLocalOidcProvider({
    issuer,
    clientId: options.clientId,
    clientSecret: secret,
    redirectUris: options.redirectUri,
    password: config.demo.password,
    citizens,
  });
  provider.on('server_error', (_ctx, error) => {
    console.error(`[oidc-provider] server error: ${error.message}`);
  });
  server.on('request', provider.callback());
  say(`listening at ${issuer}`);
  for (const each of citizens) say(`  citizen ${each.idNumber} ${each.name}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by npm start or a test over an IPC channel: end with the parent, however it ends.
process.once('disconnect', stop);
