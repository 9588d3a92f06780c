import { describeFerryError, toFerryError } from '../../shared/errors';
import { EXIT_BAD_INPUT, EXIT_FAILURE, exitCodeForError } from './exit-codes';
import { MAIN_USAGE } from './usage';
import { createCliIo, type CliIo } from './cli-io';
import { SCHEMA_PART_ENV } from './schema-part-env';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const grpcurl = (): Promise<Command> =>
  import('./grpcurl/run-grpcurl').then(
    (m) => (argv, io) => m.runGrpcurl(argv, io, { program: 'ferry', version: process.env.FERRY_VERSION ?? '0.1.0', env: process.env }),
  );

// Loaded on demand: `--version` and `--help` load no gRPC code, and each command only what it uses.
const COMMANDS: Record<string, () => Promise<Command>> = {
  list: () => import('./commands/list').then((m) => m.runList),
  describe: () => import('./commands/describe').then((m) => m.runDescribe),
  call: () => import('./commands/call').then((m) => m.runCall),
  check: () => import('./commands/check').then((m) => m.runCheck),
  run: () => import('./commands/run').then((m) => m.runRun),
  bench: () => import('./commands/bench').then((m) => m.runBench),
  mock: () => import('./commands/mock').then((m) => m.runMock),
  serve: () => import('./commands/serve').then((m) => m.runServe),
  import: () => import('./commands/import').then((m) => m.runImport),
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
  // Anything that is not one of Ferry's commands is a grpcurl command line (`ferry -plaintext host:port list`).
  const load = COMMANDS[name];
  try {
    const command = await (load ?? grpcurl)();
    return await command(load ? rest : argv, io);
  } catch (reason) {
    const error = toFerryError(reason);
    // A bug keeps its stack for FERRY_TRACE users; everyone else gets one line.
    if (error.code === 'INTERNAL_BUG' && process.env.FERRY_TRACE && error.details?.stack) io.err(`${error.details.stack}\n`);
    io.err(`ferry: ${describeFerryError(error)}\n`);
    return error.code === 'INTERNAL_BUG' ? EXIT_FAILURE : exitCodeForError(error);
  }
}

function runCommandLine(): void {
  const io = createCliIo();
  main(process.argv.slice(2), io).then(
    (code) => io.flush().then(() => process.exit(code)),
    (reason) => {
      io.err(`ferry: internal error: ${String(reason)}\n`);
      process.exit(EXIT_FAILURE);
    },
  );
}

// A worker thread bin/ferry.js was started in for a part of a large schema load is told so in its
// environment (parse-threads.ts), so other runs do not load worker_threads.
if (process.env[SCHEMA_PART_ENV] === '1') {
  void import('./schema-part-worker').then((m) => m.runSchemaPartIfWorker(runCommandLine));
} else {
  runCommandLine();
}
