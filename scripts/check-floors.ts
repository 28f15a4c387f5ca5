/**
 * Checks the import graph of the source folders: no import runs up a floor and no
 * module cycle exists. Prints every offending edge and exits 1 when there is one.
 *
 *   npm run check:floors
 *
 * The floors (README, "Folder map"): core/ at the bottom; data-import/, tiles/ and demo/
 * on it; server/ above them; scripts/ on top. web/ is the browser client and may import
 * only core/ (shared types and pure functions). Tests may import anything.
 */
import { findFloorViolations, formatViolation } from './lib/floors/floor_check.js';

const root = new URL('..', import.meta.url).pathname;
const report = findFloorViolations(root);
for (const line of report.violations.map(formatViolation)) console.error(line);
console.log(
  `[floors] ${report.modules} modules, ${report.edges} imports checked: ` +
    `${report.violations.length} violation(s)`,
);
process.exit(report.violations.length > 0 ? 1 : 0);
