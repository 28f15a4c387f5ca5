import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('payment and mail settings', () => {
  it('are off by default, with the local services on their ports', () => {
    const { config } = loadConfig({});
    expect(config.payments).toEqual({ provider: undefined, orderMinutes: 15, sandboxPort: 8092 });
    expect(config.mail).toEqual({
      smtpUrl: undefined,
      from: 'diagis <no-reply@diagis.localhost>',
      catcherSmtpPort: 2525,
      catcherHttpPort: 8093,
    });
  });

  it('take the provider URL, merchant code and secret together, or not at all', () => {
    const provider = {
      DIAGIS_PAYMENT_PROVIDER_URL: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
      DIAGIS_PAYMENT_MERCHANT_CODE: 'DIAGIS01',
      DIAGIS_PAYMENT_SECRET: 'a-secret-of-enough-length',
    };
    expect(loadConfig(provider).config.payments.provider).toEqual({
      url: provider.DIAGIS_PAYMENT_PROVIDER_URL,
      merchantCode: 'DIAGIS01',
      secret: 'a-secret-of-enough-length',
    });
    const { DIAGIS_PAYMENT_SECRET: _secret, ...withoutSecret } = provider;
    expect(() => loadConfig(withoutSecret)).toThrow(ConfigError);
    expect(() => loadConfig(withoutSecret)).toThrow('set all three or none');
    expect(() => loadConfig({ ...provider, DIAGIS_PAYMENT_SECRET: 'short' })).toThrow(
      'DIAGIS_PAYMENT_SECRET: must be at least 16 characters',
    );
    expect(() => loadConfig({ ...provider, DIAGIS_PAYMENT_MERCHANT_CODE: 'bad code' })).toThrow(
      'DIAGIS_PAYMENT_MERCHANT_CODE: must be 4-16 letters and digits',
    );
  });

  it('take an smtp:// or smtps:// URL and an address or Name <address> as sender', () => {
    const { config } = loadConfig({
      DIAGIS_SMTP_URL: 'smtps://user:pass@mail.example.gov.vn:465',
      DIAGIS_MAIL_FROM: 'VPĐK tỉnh <no-reply@example.gov.vn>',
    });
    expect(config.mail.smtpUrl).toBe('smtps://user:pass@mail.example.gov.vn:465');
    expect(() => loadConfig({ DIAGIS_SMTP_URL: 'http://mail.example' })).toThrow(
      'must be an smtp:// or smtps:// URL',
    );
    expect(() => loadConfig({ DIAGIS_MAIL_FROM: 'nobody' })).toThrow(
      'must be an address or Name <address>',
    );
  });
});
