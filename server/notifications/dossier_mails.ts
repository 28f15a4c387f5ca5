import type pg from 'pg';
import { enqueueMail, type MailKind } from './mail_outbox';
import {
  type DossierMailFacts,
  feeDueMail,
  type MailLanguage,
  type MailText,
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
 * Queues mail `kind` to the applicant of `dossierId` in the caller's transaction, when the
 * applicant gave an e-mail address, in the applicant's language. Returns whether a mail
 * was queued (the sender sends it after the commit).
 */
async function queueApplicantMail(
  client: pg.ClientBase,
  dossierId: number,
  kind: MailKind,
  compose: (to: Recipient) => MailText,
): Promise<boolean> {
  const to = await recipientOf(client, dossierId);
  if (!to) return false;
  await enqueueMail(client, {
    kind,
    dossierId,
    recipient: to.email,
    language: to.language,
    ...compose(to),
  });
  return true;
}

/** The "dossier received" mail, when the dossier is created. */
export const queueDossierReceivedMail = (client: pg.ClientBase, dossierId: number) =>
  queueApplicantMail(client, dossierId, 'dossier_received', (to) => receivedMail(to, to.language));

/** What is due, for the "fee due" mail. */
export interface DueItem {
  itemVi: string;
  itemEn: string;
  amount: number;
  paymentUrl: string;
  payBefore: Date;
}

/** The "fee due" mail: what to pay, how much, the link to pay online. */
export const queueFeeDueMail = (client: pg.ClientBase, dossierId: number, due: DueItem) =>
  queueApplicantMail(client, dossierId, 'fee_due', (to) =>
    feeDueMail({ ...to, ...due }, to.language),
  );

/** The "documents to add" mail, with the officer's note on what is missing. */
export const queueSupplementAskedMail = (
  client: pg.ClientBase,
  dossierId: number,
  note: string | null,
) =>
  queueApplicantMail(client, dossierId, 'supplement_asked', (to) =>
    supplementAskedMail({ ...to, note }, to.language),
  );

/** The "result ready" mail, when the result is returned. */
export const queueResultReadyMail = (client: pg.ClientBase, dossierId: number) =>
  queueApplicantMail(client, dossierId, 'result_ready', (to) => resultReadyMail(to, to.language));
