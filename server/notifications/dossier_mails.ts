import type pg from 'pg';
import { enqueueMail } from './mail_outbox';
import {
  type DossierMailFacts,
  feeDueMail,
  type MailLanguage,
  receivedMail,
  resultReadyMail,
  supplementAskedMail,
} from './mail_templates';

// The applicant's address and language, and what every dossier mail names.
const factsSql = `
  SELECT pa.email, coalesce(pa.language, 'vi') AS language, pa.full_name AS "applicantName",
         d.receipt_code AS "receiptCode", p.name_vi AS "procedureVi", p.name_en AS "procedureEn",
         o.name AS "officeName", d.received_at AS "receivedAt", d.due_at AS "dueAt"
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office o ON o.id = d.receiving_office_id
  LEFT JOIN registry.party pa ON pa.id = d.applicant_party_id
  WHERE d.id = $1`;

interface Recipient extends DossierMailFacts {
  email: string;
  language: MailLanguage;
  receivedAt: Date;
  dueAt: Date | null;
}

/** The applicant of `dossierId` with what the mails name, when the applicant gave an address. */
async function recipientOf(
  client: pg.ClientBase,
  dossierId: number,
): Promise<Recipient | undefined> {
  const { rows } = await client.query<Recipient & { email: string | null }>(factsSql, [dossierId]);
  const row = rows[0];
  return row?.email ? { ...row, email: row.email } : undefined;
}

/**
 * Queues the "dossier received" mail to the applicant in the caller's transaction, when
 * the applicant gave an e-mail address. Returns whether a mail was queued.
 */
export async function queueDossierReceivedMail(
  client: pg.ClientBase,
  dossierId: number,
): Promise<boolean> {
  const to = await recipientOf(client, dossierId);
  if (!to) return false;
  await enqueueMail(client, {
    kind: 'dossier_received',
    dossierId,
    recipient: to.email,
    language: to.language,
    ...receivedMail(to, to.language),
  });
  return true;
}

/** What is due, for the "fee due" mail. */
export interface DueItem {
  itemVi: string;
  itemEn: string;
  amount: number;
  paymentUrl: string;
  payBefore: Date;
}

/**
 * Queues the "fee due" mail (what to pay, how much, the link to pay online) to the
 * applicant in the caller's transaction, when the applicant gave an e-mail address.
 */
export async function queueFeeDueMail(
  client: pg.ClientBase,
  dossierId: number,
  due: DueItem,
): Promise<boolean> {
  const to = await recipientOf(client, dossierId);
  if (!to) return false;
  await enqueueMail(client, {
    kind: 'fee_due',
    dossierId,
    recipient: to.email,
    language: to.language,
    ...feeDueMail({ ...to, ...due }, to.language),
  });
  return true;
}

/**
 * Queues the "documents to add" mail (the officer's note says what is missing) when an
 * officer asks the applicant for a supplement, in the transition's transaction.
 */
export async function queueSupplementAskedMail(
  client: pg.ClientBase,
  dossierId: number,
  note: string | null,
): Promise<boolean> {
  const to = await recipientOf(client, dossierId);
  if (!to) return false;
  await enqueueMail(client, {
    kind: 'supplement_asked',
    dossierId,
    recipient: to.email,
    language: to.language,
    ...supplementAskedMail({ ...to, note }, to.language),
  });
  return true;
}

/** Queues the "result ready" mail when the result is returned to the applicant. */
export async function queueResultReadyMail(
  client: pg.ClientBase,
  dossierId: number,
): Promise<boolean> {
  const to = await recipientOf(client, dossierId);
  if (!to) return false;
  await enqueueMail(client, {
    kind: 'result_ready',
    dossierId,
    recipient: to.email,
    language: to.language,
    ...resultReadyMail(to, to.language),
  });
  return true;
}
