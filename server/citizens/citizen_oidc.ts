import * as oidc from 'openid-client';
import { DiagisError } from '../../core/errors/diagis_error';
import type { CitizenSettings } from '../config';
import {
  type CitizenIdentity,
  type ClaimNames,
  identityFromClaims,
  lacksIdentityClaims,
} from './citizen_claims';
import type { PendingSignIn } from './sign_in_store';

/** The provider and this client's registration at it (from server/config.ts). */
export interface CitizenOidcSettings extends ClaimNames {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Seconds any request to the provider may take. */
  timeoutSeconds?: number;
}

/**
 * Citizen sign-in against one OpenID provider with openid-client: discovery (once, retried
 * after a failure), the authorization code flow with PKCE, state and nonce, and the ID
 * token's validation. Keeps no token: the access token serves, at most, one userinfo
 * request when the ID token lacks the name or the ID number, and is dropped.
 */
export class CitizenOidc {
  readonly issuer: string;
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: CitizenOidcSettings) {
    this.issuer = settings.issuer;
  }

  /** The provider's address to send the browser to, and what the callback must check. */
  async startSignIn(
    redirectUri: string,
    returnTo: string,
  ): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.#discovered();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      redirectUri,
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      // Ask for the password every time: a citizen portal is used on shared devices, and
      // signing out of diagis does not sign out of the provider.
      prompt: 'login',
    });
    return { url, pending };
  }

  /**
   * Checks the provider's answer (`search`, the callback's query string) against the
   * sign-in it belongs to, exchanges the code and validates the ID token; returns who
   * signed in. Throws `invalid_input` when the answer is refused (state, code, nonce,
   * signature, or an error from the provider), `unprocessable` when the claims lack the
   * name or the ID number, `unavailable` when the provider cannot be reached.
   */
  async finishSignIn(pending: PendingSignIn, search: string): Promise<CitizenIdentity> {
    const configuration = await this.#discovered();
    const currentUrl = new URL(pending.redirectUri);
    currentUrl.search = search;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new DiagisError('invalid_input', 'id_token: the provider sent none');
      let claims: Record<string, unknown> = { ...idToken };
      if (lacksIdentityClaims(claims, this.settings)) {
        const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...userInfo, ...claims };
      }
      return identityFromClaims(claims, this.settings);
    } catch (error) {
      throw refusal(error);
    }
  }

  #discovered(): Promise<oidc.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined;
      throw new DiagisError(
        'unavailable',
        `citizen sign-in: the OpenID provider ${this.settings.issuer} cannot be reached (${describe(error)}); try again later`,
        { headers: { 'Retry-After': '30' }, cause: error },
      );
    });
    return this.#configuration;
  }

  #discover(): Promise<oidc.Configuration> {
    const insecure = new URL(this.settings.issuer).protocol === 'http:';
    return oidc.discovery(
      new URL(this.settings.issuer),
      this.settings.clientId,
      this.settings.clientSecret,
      undefined,
      {
        timeout: this.settings.timeoutSeconds ?? 10,
        // Plain http only for a provider on this machine (server/config.ts refuses others).
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  }
}

const describe = (error: unknown): string =>
  error instanceof Error
    ? error.cause instanceof Error
      ? error.cause.message
      : error.message
    : String(error);

/** A failed callback as a DiagisError; openid-client's messages carry no token. */
function refusal(error: unknown): DiagisError {
  if (error instanceof DiagisError) return error;
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    return new DiagisError('invalid_input', `callback: the provider answered ${error.error}`, {
      field: 'code',
      cause: error,
    });
  }
  if (error instanceof oidc.ClientError) {
    const detail = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return new DiagisError('invalid_input', `callback: ${error.message}${detail}`, {
      cause: error,
    });
  }
  return new DiagisError(
    'unavailable',
    `citizen sign-in: the provider failed (${describe(error)})`,
    {
      cause: error,
    },
  );
}

/** The citizen sign-in of the configuration, or undefined when DIAGIS_OIDC_ISSUER is unset. */
export function citizenOidcFrom(settings: CitizenSettings): CitizenOidc | undefined {
  if (!settings.issuer || !settings.clientSecret) return undefined;
  return new CitizenOidc({
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
    idNumberClaim: settings.idNumberClaim,
    nameClaim: settings.nameClaim,
  });
}
