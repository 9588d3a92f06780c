import { join } from 'node:path';
import { workerParseThreads, type ParseThreads } from '../engine';
import { SCHEMA_PART_ENV } from './schema-part-env';

// bin/ferry.js from the bundle (dist/cli) and from the sources (electron/cli) alike.
const SCRIPT = join(__dirname, '..', '..', 'bin', 'ferry.js');

/**
 * The command line's parse threads: each runs bin/ferry.js, which loads the bundle through its code cache,
 * and the bundle, told so by its environment, runs the part (see main.ts and schema-part-worker.ts).
 */
export function cliParseThreads(env: NodeJS.ProcessEnv = process.env): ParseThreads {
  return workerParseThreads({ path: SCRIPT, env: { [SCHEMA_PART_ENV]: '1' } }, env);
}
