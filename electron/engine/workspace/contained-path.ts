import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fail } from '../../../shared/errors';

function isWithin(root: string, path: string): boolean {
  const inside = relative(root, path);
  return !inside.startsWith('..') && !isAbsolute(inside);
}

/** The longest leading part of `path` that exists (the path itself, or the folder a save will create it in). */
async function deepestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    const exists = await fs.lstat(current).then(
      () => true,
      () => false,
    );
    if (exists || dirname(current) === current) return current;
  }
}

async function realPath(path: string, shown: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (reason) {
    // A dangling symbolic link: where it points cannot be checked, so nothing goes through it.
    return fail('BAD_INPUT', `${shown} cannot be resolved (${(reason as NodeJS.ErrnoException).code ?? String(reason)})`, { file: shown });
  }
}

/**
 * `path` (relative to `root`, or absolute) as an absolute path inside the workspace folder, on disk and not
 * only by name: a symbolic link to a folder or file elsewhere, anywhere along the way, is refused, so a save,
 * rename or delete through the workspace commands cannot touch anything outside it.
 */
export async function containedPath(root: string, path: string): Promise<string> {
  const absolute = resolve(root, path);
  if (absolute === resolve(root) || !isWithin(resolve(root), absolute)) {
    fail('BAD_INPUT', `${path} is outside the workspace ${root}`, { file: path, expected: 'a path inside the workspace folder' });
  }
  const realRoot = await realPath(root, root);
  const real = await realPath(await deepestExisting(absolute), path);
  if (!isWithin(realRoot, real)) {
    fail('BAD_INPUT', `${path} leads outside the workspace ${root} through a symbolic link (to ${real})`, {
      file: path,
      expected: 'a path inside the workspace folder',
    });
  }
  return absolute;
}
