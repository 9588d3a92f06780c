// Runs a benchmark script from bench/ with TypeScript stripped by esbuild, so no extra runner is needed.
// The helper processes in bench/processes/ (the child-process gRPC server, raw grpc-js clients) are bundled
// beside it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-bench.mjs bench/<name>.ts [args...]');
  process.exit(2);
}
const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' };
const helpers = readdirSync('bench/processes').filter((name) => name.endsWith('.ts'));
await Promise.all([
  build({ ...options, entryPoints: [entry], outfile: `build/bench/${basename(entry, '.ts')}.cjs` }),
  ...helpers.map((name) => build({ ...options, entryPoints: [`bench/processes/${name}`], outfile: `build/bench/${basename(name, '.ts')}.cjs` })),
]);
const result = spawnSync(process.execPath, ['--expose-gc', `build/bench/${basename(entry, '.ts')}.cjs`, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
