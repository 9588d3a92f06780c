/**
 * The real FerryApi for store and pump tests: `ferry serve` over a real engine (with a data folder, so it
 * keeps call history) and a real bench gRPC server (service ferry.testing.v1.Bench on 127.0.0.1), reached
 * through the renderer's own WebSocket client.
 *
 * The fixture lives in the Node TypeScript project, so it is loaded by a computed path: the renderer
 * project stays free of Node types and of imports that point at electron/. File work (temp workspaces,
 * reading what the engine wrote) happens on that side too, through `files`.
 */
import type { FerryEvent } from '../../../shared/api';
import type { Result } from '../../../shared/errors';
import { createWsClient, type WebSocketConstructorLike, type WsClient } from '../../api/ws-client';
import { createFerryStore, type FerryStore, type FerryStoreOptions } from '../ferry-store';

interface ServeFixture {
  serve: { token: string };
  apiUrl: string;
  bench: { target: string; stats: { cancelled: number; calls: number } };
  injectEvent(event: unknown): void;
  WebSocket: WebSocketConstructorLike;
  close(): Promise<void>;
}

/** Node-side file helpers of the fixture module. */
export interface NodeFiles {
  makeTempDir(prefix?: string): Promise<string>;
  /** Writes files by path relative to `dir`, creating folders. */
  writeFiles(dir: string, files: Record<string, string>): Promise<void>;
  /** Every file under `dir`, by relative path with `/` separators. */
  readFiles(dir: string): Promise<Record<string, string>>;
  removeDir(dir: string): Promise<void>;
}

interface FixtureModule extends NodeFiles {
  startServeFixture(options: { engineOptions: { dataDir: string } }): Promise<ServeFixture>;
}

const FIXTURE_MODULE = new URL('../../../electron/serve/testing/serve-fixture.ts', import.meta.url).href;
const loadFixtureModule = async () => (await import(/* @vite-ignore */ FIXTURE_MODULE)) as FixtureModule;

export const BENCH = 'ferry.testing.v1.Bench';

export interface RealApi {
  /** The WebSocket client of the running `ferry serve`: the FerryApi under test. */
  api: WsClient;
  /** `127.0.0.1:<port>` of the bench gRPC server. */
  target: string;
  bench: ServeFixture['bench'];
  /** Pushes an event to every listener as if the engine had sent it. */
  injectEvent(event: FerryEvent): void;
  files: NodeFiles;
  /** A temp folder removed by `close`. */
  tempDir(): Promise<string>;
  /** A store over `api` whose connection form points at the bench, not yet connected. */
  store(options?: FerryStoreOptions): FerryStore;
  /** The same, connected (reflection, plaintext). */
  connectedStore(options?: FerryStoreOptions): Promise<FerryStore>;
  close(): Promise<void>;
}

/** Starts the engine, the bench server and `ferry serve`; one per test file (beforeAll / afterAll) keeps tests fast. */
export async function startRealApi(): Promise<RealApi> {
  const mod = await loadFixtureModule();
  const files: NodeFiles = { makeTempDir: mod.makeTempDir, writeFiles: mod.writeFiles, readFiles: mod.readFiles, removeDir: mod.removeDir };
  const dataDir = await mod.makeTempDir('ferry-data-');
  const temps: string[] = [dataDir];
  const fx = await mod.startServeFixture({ engineOptions: { dataDir } });
  const api = createWsClient(fx.apiUrl, fx.serve.token, { WebSocket: fx.WebSocket });
  const store = (options?: FerryStoreOptions) => {
    const created = createFerryStore(api, options);
    created.getState().setConnectionForm({ target: fx.bench.target });
    return created;
  };
  return {
    api,
    target: fx.bench.target,
    bench: fx.bench,
    injectEvent: (event) => fx.injectEvent(event),
    files,
    async tempDir() {
      const dir = await mod.makeTempDir();
      temps.push(dir);
      return dir;
    },
    store,
    async connectedStore(options) {
      const created = store(options);
      await created.getState().connect();
      const { connection } = created.getState();
      if (connection.status !== 'connected') throw new Error(`could not connect to the bench: ${connection.error?.message}`);
      return created;
    },
    async close() {
      api.close();
      await fx.close();
      await Promise.all(temps.map((dir) => mod.removeDir(dir)));
    },
  };
}

export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Waits (up to 2 s, or `timeoutMs`) for a condition that real I/O will make true. */
export async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  for (let i = 0; i < timeoutMs / 10 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out');
}
