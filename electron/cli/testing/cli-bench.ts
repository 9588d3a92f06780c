/** Test-only: a bench server and a temp folder shared by the CLI tests of one file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startBenchServer, type BenchServer } from '../../engine/testing/bench-server';
import { runFerry, type FerryRun } from '../cli-test-kit';

/** Only a hang takes this long (grpc-js once retried bad headers for ever): a bound, never a timing assertion. */
export const HANG_KILL_MS = 10_000;

export interface CliBench {
  readonly server: BenchServer;
  /** `ferry call --plaintext <bench> …args`, killed if it hangs. */
  call(...args: string[]): Promise<FerryRun>;
  /** Writes a file in a temp folder removed after the tests; returns its path. */
  file(name: string, content: string | Buffer): string;
}

/** Starts the bench server and makes the folder before the file's tests, and closes and removes them after. */
export function useCliBench(): CliBench {
  let server: BenchServer | undefined;
  let dir = '';
  beforeAll(async () => {
    server = await startBenchServer();
    dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const running = (): BenchServer => {
    if (!server) throw new Error('the bench server starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return running();
    },
    call: (...args) => runFerry(['call', '--plaintext', running().target, ...args], { killAfterMs: HANG_KILL_MS }),
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}
