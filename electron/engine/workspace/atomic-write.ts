import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail } from '../../../shared/errors';

/** Temp files are `.<name>.<random>.ferry-tmp` beside the target: loaders and watchers skip them. */
export const TEMP_SUFFIX = '.ferry-tmp';

export function isTempFile(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

/**
 * Replaces `path` with `data` so that a reader, or the file after a crash or power loss, shows the old
 * content or the new one, never a mix or a truncation:
 * write a temp file in the same directory (rename is atomic only within one file system), fsync it (the
 * data is on disk before the name points at it), rename over the target, then fsync the directory (the
 * rename itself is durable). See "Ensuring data reaches disk", https://lwn.net/Articles/457667/.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (reason) {
    await fs.rm(temp, { force: true });
    const code = (reason as NodeJS.ErrnoException).code ?? String(reason);
    return fail('IO_ERROR', `cannot write ${path}: ${code}`, { file: path });
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
