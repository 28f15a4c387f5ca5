import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_REPLICA_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DIAGIS_PUBLIC_URL: z.string().url().optional(),
  DIAGIS_ALLOWED_HOSTS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry !== ''),
    )
    .refine(
      (hosts) =>
        hosts.length > 0 &&
        hosts.every(
          (host) => host === '*' || /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/.test(host),
        ),
      { message: 'must be a comma-separated list of host or host:port names, or *' },
    )
    .optional(),
  DIAGIS_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  DIAGIS_DATA_DIR: z.string().min(1).default('.data'),
  DIAGIS_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DIAGIS_PG_BIN: z.string().optional(),
  DIAGIS_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DIAGIS_DB_PUBLIC_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DIAGIS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DIAGIS_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  DIAGIS_COOKIE_SECURE: booleanFlag.optional(),
  DIAGIS_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  DIAGIS_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  DIAGIS_TRUST_PROXY: booleanFlag.default(false),
  DIAGIS_DEMO: booleanFlag.default(true),
  DIAGIS_DEMO_PARCELS: z.coerce.number().int().min(100).max(5_000_000).default(50_000),
  DIAGIS_DEMO_PASSWORD: z.string().min(8).default('diagis-demo'),
  DIAGIS_TILE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(256),
  DIAGIS_TILE_CACHE_DIR: z.string().min(1).optional(),
  DIAGIS_BASEMAP_URL: z
    .string()
    .url()
    .refine((url) => url.includes('{z}') && url.includes('{x}') && url.includes('{y}'), {
      message: 'must be an XYZ raster template with {z}, {x} and {y}',
    })
    .optional(),
  DIAGIS_ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  DIAGIS_ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  DIAGIS_ATTACHMENT_MAX_MEGAPIXELS: z.coerce.number().positive().max(1000).default(100),
  DIAGIS_IMAGE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  DIAGIS_TAX_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  DIAGIS_PUBLIC_TRACKING_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  DIAGIS_PUBLIC_API_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  DIAGIS_PUBLIC_TILES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  DIAGIS_EDIT_OVERLAP_TOLERANCE_M: z.coerce.number().min(0).max(1).default(0.05),
  DIAGIS_EDIT_SLIVER_WIDTH_M: z.coerce.number().min(0).max(5).default(0.1),
  DIAGIS_EDIT_SPLIT_AREA_TOLERANCE_M2: z.coerce.number().min(0).max(100).default(0.1),
  DIAGIS_EDIT_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  DIAGIS_HEAVY_WRITES_PER_USER: z.coerce.number().int().min(1).max(100).default(2),
  DIAGIS_SCANS_DIR: z.string().min(1).default('.data/scans'),
  DIAGIS_SCAN_MAX_MB: z.coerce.number().positive().max(4096).default(200),
  DIAGIS_SCAN_MAX_MEGAPIXELS: z.coerce.number().positive().max(2000).default(300),
  DIAGIS_SCAN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  DIAGIS_SCAN_MAX_RMS_M: z.coerce.number().positive().max(100).default(0.5),
  DIAGIS_SCAN_TILE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(64),
  DIAGIS_IMPORT_MAX_MB: z.coerce.number().positive().max(2048).default(256),
  DIAGIS_PAYMENT_PROVIDER_URL: z.string().url().optional(),
  DIAGIS_PAYMENT_MERCHANT_CODE: z
    .string()
    .regex(/^[A-Za-z0-9]{4,16}$/, 'must be 4-16 letters and digits')
    .optional(),
  DIAGIS_PAYMENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DIAGIS_PAYMENT_ORDER_MINUTES: z.coerce.number().int().min(5).max(1440).default(15),
  DIAGIS_PAYMENT_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8092),
  DIAGIS_SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  DIAGIS_MAIL_FROM: z
    .string()
    .regex(
      /^([^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      'must be an address or Name <address>',
    )
    .default('diagis <no-reply@diagis.localhost>'),
  DIAGIS_MAIL_CATCHER_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  DIAGIS_MAIL_CATCHER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8093),
  DIAGIS_OIDC_ISSUER: z
    .string()
    .url()
    .refine(
      (url) =>
        url.startsWith('https://') ||
        /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(url),
      { message: 'must be an https URL (plain http only on localhost, for the local provider)' },
    )
    .optional(),
  DIAGIS_OIDC_CLIENT_ID: z.string().min(1).max(200).default('diagis'),
  DIAGIS_OIDC_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DIAGIS_OIDC_SCOPES: z
    .string()
    .regex(/(^| )openid( |$)/, 'must include openid')
    .default('openid profile email'),
  DIAGIS_OIDC_ID_NUMBER_CLAIM: z.string().min(1).max(100).default('so_dinh_danh'),
  DIAGIS_OIDC_NAME_CLAIM: z.string().min(1).max(100).default('name'),
  DIAGIS_OIDC_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(8091),
  DIAGIS_CITIZEN_SESSION_HOURS: z.coerce.number().positive().max(24).default(2),
});

