/** `ferry serve [--port N] [--open] [--help]`: starts the server, prints its URL, runs until SIGINT/SIGTERM. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FerryApi } from '../../shared/api';
import { describeFerryError, toFerryError } from '../../shared/errors';
import { openBrowser, writeLauncherPage } from './open-browser';
import { startServe } from './start-serve';
import { defaultStaticDir } from './static-files';

export const SERVE_USAGE = `Usage: ferry serve [--port N] [--open]

Serves the Ferry UI to your browser from 127.0.0.1 only. The printed URL carries a token made for this
run; without it the page and the API answer 403.

  --port N     listen on port N (default: any free port)
  --open       open the URL in the system browser
  -h, --help   show this help

Stop with Ctrl+C.`;

export interface ServeCommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface ServeCommandOptions {
  /** Defaults to process.stdout / process.stderr. */
  io?: ServeCommandIo;
  /** Stops the server as SIGINT would: for tests and embedders. */
  signal?: AbortSignal;
  /** Defaults to the first of dist/renderer beside the bundled CLI, in the checkout, or in the working directory. */
  staticDir?: string;
  /** Opens a file in the browser; defaults to the platform's opener (xdg-open, open, start). */
  openBrowser?: (path: string) => Promise<boolean>;
}

type ServeArgs = { help: true } | { help: false; port: number; open: boolean };

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_BAD_USAGE = 2;

function parsePort(text: string | undefined): number {
  const port = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || port > 65535) {
    throw new Error(`--port needs a number from 0 to 65535, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  }
  return port;
}

/** Throws an Error whose message is the usage problem. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let port = 0;
  let open = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '-h' || word === '--help') return { help: true };
    if (word === '--open') open = true;
    else if (word === '--port') port = parsePort(argv[++i]);
    else if (word.startsWith('--port=')) port = parsePort(word.slice('--port='.length));
    else throw new Error(`unknown argument ${JSON.stringify(word)} for \`ferry serve\` (see \`ferry serve --help\`)`);
  }
  return { help: false, port, open };
}

const processIo: ServeCommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** `stopped` resolves on the first SIGINT, SIGTERM or abort; `release` stops listening for them. */
function listenForStop(signal: AbortSignal | undefined): { stopped: Promise<void>; release(): void } {
  let release = () => undefined as void;
  const stopped = new Promise<void>((done) => {
    const stop = () => {
      release();
      done();
    };
    release = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
    };
    // While we listen, Ctrl+C no longer kills the process: we close the server and exit ourselves.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
  return { stopped, release };
}

export async function runServeCommand(
  argv: string[],
  makeApi: () => FerryApi & { dispose?(): void },
  options: ServeCommandOptions = {},
): Promise<number> {
  const io = options.io ?? processIo;
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (reason) {
    io.err(`ferry: ${(reason as Error).message}\n`);
    return EXIT_BAD_USAGE;
  }
  if (args.help) {
    io.out(`${SERVE_USAGE}\n`);
    return EXIT_OK;
  }

  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    io.err(`ferry: the UI is not built (no index.html in ${staticDir}); the API still works. Run \`npm run build\`.\n`);
  }
  const api = makeApi();
  const stop = listenForStop(options.signal);
  let launcher: Awaited<ReturnType<typeof writeLauncherPage>> | undefined;
  try {
    const server = await startServe({ api, staticDir, port: args.port });
    io.out(`Ferry is serving on ${server.url}\n`);
    if (args.open) {
      launcher = await writeLauncherPage(server.url);
      const opened = await (options.openBrowser ?? openBrowser)(launcher.path);
      if (!opened) io.err('ferry: could not open a browser; open the URL above yourself\n');
    }
    await stop.stopped;
    await server.close();
    return EXIT_OK;
  } catch (reason) {
    const error = toFerryError(reason);
    io.err(`ferry: ${describeFerryError(error)}\n`);
    return error.code === 'BAD_INPUT' ? EXIT_BAD_USAGE : EXIT_FAILURE;
  } finally {
    stop.release();
    api.dispose?.();
    await launcher?.remove();
  }
}
