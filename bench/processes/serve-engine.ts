/**
 * `ferry serve` as users run it (createEngine behind the WebSocket transport), in a process of its own so the
 * benchmark can measure its memory. Prints `{"port": N, "token": "…"}`; then answers each `rss` line on stdin
 * with `{"rss": bytes now (after a GC), "peak": peak bytes since the start or the last reset}`, and each
 * `reset-peak` line with `{"reset": true}` once the kernel's high-water mark starts again from the RSS now
 * (`{"reset": false}` where it cannot, outside Linux); exits when stdin closes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEngine } from '../../electron/engine';
import { startServe } from '../../electron/serve';

/** Starts the process's peak RSS (VmHWM, ru_maxrss) again from its RSS now; Linux only (see proc(5), clear_refs). */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const engine = createEngine();
  const server = await startServe({ api: engine, staticDir: mkdtempSync(join(tmpdir(), 'ferry-bench-ui-')) });
  process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'reset-peak') return process.stdout.write(`${JSON.stringify({ reset: resetPeak() })}\n`);
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
