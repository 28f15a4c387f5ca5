// Runs before `npm start` and `npm test`, when dependencies may not be installed yet,
// so it uses nothing but Node itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  const major = Number(process.versions.node.split('.')[0]);
  const wanted = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
  if (major !== 20) {
    console.error(`diagis needs Node.js 20 (${wanted}); this is ${process.version}.`);
    process.exit(1);
  }
  console.log('Installing npm dependencies (npm ci)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed: check network access to the npm registry and try again.');
    process.exit(result.status ?? 1);
  }
}
