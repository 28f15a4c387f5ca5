import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { DiagisError, type ErrorCode, invalidInput } from '../../core/errors/diagis_error';
import { errorMiddleware } from '../../server/http/error_middleware';
import { requestContext } from '../../server/http/request_context';
import { createLogger } from '../../server/logger';
import { parseTileAddress } from '../../tiles/tile_address';

/** The statuses the API documents, written out here rather than read from the server's table. */
const documentedStatus = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} satisfies Record<ErrorCode, number>;

interface Answer {
  status: number;
  body: { error: Record<string, unknown> };
  headers: Headers;
}

/** Serves one throwing handler behind the real request-context and error middleware. */
async function answerTo(fail: () => never): Promise<Answer> {
  const app = new Koa();
  app.silent = true;
  app.use(requestContext(createLogger('silent')));
  app.use(errorMiddleware());
  app.use(() => fail());
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    return { status: response.status, body: await response.json(), headers: response.headers };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('DiagisError codes as HTTP statuses', () => {
  it.each(Object.entries(documentedStatus))(
    'answers %s with %i, its message and field',
    async (code, status) => {
      const message = `field_${code}: broke the ${code} rule`;
      const answer = await answerTo(() => {
        throw new DiagisError(code as ErrorCode, message, {
          field: `field_${code}`,
          details: { rule: `${code}.rule` },
          headers: { 'Retry-After': '7' },
        });
      });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toEqual({
        status,
        message,
        field: `field_${code}`,
        rule: `${code}.rule`,
        requestId: answer.headers.get('x-request-id'),
      });
      expect(answer.headers.get('retry-after')).toBe('7');
    },
  );

  it('leaves out the field when there is none', async () => {
    const answer = await answerTo(() => {
      throw new DiagisError('conflict', 'plan 3 is published; withdraw it first');
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).not.toHaveProperty('field');
    expect(answer.body.error.message).toBe('plan 3 is published; withdraw it first');
  });

  it('names the field and the rule of invalidInput', async () => {
    const answer = await answerTo(() => {
      throw invalidInput('username', 'must be 3-64 characters');
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      message: 'username: must be 3-64 characters',
      field: 'username',
    });
  });

  it('answers a tile request for an unknown layer with 404 naming the layer', async () => {
    const answer = await answerTo(() => {
      parseTileAddress('no-such-layer', '12', '3', '4.mvt');
      throw new Error('parseTileAddress accepted an unknown layer');
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({
      status: 404,
      message: 'layer: no layer named no-such-layer',
      field: 'layer',
    });
  });
});
