/**
 * One test's whole setup: its own `ferry serve` and bench gRPC server on port 0, and the UI open in a fresh
 * browser context. `close()` tears all of it down; `assertNoPageErrors()` fails on uncaught page errors.
 */
import type { Browser } from 'playwright-core';
import { onTestFinished } from 'vitest';
import type { BenchServer } from '../../../electron/engine/testing/bench-server';
import { FerryApp } from '../pages/ferry-app';
import { startServeForTest, type ServeForTest, type ServeForTestOptions } from './serve-for-test';

export interface FerryUnderTest {
  ferry: ServeForTest;
  bench: BenchServer;
  app: FerryApp;
  assertNoPageErrors(): void;
  close(): Promise<void>;
}

export async function openFerry(browser: Browser, options: Omit<ServeForTestOptions, 'bench'> = {}): Promise<FerryUnderTest> {
  const ferry = await startServeForTest({ ...options, bench: true });
  let app: FerryApp;
  try {
    app = await FerryApp.open(browser, ferry.url);
  } catch (error) {
    await ferry.close();
    throw error;
  }
  return {
    ferry,
    bench: ferry.bench as BenchServer,
    app,
    assertNoPageErrors() {
      if (app.pageErrors.length > 0) throw new Error(`errors in the page:\n${app.pageErrors.join('\n')}`);
    },
    async close() {
      await app.close();
      await ferry.close();
    },
  };
}

export const BENCH_SERVICE = 'ferry.testing.v1.Bench';

/** `openFerry`, closed when the current test finishes, already connected to the bench by reflection. */
export async function openConnectedFerry(browser: Browser, options: Omit<ServeForTestOptions, 'bench'> = {}): Promise<FerryUnderTest> {
  const t = await openFerry(browser, options);
  onTestFinished(() => t.close());
  await t.app.connectByReflection(t.bench.target, BENCH_SERVICE);
  return t;
}
