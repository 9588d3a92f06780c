import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { trace } from '../diagnostics/trace';
import { isTempFile } from './atomic-write';

export interface WorkspaceChange {
  /** Absolute paths that were created, changed or removed, sorted; reload them (or the whole workspace). */
  paths: string[];
}

export interface WatchOptions {
  /** Quiet time before reporting: a `git pull` touching 50 files is one change. Default 150 ms. */
  debounceMs: number;
  /** Use fs.watch's recursive mode. Default: on macOS and Windows, where it is native. */
  recursive: boolean;
}

function defaults(options: Partial<WatchOptions>): WatchOptions {
  return { debounceMs: options.debounceMs ?? 150, recursive: options.recursive ?? (process.platform === 'darwin' || process.platform === 'win32') };
}

/** Paths whose changes nobody needs to hear about: our own temp files, hidden files and folders (.git). */
function ignored(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules' || isTempFile(part));
}

/**
 * Reports external changes to a workspace (an editor, a `git pull`), debounced. On Linux, fs.watch's
 * recursive mode is emulated in JS by Node and missed events in some 20.x releases, so there we watch
 * each folder ourselves and add watchers as folders appear. Returns the disposer.
 */
export function watchWorkspace(dir: string, onChange: (change: WorkspaceChange) => void, options: Partial<WatchOptions> = {}): () => void {
  const { debounceMs, recursive } = defaults(options);
  const root = resolve(dir);
  const watchers = new Map<string, FSWatcher>();
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

  function watchDirectory(path: string): void {
    if (closed || watchers.has(path)) return;
    try {
      const watcher = watch(path, { recursive }, (_event, name) => {
        if (name === null) return report(path);
        const changed = join(path, name.toString());
        if (ignored(changed.slice(root.length + 1))) return;
        report(changed);
        if (!recursive) watchTree(changed);
      });
      // A watched folder that is deleted errors on some platforms; forget it, its parent reports the removal.
      watcher.on('error', () => unwatch(path));
      watchers.set(path, watcher);
    } catch {
      // Gone between listing and watching: its parent's watcher has reported it.
    }
  }

  function unwatch(path: string): void {
    watchers.get(path)?.close();
    watchers.delete(path);
  }

  function watchTree(path: string): void {
    const kind = kindOf(path);
    if (kind === 'missing') {
      unwatch(path);
      for (const watched of [...watchers.keys()]) if (watched.startsWith(path + sep)) unwatch(watched);
      return;
    }
    if (kind !== 'directory') return;
    watchDirectory(path);
    for (const entry of safeReaddir(path)) {
      if (entry.isDirectory() && !ignored(entry.name)) watchTree(join(path, entry.name));
    }
  }

  if (recursive) watchDirectory(root);
  else watchTree(root);

  return () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

function kindOf(path: string): 'directory' | 'file' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

function safeReaddir(path: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
}
