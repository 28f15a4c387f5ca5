/** What diagis asks a payment provider to collect from the payer. */
export interface PaymentRequest {
  /** Unique reference of the order (the provider's transaction reference). */
  orderRef: string;
  /** Whole VND. */
  amount: number;
  /** What is paid, in ASCII without diacritics (providers refuse anything else). */
  description: string;
  createdAt: Date;
  expiresAt: Date;
  /** Where the provider sends the payer's browser back, with the signed result. */
  returnUrl: string;
  /** Where the provider calls diagis server to server with the signed result (IPN). */
  callbackUrl: string;
  /** The payer's IP address, as providers require. */
  payerAddress: string;
  language: 'vi' | 'en';
}

/** What a return or callback whose signature held says about an order. */
export interface PaymentNotice {
  orderRef: string;
  /** Whole VND, as the provider states it. */
  amount: number;
  /** The payment went through (money taken); false for cancelled, refused or timed out. */
  succeeded: boolean;
  /** The provider's result code (VNPAY: 00 success, 24 cancelled by the payer, …). */
  resultCode: string;
  /** The provider's own transaction number. */
  transactionNo: string;
  bankCode: string | undefined;
  /** When the provider says the payment was made. */
  paidAt: Date | undefined;
}

/** Why a return or callback was not accepted before any order was looked at. */
export type NoticeRefusal = 'bad_signature' | 'wrong_merchant' | 'malformed';

export type ReadNotice =
  | { ok: true; notice: PaymentNotice }
  | { ok: false; reason: NoticeRefusal; orderRef: string | undefined };

/** What diagis did with a callback; the provider's answer code follows from it. */
export type CallbackOutcome =
  | 'recorded'
  | 'failure_recorded'
  | 'already_confirmed'
  | 'unknown_order'
  | 'wrong_amount'
  | NoticeRefusal
  | 'error';

/**
 * A payment provider (gateway or the national payment platform): builds the signed URL the
 * payer is sent to, reads and checks signed returns and callbacks, and words diagis's answer
 * to a callback the way the provider expects. It holds the merchant's secret; nothing it
 * returns contains it.
 */
export interface PaymentProvider {
  /** Stored on each order (`payment_order.provider`). */
  readonly name: string;
  /** Largest amount (VND) the provider accepts in one order. */
  readonly maxAmount: number;
  paymentUrl(request: PaymentRequest): string;
  /** Checks the signature and merchant of a return or callback and reads what it says. */
  readNotice(params: Readonly<Record<string, string>>): ReadNotice;
  /** The body of the answer to a callback, and its code (logged with the callback). */
  answer(outcome: CallbackOutcome): { code: string; body: Record<string, string> };
}
