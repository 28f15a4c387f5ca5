/** What the mail catcher shows of a received message. */
export interface ReadMessage {
  /** Header values by lower-case name, encoded words decoded; a repeated header keeps the first. */
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  /** The text/plain part, decoded; empty when there is none. */
  text: string;
  /** The text/html part, decoded, when there is one. */
  html: string | undefined;
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function quotedPrintable(text: string, underscoreIsSpace: boolean): Buffer {
  const source = (underscoreIsSpace ? text.replace(/_/g, ' ') : text).replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < source.length; index += 1) {
    const hex = source.slice(index + 1, index + 3);
    if (source[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(source[index] ?? '', 'latin1'));
    }
  }
  return Buffer.from(bytes);
}

/** A header value with its RFC 2047 encoded words (`=?utf-8?B?…?=`, `?Q?`) decoded. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_whole, charset, kind, text) =>
      decodeBytes(
        kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintable(text, true),
        charset,
      ),
    );
}

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  return match
    ? { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) }
    : { head: raw, body: '' };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Raw 8-bit header text is UTF-8 (RFC 6532); encoded words are ASCII either way.
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers[name] ??= decodeWords(value);
  }
  return headers;
}

const parameter = (header: string, name: string): string | undefined =>
  new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(header)?.[1];

/** The text and html parts of a (possibly multipart) entity. */
function bodies(headers: Record<string, string>, body: string): { text?: string; html?: string } {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = parameter(type, 'boundary');
  if (/^multipart\//i.test(type) && boundary) {
    const found: { text?: string; html?: string } = {};
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const { head, body: partBody } = splitHead(part.replace(/^\r?\n/, ''));
      const inner = bodies(parseHeaders(head), partBody);
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body, false)
        : Buffer.from(body, 'latin1');
  const text = decodeBytes(bytes, parameter(type, 'charset') ?? 'utf-8');
  if (/^text\/html/i.test(type)) return { html: text };
  if (/^text\/plain/i.test(type)) return { text };
  return {};
}

/**
 * Reads a raw RFC 5322 message as the catcher shows it: headers, subject, from and to,
 * and its text and html parts with base64 or quoted-printable undone. Small on purpose:
 * enough for the messages diagis sends, not a general MIME parser.
 */
export function readMessage(raw: Buffer): ReadMessage {
  // latin1 keeps every byte as one character, so encoded parts decode to the right bytes.
  const { head, body } = splitHead(raw.toString('latin1'));
  const headers = parseHeaders(head);
  const found = bodies(headers, body);
  return {
    headers,
    subject: headers.subject ?? '',
    from: headers.from ?? '',
    to: headers.to ?? '',
    text: found.text ?? '',
    html: found.html,
  };
}
