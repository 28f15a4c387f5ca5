import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { DiagisError, invalidInput } from '../../core/errors/diagis_error';
import { queueFeeDueMail } from '../notifications/dossier_mails';
import type { PaymentProvider } from './payment_provider';

/** The body of POST /api/dossiers/{id}/payments: a fee of the dossier's procedure, or a tax notice. */
export const newPaymentSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('fee'),
      fee: z.string().regex(/^[a-z_]{3,40}$/, 'must be a fee code such as registration_fee'),
    }),
    z.strictObject({
      kind: z.literal('tax_notice'),
      noticeNo: z.string().regex(/^[A-Za-z0-9/._-]{1,60}$/, 'must be a recorded notice number'),
    }),
  ],
  { error: 'kind: must be fee or tax_notice' },
);
export type NewPayment = z.infer<typeof newPaymentSchema>;

/** A payment order as the API shows it. */
export interface PaymentOrder {
  id: number;
  orderRef: string;
  dossierId: number;
  item: string;
  description: string;
  amount: number;
  provider: string;
  state: 'pending' | 'paid' | 'failed';
  failureCode: string | null;
  createdAt: Date;
  expiresAt: Date;
  settledAt: Date | null;
  payment: { transactionNo: string; bankCode: string | null; paidAt: Date } | null;
}

/** Something of the dossier that can be paid, and whether it is paid. */
export interface PayableItem {
  item: string;
  kind: 'fee' | 'tax_notice';
  code: string;
  nameVi: string;
  nameEn: string;
  amount: number;
  /** A demo amount (migration 0031), not the province's tariff. */
  demo: boolean;
  paid: boolean;
}

export interface CreateOrderInput {
  dossierId: number;
  payment: NewPayment;
  createdBy: number | null;
  now: Date;
  /** How long the order may be paid. */
  orderMinutes: number;
  returnUrl: string;
  callbackUrl: string;
  payerAddress: string;
}

const closedStates = ['rejected', 'withdrawn', 'cancelled'];
const refAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `DG` and 16 characters from a cryptographic source (80 bits): never guessable from the id. */
export function newOrderRef(): string {
  const bytes = randomBytes(16);
  return `DG${[...bytes].map((byte) => refAlphabet[byte % 32]).join('')}`;
}

/** Vietnamese text without diacritics (đ as d), as providers take order descriptions. */
export function asciiText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 .-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Every fee of the dossier's procedure and every recorded tax notice, with whether an
// order for it was paid.
const payableSql = `
  WITH items AS (
    SELECT 'fee:' || f.code AS item, 'fee' AS kind, f.code, f.name_vi AS "nameVi", f.name_en AS "nameEn",
           f.amount, f.demo, 1 AS rank
    FROM dossier.dossier d JOIN payment.fee f ON f.procedure_code = d.procedure_code AND f.active
    WHERE d.id = $1
    UNION ALL
    SELECT 'tax_notice:' || t.notice_no, 'tax_notice', t.notice_no,
           'Thông báo nộp nghĩa vụ tài chính số ' || t.notice_no, 'Tax notice ' || t.notice_no,
           t.amount, false, 2
    FROM dossier.tax_notice t WHERE t.dossier_id = $1
  )
  SELECT i.item, i.kind, i.code, i."nameVi", i."nameEn", i.amount::float8 AS amount, i.demo,
         EXISTS (SELECT 1 FROM payment.payment_order o
                 WHERE o.dossier_id = $1 AND o.item = i.item AND o.state = 'paid') AS paid
  FROM items i ORDER BY i.rank, i.code`;

/** What the dossier's applicant may pay: the procedure's fees and the recorded tax notices. */
export async function payableItems(
  db: pg.Pool | pg.ClientBase,
  dossierId: number,
): Promise<PayableItem[]> {
  return (await db.query<PayableItem>(payableSql, [dossierId])).rows;
}

const ordersSql = `
  SELECT o.id::int, o.order_ref AS "orderRef", o.dossier_id::int AS "dossierId", o.item, o.description,
         o.amount::float8 AS amount, o.provider, o.state, o.failure_code AS "failureCode",
         o.created_at AS "createdAt", o.expires_at AS "expiresAt", o.settled_at AS "settledAt",
         CASE WHEN p.id IS NOT NULL THEN json_build_object('transactionNo', p.provider_transaction_no,
           'bankCode', p.bank_code, 'paidAt', p.paid_at) END AS payment
  FROM payment.payment_order o
  LEFT JOIN payment.payment p ON p.order_id = o.id
  WHERE o.dossier_id = $1
  ORDER BY o.created_at, o.id`;

