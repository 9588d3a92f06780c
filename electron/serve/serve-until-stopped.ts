/**
 * What `ferry serve` does once its flags are read (electron/cli/commands/serve.ts parses them): serve the
 * UI, print its URL, run until SIGINT/SIGTERM. Failing to start throws a FerryFailure for the CLI to report.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FerryApi } from '../../shared/api';
import { openBrowser, writeLauncherPage } from './open-browser';
import { startServe } from './start-serve';
import { defaultStaticDir } from './static-files';

export interface ServeIo {
  out(text: string): void;
  err(text: string): void;
}

export interface ServeUntilStoppedOptions {
  /** 0: any free port. */
  port: number;
  /** Opens the URL in the system browser. */
  open: boolean;
  io: ServeIo;
  /** Stops the server as SIGINT would: for tests and embedders. */
  signal?: AbortSignal;
  /** Defaults to the first of dist/renderer beside the bundled CLI, in the checkout, or in the working directory. */
  staticDir?: string;
  /** Opens a file in the browser; defaults to the platform's opener (xdg-open, open, start). */
  openBrowser?: (path: string) => Promise<boolean>;
}

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

/** Serves until stopped, then closes the API (disposes it, letting call history write its last calls). */
export async function serveUntilStopped(makeApi: () => FerryApi & { close(): Promise<void> }, options: ServeUntilStoppedOptions): Promise<void> {
  const { io } = options;
  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    io.err(`ferry: the UI is not built (no index.html in ${staticDir}); the API still works. Run \`npm run build\`.\n`);
  }
  const api = makeApi();
  const stop = listenForStop(options.signal);
  let launcher: Awaited<ReturnType<typeof writeLauncherPage>> | undefined;
  try {
    const server = await startServe({ api, staticDir, port: options.port });
    io.out(`Ferry is serving on ${server.url}\n`);
    if (options.open) {
      launcher = await writeLauncherPage(server.url);
      const opened = await (options.openBrowser ?? openBrowser)(launcher.path);
      if (!opened) io.err('ferry: could not open a browser; open the URL above yourself\n');
    }
    await stop.stopped;
    await server.close();
  } finally {
    stop.release();
    await api.close();
    await launcher?.remove();
  }
}
