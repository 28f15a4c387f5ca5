import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasValidSignature, signedQuery } from '../../../server/payments/vnpay_signature';
import { parseVnpayTime, vnpayTime } from '../../../server/payments/vnpay_time';

/** The one merchant the sandbox serves: diagis, with its code and secret. */
export interface SandboxMerchant {
  merchantCode: string;
  secret: string;
  /** Callback URL when the request names none in `vnp_IpnUrl` (VNPAY: set in the merchant portal). */
  ipnUrl?: string;
}

export interface PaymentSandboxOptions {
  merchant: SandboxMerchant;
  clock?: () => Date;
  /** Further IPN attempts when diagis does not confirm (RspCode 00 or 02); default 2. */
  ipnRetries?: number;
  /** Delay between IPN attempts (default 2 s). */
  ipnRetryMs?: number;
  log?: (message: string) => void;
}

/** One IPN attempt and diagis's answer. */
export interface IpnAttempt {
  status: number | null;
  rspCode: string | null;
  error?: string;
}

/** A payment the sandbox completed (paid or cancelled), as GET /api/transactions lists it. */
export interface SandboxTransaction {
  transactionNo: string;
  orderRef: string;
  amount: number;
  result: 'paid' | 'cancelled';
  /** The signed parameters sent to the return URL and the IPN. */
  params: Record<string, string>;
  returnUrl: string;
  ipnUrl: string | null;
  ipnAttempts: IpnAttempt[];
}

