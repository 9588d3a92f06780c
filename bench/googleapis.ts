/**
 * Schema loading at googleapis scale: `ferry list` over the .proto files of the npm package google-proto-files
 * (installed by bench/setup-googleapis.mjs) against Debian's `protoc --include_imports -o` on the same files,
 * in the same run. Rows: the whole tree (7,208 files) and google/cloud/aiplatform/v1 (124 files + imports),
 * each parsed afresh (--no-cache), with the schema cache cold (the first load writes it) and warm (the same
 * load again); `--protoset` on the descriptor set protoc wrote for the whole tree; and, with no target, a
 * `ferry describe` from the warm cache, which builds the message and what it refers to from the entry
 * (a list reads only its service line). Every figure is the
 * median wall time of RUNS fresh processes (default 3). Targets: fresh ≤ 1.0× protoc, warm cache ≤ 0.2×,
 * protoset ≤ 0.5×. The cache lives in a temporary data folder (XDG_DATA_HOME), never the user's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkoutRoot } from './bench-paths';
import { timeCommands, timingTool, type TimedCommand } from './process-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(checkoutRoot(), 'build', 'bench-data', 'googleapis', 'node_modules', 'google-proto-files');

function protoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return name.endsWith('.proto') ? [relative(root, path)] : [];
  });
}

interface Row {
  name: string;
  ferry: TimedCommand;
  /** None for a row the issue does not set a target for. */
  target?: number;
}

/** A message both schemas hold, described from the warm cache: what a call or describe builds from an entry. */
const DESCRIBED = 'google.cloud.aiplatform.v1.Endpoint';

function measure(label: string, files: string[], work: string, data: string): void {
  const ferry = [process.execPath, join(checkoutRoot(), 'bin', 'ferry.js'), 'list', '-I', root, ...files.flatMap((file) => ['--proto', file])];
  const emptyCache = ['rm', '-rf', join(data, 'ferry', 'schema-cache')];
  const protoset = join(work, `${label.replace(/[^a-z0-9]+/gi, "-")}.pb`);
  const rows: Row[] = [
    { name: `${label}, parsed afresh (--no-cache)`, ferry: { name: `${label} ferry --no-cache`, argv: [...ferry, '--no-cache'] }, target: 1.0 },
    { name: `${label}, first load (cache cold, written)`, ferry: { name: `${label} ferry cold cache`, argv: ferry, prepare: emptyCache }, target: 1.0 },
    { name: `${label}, the same load again (cache warm)`, ferry: { name: `${label} ferry warm cache`, argv: ferry }, target: 0.2 },
    { name: `${label}, --protoset of protoc's output (--no-cache)`, ferry: { name: `${label} ferry --protoset`, argv: [...ferry.slice(0, 3), '--protoset', protoset, '--no-cache'] }, target: 0.5 },
    // What a call or describe pays with the cache warm: a list reads only the entry's service line.
    { name: `${label}, describe ${DESCRIBED.split('.').pop()} (cache warm)`, ferry: { name: `${label} ferry describe`, argv: [...ferry.slice(0, 2), 'describe', ...ferry.slice(3), DESCRIBED] } },
  ];
  const protoc: TimedCommand = { name: `${label} protoc`, argv: ['protoc', '-I', root, '--include_imports', '-o', protoset, ...files] };
  // The descriptor set --protoset reads is protoc's own output, written once before the timed runs.
  if (spawnSync(protoc.argv[0]!, protoc.argv.slice(1), { stdio: 'ignore' }).status !== 0) throw new Error(`protoc failed on ${label}`);
  const times = timeCommands([protoc, ...rows.map((row) => row.ferry)], { runs: RUNS, warmup: 0, cwd: root, env: { ...process.env, XDG_DATA_HOME: data } });
  const base = times.get(protoc.name)!;
  console.log(`${label}: ${files.length} files; protoc -o ${base.toFixed(2)} s`);
  for (const row of rows) {
    const seconds = times.get(row.ferry.name)!;
    const target = row.target === undefined ? 'no target' : `target ≤ ${row.target.toFixed(1)}×`;
    console.log(`  ${row.name.padEnd(66)} ${seconds.toFixed(2).padStart(6)} s  ${(seconds / base).toFixed(2)}× protoc  (${target})`);
  }
}

function main(): void {
  const all = protoFiles(root).filter((file) => !file.startsWith('google/protobuf/')).sort();
  const aiplatform = all.filter((file) => /^google\/cloud\/aiplatform\/v1\/[^/]+\.proto$/.test(file));
  const work = mkdtempSync(join(tmpdir(), 'ferry-googleapis-'));
  try {
    console.log(`ferry list --proto vs protoc, median of ${RUNS} runs each (${timingTool()}); google/protobuf/* left to each tool's own copy`);
    measure('google/cloud/aiplatform/v1', aiplatform, work, join(work, 'data-aiplatform'));
    measure('all of googleapis', all, work, join(work, 'data-all'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
