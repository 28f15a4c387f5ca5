import type {
  CallbackOutcome,
  PaymentProvider,
  PaymentRequest,
  ReadNotice,
} from './payment_provider';
import { hasValidSignature, signedQuery } from './vnpay_signature';
import { parseVnpayTime, vnpayTime } from './vnpay_time';

/** The merchant's account at a provider that speaks VNPAY's protocol. */
export interface VnpayMerchant {
  /** The payment page (`…/paymentv2/vpcpay.html`). */
  url: string;
  /** vnp_TmnCode. */
  merchantCode: string;
  /** vnp_HashSecret: signs requests, checks returns and callbacks. Never logged. */
  secret: string;
}

/** diagis's answer to an IPN, in the codes VNPAY's integration guide lists. */
const ipnAnswers: Record<CallbackOutcome, { RspCode: string; Message: string }> = {
  recorded: { RspCode: '00', Message: 'Confirm Success' },
  failure_recorded: { RspCode: '00', Message: 'Confirm Success' },
  unknown_order: { RspCode: '01', Message: 'Order not found' },
  already_confirmed: { RspCode: '02', Message: 'Order already confirmed' },
  wrong_amount: { RspCode: '04', Message: 'Invalid amount' },
  bad_signature: { RspCode: '97', Message: 'Invalid signature' },
  wrong_merchant: { RspCode: '99', Message: 'Unknown merchant' },
  malformed: { RspCode: '99', Message: 'Invalid request' },
  error: { RspCode: '99', Message: 'Unknown error' },
};

/**
 * VNPAY's payment protocol (API 2.1.0, HMAC-SHA512; docs/payments.md): the payer is sent
 * to the payment page with the order in signed query parameters, amounts in VND × 100.
 * One addition: `vnp_IpnUrl` names the callback URL in the signed request (MoMo's API
 * carries its `ipnUrl` the same way; VNPAY registers it in the merchant portal instead).
 */
export function vnpayProvider(merchant: VnpayMerchant): PaymentProvider {
  return {
    name: 'vnpay',
    // vnp_Amount is Numeric[1,12] and carries the amount × 100.
    maxAmount: 9_999_999_999,

    paymentUrl(request: PaymentRequest): string {
      const params = {
        vnp_Version: '2.1.0',
        vnp_Command: 'pay',
        vnp_TmnCode: merchant.merchantCode,
        vnp_Amount: String(request.amount * 100),
        vnp_CurrCode: 'VND',
        vnp_TxnRef: request.orderRef,
        vnp_OrderInfo: request.description,
        vnp_OrderType: 'other',
        vnp_Locale: request.language === 'en' ? 'en' : 'vn',
        vnp_ReturnUrl: request.returnUrl,
        vnp_IpnUrl: request.callbackUrl,
        vnp_IpAddr: request.payerAddress,
        vnp_CreateDate: vnpayTime(request.createdAt),
        vnp_ExpireDate: vnpayTime(request.expiresAt),
      };
      return `${merchant.url}?${signedQuery(params, merchant.secret)}`;
    },

    readNotice(params): ReadNotice {
      const orderRef = params.vnp_TxnRef;
      if (!hasValidSignature(params, merchant.secret)) {
        return { ok: false, reason: 'bad_signature', orderRef };
      }
      if (params.vnp_TmnCode !== merchant.merchantCode) {
        return { ok: false, reason: 'wrong_merchant', orderRef };
      }
      const amount = /^[1-9][0-9]{0,11}$/.test(params.vnp_Amount ?? '')
        ? Number(params.vnp_Amount) / 100
        : Number.NaN;
      const resultCode = params.vnp_ResponseCode ?? '';
      if (!orderRef || !Number.isFinite(amount) || !/^[0-9]{2}$/.test(resultCode)) {
        return { ok: false, reason: 'malformed', orderRef };
      }
      return {
        ok: true,
        notice: {
          orderRef,
          amount,
          // VNPAY: the payment went through only when both codes say 00.
          succeeded: resultCode === '00' && params.vnp_TransactionStatus === '00',
          resultCode,
          transactionNo: params.vnp_TransactionNo ?? '',
          bankCode: params.vnp_BankCode,
          paidAt: parseVnpayTime(params.vnp_PayDate),
        },
      };
    },

    answer(outcome) {
      const body = ipnAnswers[outcome];
      return { code: body.RspCode, body };
    },
  };
}