interface PendingPayment {
  params: Record<string, string>;
  expiresAt: Date;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

const isWebUrl = (text: string | undefined): text is string => {
  try {
    return ['http:', 'https:'].includes(new URL(text ?? '').protocol);
  } catch {
    return false;
  }
};

function page(title: string, body: string, status = 200): { status: number; html: string } {
  return {
    status,
    html: `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body>
<p><strong>Cổng thanh toán thử nghiệm (sandbox) / Payment sandbox</strong>: không có tiền thật / no real money.</p>
${body}
</body>
</html>
`,
  };
}

/** VNPAY's error page: its code and a bilingual reason. */
const errorPage = (code: string, vi: string, en: string) =>
  page(
    `Lỗi ${code}`,
    `<h1>Giao dịch không hợp lệ / Invalid transaction</h1>
<p>Mã lỗi / Code: <code>${escapeHtml(code)}</code></p>
<p>${escapeHtml(vi)}</p>
<p lang="en">${escapeHtml(en)}</p>`,
    400,
  );

const withQuery = (url: string, query: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}${query}`;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A local stand-in for a payment gateway speaking VNPAY's protocol (docs/payments.md), for
 * development and tests. `GET /paymentv2/vpcpay.html?…` checks the merchant, the
 * signature and the expiry of a payment request and shows a page with the amount and two
 * buttons; Pay (or Cancel) posts the signed result to the merchant's callback (IPN) and
 * sends the browser to the return URL with the same signed result. `GET /api/transactions`
 * lists what it completed, with each IPN attempt and diagis's answer. Nothing is kept
 * beyond the process; it never charges anything.
 */
export function createPaymentSandbox(options: PaymentSandboxOptions): {
  handle(req: IncomingMessage, res: ServerResponse): void;
  transactions(): readonly SandboxTransaction[];
} {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const { merchant } = options;
  const pending = new Map<string, PendingPayment>();
  const completedRefs = new Set<string>();
  const completed: SandboxTransaction[] = [];
  let nextTransactionNo = 14_000_000;

  function paymentPage(query: URLSearchParams): { status: number; html: string } {
    const params = Object.fromEntries(query);
    if (params.vnp_TmnCode !== merchant.merchantCode) {
      return errorPage('02', 'Merchant không hợp lệ.', 'Unknown merchant (vnp_TmnCode).');
    }
    if (!hasValidSignature(params, merchant.secret)) {
      return errorPage('97', 'Sai chữ ký.', 'Invalid signature (vnp_SecureHash).');
    }
    const expiresAt = parseVnpayTime(params.vnp_ExpireDate);
    const wellFormed =
      params.vnp_Version === '2.1.0' &&
      params.vnp_Command === 'pay' &&
      params.vnp_CurrCode === 'VND' &&
      /^[1-9][0-9]{0,11}$/.test(params.vnp_Amount ?? '') &&
      /^[A-Za-z0-9]{1,100}$/.test(params.vnp_TxnRef ?? '') &&
      (params.vnp_OrderInfo ?? '') !== '' &&
      parseVnpayTime(params.vnp_CreateDate) !== undefined &&
      expiresAt !== undefined &&
      isWebUrl(params.vnp_ReturnUrl) &&
      (params.vnp_IpnUrl === undefined || isWebUrl(params.vnp_IpnUrl));
    if (!wellFormed || !expiresAt) {
      return errorPage('03', 'Dữ liệu gửi sang không đúng định dạng.', 'Malformed request.');
    }
    if (expiresAt.getTime() < clock().getTime()) {
      return errorPage('11', 'Đã hết hạn chờ thanh toán.', 'The payment request has expired.');
    }
    if (completedRefs.has(params.vnp_TxnRef ?? '')) {
      return errorPage('01', 'Giao dịch đã tồn tại.', 'This order was already completed.');
    }
    for (const [token, payment] of pending) {
      if (payment.expiresAt.getTime() < clock().getTime()) pending.delete(token);
    }
    if (pending.size > 1000) pending.delete(pending.keys().next().value as string);
    const token = randomBytes(16).toString('hex');
    pending.set(token, { params, expiresAt });
    const amount = Number(params.vnp_Amount) / 100;
    return page(
      'Thanh toán / Payment',
      `<h1>Thanh toán đơn hàng / Pay the order</h1>
<dl>
<dt>Đơn vị nhận / Merchant</dt><dd>${escapeHtml(merchant.merchantCode)}</dd>
<dt>Mã đơn / Order</dt><dd id="order">${escapeHtml(params.vnp_TxnRef ?? '')}</dd>
<dt>Nội dung / Description</dt><dd>${escapeHtml(params.vnp_OrderInfo ?? '')}</dd>
<dt>Số tiền / Amount</dt><dd id="amount">${escapeHtml(new Intl.NumberFormat('vi-VN').format(amount))} VND</dd>
</dl>
<form method="post" action="/paymentv2/pay"><input type="hidden" name="token" value="${token}"><button type="submit">Thanh toán / Pay</button></form>
<form method="post" action="/paymentv2/cancel"><input type="hidden" name="token" value="${token}"><button type="submit">Hủy / Cancel</button></form>`,
    );
  }

  async function postIpn(url: string, query: string): Promise<IpnAttempt> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: query,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      let rspCode: string | null = null;
      try {
        rspCode = (JSON.parse(text) as { RspCode?: string }).RspCode ?? null;
      } catch {}
      return { status: response.status, rspCode };
    } catch (error) {
      return { status: null, rspCode: null, error: (error as Error).message };
    }
  }

  /** Sends the IPN, then retries in the background until diagis confirms or the retries run out. */
  async function notify(transaction: SandboxTransaction, query: string): Promise<void> {
    const url = transaction.ipnUrl;
    if (!url) return;
    const confirmed = (attempt: IpnAttempt) =>
      attempt.status === 200 && (attempt.rspCode === '00' || attempt.rspCode === '02');
    const first = await postIpn(url, query);
    transaction.ipnAttempts.push(first);
    log(`IPN ${transaction.orderRef} -> ${first.status ?? first.error} ${first.rspCode ?? ''}`);
    if (confirmed(first)) return;
    void (async () => {
      for (let retry = 0; retry < (options.ipnRetries ?? 2); retry += 1) {
        await new Promise((resolve) => setTimeout(resolve, options.ipnRetryMs ?? 2_000));
        const attempt = await postIpn(url, query);
        transaction.ipnAttempts.push(attempt);
        log(`IPN retry ${transaction.orderRef} -> ${attempt.status ?? attempt.error}`);
        if (confirmed(attempt)) return;
      }
    })();
  }

  async function complete(
    req: IncomingMessage,
    res: ServerResponse,
    result: 'paid' | 'cancelled',
  ): Promise<void> {
    const token = (await readForm(req)).get('token') ?? '';
    const payment = pending.get(token);
    pending.delete(token);
    if (!payment || completedRefs.has(payment.params.vnp_TxnRef ?? '')) {
      const failed = errorPage('01', 'Phiên thanh toán không còn.', 'No such payment session.');
      res.writeHead(failed.status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(failed.html);
      return;
    }
    const request = payment.params;
    completedRefs.add(request.vnp_TxnRef ?? '');
    nextTransactionNo += 1;
    const paid = result === 'paid';
    const params: Record<string, string> = {
      vnp_Amount: request.vnp_Amount ?? '',
      vnp_BankCode: paid ? 'SANDBOX' : '',
      vnp_BankTranNo: paid ? `SBX${nextTransactionNo}` : '',
      vnp_CardType: paid ? 'ATM' : '',
      vnp_OrderInfo: request.vnp_OrderInfo ?? '',
      vnp_PayDate: vnpayTime(clock()),
      vnp_ResponseCode: paid ? '00' : '24',
      vnp_TmnCode: merchant.merchantCode,
      vnp_TransactionNo: paid ? String(nextTransactionNo) : '0',
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_TxnRef: request.vnp_TxnRef ?? '',
    };
    const query = signedQuery(params, merchant.secret);
    const transaction: SandboxTransaction = {
      transactionNo: params.vnp_TransactionNo ?? '',
      orderRef: params.vnp_TxnRef ?? '',
      amount: Number(params.vnp_Amount) / 100,
      result,
      params: Object.fromEntries(new URLSearchParams(query)),
      returnUrl: request.vnp_ReturnUrl ?? '',
      ipnUrl: request.vnp_IpnUrl ?? merchant.ipnUrl ?? null,
      ipnAttempts: [],
    };
    completed.push(transaction);
    // The IPN goes first, so the return page finds the order settled when diagis confirms.
    await notify(transaction, query);
    res.writeHead(303, { Location: withQuery(transaction.returnUrl, query) });
    res.end();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const route = `${req.method} ${url.pathname}`;
    const work = async () => {
      if (route === 'GET /paymentv2/vpcpay.html') {
        const answer = paymentPage(url.searchParams);
        send(answer.status, 'text/html; charset=utf-8', answer.html);
      } else if (route === 'POST /paymentv2/pay') {
        await complete(req, res, 'paid');
      } else if (route === 'POST /paymentv2/cancel') {
        await complete(req, res, 'cancelled');
      } else if (route === 'GET /api/transactions') {
        send(200, 'application/json', JSON.stringify({ transactions: completed }));
      } else if (route === 'GET /') {
        send(
          200,
          'text/plain; charset=utf-8',
          'diagis payment sandbox: GET /paymentv2/vpcpay.html?… (signed), GET /api/transactions\n',
        );
      } else {
        send(404, 'text/plain; charset=utf-8', 'not found\n');
      }
    };
    work().catch((error: unknown) => {
      log(`error: ${(error as Error).message}`);
      if (!res.headersSent) send(400, 'text/plain; charset=utf-8', 'bad request\n');
    });
  }

  return { handle, transactions: () => completed };
}
