import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readMessage } from './mime_message';

/** A message the catcher received, as `GET /messages` lists it. */
export interface CaughtMessage {
  id: number;
  receivedAt: string;
  /** The SMTP envelope: who the client said it sends for and to. */
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | undefined;
  headers: Record<string, string>;
  size: number;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: the value of DIAGIS_SMTP_URL. */
  smtpUrl: string;
  /** `http://127.0.0.1:<port>`: the page at `/`, JSON at `/messages`. */
  httpUrl: string;
  messages(): readonly CaughtMessage[];
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Messages kept, oldest dropped first (default 500). */
  keep?: number;
  log?: (message: string) => void;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

function listPage(messages: readonly CaughtMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (message) => `<article>
<h2>${escapeHtml(message.subject || '(no subject)')}</h2>
<p>${escapeHtml(message.receivedAt)}: ${escapeHtml(message.from)} → ${escapeHtml(message.to)}</p>
<pre>${escapeHtml(message.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>diagis mail catcher</title></head>
<body>
<h1>Thư đã nhận / Caught mail (${messages.length})</h1>
<p>JSON: <a href="/messages">/messages</a>. Nothing here was delivered to anyone.</p>
${rows || '<p>Chưa có thư / No mail yet.</p>'}
</body>
</html>
`;
}

/**
 * A local SMTP server that accepts every message (any or no credentials, no TLS) and keeps
 * it in memory instead of delivering it, with a page at `/` and JSON at `GET /messages`
 * (`?to=<address>` filters, `DELETE /messages` empties). For npm start and the tests:
 * what diagis sends can be read without a real mailbox.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const keep = options.keep ?? 500;
  const log = options.log ?? (() => {});
  const caught: CaughtMessage[] = [];
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: 10 * 1024 * 1024,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const read = readMessage(raw);
        const message: CaughtMessage = {
          id: nextId++,
          receivedAt: new Date().toISOString(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          from: read.from,
          to: read.to,
          subject: read.subject,
          text: read.text,
          html: read.html,
          headers: read.headers,
          size: raw.length,
        };
        caught.push(message);
        if (caught.length > keep) caught.shift();
        log(`caught #${message.id} to ${message.envelope.to.join(', ')}: ${message.subject}`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort, host, () => resolve());
  });
  smtp.on('error', (error) => log(`smtp error: ${error.message}`));

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://catcher.invalid');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /') {
      send(200, 'text/html; charset=utf-8', listPage(caught));
    } else if (route === 'GET /messages') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const messages = to
        ? caught.filter((message) => message.envelope.to.some((rcpt) => rcpt.toLowerCase() === to))
        : caught;
      send(200, 'application/json', JSON.stringify({ messages }));
    } else if (route === 'DELETE /messages') {
      caught.length = 0;
      send(204, 'text/plain', '');
    } else {
      send(404, 'text/plain; charset=utf-8', 'not found\n');
    }
  };
  const http: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort, host, () => resolve());
  }).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  });

  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://${shownHost}:${smtpPort}`,
    httpUrl: `http://${shownHost}:${httpPort}`,
    messages: () => caught,
    async close() {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
      ]);
    },
  };
}
