import type pg from 'pg';
import type { MailLanguage, MailText } from './mail_templates';

/** The steps that send a mail (notification.mail_outbox.kind). */
export type MailKind = 'dossier_received' | 'supplement_asked' | 'fee_due' | 'result_ready';

/** A mail to queue: who, in which language, about which dossier, and its text. */
export interface QueuedMail extends MailText {
  kind: MailKind;
  dossierId: number | null;
  recipient: string;
  language: MailLanguage;
}

/** A queued mail the sender has claimed for one attempt. */
export interface ClaimedMail {
  id: number;
  recipient: string;
  language: MailLanguage;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Queues a mail in the caller's transaction: it is sent only once that transaction
 * commits, and a rollback takes it back with everything else. Returns its id.
 */
export async function enqueueMail(client: pg.ClientBase, mail: QueuedMail): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO notification.mail_outbox (kind, dossier_id, recipient, language, subject, body)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [mail.kind, mail.dossierId, mail.recipient, mail.language, mail.subject, mail.text],
  );
  return Number(rows[0]?.id);
}

// Takes up to $1 due mails that no other sender holds and pushes their next attempt $2
// seconds ahead: a sender that dies mid-send leaves the mail to be retried after that.
const claimSql = `
  WITH due AS (
    SELECT id FROM notification.mail_outbox
    WHERE state = 'pending' AND next_attempt_at <= now()
    ORDER BY next_attempt_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE notification.mail_outbox m
  SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
  FROM due WHERE m.id = due.id
  RETURNING m.id, m.recipient, m.language, m.subject, m.body, m.attempts`;

/** Claims up to `limit` due mails for one attempt each (see claimSql). */
export async function claimDueMails(
  pool: pg.Pool,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedMail[]> {
  const { rows } = await pool.query<ClaimedMail & { id: string }>(claimSql, [limit, leaseSeconds]);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** Records a delivered mail. */
export async function markSent(pool: pg.Pool, id: number, messageId: string): Promise<void> {
  await pool.query(
    `UPDATE notification.mail_outbox
     SET state = 'sent', sent_at = now(), message_id = $2, last_error = NULL
     WHERE id = $1`,
    [id, messageId.slice(0, 300)],
  );
}

/**
 * Records a failed attempt: retried after `retryInSeconds`, or given up (state `failed`)
 * when that was attempt `maxAttempts`.
 */
export async function markAttemptFailed(
  pool: pg.Pool,
  id: number,
  error: string,
  retryInSeconds: number,
  maxAttempts: number,
): Promise<void> {
  await pool.query(
    `UPDATE notification.mail_outbox
     SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3),
         state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END
     WHERE id = $1`,
    [id, error.slice(0, 500), retryInSeconds, maxAttempts],
  );
}

/** Gives up on mails still unsent `hours` after they were queued (news that late misleads). */
export async function expireStaleMails(pool: pg.Pool, hours: number): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE notification.mail_outbox SET state = 'expired'
     WHERE state = 'pending' AND created_at < now() - make_interval(hours => $1)`,
    [hours],
  );
  return rowCount ?? 0;
}
