/**
 * `ferry bench` as a user runs it (the whole CLI process, Echo by .proto files) against a raw grpc-js load
 * generator making the same calls at the same concurrency over one channel (processes/raw-load.ts), the
 * server in a child process, alternating runs. Both count calls a second from the first call's start to the
 * last call's end. No target in an issue: the ratio says how much of raw grpc-js's rate a load test through
 * Ferry's engine reaches on this machine. Run `npm run build:cli` first (npm run bench:load does).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median, ratio } from './bench-kit';
import { checkoutRoot } from './bench-paths';
import { startServerProcess } from './bench-server-process';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function run(argv: string[]): string {
  return execFileSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

async function main(): Promise<void> {
  const root = checkoutRoot();
  const server = await startServerProcess();
  const protoRoot = join(root, 'electron', 'engine', 'testing', 'protos');
  const ferry = [join(root, 'bin', 'ferry.js'), 'bench', '--plaintext', server.target, '--proto', join(protoRoot, 'ferry', 'testing', 'v1', 'bench.proto'), '-I', protoRoot];
  const ferryArgs = [...ferry, 'ferry.testing.v1.Bench/Echo', '-d', '{"message": "hi"}', '-n', String(CALLS), '-c', String(CONCURRENCY), '--format', 'json', '--no-cache'];
  const rawArgs = [join(__dirname, 'raw-load.cjs'), server.target, String(CALLS), String(CONCURRENCY)];
  const rates = { ferry: [] as number[], raw: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const raw = JSON.parse(run(rawArgs)) as { calls: number; ms: number };
      rates.raw.push((raw.calls * 1000) / raw.ms);
      const bench = JSON.parse(run(ferryArgs)) as { calls: number; callsPerSecond: number; failed: number };
      if (bench.failed > 0 || bench.calls !== CALLS) throw new Error(`ferry bench: ${bench.failed} of ${bench.calls} calls failed`);
      rates.ferry.push(bench.callsPerSecond);
      console.log(`  round ${round + 1}: ferry bench ${bench.callsPerSecond.toFixed(0)} calls/s, raw grpc-js ${rates.raw[round]!.toFixed(0)} calls/s`);
    }
  } finally {
    await server.close();
  }
  console.log(`Load test, ${CALLS} unary Echo calls, ${CONCURRENCY} in flight, one channel; median of ${ROUNDS} alternating rounds, server in a child process`);
  console.log(`  ferry bench (whole process)  ${median(rates.ferry).toFixed(0)} calls/s`);
  console.log(`  raw grpc-js                  ${median(rates.raw).toFixed(0)} calls/s`);
  console.log(`  ratio ferry bench / raw grpc-js: ${ratio(median(rates.ferry), median(rates.raw))}  (no target)`);
}

void main().catch((reason) => {
  console.error(reason);
  process.exit(1);
});
