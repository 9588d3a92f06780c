/**
 * Whole-process timings for the benches that compare Ferry's CLI with other programs: `hyperfine` when it
 * is installed (apt-get install hyperfine), else a small harness. Either way the commands take turns, one
 * run each per round, and each gets the median wall time of its runs: on a shared machine whose speed comes
 * and goes, all of one command's runs and then all of the other's put them in different weather.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './bench-kit';

export interface TimedCommand {
  name: string;
  argv: string[];
  /** Runs before each timed run, untimed (hyperfine --prepare), e.g. to empty a cache. */
  prepare?: string[];
}

export interface TimingOptions {
  runs: number;
  warmup: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const hasHyperfine = (): boolean => spawnSync('hyperfine', ['--version']).status === 0;
const quote = (argv: string[]): string => argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** Median wall-clock seconds per command name. */
export function timeCommands(commands: TimedCommand[], options: TimingOptions): Map<string, number> {
  return hasHyperfine() ? withHyperfine(commands, options) : withHarness(commands, options);
}

export function timingTool(): string {
  return hasHyperfine() ? 'hyperfine' : 'a node timing harness (install hyperfine for less noise)';
}

function withHyperfine(commands: TimedCommand[], options: TimingOptions): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  try {
    const json = join(dir, 'times.json');
    // Long argument lists (a googleapis tree) go through a script file: hyperfine runs it with -N.
    const scripts = commands.map((command, i) => scriptFor(dir, `c${i}`, command.argv));
    const prepares = commands.map((command, i) => (command.prepare ? scriptFor(dir, `p${i}`, command.prepare) : undefined));
    const samples = new Map(commands.map((c) => [c.name, [] as number[]]));
    // One hyperfine run per round (the warm-up runs in the first), so the commands take turns.
    for (let round = 0; round < options.runs; round++) {
      const args = ['-N', '--style', 'none', '-w', String(round === 0 ? options.warmup : 0), '-r', '1', '--export-json', json];
      commands.forEach((command, i) => args.push(...(prepares[i] ? ['--prepare', `sh ${prepares[i]}`] : ['--prepare', 'true']), '-n', command.name, `sh ${scripts[i]}`));
      const result = spawnSync('hyperfine', args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'inherit'] });
      if (result.status !== 0) throw new Error(`hyperfine failed (${result.status})`);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ command: string; times: number[] }> };
      for (const r of report.results) samples.get(r.command)!.push(...r.times);
    }
    return new Map([...samples].map(([name, times]) => [name, median(times)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scriptFor(dir: string, name: string, argv: string[]): string {
  const path = join(dir, `${name}.sh`);
  writeFileSync(path, `exec ${quote(argv)} >/dev/null\n`);
  return path;
}

function withHarness(commands: TimedCommand[], options: TimingOptions): Map<string, number> {
  const samples = new Map(commands.map((c) => [c.name, [] as number[]]));
  for (let run = 0; run < options.warmup + options.runs; run++) {
    for (const command of commands) {
      if (command.prepare) spawnSync(command.prepare[0]!, command.prepare.slice(1), { cwd: options.cwd, env: options.env ?? process.env });
      const start = performance.now();
      const result = spawnSync(command.argv[0]!, command.argv.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: 'ignore' });
      const seconds = (performance.now() - start) / 1000;
      if (result.status !== 0) throw new Error(`${command.name} exited with ${result.status}`);
      if (run >= options.warmup) samples.get(command.name)!.push(seconds);
    }
  }
  return new Map([...samples].map(([name, times]) => [name, median(times)]));
}
