// A local SMTP server that keeps what diagis sends instead of delivering it:
//   npx tsx scripts/mail-catcher.ts --smtp-port 2525 --http-port 8093
// then start diagis with DIAGIS_SMTP_URL=smtp://127.0.0.1:2525 and read the mail at
// http://127.0.0.1:8093/ (JSON at /messages). `npm start` runs it by itself when
// DIAGIS_SMTP_URL is unset.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../server/config';
import { startMailCatcher } from './lib/local_services/mail_catcher';

const say = (message: string) => console.log(`[mail-catcher] ${message}`);

function port(text: string): number {
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65535) {
    throw new InvalidArgumentError('expected a port number 0-65535');
  }
  return value;
}

const { config } = loadConfig({
  DIAGIS_MAIL_CATCHER_SMTP_PORT: process.env.DIAGIS_MAIL_CATCHER_SMTP_PORT,
  DIAGIS_MAIL_CATCHER_HTTP_PORT: process.env.DIAGIS_MAIL_CATCHER_HTTP_PORT,
});
const options = new Command()
  .name('mail-catcher')
  .description('A local SMTP server that shows the mail diagis sends instead of delivering it')
  .option('--smtp-port <port>', 'SMTP port (0 = a free one)', port, config.mail.catcherSmtpPort)
  .option(
    '--http-port <port>',
    'port of the page and JSON (0 = a free one)',
    port,
    config.mail.catcherHttpPort,
  )
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .parse()
  .opts<{ smtpPort: number; httpPort: number; host: string }>();

startMailCatcher({ ...options, log: say }).then(
  (catcher) => {
    say(`listening at ${catcher.smtpUrl} and ${catcher.httpUrl}`);
    const stop = () => {
      void catcher.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    // Started by npm start or a test over an IPC channel: end with the parent, however it ends.
    process.once('disconnect', stop);
  },
  (error: unknown) => {
    console.error(`[mail-catcher] cannot listen: ${(error as Error).message}`);
    process.exit(1);
  },
);
