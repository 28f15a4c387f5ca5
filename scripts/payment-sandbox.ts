// A local payment provider speaking VNPAY's protocol, for development and tests:
//   DIAGIS_PAYMENT_MERCHANT_CODE=DIAGIS01 DIAGIS_PAYMENT_SECRET=<16+ characters> \
//     npx tsx scripts/payment-sandbox.ts --port 8092
// then start diagis with DIAGIS_PAYMENT_PROVIDER_URL=http://127.0.0.1:8092/paymentv2/vpcpay.html
// and the same code and secret. `npm start` runs it by itself when no provider is set
// (docs/payments.md).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../server/config';
import { createPaymentSandbox } from './lib/local_services/payment_sandbox';

const say = (message: string) => console.log(`[payment-sandbox] ${message}`);

function port(text: string): number {
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65535) {
    throw new InvalidArgumentError('expected a port number 0-65535');
  }
  return value;
}

// Only the merchant code and secret are read from the environment; a sandbox run needs no
// provider URL, so that setting is left out of the check that all three go together.
const { config } = loadConfig({
  DIAGIS_PAYMENT_MERCHANT_CODE: process.env.DIAGIS_PAYMENT_MERCHANT_CODE,
  DIAGIS_PAYMENT_SECRET: process.env.DIAGIS_PAYMENT_SECRET,
  DIAGIS_PAYMENT_PROVIDER_URL: 'http://127.0.0.1/paymentv2/vpcpay.html',
  DIAGIS_PAYMENT_SANDBOX_PORT: process.env.DIAGIS_PAYMENT_SANDBOX_PORT,
});
const program = new Command()
  .name('payment-sandbox')
  .description('A local payment provider (VNPAY protocol, no real money) for diagis')
  .option('--port <port>', 'port to listen on (0 = a free one)', port, config.payments.sandboxPort)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--ipn-url <url>', "diagis's callback URL when a request names none")
  .parse();
const options = program.opts<{ port: number; host: string; ipnUrl?: string }>();
const merchant = config.payments.provider;
if (!merchant) {
  console.error(
    '[payment-sandbox] set DIAGIS_PAYMENT_MERCHANT_CODE and DIAGIS_PAYMENT_SECRET (16+ characters)',
  );
  process.exit(2);
}

const sandbox = createPaymentSandbox({
  merchant: {
    merchantCode: merchant.merchantCode,
    secret: merchant.secret,
    ipnUrl: options.ipnUrl,
  },
  log: say,
});
const server = createServer(sandbox.handle);
server.once('error', (error) => {
  console.error(
    `[payment-sandbox] cannot listen on ${options.host}:${options.port}: ${error.message}`,
  );
  process.exit(1);
});
server.listen(options.port, options.host, () => {
  const { port: actual } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  say(
    `listening at http://${host}:${actual}/paymentv2/vpcpay.html (merchant ${merchant.merchantCode})`,
  );
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by npm start or a test over an IPC channel: end with the parent, however it ends.
process.once('disconnect', stop);
