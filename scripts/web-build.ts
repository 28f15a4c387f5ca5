import { buildWebIfStale } from './lib/web_build';

const web = new URL('../web', import.meta.url).pathname;
const lock = new URL('../package-lock.json', import.meta.url).pathname;
const built = await buildWebIfStale(web, lock, (message) => console.log(`[diagis] ${message}`));
console.log(
  built ? '[diagis] web client built into web/dist' : '[diagis] web client is up to date',
);
