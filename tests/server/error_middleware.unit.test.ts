import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../../core/db/db_errors';
import { errorMiddleware } from '../../server/http/error_middleware';
import { HttpError, invalidField } from '../../server/http/http_error';
import { requestContext } from '../../server/http/request_context';
import { createLogger } from '../../server/logger';

/** Serves one handler behind the real request-context and error middleware. */
async function respond(
  handler: Koa.Middleware,
): Promise<{ status: number; body: { error: Record<string, unknown> }; headers: Headers }> {
  const app = new Koa();
  app.silent = true;
  app.use(requestContext(createLogger('silent')));
  app.use(errorMiddleware());
  app.use(handler);
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    return { status: response.status, body: await response.json(), headers: response.headers };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('error middleware', () => {
  it('passes a 4xx message and the field to the client', async () => {
    const { status, body } = await respond(() => {
      throw invalidField('z', 'must be 0-22, got 25');
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      status: 400,
      message: 'z: must be 0-22, got 25',
      field: 'z',
    });
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hides the details of a 500 and gives only the request id', async () => {
    const { status, body, headers } = await respond(() => {
      throw new Error('relation "secret_table" does not exist at /srv/diagis/server.ts:12');
    });
    expect(status).toBe(500);
    expect(body.error.message).toBe('internal error');
    expect(JSON.stringify(body)).not.toMatch(/secret_table|srv/);
    expect(body.error.requestId).toBe(headers.get('x-request-id'));
  });

  it('turns a lost database into 503 with Retry-After and a slow query into 504', async () => {
    const lost = await respond(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
    });
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(lost.body)).not.toContain('5432');
    const slow = await respond(() => {
      throw Object.assign(new Error('canceling statement due to statement timeout'), {
        code: '57014',
      });
    });
    expect(slow.status).toBe(504);
  });

  it('answers unknown routes with a JSON 404 and passes custom headers of an HttpError', async () => {
    expect((await respond(async () => {})).status).toBe(404);
    const limited = await respond(() => {
      throw new HttpError(429, 'slow down', undefined, { 'Retry-After': '60' });
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
  });
});

describe('error middleware and 503', () => {
  it('keeps the message and Retry-After of an HttpError with status 503', async () => {
    const off = await respond(() => {
      throw new HttpError(503, 'the service is switched off here', undefined, {
        'Retry-After': '3600',
      });
    });
    expect(off.status).toBe(503);
    expect(off.headers.get('retry-after')).toBe('3600');
    expect(off.body.error.message).toBe('the service is switched off here');
  });

  it('still hides the message of other 5xx errors, a 503 that is not an HttpError included', async () => {
    const plain = await respond(() => {
      throw Object.assign(new Error('pool at /srv/diagis exhausted'), {
        status: 503,
        expose: true,
      });
    });
    expect(plain.status).toBe(503);
    expect(plain.body.error.message).toBe('internal error');
    const other = await respond(() => {
      throw new HttpError(502, 'upstream at 10.0.0.7 failed');
    });
    expect(other.status).toBe(502);
    expect(other.body.error.message).toBe('internal error');
  });
});

describe('database error classification', () => {
  it.each([
    ['57P01', 503],
    ['08006', 503],
    ['53300', 503],
    ['57014', 504],
  ])('maps SQLSTATE %s to %i', (code, status) => {
    expect(classifyDbError(Object.assign(new Error('x'), { code }))?.status).toBe(status);
  });

  it('leaves ordinary SQL errors and protocol bugs alone', () => {
    expect(
      classifyDbError(
        Object.assign(new Error('bind message supplies 3 parameters'), { code: '08P01' }),
      ),
    ).toBeUndefined();
    expect(
      classifyDbError(Object.assign(new Error('duplicate key'), { code: '23505' })),
    ).toBeUndefined();
    expect(classifyDbError('not an error')).toBeUndefined();
  });
});