/** Every setting diagis reads, validated and typed. See `.env.example` for each key. */
export interface Config {
  databaseUrl: string | undefined;
  /** A streaming replica for anonymous reads (public tiles, OGC, portal); unset = the primary. */
  replicaUrl: string | undefined;
  port: number;
  host: string;
  publicUrl: string | undefined;
  /** Host names (`name` or `name:port`, lower case) requests may carry; `*` = any; unset = see allowed_hosts.ts. */
  allowedHosts: readonly string[] | undefined;
  logLevel: string;
  dataDir: string;
  privateCluster: { port: number; binDir: string | undefined };
  /** Connections per process: staff requests (`size`) and anonymous public reads (`publicSize`). */
  pool: { size: number; publicSize: number; statementTimeoutMs: number };
  session: { hours: number; secureCookie: boolean | undefined };
  login: { maxFailures: number; windowMinutes: number };
  trustProxy: boolean;
  demo: { enabled: boolean; parcels: number; password: string };
  /** Vector tiles: memory cache bound, optional disk cache folder, optional raster basemap. */
  tiles: { cacheBytes: number; cacheDir: string | undefined; basemapUrl: string | undefined };
  /** Dossier circulation: attachment store and limits, tax API key, public tracking limit. */
  dossiers: {
    attachmentsDir: string;
    attachmentMaxBytes: number;
    imageMaxPixels: number;
    imageTimeoutMs: number;
    taxApiKey: string | undefined;
    publicTrackingPerMinute: number;
  };
  /** Anonymous requests per client address per minute (API and OGC; tiles and styles); 0 = off. */
  publicRate: { apiPerMinute: number; tilesPerMinute: number };
  /** Parcel editing rules: overlap/snap tolerance, narrowest part allowed, split area slack, check time. */
  editing: {
    overlapTolerance: number;
    sliverWidth: number;
    splitAreaTolerance: number;
    /** Statement timeout of an edit's geometry checks (beyond it: 422 geometry.too_complex). */
    checkTimeoutMs: number;
  };
  /** Edits, splits, merges, imports and scan uploads one user may have in flight per process. */
  heavyWritesPerUser: number;
  /** Scanned map sheets: store folder, upload and pixel limits, worker timeout, GCP RMS limit, tile cache. */
  scans: {
    dir: string;
    maxBytes: number;
    maxPixels: number;
    timeoutMs: number;
    maxRmsM: number;
    tileCacheBytes: number;
  };
  /** Parcel imports over HTTP: the largest upload (all files together, and unpacked). */
  imports: { maxBytes: number };
  /** Online payment of fees and tax notices (docs/payments.md). */
  payments: PaymentSettings;
  /** E-mail notifications to applicants. */
  mail: MailSettings;
  /** Citizen sign-in with OpenID Connect (docs/citizens.md). */
  citizens: CitizenSettings;
}

