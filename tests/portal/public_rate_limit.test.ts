import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
// This file's own client address: the budgets are shared by every app on the database.
const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
const visitor = { 'X-Forwarded-For': `2001:db8:5a::${hex()}:${hex()}:${hex()}` };

beforeAll(async () => {
  // The default limits: the point is that they stop a burst as configured out of the box.
  fx = await startAppFixture({
    env: {
      DIAGIS_TRUST_PROXY: 'true',
      DIAGIS_PUBLIC_API_PER_MINUTE: '600',
      DIAGIS_PUBLIC_TILES_PER_MINUTE: '3000',
    },
  });
});
afterAll(() => fx.close());

describe('public rate limits', () => {
  it('answers 429 with Retry-After to a burst of 1,000 anonymous requests while a signed-in user carries on', async () => {
    const { Cookie: cookie } = await fx.signIn('viewer1');

    const statuses: number[] = [];
    const staffStatuses: number[] = [];
    let retryAfter: string | null = null;
    const started = performance.now();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${fx.base}/api/public/plans`, { headers: visitor }),
        ),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter ??= answer.headers.get('retry-after');
        await answer.arrayBuffer();
      }
      const staff = await fetch(`${fx.base}/api/public/plans`, {
        headers: { ...visitor, Cookie: cookie },
      });
      staffStatuses.push(staff.status);
      await staff.arrayBuffer();
    }
    const seconds = (performance.now() - started) / 1000;
    expect(statuses).toHaveLength(1000);
    // The default 600 at once, plus the refill (10 a second) while the burst ran; no more.
    const served = statuses.filter((status) => status === 200).length;
    expect(served).toBeLessThanOrEqual(600 + Math.floor(10 * seconds));
    expect(statuses.filter((status) => status === 429)).toHaveLength(1000 - served);
    expect(statuses.slice(0, 500).every((status) => status === 200)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(staffStatuses.every((status) => status === 200)).toBe(true);

    // The bucket refills while the burst runs (10 a second); drain it again to read the message.
    let body: { error?: { message: string } } = {};
    for (let i = 0; i < 1000 && !body.error; i++) {
      body = await (await fetch(`${fx.base}/api/stations`, { headers: visitor })).json();
    }
    expect(body.error?.message).toMatch(/too many api requests from this address/);
    // Tiles have a budget of their own, so the public map still draws.
    const tile = await fetch(`${fx.base}/tiles/admin_units/8/203/121.mvt`, { headers: visitor });
    expect(tile.status).toBeLessThan(300);
  });

  it('can be tuned or switched off in the configuration', () => {
    const { config } = loadConfig({
      DIAGIS_PUBLIC_API_PER_MINUTE: '0',
      DIAGIS_PUBLIC_TILES_PER_MINUTE: '120',
    });
    expect(config.publicRate).toEqual({ apiPerMinute: 0, tilesPerMinute: 120 });
    expect(() => loadConfig({ DIAGIS_PUBLIC_API_PER_MINUTE: '-1' })).toThrow(
      /DIAGIS_PUBLIC_API_PER_MINUTE/,
    );
  });
});
