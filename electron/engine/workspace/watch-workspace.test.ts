import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';
import { watchWorkspace, type WorkspaceChange, type WorkspaceWatcher } from './watch-workspace';
import { tempDir } from '../../../tests/kit/temp-dir';


/** Collects changes and resolves when one mentions `path`. */
function recorder() {
  const changes: WorkspaceChange[] = [];
  const waiting: Array<{ path: string; resolve: () => void }> = [];
  return {
    changes,
    onChange(change: WorkspaceChange) {
      changes.push(change);
      for (const w of waiting) if (change.paths.includes(w.path)) w.resolve();
    },
    until(path: string): Promise<void> {
      if (changes.some((c) => c.paths.includes(path))) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ path, resolve }));
    },
    all: () => changes.flatMap((c) => c.paths),
  };
}

const watchers: WorkspaceWatcher[] = [];
afterEach(() => Promise.all(watchers.splice(0).map((watcher) => watcher.close())));

async function watched(root: string, onChange: (change: WorkspaceChange) => void, debounceMs = 50): Promise<WorkspaceWatcher> {
  const watcher = watchWorkspace(root, onChange, { debounceMs });
  watchers.push(watcher);
  await watcher.ready;
  return watcher;
}

describe('watchWorkspace', () => {
  it('reports external edits, new folders with their files, and deletions', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'api', 'a.ferry.json'), '{}');
    const seen = recorder();
    await watched(root, seen.onChange);

    // An atomic save from another process: only the final name is reported, not the temp file.
    await writeFileAtomic(join(root, 'api', 'a.ferry.json'), '{"v": 2}');
    await seen.until(join(root, 'api', 'a.ferry.json'));

    // `git pull` adds a folder with a file in it, at once.
    mkdirSync(join(root, 'billing'));
    writeFileSync(join(root, 'billing', 'b.ferry.json'), '{}');
    await seen.until(join(root, 'billing', 'b.ferry.json'));

    rmSync(join(root, 'api', 'a.ferry.json'));
    await seen.until(join(root, 'api', 'a.ferry.json'));
    expect(seen.all().some((p) => p.endsWith('.ferry-tmp'))).toBe(false);
  });

  it('skips hidden folders and node_modules', async () => {
    const root = tempDir();
    const seen = recorder();
    await watched(root, seen.onChange);
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'x');
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', 'x.json'), '{}');
    // Written last: once it is reported, the earlier writes have been seen (or skipped) too.
    writeFileSync(join(root, 'last.ferry.json'), '{}');
    await seen.until(join(root, 'last.ferry.json'));
    expect(seen.all().filter((p) => p.includes('.git') || p.includes('node_modules'))).toEqual([]);
  });

  it('debounces a burst into one change', async () => {
    const root = tempDir();
    const seen = recorder();
    await watched(root, seen.onChange, 300);
    for (let i = 0; i < 5; i++) writeFileSync(join(root, `r${i}.ferry.json`), '{}');
    await seen.until(join(root, 'r4.ferry.json'));
    expect(seen.changes[0]?.paths).toEqual([0, 1, 2, 3, 4].map((i) => join(root, `r${i}.ferry.json`)));
  });

  it('stops reporting once closed', async () => {
    const root = tempDir();
    const closed = recorder();
    const control = recorder();
    const watcher = await watched(root, closed.onChange, 20);
    await watched(root, control.onChange, 20);
    await watcher.close();
    writeFileSync(join(root, 'x.ferry.json'), '{}');
    // The other watcher of the same folder has reported the write: a live watcher would have too.
    await control.until(join(root, 'x.ferry.json'));
    expect(closed.changes).toEqual([]);
  });
});
