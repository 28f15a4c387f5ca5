// Worker threads start without the caller's TypeScript loader: load the worker through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse_worker.ts', import.meta.url);
