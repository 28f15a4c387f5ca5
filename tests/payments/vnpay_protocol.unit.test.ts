import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vnpayProvider } from '../../server/payments/vnpay_provider';
import {
  hasValidSignature,
  signatureOf,
  signedQuery,
  signedText,
} from '../../server/payments/vnpay_signature';
import { parseVnpayTime, vnpayTime } from '../../server/payments/vnpay_time';

// The payment request of VNPAY's integration guide (sandbox.vnpayment.vn/apis/docs), whose
// query string is printed there in full, sorted, without its secure hash.
const guideParams = {
  vnp_Version: '2.1.0',
  vnp_Command: 'pay',
  vnp_TmnCode: 'DEMOV210',
  vnp_Amount: '1806000',
  vnp_CreateDate: '20210801153333',
  vnp_CurrCode: 'VND',
  vnp_IpAddr: '127.0.0.1',
  vnp_Locale: 'vn',
  vnp_OrderInfo: 'Thanh toan don hang :5',
  vnp_OrderType: 'other',
  vnp_ReturnUrl: 'https://domainmerchant.vn/ReturnUrl',
  vnp_TxnRef: '5',
};
const guideQuery =
  'vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0';
const secret = 'a-test-secret-of-32-characters!!';

describe("VNPAY's signature", () => {
  it('signs the sorted, form-encoded parameters exactly as the integration guide prints them', () => {
    expect(signedText(guideParams)).toBe(guideQuery);
    const expected = createHmac('sha512', secret).update(guideQuery, 'utf8').digest('hex');
    expect(signatureOf(guideParams, secret)).toBe(expected);
    expect(signedQuery(guideParams, secret)).toBe(`${guideQuery}&vnp_SecureHash=${expected}`);
  });

  it('leaves out empty values and the signature parameters, and checks in either case', () => {
    const withExtras = { ...guideParams, vnp_BankCode: '', vnp_SecureHashType: 'HmacSHA512' };
    expect(signedText(withExtras)).toBe(guideQuery);
    const hash = signatureOf(guideParams, secret);
    expect(hasValidSignature({ ...guideParams, vnp_SecureHash: hash }, secret)).toBe(true);
    expect(hasValidSignature({ ...guideParams, vnp_SecureHash: hash.toUpperCase() }, secret)).toBe(
      true,
    );
    expect(hasValidSignature({ ...guideParams, vnp_SecureHash: hash }, `${secret}x`)).toBe(false);
    expect(
      hasValidSignature({ ...guideParams, vnp_Amount: '1806001', vnp_SecureHash: hash }, secret),
    ).toBe(false);
    expect(hasValidSignature({ ...guideParams, vnp_SecureHash: 'zz' }, secret)).toBe(false);
    expect(hasValidSignature(guideParams, secret)).toBe(false);
  });
});

describe('VNPAY times', () => {
  it('writes and reads yyyyMMddHHmmss in Vietnam time', () => {
    const at = new Date('2027-03-01T02:05:09Z');
    expect(vnpayTime(at)).toBe('20270301090509');
    expect(parseVnpayTime('20270301090509')).toEqual(at);
    expect(parseVnpayTime('20270231090509')).toBeUndefined();
    expect(parseVnpayTime('2027-03-01')).toBeUndefined();
  });
});

describe('the VNPAY provider', () => {
  const provider = vnpayProvider({
    url: 'http://127.0.0.1:8092/paymentv2/vpcpay.html',
    merchantCode: 'DIAGIS01',
    secret,
  });
  const result = {
    vnp_Amount: '3000000',
    vnp_BankCode: 'NCB',
    vnp_PayDate: '20270301091500',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'DIAGIS01',
    vnp_TransactionNo: '14000001',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'DGABCDEFGHJKLMNPQR',
  };
  const signed = (params: Record<string, string>) =>
    Object.fromEntries(new URLSearchParams(signedQuery(params, secret)));

  it('builds a signed payment URL with the amount in VND x 100 and Vietnam times', () => {
    const url = new URL(
      provider.paymentUrl({
        orderRef: 'DGABCDEFGHJKLMNPQR',
        amount: 30_000,
        description: 'Thanh toan Le phi dang ky bien dong',
        createdAt: new Date('2027-03-01T02:00:00Z'),
        expiresAt: new Date('2027-03-01T02:15:00Z'),
        returnUrl: 'http://localhost:8080/payments/return',
        callbackUrl: 'http://localhost:8080/api/payments/callback',
        payerAddress: '10.0.0.7',
        language: 'en',
      }),
    );
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      vnp_Amount: '3000000',
      vnp_TmnCode: 'DIAGIS01',
      vnp_CreateDate: '20270301090000',
      vnp_ExpireDate: '20270301091500',
      vnp_Locale: 'en',
      vnp_IpnUrl: 'http://localhost:8080/api/payments/callback',
    });
    expect(hasValidSignature(params, secret)).toBe(true);
    expect(url.toString()).not.toContain(secret);
  });

  it('reads a signed result, and refuses a forged, foreign or malformed one', () => {
    expect(provider.readNotice(signed(result))).toEqual({
      ok: true,
      notice: {
        orderRef: 'DGABCDEFGHJKLMNPQR',
        amount: 30_000,
        succeeded: true,
        resultCode: '00',
        transactionNo: '14000001',
        bankCode: 'NCB',
        paidAt: new Date('2027-03-01T02:15:00Z'),
      },
    });
    const cancelled = provider.readNotice(
      signed({ ...result, vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }),
    );
    expect(cancelled.ok && cancelled.notice.succeeded).toBe(false);
    expect(provider.readNotice({ ...signed(result), vnp_Amount: '3000100' })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(provider.readNotice(signed({ ...result, vnp_TmnCode: 'OTHER' }))).toMatchObject({
      ok: false,
      reason: 'wrong_merchant',
    });
    expect(provider.readNotice(signed({ ...result, vnp_Amount: '-5' }))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it("answers callbacks in VNPAY's IPN codes", () => {
    expect(provider.answer('recorded').body).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(provider.answer('already_confirmed').code).toBe('02');
    expect(provider.answer('unknown_order').code).toBe('01');
    expect(provider.answer('wrong_amount').code).toBe('04');
    expect(provider.answer('bad_signature').code).toBe('97');
    expect(provider.answer('error').code).toBe('99');
  });
});
