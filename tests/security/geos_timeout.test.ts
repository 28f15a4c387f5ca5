import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { classifyDbError, isStatementTimeout } from '../../core/db/db_errors';
import { errorMiddleware } from '../../server/http/error_middleware';
import { requestContext } from '../../server/http/request_context';
import { createLogger } from '../../server/logger';

// When the statement timeout fires while PostGIS is inside GEOS, PostGIS reports XX000
// (not 57014). Reproduced here on the real server with a heavy geometry and a short
// timeout, then the real error object is sent through the real error middleware.

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  // A circle of ~630,000 (a) and ~3,100,000 (b) vertices, built before any timeout is set.
  await client.query(
    `CREATE TEMP TABLE heavy AS
     SELECT ST_Segmentize(ST_Buffer(ST_MakePoint(0, 0), 1000, 2000), 0.01) AS a,
            ST_Segmentize(ST_Buffer(ST_MakePoint(0, 0), 1000, 2000), 0.002) AS b`,
  );
}, 120_000);
afterAll(() => client?.end());

/**
 * Runs `sql` under growing statement timeouts until PostGIS fails inside GEOS (XX000);
 * a 57014 means the timeout fired outside GEOS, so the next try waits longer.
 */
async function interruptedInsideGeos(sql: string): Promise<Error & { code?: string }> {
  const seen: string[] = [];
  for (const ms of [100, 150, 200, 300, 450, 700, 1000]) {
    await client.query(`SET statement_timeout = ${ms}`);
    try {
      await client.query(sql);
      seen.push(`${ms} ms: finished`);
      break;
    } catch (error) {
      const failure = error as Error & { code?: string };
      if (failure.code === 'XX000') return failure;
      seen.push(`${ms} ms: ${failure.code} ${failure.message}`);
    } finally {
      await client.query('SET statement_timeout = 0');
    }
  }
  throw new Error(`PostGIS never failed inside GEOS: ${seen.join('; ')}`);
}

/** The status and body the error middleware answers for `error`. */
async function answerFor(
  error: unknown,
): Promise<{ status: number; body: { error: { message: string } } }> {
  const app = new Koa();
  app.silent = true;
  app.use(requestContext(createLogger('silent')));
  app.use(errorMiddleware());
  app.use(() => {
    throw error;
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: response.status, body: await response.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('a statement timeout inside GEOS', () => {
  it.each([
    [
      'ST_Snap (edits snap to neighbours)',
      'SELECT ST_NPoints(ST_Snap(a, ST_Translate(a, 0.5, 0.5), 0.05)) FROM heavy',
    ],
    ['ST_IsValidDetail (edit validity check)', 'SELECT (ST_IsValidDetail(b)).valid FROM heavy'],
    ['ST_IsValid (plan zone check)', 'SELECT ST_IsValid(b) FROM heavy'],
  ])(
    '%s: the XX000 PostGIS raises answers 504, not 500',
    async (_, sql) => {
      const error = await interruptedInsideGeos(sql);
      expect(error.message).not.toMatch(/canceling statement/);
      expect(isStatementTimeout(error)).toBe(true);
      expect(classifyDbError(error)).toEqual({
        status: 504,
        message: 'the database query took too long',
      });
      const answer = await answerFor(error);
      expect(answer.status).toBe(504);
      expect(answer.body.error.message).toBe('the database query took too long');
    },
    60_000,
  );

  it('leaves other GEOS and PostGIS errors as errors (500)', async () => {
    const error = await client
      .query(`SELECT ST_GeomFromGeoJSON('{"type":"Polygon","coordinates":[[[0,0],[1]]]}')`)
      .then(
        () => undefined,
        (failure: Error & { code?: string }) => failure,
      );
    expect(error?.code).toBe('XX000');
    expect(classifyDbError(error)).toBeUndefined();
    expect((await answerFor(error)).status).toBe(500);
  });
});
