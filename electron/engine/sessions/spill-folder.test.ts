import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The child records a session that spills, with the real store, bundled from TypeScript as the benchmarks
// are. It prints its spill folder once the files exist, then waits to be ended: a line on stdin makes it exit.
const CHILD_SOURCE = `
import { createSessionStore } from './session-store';
import { createSpillSpace } from './spill-space';
import { spillFolder } from './spill-folder';
const store = createSessionStore({ memoryEvents: 4096, memoryBodyBytes: 1024, segmentBytes: 1 << 20, space: createSpillSpace(1 << 30) }, () => undefined);
for (let i = 0; i < 10000; i++) {
  const index = store.addBody('received', Buffer.alloc(100, 1));
  store.append({ type: 'call.message-received', seq: i + 1, timeMs: i, index, size: 100 });
}
process.stdout.write(spillFolder() + '\\n');
process.stdin.once('data', () => process.exit(0));
`;

let dir: string;
let childScript: string;
let spillRoot: string;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-spill-child-'));
  childScript = join(dir, 'spiller.cjs');
  spillRoot = join(dir, 'tmp');
  mkdirSync(spillRoot);
  await build({ stdin: { contents: CHILD_SOURCE, resolveDir: __dirname, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: childScript, logLevel: 'warning' });
});

/** Runs the child until it has spilled; `end` then ends it (default: asks it to exit). Resolves with its folder and how it exited. */
function runChild(end: (child: ReturnType<typeof spawn>) => void = (child) => child.stdin!.write('exit\n')) {
  return new Promise<{ folder: string; hadFiles: boolean; code: number | null; signal: string | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, FERRY_SPILL_DIR: spillRoot } });
    let folder = '';
    let hadFiles = false;
    child.stdout!.once('data', (data: Buffer) => {
      folder = data.toString().trim();
      hadFiles = existsSync(folder) && readdirSync(folder).length > 0;
      end(child);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ folder, hadFiles, code, signal }));
  });
}

describe('spill folder', () => {
  it('is removed when the process exits', async () => {
    const run = await runChild();
    expect(run.hadFiles).toBe(true);
    expect(run.code).toBe(0);
    expect(existsSync(run.folder)).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`is removed when the process is ended with ${signal}, which still ends it as the signal would`, async () => {
      const run = await runChild((child) => child.kill(signal));
      expect(run.hadFiles).toBe(true);
      expect(run.signal).toBe(signal);
      expect(existsSync(run.folder)).toBe(false);
    });
  }

  it('of a process that died without cleaning up is removed by the next one', async () => {
    const killed = await runChild((child) => child.kill('SIGKILL'));
    expect(existsSync(killed.folder)).toBe(true);
    const other = join(spillRoot, 'not-ours');
    writeFileSync(other, 'x');
    const next = await runChild();
    expect(existsSync(killed.folder)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(next.code).toBe(0);
  });
});
