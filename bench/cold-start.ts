/**
 * CLI cold start: `ferry call` of grpc.testing.TestService/EmptyCall found by server reflection, as a whole
 * process, against a bundled raw grpc-js script that knows the method in advance (static codec, no
 * reflection), same child-process server, same run. Also `ferry --version` against `node -e 0` (Node's own
 * start-up). Target: ferry call ≤ 1.2× the raw script. Run `npm run build:cli` first (npm run bench:cold-start does).
 */
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ratio } from './bench-kit';
import { checkoutRoot } from './bench-paths';
import { timeCommands, timingTool } from './process-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function startServer(): Promise<{ target: string; close(): void }> {
  const child = spawn(process.execPath, [join(__dirname, 'empty-call-server.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { target: `127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, close: () => child.stdin!.end() };
}

async function main(): Promise<void> {
  const root = checkoutRoot();
  const raw = join(root, 'build', 'bench', 'raw-empty-call.cjs');
  await build({ entryPoints: [join(root, 'bench', 'cold-start', 'raw-empty-call.ts')], outfile: raw, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const server = await startServer();
  const ferry = [process.execPath, join(root, 'bin', 'ferry.js')];
  try {
    const times = timeCommands([
      { name: 'ferry call', argv: [...ferry, 'call', '--plaintext', server.target, 'grpc.testing.TestService/EmptyCall'] },
      { name: 'raw grpc-js', argv: [process.execPath, raw, server.target] },
      { name: 'ferry --version', argv: [...ferry, '--version'] },
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ], { runs: RUNS, warmup: 3, cwd: root });
    const ms = (name: string) => `${(times.get(name)! * 1000).toFixed(1)} ms`;
    console.log(`CLI cold start, median of ${RUNS} runs each (${timingTool()}), server in a child process`);
    for (const name of times.keys()) console.log(`  ${name.padEnd(16)} ${ms(name)}`);
    console.log(`  ratio ferry call / raw grpc-js script: ${ratio(times.get('ferry call')!, times.get('raw grpc-js')!)}  (target ≤ 1.2×)`);
    console.log(`  ratio ferry --version / node -e 0:     ${ratio(times.get('ferry --version')!, times.get('node -e 0')!)}  (no target: Node's own start-up is the floor)`);
  } finally {
    server.close();
  }
}

void main();
