/**
 * A long server stream (1,000,000 × 100 B by default; BENCH_LONG sets the count) from the bench server in a
 * child process, measured where users meet it. Every figure is the median of 3 runs; each measured side runs in
 * a process of its own so its memory is its own.
 * - CLI: `ferry call --format ndjson > /dev/null`: peak RSS against the same command for a tenth of the stream
 *   (target ≤ 1.15×), and wall time against a bundled raw grpc-js script printing the same NDJSON (≤ 1.1×).
 * - `ferry serve` (createEngine behind the WebSocket transport) with a client in another process counting
 *   events: peak RSS (≤ 300 MB), RSS after the session is released against the idle baseline after one short
 *   call (≤ 1.15×), the peak of a second 1M call against the first (≤ 1×; each call's own peak, the kernel's
 *   high-water mark reset before it), throughput against a raw grpc-js client counting the same stream
 *   (≥ 0.8×), and the time to read message 1 and the last message back (≤ 100 ms each).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';
import { median, ratio } from './bench-kit';
import { startServerProcess } from './bench-server-process';

const COUNT = Number(process.env.BENCH_LONG ?? 1_000_000);
const PAYLOAD = 90; // + message and index fields: about 100 B on the wire
const RUNS = 3;
const HERE = __dirname;
const FERRY = join(HERE, '..', '..', 'bin', 'ferry.js');
const MB = 1024 * 1024;
/** How long the server sits idle after a release for its memory to settle. */
const IDLE_MS = 30_000;

interface Run {
  ms: number;
  stdout: string;
}

function run(args: string[], options: { discardStdout?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const start = performance.now();
  const stdout = options.discardStdout ? openSync('/dev/null', 'w') : 'pipe';
  const child = spawn(process.execPath, args, { stdio: ['ignore', stdout, 'inherit'], env: { ...process.env, ...options.env } });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - start, stdout: text }) : reject(new Error(`${args.join(' ')} exited with ${code}`)))),
  );
}

async function cliCall(target: string, count: number): Promise<{ ms: number; peak: number }> {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'ferry-bench-rss-')), 'rss');
  const body = JSON.stringify({ message: 'm', count, payloadSize: PAYLOAD });
  const args = ['-r', join(HERE, 'report-rss.cjs'), FERRY, 'call', '--plaintext', '--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT,
    target, 'ferry.testing.v1.Bench/ServerStream', '-d', body, '--format', 'ndjson'];
  const { ms } = await run(args, { discardStdout: true, env: { FERRY_BENCH_RSS_FILE: rssFile } });
  return { ms, peak: Number(readFileSync(rssFile, 'utf8')) };
}

interface ServeFigures {
  baseline: number;
  /** V8 heap in use (after a full GC): what the engine's own objects take, without the allocators' slack. */
  heapBaseline: number;
  heapReleased: number;
  peak1: number;
  /** Right after the release (after a full GC). */
  released: number;
  /** Once the idle server stops giving memory back (V8 shrinks its heap only after a quiet spell). */
  idle: number;
  /** The second call's own peak when `peakReset`, else the process's peak over both calls. */
  peak2: number;
  peakReset: boolean;
  rate: number;
  firstMs: number;
  lastMs: number;
}

