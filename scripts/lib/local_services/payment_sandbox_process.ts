import { randomBytes } from 'node:crypto';
import type { Config } from '../../../server/config';
import { type ServiceProcess, startServiceProcess } from './service_process';

/** The payment sandbox running as its own process. */
export interface PaymentSandboxProcess extends ServiceProcess {
  /** Its payment page, the value of DIAGIS_PAYMENT_PROVIDER_URL. */
  providerUrl: string;
  /** `http://127.0.0.1:<port>`: `GET /api/transactions` lists what it completed. */
  url: string;
}

/**
 * Starts `scripts/payment-sandbox.ts` (port 0 picks a free one) for merchant
 * `merchantCode`; the secret goes through the environment.
 */
export async function startPaymentSandboxProcess(options: {
  port: number;
  merchantCode: string;
  secret: string;
}): Promise<PaymentSandboxProcess> {
  const started = await startServiceProcess({
    script: 'scripts/payment-sandbox.ts',
    args: ['--port', String(options.port)],
    env: {
      DIAGIS_PAYMENT_MERCHANT_CODE: options.merchantCode,
      DIAGIS_PAYMENT_SECRET: options.secret,
    },
    ready: /listening at ((http:\/\/[^/\s]+)\/paymentv2\/vpcpay\.html)/,
    name: 'the payment sandbox',
  });
  return { ...started, providerUrl: started.ready[1] ?? '', url: started.ready[2] ?? '' };
}

/**
 * For `npm start`: when no payment provider is configured, runs the payment sandbox beside
 * the server (port DIAGIS_PAYMENT_SANDBOX_PORT, default 8092; it ends with the server) and
 * returns the configuration pointing at it, with a secret made for this run. When a
 * provider is set, or the sandbox cannot start (port taken), the configuration comes back
 * unchanged and online payment answers as configured (503 without a provider).
 */
export async function withLocalPaymentSandbox(
  config: Readonly<Config>,
  say: (message: string) => void,
): Promise<Readonly<Config>> {
  if (config.payments.provider) return config;
  const merchantCode = 'DIAGISDEMO';
  const secret = randomBytes(32).toString('base64url');
  try {
    const sandbox = await startPaymentSandboxProcess({
      port: config.payments.sandboxPort,
      merchantCode,
      secret,
    });
    process.once('exit', () => sandbox.child.kill('SIGTERM'));
    sandbox.child.stderr?.pipe(process.stderr);
    sandbox.child.stdout?.resume();
    say(`Online payment: local payment sandbox (no real money) at ${sandbox.providerUrl}`);
    return Object.freeze({
      ...config,
      payments: {
        ...config.payments,
        provider: { url: sandbox.providerUrl, merchantCode, secret },
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(-1)[0] : error;
    say(
      `warning: online payment is off: the payment sandbox did not start (${reason}); ` +
        'set DIAGIS_PAYMENT_SANDBOX_PORT to a free port, or DIAGIS_PAYMENT_PROVIDER_URL to a real provider',
    );
    return config;
  }
}
