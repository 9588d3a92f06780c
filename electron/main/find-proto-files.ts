import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that hold dependencies or VCS data, not the user's schema. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface FindProtoFilesOptions {
  /** Stop after this many files, so a mistaken pick of `/` does not walk the whole disk. */
  limit: number;
}

/**
 * Every `.proto` file under `dir` (absolute paths, sorted), for "Open Folder…". Unreadable
 * subfolders are skipped; `truncated` says the limit was reached so the UI can say so.
 */
export async function findProtoFiles(dir: string, options: FindProtoFilesOptions = { limit: 20_000 }): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) pending.push(join(current, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.proto')) {
        if (files.length >= options.limit) return { files: files.sort(), truncated: true };
        files.push(join(current, entry.name));
      }
    }
  }
  return { files: files.sort(), truncated: false };
}
