import { createTransport } from 'nodemailer';
import type pg from 'pg';
import type { Logger } from '../logger';
import { claimDueMails, expireStaleMails, markAttemptFailed, markSent } from './mail_outbox';

export interface MailSenderOptions {
  pool: pg.Pool;
  /** `smtp://user:password@host:port` or `smtps://…`. */
  smtpUrl: string;
  /** The From address (`Name <address>`). */
  from: string;
  logger: Logger;
  /** How often the outbox is looked at (default 5 s). */
  pollMs?: number;
  /** Attempts before a mail is given up (default 8: about 4 hours of backoff). */
  maxAttempts?: number;
  /** Mails still unsent this long after they were queued are dropped (default 72). */
  expireAfterHours?: number;
}

export interface MailSender {
  /** Sends what is due now; resolves with the number of mails delivered. */
  runOnce(): Promise<number>;
  /** Stops the loop and waits for the round in flight; closes the SMTP connection. */
  stop(): Promise<void>;
}

/** Seconds before the retry after attempt `attempt`: 30 s, doubling, at most an hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends the queued mails (notification.mail_outbox) over SMTP, after the transactions
 * that queued them committed, in a loop every `pollMs`. A failed send is recorded on the
 * mail and retried later with backoff; it never reaches the request that queued it.
 * Several processes may run a sender: each mail is claimed by one (SKIP LOCKED). It stops
 * by itself once its pool is closed.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  const pollMs = options.pollMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const log = options.logger.child({ component: 'mail-sender' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<number> = Promise.resolve(0);
  // The sender ends by itself when its pool is closed (server shutdown).
  const poolClosed = () => options.pool.ending || options.pool.ended;

  async function sendDue(): Promise<number> {
    await expireStaleMails(options.pool, options.expireAfterHours ?? 72);
    let delivered = 0;
    while (!stopped && !poolClosed()) {
      const mails = await claimDueMails(options.pool, 10, 120);
      if (mails.length === 0) break;
      for (const mail of mails) {
        try {
          const info = await transport.sendMail({
            from: options.from,
            to: mail.recipient,
            subject: mail.subject,
            text: mail.body,
            headers: { 'Content-Language': mail.language },
          });
          await markSent(options.pool, mail.id, String(info.messageId ?? ''));
          delivered += 1;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const retryIn = retryDelaySeconds(mail.attempts);
          await markAttemptFailed(options.pool, mail.id, reason, retryIn, maxAttempts);
          log.warn(
            { mailId: mail.id, attempt: mail.attempts, retryInSeconds: retryIn, err: reason },
            'mail not sent; will retry',
          );
        }
      }
    }
    return delivered;
  }

  const runOnce = (): Promise<number> => {
    round = round.then(sendDue, sendDue);
    return round;
  };

  const loop = () => {
    if (poolClosed()) stopped = true;
    if (stopped) return;
    runOnce()
      .catch((error: unknown) => {
        if (!poolClosed()) log.error({ err: error }, 'mail sender round failed');
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollMs).unref();
      });
  };
  timer = setTimeout(loop, 0).unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round.catch(() => 0);
      transport.close();
    },
  };
}
