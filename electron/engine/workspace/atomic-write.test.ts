import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTempFile, writeFileAtomic } from './atomic-write';
import { tempDir } from '../../../tests/kit/temp-dir';

const SIZE = 24 * 1024 * 1024;
/** Each version is one repeated letter: any mix or truncation is visible from its length and letters. */
const version = (letter: string) => letter.repeat(SIZE);

// The child runs the real writer, bundled from TypeScript the way scripts/run-bench.mjs does it. Its
// contents are Buffers made before it reports "started": with strings, Node converts the whole text before
// opening the file and a plain fs.writeFile is rarely caught mid-write; with Buffers and these delays a
// plain writeFile leaves a torn file almost every time (checked when this test was written).
const CHILD_SOURCE = `
import { writeFileAtomic } from './atomic-write';
const [path] = process.argv.slice(2);
(async () => {
  const contents = ['b', 'c'].map((letter) => Buffer.alloc(${SIZE}, letter));
  process.stdout.write('started\\n');
  for (let i = 0; ; i++) await writeFileAtomic(path, contents[i % 2]);
})();
`;

let childScript: string;

beforeAll(async () => {
  childScript = join(tempDir('ferry-atomic-child-'), 'writer.cjs');
  await build({ stdin: { contents: CHILD_SOURCE, resolveDir: __dirname, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: childScript, logLevel: 'warning' });
});

/** Starts the writer loop and SIGKILLs it `delayMs` after it reports that it started writing. */
function killMidWrite(path: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.ferry.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.ferry.json']);
  });

  it.each([['0600', 0o600], ['0640', 0o640], ['0664', 0o664]])('keeps the mode of the file it replaces (%s)', async (_shown, mode) => {
    const path = join(tempDir(), 'secret.json');
    writeFileSync(path, 'old');
    chmodSync(path, mode);
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(mode);
  });

  it('creates a new file readable by others (0644 less the umask)', async () => {
    const path = join(tempDir(), 'new.json');
    await writeFileAtomic(path, 'x');
    expect(statSync(path).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('fails with IO_ERROR naming the file when the folder is missing', async () => {
    await expect(writeFileAtomic(join(tempDir(), 'missing', 'x.json'), 'x')).rejects.toMatchObject({ error: { code: 'IO_ERROR' } });
  });

  it('leaves the old or the new complete content when the writer is killed mid-write', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.ferry.json');
    await writeFileAtomic(path, version('a'));
    const seen = new Set<string>();
    for (const delayMs of [0, 1, 2, 4, 6, 8, 10, 15, 20, 30, 60, 250, 600, 1200]) {
      await killMidWrite(path, delayMs);
      const text = readFileSync(path, 'latin1');
      expect(text.length).toBe(SIZE);
      const letter = text[0]!;
      expect(['a', 'b', 'c']).toContain(letter);
      expect(text === version(letter)).toBe(true);
      seen.add(letter);
    }
    // The kills landed at different points: the writer got through at least one full replacement.
    expect(seen.size).toBeGreaterThan(1);
    // A killed writer may leave its temp file; it is named so loaders and watchers skip it.
    for (const name of readdirSync(dir)) expect(name === 'big.ferry.json' || isTempFile(name)).toBe(true);
  }, 60_000);
});