/** The dossier's payment orders, oldest first, with the confirmed payment of each paid one. */
export async function listPaymentOrders(
  db: pg.Pool | pg.ClientBase,
  dossierId: number,
): Promise<PaymentOrder[]> {
  return (await db.query<PaymentOrder>(ordersSql, [dossierId])).rows;
}

/** The item key, its names and amount, or a 400 naming the field when it is not payable. */
async function resolveItem(
  client: pg.ClientBase,
  dossierId: number,
  payment: NewPayment,
): Promise<PayableItem> {
  const items = await payableItems(client, dossierId);
  const wanted = payment.kind === 'fee' ? payment.fee : payment.noticeNo;
  const found = items.find((item) => item.kind === payment.kind && item.code === wanted);
  if (found) return found;
  const offered = items.filter((item) => item.kind === payment.kind).map((item) => item.code);
  const field = payment.kind === 'fee' ? 'fee' : 'noticeNo';
  const what = payment.kind === 'fee' ? 'a fee of its procedure' : 'a tax notice recorded on it';
  throw invalidInput(
    field,
    `${wanted} is not ${what} (dossier ${dossierId} has: ${offered.join(', ') || 'none'})`,
  );
}

/**
 * Creates a payment order for one payable item of a dossier (a fee of its procedure or a
 * recorded tax notice; the amount comes from the data, never from the caller) and answers
 * the provider URL the payer is sent to. Queues the "fee due" mail to the applicant in the
 * same transaction. Refuses (409) a dossier that is closed or an item already paid.
 */
export async function createPaymentOrder(
  client: pg.ClientBase,
  provider: PaymentProvider,
  input: CreateOrderInput,
): Promise<{ order: PaymentOrder; paymentUrl: string }> {
  // The dossier row lock makes "already paid?" and the insert one step per dossier.
  const { rows } = await client.query<{ state: string; language: string | null }>(
    `SELECT d.state, pa.language FROM dossier.dossier d
     LEFT JOIN registry.party pa ON pa.id = d.applicant_party_id
     WHERE d.id = $1 FOR UPDATE OF d`,
    [input.dossierId],
  );
  const dossier = rows[0];
  if (!dossier) throw new DiagisError('not_found', `dossier ${input.dossierId} does not exist`);
  if (closedStates.includes(dossier.state)) {
    throw new DiagisError(
      'conflict',
      `dossier ${input.dossierId} is ${dossier.state}; nothing can be paid on it`,
    );
  }
  const item = await resolveItem(client, input.dossierId, input.payment);
  if (item.paid) {
    throw new DiagisError(
      'conflict',
      `${item.item} of dossier ${input.dossierId} is paid already (GET /api/dossiers/${input.dossierId}/payments)`,
    );
  }
  if (item.amount > provider.maxAmount) {
    throw new DiagisError(
      'unprocessable',
      `${item.item}: ${item.amount} VND is more than the ${provider.maxAmount} VND the payment provider takes in one order`,
    );
  }
  const orderRef = newOrderRef();
  const expiresAt = new Date(input.now.getTime() + input.orderMinutes * 60_000);
  const description = `Thanh toan ${asciiText(item.nameVi)} don ${orderRef}`.slice(0, 255);
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO payment.payment_order (order_ref, dossier_id, item, description, amount, provider,
                                        created_at, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      orderRef,
      input.dossierId,
      item.item,
      description,
      item.amount,
      provider.name,
      input.now,
      input.createdBy,
      expiresAt,
    ],
  );
  const paymentUrl = provider.paymentUrl({
    orderRef,
    amount: item.amount,
    description,
    createdAt: input.now,
    expiresAt,
    returnUrl: input.returnUrl,
    callbackUrl: input.callbackUrl,
    payerAddress: input.payerAddress,
    language: dossier.language === 'en' ? 'en' : 'vi',
  });
  await queueFeeDueMail(client, input.dossierId, {
    itemVi: item.nameVi,
    itemEn: item.nameEn,
    amount: item.amount,
    paymentUrl,
    payBefore: expiresAt,
  });
  const order = (await listPaymentOrders(client, input.dossierId)).find(
    (row) => row.id === Number(inserted.rows[0]?.id),
  );
  if (!order) throw new Error(`payment order ${orderRef} vanished inside its transaction`);
  return { order, paymentUrl };
}
