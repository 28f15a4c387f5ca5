import type { Config } from '../../../server/config';
import { type ServiceProcess, startServiceProcess } from './service_process';

/** The mail catcher running as its own process. */
export interface MailCatcherProcess extends ServiceProcess {
  /** The value of DIAGIS_SMTP_URL. */
  smtpUrl: string;
  /** Its page (`/`) and JSON (`/messages`). */
  httpUrl: string;
}

/** Starts `scripts/mail-catcher.ts` (port 0 picks a free one). */
export async function startMailCatcherProcess(options: {
  smtpPort: number;
  httpPort: number;
}): Promise<MailCatcherProcess> {
  const started = await startServiceProcess({
    script: 'scripts/mail-catcher.ts',
    args: ['--smtp-port', String(options.smtpPort), '--http-port', String(options.httpPort)],
    env: {},
    ready: /listening at (smtp:\/\/\S+) and (http:\/\/\S+)/,
    name: 'the mail catcher',
  });
  return { ...started, smtpUrl: started.ready[1] ?? '', httpUrl: started.ready[2] ?? '' };
}

/**
 * For `npm start`: when DIAGIS_SMTP_URL is unset, runs the mail catcher beside the server
 * (SMTP on DIAGIS_MAIL_CATCHER_SMTP_PORT, default 2525, its page on
 * DIAGIS_MAIL_CATCHER_HTTP_PORT, default 8093; it ends with the server) and returns the
 * configuration sending mail to it. When an SMTP server is set, or the catcher cannot
 * start, the configuration comes back unchanged (then mails stay queued, unsent).
 */
export async function withLocalMailCatcher(
  config: Readonly<Config>,
  say: (message: string) => void,
): Promise<Readonly<Config>> {
  if (config.mail.smtpUrl) return config;
  try {
    const catcher = await startMailCatcherProcess({
      smtpPort: config.mail.catcherSmtpPort,
      httpPort: config.mail.catcherHttpPort,
    });
    process.once('exit', () => catcher.child.kill('SIGTERM'));
    catcher.child.stderr?.pipe(process.stderr);
    catcher.child.stdout?.resume();
    say(`E-mail: local mail catcher (nothing is delivered); read the mail at ${catcher.httpUrl}`);
    return Object.freeze({ ...config, mail: { ...config.mail, smtpUrl: catcher.smtpUrl } });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(-1)[0] : error;
    say(
      `warning: no e-mail is sent: the mail catcher did not start (${reason}); ` +
        'set DIAGIS_MAIL_CATCHER_SMTP_PORT / DIAGIS_MAIL_CATCHER_HTTP_PORT to free ports, or DIAGIS_SMTP_URL to a real server',
    );
    return config;
  }
}