/** The OpenID provider citizens sign in with, and their sessions. */
export interface CitizenSettings {
  /** The provider's issuer URL; unset = citizen sign-in is off (its routes answer 503). */
  issuer: string | undefined;
  clientId: string;
  /** Required with `issuer`; never logged. */
  clientSecret: string | undefined;
  /** Scopes asked for, space-separated (openid among them). */
  scopes: string;
  /** The claim (ID token, else userinfo) that carries the 12-digit personal ID number. */
  idNumberClaim: string;
  /** The claim that carries the citizen's full name. */
  nameClaim: string;
  /** Port of the local provider `npm start` runs when `issuer` is unset (0 = a free one). */
  localProviderPort: number;
  sessionHours: number;
}

/** The payment provider diagis sends payers to, and npm start's local sandbox. */
export interface PaymentSettings {
  /** Payment page URL, merchant code and signing secret (never logged); unset = online payment is off (503). */
  provider: { url: string; merchantCode: string; secret: string } | undefined;
  /** How long an order may be paid after it is created. */
  orderMinutes: number;
  /** Port of the sandbox `npm start` runs when no provider is set (0 = a free one). */
  sandboxPort: number;
}

/** The SMTP server notifications go through, and npm start's local mail catcher. */
export interface MailSettings {
  /** `smtp://` or `smtps://` URL, credentials in it; unset = mails are queued and not sent. */
  smtpUrl: string | undefined;
  /** The From address. */
  from: string;
  /** Ports of the catcher `npm start` runs when `smtpUrl` is unset (0 = a free one). */
  catcherSmtpPort: number;
  catcherHttpPort: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The DIAGIS_* names this module understands; anything else with that prefix is a typo. */
export const knownKeys = Object.keys(schema.shape);

/** The payment provider when its three settings are given; a ConfigError when only some are. */
function paymentProvider(e: z.infer<typeof schema>): PaymentSettings['provider'] {
  const url = e.DIAGIS_PAYMENT_PROVIDER_URL;
  const merchantCode = e.DIAGIS_PAYMENT_MERCHANT_CODE;
  const secret = e.DIAGIS_PAYMENT_SECRET;
  if (url && merchantCode && secret) return { url, merchantCode, secret };
  if (url || merchantCode || secret) {
    throw new ConfigError(
      'invalid configuration: DIAGIS_PAYMENT_PROVIDER_URL, DIAGIS_PAYMENT_MERCHANT_CODE and DIAGIS_PAYMENT_SECRET go together: set all three or none',
    );
  }
  return undefined;
}

/**
 * Reads configuration once: defaults, then the environment, then validation.
 * Throws a ConfigError naming each bad key; returns a frozen object and the list of
 * unknown `DIAGIS_*` variables so the caller can warn about them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): {
  config: Readonly<Config>;
  unknownKeys: string[];
} {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DIAGIS_OIDC_ISSUER && !e.DIAGIS_OIDC_CLIENT_SECRET) {
    throw new ConfigError(
      'invalid configuration: DIAGIS_OIDC_CLIENT_SECRET: is required when DIAGIS_OIDC_ISSUER is set',
    );
  }
  const config: Config = {
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.DATABASE_REPLICA_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.DIAGIS_PUBLIC_URL?.replace(/\/+$/, ''),
    allowedHosts: e.DIAGIS_ALLOWED_HOSTS,
    logLevel: e.DIAGIS_LOG_LEVEL,
    dataDir: e.DIAGIS_DATA_DIR,
    privateCluster: { port: e.DIAGIS_PG_PORT, binDir: e.DIAGIS_PG_BIN },
    pool: {
      size: e.DIAGIS_DB_POOL_SIZE,
      publicSize: e.DIAGIS_DB_PUBLIC_POOL_SIZE,
      statementTimeoutMs: e.DIAGIS_STATEMENT_TIMEOUT_MS,
    },
    session: { hours: e.DIAGIS_SESSION_HOURS, secureCookie: e.DIAGIS_COOKIE_SECURE },
    login: {
      maxFailures: e.DIAGIS_LOGIN_MAX_FAILURES,
      windowMinutes: e.DIAGIS_LOGIN_WINDOW_MINUTES,
    },
    trustProxy: e.DIAGIS_TRUST_PROXY,
    demo: {
      enabled: e.DIAGIS_DEMO,
      parcels: e.DIAGIS_DEMO_PARCELS,
      password: e.DIAGIS_DEMO_PASSWORD,
    },
    tiles: {
      cacheBytes: Math.round(e.DIAGIS_TILE_CACHE_MB * 1024 * 1024),
      cacheDir: e.DIAGIS_TILE_CACHE_DIR,
      basemapUrl: e.DIAGIS_BASEMAP_URL,
    },
    dossiers: {
      attachmentsDir: e.DIAGIS_ATTACHMENTS_DIR,
      attachmentMaxBytes: Math.round(e.DIAGIS_ATTACHMENT_MAX_MB * 1_048_576),
      imageMaxPixels: Math.round(e.DIAGIS_ATTACHMENT_MAX_MEGAPIXELS * 1_000_000),
      imageTimeoutMs: e.DIAGIS_IMAGE_TIMEOUT_MS,
      taxApiKey: e.DIAGIS_TAX_API_KEY,
      publicTrackingPerMinute: e.DIAGIS_PUBLIC_TRACKING_PER_MINUTE,
    },
    publicRate: {
      apiPerMinute: e.DIAGIS_PUBLIC_API_PER_MINUTE,
      tilesPerMinute: e.DIAGIS_PUBLIC_TILES_PER_MINUTE,
    },
    editing: {
      overlapTolerance: e.DIAGIS_EDIT_OVERLAP_TOLERANCE_M,
      sliverWidth: e.DIAGIS_EDIT_SLIVER_WIDTH_M,
      splitAreaTolerance: e.DIAGIS_EDIT_SPLIT_AREA_TOLERANCE_M2,
      checkTimeoutMs: e.DIAGIS_EDIT_CHECK_TIMEOUT_MS,
    },
    heavyWritesPerUser: e.DIAGIS_HEAVY_WRITES_PER_USER,
    scans: {
      dir: e.DIAGIS_SCANS_DIR,
      maxBytes: Math.round(e.DIAGIS_SCAN_MAX_MB * 1_048_576),
      maxPixels: Math.round(e.DIAGIS_SCAN_MAX_MEGAPIXELS * 1_000_000),
      timeoutMs: e.DIAGIS_SCAN_TIMEOUT_MS,
      maxRmsM: e.DIAGIS_SCAN_MAX_RMS_M,
      tileCacheBytes: Math.round(e.DIAGIS_SCAN_TILE_CACHE_MB * 1_048_576),
    },
    imports: { maxBytes: Math.round(e.DIAGIS_IMPORT_MAX_MB * 1_048_576) },
    payments: {
      provider: paymentProvider(e),
      orderMinutes: e.DIAGIS_PAYMENT_ORDER_MINUTES,
      sandboxPort: e.DIAGIS_PAYMENT_SANDBOX_PORT,
    },
    mail: {
      smtpUrl: e.DIAGIS_SMTP_URL,
      from: e.DIAGIS_MAIL_FROM,
      catcherSmtpPort: e.DIAGIS_MAIL_CATCHER_SMTP_PORT,
      catcherHttpPort: e.DIAGIS_MAIL_CATCHER_HTTP_PORT,
    },
    citizens: {
      issuer: e.DIAGIS_OIDC_ISSUER,
      clientId: e.DIAGIS_OIDC_CLIENT_ID,
      clientSecret: e.DIAGIS_OIDC_CLIENT_SECRET,
      scopes: e.DIAGIS_OIDC_SCOPES,
      idNumberClaim: e.DIAGIS_OIDC_ID_NUMBER_CLAIM,
      nameClaim: e.DIAGIS_OIDC_NAME_CLAIM,
      localProviderPort: e.DIAGIS_OIDC_LOCAL_PORT,
      sessionHours: e.DIAGIS_CITIZEN_SESSION_HOURS,
    },
  };
  const unknownKeys = Object.keys(env).filter(
    (key) => key.startsWith('DIAGIS_') && !knownKeys.includes(key),
  );
  return { config: Object.freeze(config), unknownKeys };
}

/** A connection string safe to print: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database url>';
  }
}
