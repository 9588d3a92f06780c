import { createEngine } from '../../engine';
import { defaultDataDir, runServeCommand } from '../../serve';
import type { CliIo } from '../cli-io';

/** `ferry serve`: the UI in a browser over the same engine, loopback only (see electron/serve). */
export function runServe(argv: string[], io: CliIo): Promise<number> {
  return runServeCommand(argv, () => createEngine({ dataDir: defaultDataDir() }), { io });
}
