// Seeded randomness for the demo province. Everything the loader makes is a function of
// the seed: no Math.random, no clock. Independent streams (one per map sheet, one for the
// stations, ...) are derived from the seed and a label, so changing one part of the demo
// does not reshuffle the others.
import { base, Faker, vi } from '@faker-js/faker';

/** Hashes a label into four 32-bit words (cyrb128) to seed a generator. */
function hashLabel(label: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < label.length; i++) {
    const k = label.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A small, fast pseudo-random generator (sfc32) with the helpers the demo needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(label: string) {
    [this.a, this.b, this.c, this.d] = hashLabel(label);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick needs a non-empty list');
    return item;
  }

  /** One value drawn with the given relative weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('Rng.weighted needs at least one entry');
    return last[0];
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `count` distinct indexes from [0, n), in random order. */
  sample(n: number, count: number): number[] {
    const indexes = Array.from({ length: n }, (_, i) => i);
    const k = Math.min(count, n);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (n - i));
      const chosen = indexes[j] ?? j;
      indexes[j] = indexes[i] ?? i;
      indexes[i] = chosen;
    }
    return indexes.slice(0, k);
  }
}

/** A generator for one part of the demo: same seed and labels, same numbers. */
export function rngFor(seed: number, ...labels: readonly (string | number)[]): Rng {
  return new Rng(['diagis-demo', seed, ...labels].join('/'));
}

/** A Vietnamese-locale faker seeded from the demo seed and a label. */
export function fakerFor(seed: number, label: string): Faker {
  const faker = new Faker({ locale: [vi, base] });
  faker.seed(hashLabel(`diagis-demo/${seed}/${label}`));
  return faker;
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), so the
 * parts always add up to `total` exactly.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, w) => acc + w, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new Error('apportion needs positive weights');
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let missing = total - parts.reduce((acc, p) => acc + p, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((p, q) => q.rest - p.rest || p.index - q.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    missing--;
  }
  return parts;
}
