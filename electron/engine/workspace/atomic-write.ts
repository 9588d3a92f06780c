import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ioReason } from '../../../shared/errors';

/** Temp files are `.<name>.<random>.ferry-tmp` beside the target: loaders and watchers skip them. */
export const TEMP_SUFFIX = '.ferry-tmp';

export function isTempFile(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

// Exactly what writeFileAtomic names its temp files, so nothing else ending in .ferry-tmp is touched.
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.ferry-tmp$/;

/** Older than this, a temp file is a leftover of a crash, not a save in progress in another window. */
const LEFTOVER_AGE_MS = 60_000;

/**
 * Deletes temp files a crash left behind in `root` and its folders (hidden folders and node_modules
 * aside, symbolic links not followed). Returns the paths removed; one that cannot be removed stays.
 */
export async function removeTempLeftovers(root: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') pending.push(path);
      if (!entry.isFile() || !TEMP_NAME.test(entry.name)) continue;
      const stat = await fs.stat(path).catch(() => undefined);
      if (!stat || now - stat.mtimeMs < LEFTOVER_AGE_MS) continue;
      if (await fs.rm(path).then(() => true, () => false)) removed.push(path);
    }
  }
  return removed;
}

/**
 * Replaces `path` with `data` so that a reader, or the file after a crash or power loss, shows the old
 * content or the new one, never a mix or a truncation:
 * write a temp file in the same directory (rename is atomic only within one file system), fsync it (the
 * data is on disk before the name points at it), rename over the target, then fsync the directory (the
 * rename itself is durable). See "Ensuring data reaches disk", https://lwn.net/Articles/457667/.
 * A file that exists keeps its permissions (a 0600 file of secrets stays 0600); a new one gets 0644 less
 * the umask.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const existingMode = await fs.stat(path).then((stat) => stat.mode & 0o7777, () => undefined);
    // Created with the old mode (never wider, even for a moment), then set exactly: the umask only narrows.
    const handle = await fs.open(temp, 'wx', existingMode ?? 0o644);
    try {
      if (existingMode !== undefined) await handle.chmod(existingMode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (reason) {
    await fs.rm(temp, { force: true });
    return fail('IO_ERROR', `cannot write ${path}: ${ioReason(reason)}`, { file: path });
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync (EISDIR/EPERM); NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
