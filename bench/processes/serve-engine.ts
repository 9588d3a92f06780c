/**
 * `ferry serve` as users run it (createEngine behind the WebSocket transport), in a process of its own so the
 * benchmark can measure its memory. Prints `{"port": N, "token": "…"}`; then answers each `rss` line on stdin
 * with `{"rss": bytes now (after a GC), "peak": peak bytes so far}`; exits when stdin closes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEngine } from '../../electron/engine';
import { startServe } from '../../electron/serve';

async function main(): Promise<void> {
  const engine = createEngine();
  const server = await startServe({ api: engine, staticDir: mkdtempSync(join(tmpdir(), 'ferry-bench-ui-')) });
  process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ rss, peak: process.resourceUsage().maxRSS * 1024, heapTotal, heapUsed, external, arrayBuffers })}\n`);
  });
  lines.on('close', () => {
    void server.close().then(() => {
      engine.dispose();
      process.exit(0);
    });
  });
}

void main();
