import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaughtMessage } from '../../scripts/lib/local_services/mail_catcher';
import {
  type PaymentSandboxProcess,
  startPaymentSandboxProcess,
} from '../../scripts/lib/local_services/payment_sandbox_process';
import { createLogger } from '../../server/logger';
import { type MailSender, startMailSender } from '../../server/notifications/mail_sender';
import { signedQuery } from '../../server/payments/vnpay_signature';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const merchantCode = 'DIAGISTEST';
const secret = 'sandbox-secret-for-the-payment-tests-0123';
// Addresses of this file alone: other test files share the database and its outbox.
const run = Date.now().toString(36);
const email = `nhung.${run}@example.vn`;
const englishEmail = `ann.${run}@example.com`;
const warnings: string[] = [];
let sandbox: PaymentSandboxProcess;
// The run's one mail catcher (tests/global_setup.ts): any sender may send this file's mail.
const catcher = inject('mailCatcher');
let fx: AppFixture;
let sender: MailSender;
let sample: { parcel_id: number; commune_id: number };

beforeAll(async () => {
  sandbox = await startPaymentSandboxProcess({ port: 0, merchantCode, secret });
  fx = await startAppFixture({
    env: {
      DIAGIS_PAYMENT_PROVIDER_URL: sandbox.providerUrl,
      DIAGIS_PAYMENT_MERCHANT_CODE: merchantCode,
      DIAGIS_PAYMENT_SECRET: secret,
      DIAGIS_SMTP_URL: catcher.smtpUrl,
      DIAGIS_MAIL_FROM: 'VPĐK Cần Thơ <no-reply@vpdk.example>',
    },
    logger: createLogger('warn', { write: (line: string) => void warnings.push(line) }),
    users: ['officer.branch1', 'viewer1'],
  });
  sender = startMailSender({
    pool: fx.pool,
    smtpUrl: catcher.smtpUrl,
    from: fx.config.mail.from,
    logger: createLogger('silent'),
    pollMs: 100,
  });
  // A current parcel in a commune of branch 1 (CN-SOCTRANG).
  const { rows } = await fx.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     WHERE o.code = 'CN-SOCTRANG'
     ORDER BY p.parcel_id LIMIT 1`,
  );
  sample = rows[0];
}, 120_000);

afterAll(async () => {
  await sender?.stop();
  await fx?.close();
  await sandbox?.stop();
});

const applicant = {
  fullName: 'Lâm Thị Hồng Nhung',
  idNumber: '094185001234',
  address: '12 Trần Hưng Đạo, phường Sóc Trăng, thành phố Cần Thơ',
};
const newTransfer = (extra: Record<string, unknown>) => ({
  procedure: 'transfer',
  communeId: sample.commune_id,
  parcelIds: [sample.parcel_id],
  applicant: { ...applicant, ...extra },
  declaredValue: 900_000_000,
});

/** What the catcher holds for `to`, read over its HTTP JSON, once `count` messages are there. */
async function mailTo(to: string, count: number): Promise<CaughtMessage[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${catcher.httpUrl}/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: CaughtMessage[] };
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The IPN the sandbox sent for an order: its signed parameters and diagis's answers. */
async function sandboxTransaction(orderRef: string) {
  const response = await fetch(`${sandbox.url}/api/transactions`);
  const { transactions } = (await response.json()) as {
    transactions: {
      orderRef: string;
      params: Record<string, string>;
      ipnAttempts: { status: number; rspCode: string }[];
    }[];
  };
  const found = transactions.find((transaction) => transaction.orderRef === orderRef);
  if (!found) throw new Error(`the sandbox completed no order ${orderRef}`);
  return found;
}

/** Posts provider parameters to diagis's callback as the sandbox does; answers RspCode. */
async function callback(params: Record<string, string>, method: 'POST' | 'GET' = 'POST') {
  const query = new URLSearchParams(params).toString();
  const response =
    method === 'POST'
      ? await fetch(`${fx.base}/api/payments/callback`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: query,
        })
      : await fetch(`${fx.base}/api/payments/callback?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { RspCode: string }).RspCode;
}

/** Parameters signed with the merchant's secret, as only the provider could make them. */
const signed = (params: Record<string, string>) =>
  Object.fromEntries(new URLSearchParams(signedQuery(params, secret)));

