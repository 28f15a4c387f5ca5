import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
beforeAll(async () => {
  // No DIAGIS_TAX_API_KEY in the fixture's environment: the tax API is switched off.
  fx = await startAppFixture({ users: ['admin'] });
});
afterAll(() => fx.close());

describe('errors the docs promise', () => {
  it('answers the tax API without a configured key with 503, a message saying why and Retry-After', async () => {
    const response = await fetch(`${fx.base}/api/tax/dossiers`, {
      headers: { 'X-API-Key': 'k'.repeat(32) },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3600');
    const body = await response.json();
    expect(body.error.message).toContain('the tax API is not enabled on this server');
    expect(body.error.message).not.toBe('internal error');
  });

  it('names the rule when a plan period is a date instead of a year, and says "is required" only when it is missing', async () => {
    const plan = { name: 'Kế hoạch kiểm tra lỗi', kind: 'annual_plan', periodEnd: 2026 };
    const wrong = await fx.call('admin', 'POST', '/api/plans', {
      ...plan,
      periodStart: '2026-01-01',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      message: 'periodStart: must be a year',
      field: 'periodStart',
    });
    const missing = await fx.call('admin', 'POST', '/api/plans', plan);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('periodStart: is required');
    const fraction = await fx.call('admin', 'POST', '/api/plans', { ...plan, periodStart: 2025.5 });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.message).toBe('periodStart: must be a year');
  });
});
