import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('citizen sign-in settings', () => {
  it('are off by default, with the local provider on port 8091 and two-hour sessions', () => {
    const { config, unknownKeys } = loadConfig({});
    expect(unknownKeys).toEqual([]);
    expect(config.citizens).toEqual({
      issuer: undefined,
      clientId: 'diagis',
      clientSecret: undefined,
      scopes: 'openid profile email',
      idNumberClaim: 'so_dinh_danh',
      nameClaim: 'name',
      localProviderPort: 8091,
      sessionHours: 2,
    });
  });

  it('take a real provider’s claim names (VNeID: HoVaTen, SoDinhDanh)', () => {
    const { config } = loadConfig({
      DIAGIS_OIDC_ISSUER: 'https://sso.example.gov.vn/realms/citizen',
      DIAGIS_OIDC_CLIENT_ID: 'diagis-soctrang',
      DIAGIS_OIDC_CLIENT_SECRET: 'a-secret-of-24-characters',
      DIAGIS_OIDC_SCOPES: 'openid',
      DIAGIS_OIDC_NAME_CLAIM: 'HoVaTen',
      DIAGIS_OIDC_ID_NUMBER_CLAIM: 'SoDinhDanh',
    });
    expect(config.citizens).toMatchObject({
      issuer: 'https://sso.example.gov.vn/realms/citizen',
      clientId: 'diagis-soctrang',
      scopes: 'openid',
      nameClaim: 'HoVaTen',
      idNumberClaim: 'SoDinhDanh',
    });
  });

  it('refuse an issuer without a secret, plain http off localhost, and scopes without openid', () => {
    expect(() => loadConfig({ DIAGIS_OIDC_ISSUER: 'https://id.example.gov.vn' })).toThrow(
      /DIAGIS_OIDC_CLIENT_SECRET: is required when DIAGIS_OIDC_ISSUER is set/,
    );
    expect(() =>
      loadConfig({
        DIAGIS_OIDC_ISSUER: 'http://id.example.gov.vn',
        DIAGIS_OIDC_CLIENT_SECRET: 'a-secret-of-24-characters',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        DIAGIS_OIDC_ISSUER: 'http://127.0.0.1:8091',
        DIAGIS_OIDC_CLIENT_SECRET: 'a-secret-of-24-characters',
      }),
    ).not.toThrow();
    expect(() => loadConfig({ DIAGIS_OIDC_SCOPES: 'profile email' })).toThrow(
      /DIAGIS_OIDC_SCOPES: must include openid/,
    );
  });
});
