import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../server/http/http_error';
import { parseInput } from '../../server/http/validate';

const schema = z.object({
  year: z.number('must be a year').int('must be a year'),
  place: z.object({ code: z.string('must be a commune code') }),
});

/** The message of the 400 parseInput throws for `input`. */
function refusal(input: unknown): string {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    return (error as HttpError).message;
  }
  throw new Error('parseInput accepted the input');
}

describe('parseInput', () => {
  it('names the rule of a value of the wrong type, not "is required"', () => {
    expect(refusal({ year: '2026-01-01', place: { code: '31501' } })).toBe('year: must be a year');
    expect(refusal({ year: 2026, place: { code: 31501 } })).toBe(
      'place.code: must be a commune code',
    );
  });

  it('says "is required" for a missing value, nested ones included', () => {
    expect(refusal({ place: { code: '31501' } })).toBe('year: is required');
    expect(refusal({ year: 2026, place: {} })).toBe('place.code: is required');
    expect(refusal({ year: 2026, place: { code: null } })).toBe(
      'place.code: must be a commune code',
    );
  });
});
