import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fail, ioReason } from '../../../shared/errors';

/**
 * Folders below a given one that hold no schema a user means to load: version control and editor state,
 * and installed packages, whose copies of the same files would clash with the user's own ("already defined").
 */
const SKIPPED_FOLDER = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A folder walk stops past this many folders: a home folder or `/` typed by mistake would otherwise be read
 * whole before anything is said. googleapis has ~1,100.
 */
const MAX_FOLDERS = 10_000;

/**
 * Every .proto file in `dir` and the folders below it, as paths relative to `dir`, sorted so a load reads
 * them in the same order on every machine. A linked folder is followed once (a link back up is not a loop).
 */
export function protoFilesUnder(dir: string, maxFolders = MAX_FOLDERS): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = (absolute: string, relative: string): void => {
    const real = realPath(absolute);
    if (visited.has(real)) return;
    visited.add(real);
    if (visited.size > maxFolders) {
      fail('BAD_INPUT', `stopped looking for .proto files in ${dir} after ${maxFolders.toLocaleString('en-US')} folders: name the folder that holds them`, {
        file: dir,
        expected: `a folder with at most ${maxFolders.toLocaleString('en-US')} folders below it`,
      });
    }
    for (const entry of listFolder(absolute)) {
      const path = join(absolute, entry.name);
      const inside = relative === '' ? entry.name : join(relative, entry.name);
      const kind = entry.isSymbolicLink() ? kindBehindLink(path) : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : undefined;
      if (kind === 'folder' && !SKIPPED_FOLDER(entry.name)) walk(path, inside);
      else if (kind === 'file' && entry.name.endsWith('.proto')) found.push(inside);
    }
  };
  walk(dir, '');
  return found.sort(byCodeUnits);
}

function listFolder(path: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (reason) {
    return fail('IO_ERROR', `cannot list the folder ${path}: ${ioReason(reason)}`, { file: path });
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch (reason) {
    return fail('IO_ERROR', `cannot list the folder ${path}: ${ioReason(reason)}`, { file: path });
  }
}

/** What a link points at; a dangling link is passed over, as a missing file would be by a walk. */
function kindBehindLink(path: string): 'folder' | 'file' | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Where relative paths are looked up: the base folder (the working directory, or a workspace's root) first. */
export interface FolderLookup {
  importPaths?: readonly string[];
  baseDir?: string;
}

/** The folder `file` names, looked up as an input file is (absolute, the base folder, then each import path); undefined when it names none. */
function folderAt(file: string, { importPaths = [], baseDir = process.cwd() }: FolderLookup): string | undefined {
  const candidates = isAbsolute(file) ? [file] : [resolve(baseDir, file), ...importPaths.map((root) => resolve(baseDir, root, file))];
  for (const candidate of candidates) {
    try {
      const stat = statSync(candidate);
      // The first that exists decides, as for a file: a file there is not looked past for a folder elsewhere.
      return stat.isDirectory() ? candidate : undefined;
    } catch {
      // not here: the next candidate
    }
  }
  return undefined;
}

/**
 * `files` with each folder among them replaced by the .proto files in and below it, each written as the folder
 * was plus its path inside it (so a relative folder gives relative files, found again the same way). A folder
 * with no .proto file is an error: a load of nothing from it would only fail later, naming no folder. A folder
 * whose own name ends in .proto is not looked into (reading it says it is a folder).
 */
export function expandProtoFolders(files: readonly string[], lookup: FolderLookup = {}): string[] {
  const out: string[] = [];
  for (const file of files) {
    // A name ending in .proto is taken for a file unlooked: a stat of each of googleapis's 7,200 inputs was
    // 30–55 ms, a tenth of a warm load.
    const folder = file.endsWith('.proto') ? undefined : folderAt(file, lookup);
    if (folder === undefined) {
      out.push(file);
      continue;
    }
    const inside = protoFilesUnder(folder);
    if (inside.length === 0) fail('BAD_INPUT', `no .proto files in the folder ${folder} or below it`, { file: folder, expected: 'a folder with .proto files' });
    for (const path of inside) out.push(join(file, path));
  }
  return out;
}
