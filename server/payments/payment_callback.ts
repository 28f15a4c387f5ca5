import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';
import type { Logger } from '../logger';
import type { CallbackOutcome, PaymentNotice, PaymentProvider } from './payment_provider';

/** Where a callback came from, for the log. */
export interface CallbackSource {
  remoteAddress: string;
  requestId: string | undefined;
  now: Date;
  logger: Logger;
}

interface OrderRow {
  id: string;
  dossier_id: string;
  item: string;
  amount: string;
  state: string;
}

/** The parameters as logged: everything the provider sent but its signature. */
const loggedParams = (params: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(params)
      .filter(([name]) => !/securehash/i.test(name))
      .map(([name, value]) => [name.slice(0, 64), value.slice(0, 500)]),
  );

async function logCallback(
  db: pg.Pool | pg.ClientBase,
  channel: 'ipn' | 'return',
  params: Readonly<Record<string, string>>,
  orderRef: string | undefined,
  outcome: string,
  answerCode: string | null,
  source: CallbackSource,
): Promise<void> {
  await db.query(
    `INSERT INTO payment.callback_log (received_at, channel, order_ref, outcome, answer_code, remote_address, params)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      source.now,
      channel,
      orderRef?.slice(0, 100) ?? null,
      outcome,
      answerCode,
      source.remoteAddress,
      loggedParams(params),
    ],
  );
}

/** Records the notice on its order, which the caller has locked and found pending. */
async function record(
  client: pg.ClientBase,
  order: OrderRow,
  notice: PaymentNotice,
  now: Date,
): Promise<CallbackOutcome> {
  if (!notice.succeeded) {
    await client.query(
      `UPDATE payment.payment_order SET state = 'failed', failure_code = $2, settled_at = $3 WHERE id = $1`,
      [order.id, notice.resultCode, now],
    );
    return 'failure_recorded';
  }
  // The unique order_id makes a second confirmation impossible even past the row lock.
  const inserted = await client.query(
    `INSERT INTO payment.payment (order_id, amount, provider_transaction_no, bank_code, paid_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id) DO NOTHING`,
    [
      order.id,
      notice.amount,
      notice.transactionNo,
      notice.bankCode ?? null,
      notice.paidAt ?? now,
      now,
    ],
  );
  if (inserted.rowCount === 0) return 'already_confirmed';
  await client.query(
    `UPDATE payment.payment_order SET state = 'paid', settled_at = $2 WHERE id = $1`,
    [order.id, now],
  );
  await client.query(
    `INSERT INTO dossier.event (dossier_id, at, kind, data) VALUES ($1, $2, 'payment_recorded', $3)`,
    [
      order.dossier_id,
      now,
      {
        orderRef: notice.orderRef,
        item: order.item,
        amount: notice.amount,
        transactionNo: notice.transactionNo,
      },
    ],
  );
  return 'recorded';
}

/**
 * Locks the notice's order and checks it as VNPAY's guide orders the checks: the order
 * exists, the amount is the order's, the order is still pending; then records it.
 */
async function settle(
  client: pg.ClientBase,
  notice: PaymentNotice,
  now: Date,
): Promise<CallbackOutcome> {
  const { rows } = await client.query<OrderRow>(
    `SELECT id, dossier_id, item, amount, state FROM payment.payment_order
     WHERE order_ref = $1 FOR UPDATE`,
    [notice.orderRef],
  );
  const order = rows[0];
  if (!order) return 'unknown_order';
  if (Number(order.amount) !== notice.amount) return 'wrong_amount';
  if (order.state !== 'pending') return 'already_confirmed';
  return record(client, order, notice, now);
}

const acceptedOutcomes: readonly CallbackOutcome[] = [
  'recorded',
  'failure_recorded',
  'already_confirmed',
];

/**
 * Handles a server-to-server callback (IPN) of the provider: checks signature, merchant,
 * order and amount, and records the payment (or the failure) on a pending order, once:
 * the order row is locked and the payment is unique per order, so repeated or concurrent
 * callbacks answer "already confirmed". A forged, altered, unknown or replayed callback
 * changes nothing. Every callback is logged (payment.callback_log, and the server log
 * when refused), never with the signature or the secret. Returns what was done and the
 * answer to give the provider.
 */
export async function handlePaymentCallback(
  pool: pg.Pool,
  provider: PaymentProvider,
  params: Readonly<Record<string, string>>,
  source: CallbackSource,
): Promise<{ outcome: CallbackOutcome; answer: Record<string, string> }> {
  const read = provider.readNotice(params);
  const orderRef = read.ok ? read.notice.orderRef : read.orderRef;
  const log = (db: pg.Pool | pg.ClientBase, outcome: CallbackOutcome) =>
    logCallback(db, 'ipn', params, orderRef, outcome, provider.answer(outcome).code, source);
  let outcome: CallbackOutcome;
  if (!read.ok) {
    outcome = read.reason;
    await log(pool, outcome);
  } else {
    try {
      outcome = await withTransaction(
        pool,
        { requestId: source.requestId, source: 'payment-callback' },
        async (client) => {
          const settled = await settle(client, read.notice, source.now);
          await log(client, settled);
          return settled;
        },
      );
    } catch (error) {
      source.logger.error({ err: error, orderRef }, 'payment callback failed');
      outcome = 'error';
      await log(pool, outcome).catch(() => {});
    }
  }
  if (!acceptedOutcomes.includes(outcome)) {
    source.logger.warn(
      { orderRef: orderRef?.slice(0, 100), outcome, remoteAddress: source.remoteAddress },
      'payment callback refused',
    );
  }
  return { outcome, answer: provider.answer(outcome).body };
}

/** What the payer's return says, as the result page shows it. */
export type ReturnView =
  | { kind: 'unverified' }
  | {
      kind: 'paid' | 'confirming' | 'not_paid';
      orderRef: string;
      amount: number;
      resultCode: string;
      dossierId: number | null;
    };

/**
 * Reads the provider's return (the payer's browser, sent back with the signed result).
 * Changes no order: only the callback records payments. Says whether the order is paid,
 * still being confirmed (the provider says paid, the callback has not arrived yet), or
 * not paid; `unverified` when the signature, merchant, order or amount does not hold.
 * Every return is logged.
 */
export async function readPaymentReturn(
  pool: pg.Pool,
  provider: PaymentProvider,
  params: Readonly<Record<string, string>>,
  source: CallbackSource,
): Promise<ReturnView> {
  const read = provider.readNotice(params);
  if (!read.ok) {
    await logCallback(pool, 'return', params, read.orderRef, read.reason, null, source);
    source.logger.warn(
      { outcome: read.reason, remoteAddress: source.remoteAddress },
      'payment return refused',
    );
    return { kind: 'unverified' };
  }
  const notice = read.notice;
  const { rows } = await pool.query<OrderRow>(
    'SELECT id, dossier_id, item, amount, state FROM payment.payment_order WHERE order_ref = $1',
    [notice.orderRef],
  );
  const order = rows[0];
  const refusal = !order
    ? 'unknown_order'
    : Number(order.amount) !== notice.amount
      ? 'wrong_amount'
      : undefined;
  if (refusal || !order) {
    await logCallback(
      pool,
      'return',
      params,
      notice.orderRef,
      refusal ?? 'unknown_order',
      null,
      source,
    );
    source.logger.warn({ outcome: refusal, orderRef: notice.orderRef }, 'payment return refused');
    return { kind: 'unverified' };
  }
  const kind =
    order.state === 'paid'
      ? 'paid'
      : notice.succeeded && order.state === 'pending'
        ? 'confirming'
        : 'not_paid';
  await logCallback(pool, 'return', params, notice.orderRef, kind, null, source);
  return {
    kind,
    orderRef: notice.orderRef,
    amount: notice.amount,
    resultCode: notice.resultCode,
    dossierId: Number(order.dossier_id),
  };
}
