import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allOwnedCommunes, type SampleArea, sampleAreas } from './sample_areas';

const root = new URL('../..', import.meta.url).pathname;
const owners = Object.entries(sampleAreas) as [string, SampleArea][];

/** Every value of `pick` that more than one file claims, with the files. */
function shared(pick: (area: SampleArea) => readonly (string | number)[]) {
  const byValue = new Map<string | number, string[]>();
  for (const [file, area] of owners) {
    for (const value of new Set(pick(area))) {
      byValue.set(value, [...(byValue.get(value) ?? []), file]);
    }
  }
  return [...byValue].filter(([, files]) => files.length > 1);
}

describe('sample areas of the shared test database', () => {
  it('names test files that exist', () => {
    for (const [file] of owners) expect(existsSync(`${root}${file}`), file).toBe(true);
  });

  it('gives each commune, sheet slot and import place to one file only', () => {
    expect(shared((area) => area.communes ?? [])).toEqual([]);
    expect(shared((area) => area.sheetSlots ?? [])).toEqual([]);
    expect(shared((area) => area.places ?? [])).toEqual([]);
  });

  it('keeps import places at least 0.05° apart (an import covers a few hundred metres)', () => {
    const places = owners.flatMap(([file, area]) =>
      (area.places ?? []).map((place) => ({ file, at: place.split(',').map(Number) })),
    );
    for (const [i, a] of places.entries()) {
      for (const b of places.slice(i + 1)) {
        const apart = Math.max(
          Math.abs((a.at[0] ?? 0) - (b.at[0] ?? 0)),
          Math.abs((a.at[1] ?? 0) - (b.at[1] ?? 0)),
        );
        expect(apart, `${a.file} and ${b.file}`).toBeGreaterThanOrEqual(0.05);
      }
    }
  });

  it('lists communes as five-digit codes and every one among those sampleSheet avoids', () => {
    for (const code of allOwnedCommunes) expect(code).toMatch(/^\d{5}$/);
    expect(new Set(allOwnedCommunes).size).toBe(allOwnedCommunes.length);
  });
});