/** The payer's way: open the payment URL, press Pay (or Cancel), follow back to diagis. */
async function payThroughSandbox(paymentUrl: string, button: 'pay' | 'cancel') {
  const page = await fetch(paymentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="token" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const pressed = await fetch(`${sandbox.url}/paymentv2/${button}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  expect(pressed.status).toBe(303);
  const returnUrl = pressed.headers.get('location') ?? '';
  const back = await fetch(returnUrl);
  return { html, returnUrl, status: back.status, page: await back.text() };
}

const counts = async (orderId: number, dossierId: number) =>
  fx.one<{ payments: number; events: number; state: string }>(
    `SELECT (SELECT count(*)::int FROM payment.payment WHERE order_id = $1) AS payments,
            (SELECT count(*)::int FROM dossier.event WHERE dossier_id = $2 AND kind = 'payment_recorded') AS events,
            (SELECT state FROM payment.payment_order WHERE id = $1) AS state`,
    [orderId, dossierId],
  );

describe('online payment through the sandbox provider, and the mails that go with it', () => {
  let dossier: { id: number; receiptCode: string };
  let paidOrder: { id: number; orderRef: string };
  let pendingOrder: { id: number; orderRef: string };

  it('pays a dossier fee through the sandbox: redirect, Pay, signed IPN and return, recorded once', async () => {
    const created = await fx.call(
      'officer.branch1',
      'POST',
      '/api/dossiers',
      newTransfer({ email }),
    );
    expect(created.status).toBe(201);
    dossier = created.body;

    const before = await fx.call('officer.branch1', 'GET', `/api/dossiers/${dossier.id}/payments`);
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([]);
    expect(before.body.payable).toEqual([
      expect.objectContaining({
        item: 'fee:appraisal_fee',
        amount: 350_000,
        demo: true,
        paid: false,
      }),
      expect.objectContaining({
        item: 'fee:registration_fee',
        nameVi: 'Lệ phí đăng ký biến động',
        amount: 30_000,
        demo: true,
        paid: false,
      }),
    ]);

    const ordered = await fx.call(
      'officer.branch1',
      'POST',
      `/api/dossiers/${dossier.id}/payments`,
      {
        kind: 'fee',
        fee: 'registration_fee',
      },
    );
    expect(ordered.status).toBe(201);
    expect(ordered.body.order).toMatchObject({
      dossierId: dossier.id,
      item: 'fee:registration_fee',
      amount: 30_000,
      state: 'pending',
      provider: 'vnpay',
    });
    paidOrder = ordered.body.order;
    expect(paidOrder.orderRef).toMatch(/^DG[A-Z2-9]{16}$/);
    const url = new URL(ordered.body.paymentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(sandbox.providerUrl);
    expect(url.searchParams.get('vnp_Amount')).toBe('3000000');
    expect(url.searchParams.get('vnp_TxnRef')).toBe(paidOrder.orderRef);
    expect(url.searchParams.get('vnp_ReturnUrl')).toBe(`${fx.base}/payments/return`);
    expect(url.searchParams.get('vnp_SecureHash')).toMatch(/^[0-9a-f]{128}$/);
    expect(ordered.body.paymentUrl).not.toContain(secret);

    const paid = await payThroughSandbox(ordered.body.paymentUrl, 'pay');
    expect(paid.html).toContain(paidOrder.orderRef);
    expect(paid.html).toContain('30.000 VND');
    expect(paid.returnUrl.startsWith(`${fx.base}/payments/return?`)).toBe(true);
    expect(paid.status).toBe(200);
    expect(paid.page).toContain('Thanh toán thành công');
    expect(paid.page).toContain('Payment successful');
    expect(paid.page).toContain('30.000 đồng');

    const transaction = await sandboxTransaction(paidOrder.orderRef);
    expect(transaction.ipnAttempts).toEqual([{ status: 200, rspCode: '00' }]);
    const after = await fx.call('officer.branch1', 'GET', `/api/dossiers/${dossier.id}/payments`);
    expect(after.body.items).toEqual([
      expect.objectContaining({
        orderRef: paidOrder.orderRef,
        state: 'paid',
        payment: expect.objectContaining({
          transactionNo: transaction.params.vnp_TransactionNo,
          bankCode: 'SANDBOX',
        }),
      }),
    ]);
    expect(after.body.payable).toContainEqual(
      expect.objectContaining({ item: 'fee:registration_fee', paid: true }),
    );
    expect(await counts(paidOrder.id, dossier.id)).toEqual({
      payments: 1,
      events: 1,
      state: 'paid',
    });
    const detail = await fx.call('officer.branch1', 'GET', `/api/dossiers/${dossier.id}`);
    expect(detail.body.events).toContainEqual(
      expect.objectContaining({
        kind: 'payment_recorded',
        data: expect.objectContaining({ orderRef: paidOrder.orderRef, amount: 30_000 }),
      }),
    );

    // A second order for what is paid already is refused.
    const again = await fx.call('officer.branch1', 'POST', `/api/dossiers/${dossier.id}/payments`, {
      kind: 'fee',
      fee: 'registration_fee',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is paid already');
  });

  it('the provider refuses a payment URL whose amount the payer changed', async () => {
    const ordered = await fx.call(
      'officer.branch1',
      'POST',
      `/api/dossiers/${dossier.id}/payments`,
      {
        kind: 'fee',
        fee: 'appraisal_fee',
      },
    );
    const tampered = new URL(ordered.body.paymentUrl);
    tampered.searchParams.set('vnp_Amount', '100');
    const page = await fetch(tampered);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('<code>97</code>');
  });

  it('records the payment once however many identical callbacks arrive, GET or POST', async () => {
    const { params } = await sandboxTransaction(paidOrder.orderRef);
    const answers = await Promise.all([
      callback(params),
      callback(params),
      callback(params),
      callback(params, 'GET'),
    ]);
    expect(answers).toEqual(['02', '02', '02', '02']);
    expect(await counts(paidOrder.id, dossier.id)).toEqual({
      payments: 1,
      events: 1,
      state: 'paid',
    });
  });

  it('changes nothing for a forged signature, another amount, an unknown order or another merchant, and logs them without secrets', async () => {
    const ordered = await fx.call(
      'officer.branch1',
      'POST',
      `/api/dossiers/${dossier.id}/payments`,
      {
        kind: 'fee',
        fee: 'appraisal_fee',
      },
    );
    expect(ordered.status).toBe(201);
    pendingOrder = ordered.body.order;
    const genuine = (await sandboxTransaction(paidOrder.orderRef)).params;
    const { vnp_SecureHash: _hash, ...unsigned } = genuine;

    // The paid order's genuine signature on the pending order's reference: forged.
    expect(await callback({ ...genuine, vnp_TxnRef: pendingOrder.orderRef })).toBe('97');
    expect(await callback({ ...genuine, vnp_SecureHash: 'ab'.repeat(64) })).toBe('97');
    // Signed with the right secret, but for another amount than the order's.
    const cheap = { ...unsigned, vnp_TxnRef: pendingOrder.orderRef, vnp_Amount: '100' };
    expect(await callback(signed(cheap))).toBe('04');
    // A replay of the paid order's callback for another amount.
    expect(await callback(signed({ ...unsigned, vnp_Amount: '99900' }))).toBe('04');
    // An order diagis never made.
    expect(await callback(signed({ ...unsigned, vnp_TxnRef: 'DGNOSUCHORDER2345' }))).toBe('01');
    // Signed, but for another merchant.
    expect(await callback(signed({ ...unsigned, vnp_TmnCode: 'OTHERSHOP' }))).toBe('99');

    expect(await counts(pendingOrder.id, dossier.id)).toEqual({
      payments: 0,
      events: 1,
      state: 'pending',
    });
    expect(await counts(paidOrder.id, dossier.id)).toEqual({
      payments: 1,
      events: 1,
      state: 'paid',
    });
    const logged = await fx.pool.query<{ outcome: string; answer_code: string; params: object }>(
      `SELECT outcome, answer_code, params FROM payment.callback_log
       WHERE channel = 'ipn' AND order_ref = ANY ($1) ORDER BY id`,
      [[paidOrder.orderRef, pendingOrder.orderRef, 'DGNOSUCHORDER2345']],
    );
    expect(logged.rows.map((row) => row.outcome)).toEqual(
      expect.arrayContaining([
        'recorded',
        'already_confirmed',
        'bad_signature',
        'wrong_amount',
        'unknown_order',
        'wrong_merchant',
      ]),
    );
    const everything = JSON.stringify(logged.rows) + warnings.join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(genuine.vnp_SecureHash);
    expect(warnings.join('\n')).toContain('payment callback refused');
  });

  it('leaves a cancelled payment unpaid and says so on the return page', async () => {
    const list = await fx.call('officer.branch1', 'GET', `/api/dossiers/${dossier.id}/payments`);
    expect(list.body.items).toHaveLength(3);
    // A new order for the appraisal fee, paid with Cancel in the sandbox.
    const ordered = await fx.call(
      'officer.branch1',
      'POST',
      `/api/dossiers/${dossier.id}/payments`,
      {
        kind: 'fee',
        fee: 'appraisal_fee',
      },
    );
    const cancelled = await payThroughSandbox(ordered.body.paymentUrl, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.page).toContain('Chưa thanh toán');
    expect(cancelled.page).toContain('The payment was cancelled');
    expect(await counts(ordered.body.order.id, dossier.id)).toEqual({
      payments: 0,
      events: 1,
      state: 'failed',
    });
    // A return whose signature does not hold is not believed.
    const forged = new URL(cancelled.returnUrl);
    forged.searchParams.set('vnp_ResponseCode', '00');
    const page = await fetch(forged);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Không xác thực được kết quả thanh toán');
  });

  it('refuses unknown fees, tax notices the dossier lacks and users who may not act', async () => {
    const path = `/api/dossiers/${dossier.id}/payments`;
    const fee = await fx.call('officer.branch1', 'POST', path, { kind: 'fee', fee: 'no_such_fee' });
    expect(fee.status).toBe(400);
    expect(fee.body.error).toMatchObject({ field: 'fee' });
    expect(fee.body.error.message).toContain('appraisal_fee, registration_fee');
    const notice = await fx.call('officer.branch1', 'POST', path, {
      kind: 'tax_notice',
      noticeNo: 'TB-1',
    });
    expect(notice.status).toBe(400);
    expect(notice.body.error.field).toBe('noticeNo');
    const amount = await fx.call('officer.branch1', 'POST', path, {
      kind: 'fee',
      fee: 'registration_fee',
      amount: 1,
    });
    expect(amount.status).toBe(400);
    const viewer = await fx.call('viewer1', 'POST', path, { kind: 'fee', fee: 'appraisal_fee' });
    expect(viewer.status).toBe(403);
  });

  it('mailed the applicant the "received" and "fee due" notices in Vietnamese', async () => {
    const messages = await mailTo(email, 5);
    const subjects = messages.map((message) => message.subject);
    expect(subjects).toContain(`Tiếp nhận hồ sơ ${dossier.receiptCode}`);
    expect(subjects.filter((subject) => subject.startsWith('Thông báo nộp phí'))).toHaveLength(4);
    const received = messages.find((message) => message.subject.startsWith('Tiếp nhận'));
    expect(received?.envelope.to).toEqual([email]);
    expect(received?.from).toContain('no-reply@vpdk.example');
    expect(received?.text).toContain('Kính gửi Ông/Bà Lâm Thị Hồng Nhung,');
    expect(received?.text).toContain(`Mã hồ sơ (số biên nhận): ${dossier.receiptCode}`);
    expect(received?.text).toContain('Ngày hẹn trả kết quả:');
    const due = messages.find((message) => message.text.includes('Lệ phí đăng ký biến động'));
    expect(due?.text).toContain('Lệ phí đăng ký biến động: 30.000 đồng');
    expect(due?.text).toContain(`${sandbox.providerUrl}?`);
    expect(due?.text).toContain(paidOrder.orderRef);
    const sent = await fx.one<{ sent: number }>(
      `SELECT count(*)::int AS sent FROM notification.mail_outbox WHERE recipient = $1 AND state = 'sent'`,
      [email],
    );
    expect(sent.sent).toBe(5);
  });
});

describe('mail notifications', () => {
  it('writes in English to an applicant who chose English', async () => {
    const created = await fx.call(
      'officer.branch1',
      'POST',
      '/api/dossiers',
      newTransfer({ fullName: 'Ann Lee', email: englishEmail, language: 'en' }),
    );
    expect(created.status).toBe(201);
    const [message] = await mailTo(englishEmail, 1);
    expect(message?.subject).toBe(`Dossier ${created.body.receiptCode} received`);
    expect(message?.text).toContain('Dear Ann Lee,');
    expect(message?.text).toContain(`Receipt code: ${created.body.receiptCode}`);
  });

  it('keeps a mail whose SMTP send fails, answers the request anyway, and sends it on a later attempt', async () => {
    // A port where nothing listens: every send fails.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    await sender.stop();
    const broken = startMailSender({
      pool: fx.pool,
      smtpUrl: `smtp://127.0.0.1:${closed}`,
      from: fx.config.mail.from,
      logger: createLogger('silent'),
      pollMs: 60_000,
    });
    const retryEmail = `retry.${run}@example.vn`;
    const created = await fx.call(
      'officer.branch1',
      'POST',
      '/api/dossiers',
      newTransfer({ email: retryEmail }),
    );
    expect(created.status).toBe(201);
    await broken.runOnce();
    await broken.stop();
    const failed = await fx.one<{
      state: string;
      attempts: number;
      last_error: string;
      due: boolean;
    }>(
      `SELECT state, attempts, last_error, next_attempt_at > now() AS due
       FROM notification.mail_outbox WHERE recipient = $1`,
      [retryEmail],
    );
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, due: true });
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

    // The retry is due (skipping the 30 s backoff); a working sender delivers it.
    await fx.pool.query(
      'UPDATE notification.mail_outbox SET next_attempt_at = now() WHERE recipient = $1',
      [retryEmail],
    );
    sender = startMailSender({
      pool: fx.pool,
      smtpUrl: catcher.smtpUrl,
      from: fx.config.mail.from,
      logger: createLogger('silent'),
      pollMs: 100,
    });
    const [message] = await mailTo(retryEmail, 1);
    expect(message?.subject).toBe(`Tiếp nhận hồ sơ ${created.body.receiptCode}`);
    const sent = await fx.one<{ state: string; attempts: number }>(
      'SELECT state, attempts FROM notification.mail_outbox WHERE recipient = $1',
      [retryEmail],
    );
    expect(sent).toEqual({ state: 'sent', attempts: 2 });
  });
});
