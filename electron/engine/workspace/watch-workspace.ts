import type { FSWatcher } from 'chokidar';
import { relative, resolve } from 'node:path';
import { trace } from '../diagnostics/trace';
import { isTempFile } from './atomic-write';

export interface WorkspaceChange {
  /** Absolute paths that were created, changed or removed, sorted; reload them (or the whole workspace). */
  paths: string[];
}

export interface WatchOptions {
  /** Quiet time before reporting: a `git pull` touching 50 files is one change. Default 150 ms. */
  debounceMs: number;
}

export interface WorkspaceWatcher {
  /** Resolves once the folder is watched: any change made after that is reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Paths whose changes nobody needs to hear about: our own temp files, hidden files and folders (.git). */
function ignored(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules' || isTempFile(part));
}

/**
 * Reports external changes to a workspace (an editor, a `git pull`), debounced. chokidar does the watching:
 * Node 20's recursive fs.watch on Linux is emulated in JavaScript with one watcher and a synchronous stat per
 * file and event; chokidar watches folders, stats asynchronously and picks up folders as they appear.
 */
export function watchWorkspace(dir: string, onChange: (change: WorkspaceChange) => void, options: Partial<WatchOptions> = {}): WorkspaceWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const root = resolve(dir);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function report(path: string): void {
    if (closed) return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...pending].sort();
      pending.clear();
      trace('workspace', () => `changed: ${paths.join(', ')}`);
      onChange({ paths });
    }, debounceMs);
  }

  // Loaded on first use: the CLI's commands load the workspace code for variables, and chokidar was ~2% of a
  // `ferry call`'s start-up.
  const started = import('chokidar').then(({ watch }): FSWatcher | undefined => {
    if (closed) return undefined;
    const watcher = watch(root, {
      ignoreInitial: true,
      ignored: (path) => path !== root && ignored(relative(root, path)),
    });
    watcher.on('all', (_event, path) => report(resolve(root, path)));
    // A folder removed while being read, or one we may not read: the rest of the workspace is still watched.
    watcher.on('error', (error) => trace('workspace', () => `watch error: ${String(error)}`));
    return watcher;
  });
  const ready = started.then((watcher) => watcher && new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady())));

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await (await started)?.close();
    },
  };
}