async function serveRun(target: string): Promise<ServeFigures> {
  const child = spawn(process.execPath, ['--expose-gc', join(HERE, 'serve-engine.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async <T>() => JSON.parse((await lines.next()).value as string) as T;
  const { port, token } = await nextLine<{ port: number; token: string }>();
  const command = <T>(line: string) => (child.stdin!.write(`${line}\n`), nextLine<T>());
  const rss = () => command<{ rss: number; peak: number; heapUsed: number }>('rss');
  // V8's memory reducer shrinks the heap only after several quiet seconds, so a first flat reading is no sign
  // of having settled: the server sits idle for the whole window and its lowest reading counts.
  const settled = async () => {
    let lowest = (await rss()).rss;
    for (let waited = 0; waited < IDLE_MS; waited += 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      lowest = Math.min(lowest, (await rss()).rss);
    }
    return lowest;
  };
  const count = async (messages = COUNT) => {
    const { stdout } = await run([join(HERE, 'ws-counter.cjs'), String(port), token, target, String(messages), String(PAYLOAD), BENCH_PROTO_ROOT, BENCH_PROTO_FILE]);
    const figures = JSON.parse(stdout) as { received: number; skipped: number; ms: number; firstMs: number; lastMs: number; lastIndex: number };
    if (figures.received + figures.skipped !== messages || figures.lastIndex !== messages - 1) throw new Error(`the serve client saw ${JSON.stringify(figures)}`);
    return figures;
  };
  // The baseline is the server ready and idle after one short call (code loaded, JIT warm, channel open).
  await count(1_000);
  const before = await rss();
  const baseline = before.rss;
  await command('reset-peak');
  const first = await count();
  const afterFirst = await rss();
  const idle = await settled();
  // Each call's own peak: without the resets, the process's peak over two calls could only stay or grow.
  const { reset } = await command<{ reset: boolean }>('reset-peak');
  await count();
  const afterSecond = await rss();
  child.stdin!.end();
  return { baseline, heapBaseline: before.heapUsed, heapReleased: afterFirst.heapUsed, peak1: afterFirst.peak, released: afterFirst.rss, idle, peak2: afterSecond.peak, peakReset: reset, rate: COUNT / (first.ms / 1000), firstMs: first.firstMs, lastMs: first.lastMs };
}

async function rawRate(target: string): Promise<number> {
  const { stdout } = await run([join(HERE, 'raw-count.cjs'), target, String(COUNT), String(PAYLOAD)]);
  const { received, ms } = JSON.parse(stdout) as { received: number; ms: number };
  if (received !== COUNT) throw new Error(`raw client received ${received} of ${COUNT}`);
  return COUNT / (ms / 1000);
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const m = { small: [] as number[], large: [] as number[], cliMs: [] as number[], rawMs: [] as number[], serve: [] as ServeFigures[], raw: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    m.small.push((await cliCall(server.target, COUNT / 10)).peak);
    const large = await cliCall(server.target, COUNT);
    m.large.push(large.peak);
    m.cliMs.push(large.ms);
    m.rawMs.push((await run([join(HERE, 'raw-ndjson.cjs'), server.target, String(COUNT), String(PAYLOAD)], { discardStdout: true })).ms);
    m.serve.push(await serveRun(server.target));
    m.raw.push(await rawRate(server.target));
  }
  const serve = (key: Exclude<keyof ServeFigures, 'peakReset'>) => median(m.serve.map((figures) => figures[key]));
  const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
  console.log(`long server stream: ${COUNT.toLocaleString('en')} × ~100 B from a server in a child process, median of ${RUNS} runs`);
  console.log(`CLI ferry call --format ndjson > /dev/null`);
  console.log(`  peak RSS ${mb(median(m.large))} vs ${mb(median(m.small))} for ${(COUNT / 10).toLocaleString('en')} messages: ${ratio(median(m.large), median(m.small))}  (target ≤ 1.15×)`);
  console.log(`  wall ${(median(m.cliMs) / 1000).toFixed(2)} s vs raw grpc-js NDJSON script ${(median(m.rawMs) / 1000).toFixed(2)} s: ${ratio(median(m.cliMs), median(m.rawMs))}  (target ≤ 1.1×)`);
  console.log(`ferry serve (engine + WebSocket) with a client counting events`);
  console.log(`  peak RSS ${mb(serve('peak1'))}  (target ≤ 300 MB)`);
  console.log(`  RSS after release ${mb(serve('released'))}, once idle ${mb(serve('idle'))}, vs baseline ${mb(serve('baseline'))}: ${ratio(serve('released'), serve('baseline'))} at once, ${ratio(serve('idle'), serve('baseline'))} idle  (target ≤ 1.15×)`);
  console.log(`  V8 heap in use after release ${mb(serve('heapReleased'))} vs baseline ${mb(serve('heapBaseline'))}: ${ratio(serve('heapReleased'), serve('heapBaseline'))}`);
  const ownPeaks = m.serve.every((figures) => figures.peakReset);
  const second = ownPeaks ? 'peak of a second 1M call vs the first' : 'peak over two 1M calls vs over the first (peak not resettable here)';
  console.log(`  ${second}: ${mb(serve('peak2'))} vs ${mb(serve('peak1'))}, ${ratio(serve('peak2'), serve('peak1'))}  (target ≤ 1×)`);
  console.log(`  throughput ${Math.round(serve('rate'))} msg/s vs raw grpc-js ${Math.round(median(m.raw))} msg/s: ${ratio(serve('rate'), median(m.raw))}  (target ≥ 0.8×)`);
  console.log(`  read message 1: ${serve('firstMs').toFixed(1)} ms, message ${(COUNT - 1).toLocaleString('en')}: ${serve('lastMs').toFixed(1)} ms  (target ≤ 100 ms each)`);
  await server.close();
}

void main().catch((reason: unknown) => {
  console.error(reason);
  process.exit(1);
});
