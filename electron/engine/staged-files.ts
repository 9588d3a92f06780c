/**
 * Files a browser user picked (`<input type=file>` gives a page bytes, never a path) copied where the engine
 * can read them by path: one new folder per pick under this process's spill folder, which is removed when the
 * process exits. The desktop app never needs this: its dialogs give real paths.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { StagedFile } from '../../shared/api';
import { fail } from '../../shared/errors';
import { spillFolder } from './sessions';

/** Together, per pick: a descriptor set of a large API fits, a mistaken pick of a video does not. */
export const MAX_STAGED_BYTES = 64 * 1024 * 1024;

/** `name` as a path inside the pick's folder; `..`, absolute paths and empty parts are refused. */
function safeRelativePath(name: string): string {
  const parts = name.replace(/\\/g, '/').split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..') || name.includes('\0')) {
    fail('BAD_INPUT', `"${name}" is not a file name Ferry can stage`, { file: name, expected: 'a file name, or a relative path without . or .. parts' });
  }
  return normalize(parts.join(sep));
}

export function createStagedFiles(root: () => string = spillFolder) {
  return {
    async stage(files: readonly StagedFile[]): Promise<string[]> {
      if (files.length === 0) fail('BAD_INPUT', 'no files to stage');
      const names = files.map((file) => safeRelativePath(file.name));
      if (new Set(names).size !== names.length) fail('BAD_INPUT', 'two picked files have the same name', { expected: 'distinct names' });
      const contents = files.map((file) => Buffer.from(file.contentBase64, 'base64'));
      const total = contents.reduce((sum, bytes) => sum + bytes.byteLength, 0);
      if (total > MAX_STAGED_BYTES) fail('BAD_INPUT', `the picked files hold ${total} bytes, more than the ${MAX_STAGED_BYTES} Ferry stages at once`, { expected: `at most ${MAX_STAGED_BYTES} bytes` });
      const folder = join(root(), 'picked', randomUUID());
      const paths = names.map((name) => join(folder, name));
      for (const [i, path] of paths.entries()) {
        await fs.mkdir(dirname(path), { recursive: true });
        await fs.writeFile(path, contents[i]!);
      }
      return paths;
    },
  };
}
