import { existsSync, promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { attempt, fail, type Result } from '../../../shared/errors';
import { ENVIRONMENT_FILE_SUFFIX, REQUEST_FILE_SUFFIX, WORKSPACE_MANIFEST_FILE } from '../../../shared/model';
import { isTempFile } from './atomic-write';

/**
 * Exports a collection (or a whole workspace) as a plain folder copy holding only Ferry's own files:
 * requests, environments and the manifest, never stray local files. Secrets cannot leak this way: they are
 * never in workspace files. Refuses to merge into an existing folder. Returns the number of files copied.
 */
export async function exportCollection(sourceDir: string, destinationDir: string): Promise<Result<number>> {
  return attempt(async () => {
    if (!existsSync(sourceDir)) fail('IO_ERROR', `${sourceDir} does not exist`, { file: sourceDir });
    if (existsSync(destinationDir) && (await fs.readdir(destinationDir)).length > 0) {
      fail('IO_ERROR', `${destinationDir} is not empty; export into a new folder`, { file: destinationDir });
    }
    let copied = 0;
    await fs.cp(sourceDir, destinationDir, {
      recursive: true,
      errorOnExist: true,
      force: false,
      filter: async (source) => {
        const name = basename(source);
        if (source === sourceDir) return true;
        if (name.startsWith('.') || name === 'node_modules' || isTempFile(name)) return false;
        if ((await fs.stat(source)).isDirectory()) return true;
        const keep = name.endsWith(REQUEST_FILE_SUFFIX) || name.endsWith(ENVIRONMENT_FILE_SUFFIX) || name === WORKSPACE_MANIFEST_FILE;
        if (keep) copied++;
        return keep;
      },
    });
    await fs.mkdir(join(destinationDir), { recursive: true });
    return copied;
  });
}
