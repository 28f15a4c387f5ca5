import { demoUsernames } from '../demo/demo_province';
import { createApp } from '../server/app';
import { loadConfig, redactUrl } from '../server/config';
import { createPool } from '../server/db/pool';
import { createLogger } from '../server/logger';
import { startMailSender } from '../server/notifications/mail_sender';
import { closeOnSignals, listen } from '../server/server';
import { resolveDatabaseUrl } from './lib/database_bootstrap';
import { withLocalMailCatcher } from './lib/local_services/mail_catcher_process';
import { withLocalOidcProvider } from './lib/local_services/oidc_provider_process';
import { withLocalPaymentSandbox } from './lib/local_services/payment_sandbox_process';
import { prepareDatabase } from './lib/prepare_database';
import { SetupError } from './lib/system_packages';
import { buildWebIfStale } from './lib/web_build';

const say = (message: string) => console.log(`[diagis] ${message}`);

async function main(): Promise<void> {
  const { config, unknownKeys } = loadConfig();
  for (const key of unknownKeys) say(`warning: ignoring unknown setting ${key}`);
  const url = await resolveDatabaseUrl(config, say);
  say(`Database: ${redactUrl(url)}`);
  const demoLoaded = await prepareDatabase(url, config, say);
  // Citizen sign-in: the local OpenID provider as a child process unless DIAGIS_OIDC_ISSUER is set.
  const appConfig = await withLocalOidcProvider(config, url, say);
  // Online payment and e-mail: the payment sandbox and the mail catcher as child processes
  // unless DIAGIS_PAYMENT_PROVIDER_URL and DIAGIS_SMTP_URL are set.
  const servedConfig = await withLocalMailCatcher(
    await withLocalPaymentSandbox(appConfig, say),
    say,
  );
  const webRoot = new URL('../web/dist', import.meta.url).pathname;
  await buildWebIfStale(
    new URL('../web', import.meta.url).pathname,
    new URL('../package-lock.json', import.meta.url).pathname,
    say,
  );

  const logger = createLogger(config.logLevel);
  const pool = createPool(
    {
      connectionString: url,
      size: config.pool.size,
      statementTimeoutMs: config.pool.statementTimeoutMs,
    },
    logger,
  );
  if (config.replicaUrl) say(`Anonymous reads from the replica ${redactUrl(config.replicaUrl)}`);
  const publicPool = createPool(
    {
      connectionString: config.replicaUrl ?? url,
      size: config.pool.publicSize,
      statementTimeoutMs: config.pool.statementTimeoutMs,
    },
    logger,
    'public',
  );
  // Two connections for the anonymous rate-limit counters, apart from the staff pool.
  const throttlePool = createPool(
    { connectionString: url, size: 2, statementTimeoutMs: 5_000 },
    logger,
  );
  const app = createApp({
    config: servedConfig,
    pool,
    publicPool,
    throttlePool,
    publicPoolIsReplica: config.replicaUrl !== undefined,
    logger,
    webRoot,
  });
  // Queued notification mails go out after their transactions commit; stops with the pool.
  const { smtpUrl, from } = servedConfig.mail;
  if (smtpUrl) startMailSender({ pool, smtpUrl, from, logger });
  const running = await listen(app, [pool, publicPool, throttlePool], logger, {
    host: config.host,
    port: config.port,
  });
  closeOnSignals(running, logger);

  say(
    `diagis is running at ${running.url}  (health: ${running.url}/health, ready: ${running.url}/ready)`,
  );
  if (demoLoaded) {
    say('Demo accounts (password from DIAGIS_DEMO_PASSWORD, default "diagis-demo"):');
    for (const username of demoUsernames) say(`  - ${username}`);
  }
  say('Stop with Ctrl+C; `npm run db:stop` stops the embedded database.');
}

main().catch((error: unknown) => {
  if (error instanceof SetupError) {
    console.error(`[diagis] ${error.message}`);
  } else {
    console.error('[diagis] start failed:', error);
  }
  process.exit(1);
});
