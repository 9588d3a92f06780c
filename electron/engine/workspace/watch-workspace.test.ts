import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';
import { watchWorkspace, type WorkspaceChange } from './watch-workspace';
import { tempDir } from './workspace-test-kit';

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
  };
}

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

describe.each([false, true])('watchWorkspace (recursive: %s)', (recursive) => {
  it('reports external edits, new folders and deletions, debounced, and skips temp and hidden files', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'api', 'a.ferry.json'), '{}');
    const seen = recorder();
    disposers.push(watchWorkspace(root, seen.onChange, { debounceMs: 50, recursive }));

    // An atomic save from another process: only the final name is reported, not the temp file.
    await writeFileAtomic(join(root, 'api', 'a.ferry.json'), '{"v": 2}');
    await seen.until(join(root, 'api', 'a.ferry.json'));

    // `git pull` adds a folder with a file in it.
    mkdirSync(join(root, 'billing'));
    await new Promise((r) => setTimeout(r, 30)); // the new folder's watcher is added when its creation is seen
    writeFileSync(join(root, 'billing', 'b.ferry.json'), '{}');
    await seen.until(join(root, 'billing', 'b.ferry.json'));

    rmSync(join(root, 'api', 'a.ferry.json'));
    await seen.until(join(root, 'api', 'a.ferry.json'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'x');
    await new Promise((r) => setTimeout(r, 150));

    const all = seen.changes.flatMap((c) => c.paths);
    expect(all.some((p) => p.endsWith('.ferry-tmp'))).toBe(false);
    expect(all.some((p) => p.includes(`${root}/.git`))).toBe(false);
  });

  it('stops reporting once disposed', async () => {
    const root = tempDir();
    const seen = recorder();
    const dispose = watchWorkspace(root, seen.onChange, { debounceMs: 20, recursive });
    dispose();
    writeFileSync(join(root, 'x.ferry.json'), '{}');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.changes).toEqual([]);
  });
});
