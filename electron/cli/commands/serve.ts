import { fail } from '../../../shared/errors';
import { createEngine, useParseThreads } from '../../engine';
import { defaultDataDir, serveUntilStopped } from '../../serve';
import type { CliIo } from '../cli-io';
import { cliParseThreads } from '../parse-threads';
import { HELP_FLAG } from '../common-flags';
import { EXIT_OK } from '../exit-codes';
import { flagBool, flagInteger, parseArgs, type FlagSpec } from '../parse-args';
import { SERVE_USAGE } from '../usage';

const SERVE_FLAGS: FlagSpec[] = [{ name: 'port', value: true, once: 'give one port' }, { name: 'open' }, HELP_FLAG];

/** `ferry serve`: the UI in a browser over the same engine, loopback only (see electron/serve). */
export async function runServe(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, SERVE_FLAGS, 'serve');
  if (flagBool(args, 'help')) return io.out(`${SERVE_USAGE}\n`), EXIT_OK;
  if (args.positionals.length > 0) fail('BAD_INPUT', `\`ferry serve\` takes no arguments, got ${JSON.stringify(args.positionals[0])} (see \`ferry serve --help\`)`);
  const port = flagInteger(args, 'port', 0, 65535) ?? 0;
  // A large first load of .proto files is split over threads, as on the command line.
  useParseThreads(cliParseThreads());
  await serveUntilStopped(() => createEngine({ dataDir: defaultDataDir() }), { port, open: flagBool(args, 'open'), io });
  return EXIT_OK;
}
