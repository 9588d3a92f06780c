/**
 * A running `ferry serve` for tests: startServe on port 0 over a given FerryApi (by default a real engine
 * from createEngine), beside a real bench gRPC server on 127.0.0.1 port 0 (`bench.target`) for it to call.
 * Imported only by tests (serve's own, the renderer's WebSocket client test, tests/e2e).
 *
 * Without `staticDir` it serves a tiny stand-in bundle (index.html, one script, and a secret file one
 * level above the root for traversal tests), so the transport can be tested before the renderer builds.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { WebSocket } from 'ws';
import { API_PATH } from '../../../shared/api/validate';
import type { FerryApi, FerryEvent } from '../../../shared/api';
import { createEngine, type Engine, type EngineOptions } from '../../engine/create-engine';
import { startBenchServer, type BenchServer } from '../../engine/testing/bench-server';
import { startServe, type ServeHandle } from '../start-serve';

export const STAND_IN_TITLE = 'Ferry (test bundle)';
export const SECRET_TEXT = 'not for the browser';

export interface ServeFixture<Api extends FerryApi> {
  serve: ServeHandle;
  /** `ws://127.0.0.1:PORT/api`, without the token. */
  apiUrl: string;
  api: Api;
  /** A real gRPC server for the API to call; closed by `close`. */
  bench: BenchServer;
  /**
   * Pushes an event (valid or not) to the transport's listeners beside the API's own events, for tests
   * of how clients treat events the real engine would never send.
   */
  injectEvent(event: unknown): void;
  staticDir: string;
  /** The `ws` package's client, for tests under Node 20 (which has no global WebSocket). */
  WebSocket: typeof WebSocket;
  close(): Promise<void>;
}

export interface ServeFixtureOptions<Api extends FerryApi> {
  /** Defaults to createEngine(engineOptions). Closed (when it has `close`, as an engine does) by `close`. */
  api?: Api;
  /** For the default engine, e.g. a `dataDir` so it keeps call history. */
  engineOptions?: Partial<EngineOptions>;
  staticDir?: string;
  maxFrameBytes?: number;
}

/** Writes the stand-in bundle into `<tmp>/bundle` and a secret beside it; returns the bundle folder. */
export async function writeStandInBundle(): Promise<{ root: string; staticDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'ferry-serve-'));
  const staticDir = join(root, 'bundle');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(
    join(staticDir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>${STAND_IN_TITLE}</title>` +
      '<script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  await writeFile(join(staticDir, 'assets', 'app.js'), "document.getElementById('root').textContent = 'loaded';\n");
  await writeFile(join(staticDir, 'assets', 'style.css'), 'body { margin: 0; }\n');
  await writeFile(join(root, 'secret.txt'), `${SECRET_TEXT}\n`);
  return { root, staticDir };
}

/**
 * File work for tests whose own project has no Node types (the renderer's): a fresh temp folder, files
 * written into it by relative path (folders created), every file under it read back, and removal.
 */
export function makeTempDir(prefix = 'ferry-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** Every file under `dir`, by path relative to it with `/` separators. */
export async function readFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path).split(sep).join('/')] = await readFile(path, 'utf8');
  }
  return out;
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

export function startServeFixture(options?: Omit<ServeFixtureOptions<Engine>, 'api'>): Promise<ServeFixture<Engine>>;
export function startServeFixture<Api extends FerryApi>(options: ServeFixtureOptions<Api> & { api: Api }): Promise<ServeFixture<Api>>;
export async function startServeFixture(options: ServeFixtureOptions<FerryApi> = {}): Promise<ServeFixture<FerryApi>> {
  const standIn = options.staticDir === undefined ? await writeStandInBundle() : undefined;
  const staticDir = options.staticDir ?? standIn!.staticDir;
  const bench = await startBenchServer();
  const api = options.api ?? createEngine(options.engineOptions);
  // The API as given, except that onEvent listeners also hear injectEvent.
  const injected = new Set<(event: FerryEvent) => void>();
  const served: FerryApi = {
    ...api,
    onEvent(listener) {
      injected.add(listener);
      const stop = api.onEvent(listener);
      return () => {
        injected.delete(listener);
        stop();
      };
    },
  };
  const serve = await startServe({ api: served, staticDir, ...(options.maxFrameBytes !== undefined && { maxFrameBytes: options.maxFrameBytes }) });
  return {
    serve,
    apiUrl: `ws://127.0.0.1:${serve.port}${API_PATH}`,
    api,
    bench,
    injectEvent: (event) => injected.forEach((listener) => listener(event as FerryEvent)),
    staticDir,
    WebSocket,
    async close() {
      await serve.close();
      // Closed, not only disposed: history's last batch is written before the caller removes the data folder.
      await (api as { close?: () => Promise<void> }).close?.();
      await bench.close();
      if (standIn) await rm(standIn.root, { recursive: true, force: true });
    },
  };
}
