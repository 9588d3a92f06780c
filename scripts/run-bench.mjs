// Runs a benchmark script from bench/ with TypeScript stripped by esbuild, so no extra runner is needed.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-bench.mjs bench/<name>.ts [args...]');
  process.exit(2);
}
const outfile = `build/bench/${basename(entry, '.ts')}.cjs`;
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
