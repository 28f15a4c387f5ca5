import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import type { DemoCitizen } from './demo_citizens';
import { loginPage, messagePage } from './oidc_provider_pages';

/** The claim of the personal ID number in this provider's ID tokens (docs/citizens.md). */
export const idNumberClaim = 'so_dinh_danh';

export interface LocalOidcProviderOptions {
  /** The issuer identifier: the URL the provider is reached at, e.g. http://127.0.0.1:8091. */
  issuer: string;
  /** diagis's registration: client id, secret and the callback addresses it may use. */
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  /** The one password of every demo citizen. */
  password: string;
  citizens: readonly DemoCitizen[];
}

const loopback = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

const samePassword = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Reads a small urlencoded form body (the login form). */
async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
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
 * A local OpenID provider (oidc-provider) standing in for VNeID in development and tests:
 * one confidential client (diagis), authorization code flow with PKCE required, a plain
 * HTML login form where a demo citizen types the ID number and the password, and ID tokens
 * that carry `sub`, `name`, `email` and the personal ID number (`so_dinh_danh`). Keys and
 * cookie secrets are made afresh at every start; everything is kept in memory.
 */
export function createLocalOidcProvider(options: LocalOidcProviderOptions): Provider {
  const byId = new Map(options.citizens.map((citizen) => [citizen.idNumber, citizen]));
  const bySub = new Map(options.citizens.map((citizen) => [citizen.sub, citizen]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
  // RFC 8252: a client registered with loopback redirect URIs only ("native") may use any
  // port on them, so a diagis started with PORT=0 or on another port still signs in.
  const allLoopback = options.redirectUris.every((uri) => loopback.test(uri));

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [...options.redirectUris],
        application_type: allLoopback ? 'native' : 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      openid: ['sub', idNumberClaim],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    // Put the scopes' claims into the ID token itself (VNeID-style relying parties read
    // them there), not only behind the userinfo endpoint.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const citizen = bySub.get(sub);
      if (!citizen) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: citizen.name,
          ...(citizen.email ? { email: citizen.email, email_verified: true } : {}),
          [idNumberClaim]: citizen.idNumber,
        }),
      };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage(
        'Không đăng nhập được / Sign-in failed',
        `${out.error}: ${out.error_description ?? ''}`,
      );
    },
  };

  const provider = new Provider(options.issuer, configuration);

  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(ctx.path);
    if (!match) return next();
    ctx.set('Cache-Control', 'no-store');
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== match[1]) throw new Error('interaction does not match its cookie');
      if (details.prompt.name === 'consent') {
        // diagis is the only client and first-party: consent comes with the sign-in. (A
        // "native" client is always asked, so this step cannot be skipped altogether.)
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({
              clientId: String(details.params.client_id),
              accountId: details.session?.accountId,
            });
        if (!grant) throw new Error('the grant of this sign-in is gone');
        grant.addOIDCScope('openid profile email');
        const grantId = await grant.save();
        const to = await provider.interactionResult(
          ctx.req,
          ctx.res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
      if (ctx.method === 'GET' && !match[2]) {
        ctx.type = 'html';
        ctx.body = loginPage(details.uid, options.citizens);
        return;
      }
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        return;
      }
      if (match[2] === '/abort') {
        const to = await provider.interactionResult(ctx.req, ctx.res, {
          error: 'access_denied',
          error_description: 'the citizen cancelled the sign-in',
        });
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
      const form = await formBody(ctx.req);
      const citizen = byId.get((form.get('id_number') ?? '').trim());
      if (!citizen || !samePassword(form.get('password') ?? '', options.password)) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage(details.uid, options.citizens, true);
        return;
      }
      const to = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId: citizen.sub } },
        { mergeWithLastSubmission: false },
      );
      ctx.status = 303;
      ctx.redirect(to);
    } catch (error) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = messagePage(
        'Phiên đăng nhập không hợp lệ / Sign-in session invalid',
        error instanceof Error ? error.message : String(error),
      );
    }
  });

  return provider;
}
