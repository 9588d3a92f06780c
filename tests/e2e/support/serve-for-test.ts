/**
 * A real `ferry serve` for one end-to-end test: the engine, startServe on port 0 over the built renderer
 * (dist/renderer), and by default a bench gRPC server to point the UI at. Each test starts its own, so
 * nothing is shared between tests and no port is fixed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FerryApi } from '../../../shared/api';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { startBenchServer, type BenchServer, type BenchServerOptions } from '../../../electron/engine/testing/bench-server';
import { startServe, type ServeHandle } from '../../../electron/serve';

export const RENDERER_DIST = resolve(__dirname, '..', '..', '..', 'dist', 'renderer');

export interface ServeForTest {
  /** The page URL with the token. */
  url: string;
  /** The page URL without the token (expect 403). */
  urlWithoutToken: string;
  serve: ServeHandle;
  engine: Engine;
  /** Present unless started with `bench: false`; its `target` is `127.0.0.1:PORT`. */
  bench?: BenchServer;
  close(): Promise<void>;
}

export interface ServeForTestOptions {
  /** Defaults to dist/renderer, which must have been built (`npx vite build`). */
  staticDir?: string;
  /** Start a bench gRPC server too; default true. */
  bench?: boolean;
  /** Options for that bench server, e.g. `{ reflection: 'none' }` for a server only .proto files describe. */
  benchOptions?: BenchServerOptions;
  /** The engine's data folder (call history, schema cache), as `ferry serve` has one; none by default. */
  dataDir?: string;
  /** What `ferry serve` carries instead of the engine itself, e.g. the engine behind a slow transport. */
  wrapApi?: (engine: Engine) => FerryApi;
}

export async function startServeForTest(options: ServeForTestOptions = {}): Promise<ServeForTest> {
  const staticDir = options.staticDir ?? RENDERER_DIST;
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`no built renderer in ${staticDir}: run \`npx vite build\` before the e2e tests`);
  }
  const bench = options.bench === false ? undefined : await startBenchServer(options.benchOptions);
  const engine = createEngine(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const serve = await startServe({ api: options.wrapApi ? options.wrapApi(engine) : engine, staticDir });
  return {
    url: serve.url,
    urlWithoutToken: `http://127.0.0.1:${serve.port}/`,
    serve,
    engine,
    ...(bench && { bench }),
    async close() {
      await serve.close();
      engine.dispose();
      await bench?.close();
    },
  };
}
