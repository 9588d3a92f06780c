/**
 * The real FerryApi for store and pump tests: `ferry serve` over a real engine (with a data folder, so it
 * keeps call history) and a real bench gRPC server (service ferry.testing.v1.Bench on 127.0.0.1), reached
 * through the renderer's own WebSocket client.
 *
 * Renderer tests run under Node and type-check in the tests project (tsconfig.tests.json), so they import
 * the serve fixture directly; the renderer's own project stays free of Node types. File work (temp
 * workspaces, reading what the engine wrote) goes through the fixture's helpers, `files`.
 */
import { makeTempDir, readFiles, removeDir, startServeFixture, writeFiles, type ServeFixture } from '../../../electron/serve/testing/serve-fixture';
import type { Engine } from '../../../electron/engine';
import type { FerryEvent } from '../../../shared/api';
import { createWsClient, type WsClient } from '../../api/ws-client';
import { createFerryStore, type FerryStore, type FerryStoreOptions } from '../ferry-store';

/** Node-side file helpers of the serve fixture. */
export interface NodeFiles {
  makeTempDir(prefix?: string): Promise<string>;
  /** Writes files by path relative to `dir`, creating folders. */
  writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void>;
  /** Every file under `dir`, by relative path with `/` separators. */
  readFiles(dir: string): Promise<Record<string, string>>;
  removeDir(dir: string): Promise<void>;
}

export const BENCH = 'ferry.testing.v1.Bench';

export interface RealApi {
  /** The WebSocket client of the running `ferry serve`: the FerryApi under test. */
  api: WsClient;
  /** `127.0.0.1:<port>` of the bench gRPC server. */
  target: string;
  bench: ServeFixture<Engine>['bench'];
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
  const files: NodeFiles = { makeTempDir, writeFiles, readFiles, removeDir };
  const dataDir = await makeTempDir('ferry-data-');
  const temps: string[] = [dataDir];
  const fx = await startServeFixture({ engineOptions: { dataDir } });
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
      const dir = await makeTempDir();
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
      await Promise.all(temps.map((dir) => removeDir(dir)));
    },
  };
}
