import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFloorViolations } from '../../scripts/lib/floors/floor_check';

const root = mkdtempSync(path.join(tmpdir(), 'diagis-floors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('the floor check', () => {
  it('reports an import up a floor, across a floor and a type-only cycle, and nothing else', () => {
    write('core/a.ts', "import { b } from '../server/b';\nexport const a = b;\n");
    write('server/b.ts', "import { c } from '../core/c.js';\nexport const b = c;\n");
    write('core/c.ts', 'export const c = 1;\n');
    write('tiles/t.ts', "import type { X } from '../data-import/x';\nexport type T = X;\n");
    write('data-import/x.ts', "import type { Y } from './y';\nexport interface X { y: Y }\n");
    write('data-import/y.ts', "import type { X } from './x';\nexport interface Y { x?: X }\n");
    write('scripts/s.ts', "import { b } from '../server/b';\nimport 'pg';\nexport const s = b;\n");

    const report = findFloorViolations(root);

    expect(report.modules).toBe(7);
    const floors = report.violations.filter((v) => v.kind === 'floor');
    expect(floors).toEqual([
      { kind: 'floor', from: 'core/a.ts', to: 'server/b.ts' },
      { kind: 'floor', from: 'tiles/t.ts', to: 'data-import/x.ts' },
    ]);
    const cycles = report.violations.filter((v) => v.kind === 'cycle');
    expect(cycles).toEqual([{ kind: 'cycle', modules: ['data-import/x.ts', 'data-import/y.ts'] }]);
  });

  it('finds no violation in this repository', () => {
    const repository = path.resolve(import.meta.dirname, '../..');
    const report = findFloorViolations(repository);
    expect(report.modules).toBeGreaterThan(300);
    expect(report.violations).toEqual([]);
  });
});
