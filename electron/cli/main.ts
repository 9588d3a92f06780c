import { describeFerryError, toFerryError } from '../../shared/errors';
import { EXIT_BAD_INPUT, EXIT_FAILURE, exitCodeForError } from './exit-codes';
import { MAIN_USAGE } from './usage';
import { runList } from './commands/list';
import { runDescribe } from './commands/describe';
import { runCall } from './commands/call';
import { runServe } from './commands/serve';
import { runRun } from './commands/run';
import { createCliIo, type CliIo } from './cli-io';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  list: runList,
  describe: runDescribe,
  call: runCall,
  run: runRun,
  serve: runServe,
};

async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${MAIN_USAGE}\n`);
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`ferry ${process.env.FERRY_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`ferry: unknown command "${name}" (expected list, describe, call, run or serve; see \`ferry --help\`)\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command(rest, io);
  } catch (reason) {
    const error = toFerryError(reason);
    // A bug keeps its stack for FERRY_TRACE users; everyone else gets one line.
    if (error.code === 'INTERNAL_BUG' && process.env.FERRY_TRACE && error.details?.stack) io.err(`${error.details.stack}\n`);
    io.err(`ferry: ${describeFerryError(error)}\n`);
    return error.code === 'INTERNAL_BUG' ? EXIT_FAILURE : exitCodeForError(error);
  }
}

const io = createCliIo();
main(process.argv.slice(2), io).then(
  (code) => io.flush().then(() => process.exit(code)),
  (reason) => {
    io.err(`ferry: internal error: ${String(reason)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
