import { existsSync, promises as fs, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ferryError, ioReason, toFerryError, type FerryError, type Result } from '../../../shared/errors';
import {
  ENVIRONMENT_FILE_SUFFIX,
  ENVIRONMENTS_DIR,
  REQUEST_FILE_SUFFIX,
  WORKSPACE_MANIFEST_FILE,
  type FileStamp,
  type WorkspaceEnvironment,
  type WorkspaceRequest,
  type WorkspaceSnapshot,
} from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { isTempFile } from './atomic-write';
import { readStampedFile } from './checked-save';
import { parseEnvironmentFile } from './formats/environment-file';
import { parseManifestFile } from './formats/manifest-file';
import { parseRequestFile } from './formats/request-file';
import { loadMockFiles } from './mock-files';
import { byCodeUnits } from '../../../shared/util';

/** Folders never searched for requests: version control, dependencies, hidden tool folders. */
function skipDirectory(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name === ENVIRONMENTS_DIR;
}

/** The nearest folder at or above `path` holding ferry.workspace.json; else the folder `path` is (or is in). */
export function findWorkspaceRoot(path: string): string {
  const start = resolve(path);
  const startDir = existsSync(start) && statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, WORKSPACE_MANIFEST_FILE))) return dir;
    if (dirname(dir) === dir) return startDir;
  }
}

/**
 * Loads every request and environment of a workspace. A file that cannot be read or parsed becomes an
 * entry in `errors` (naming the file, line and field) and everything else still loads, so one bad merge
 * does not hide a whole collection.
 */
export async function loadWorkspace(dir: string): Promise<WorkspaceSnapshot> {
  const root = resolve(dir);
  const errors: FerryError[] = [];
  const snapshot: WorkspaceSnapshot = { root, requests: [], environments: [], mocks: [], errors };
  const manifestPath = join(root, WORKSPACE_MANIFEST_FILE);
  if (existsSync(manifestPath)) {
    const manifest = await loadOne(manifestPath, parseManifestFile, errors);
    if (manifest) snapshot.manifest = manifest.value;
  }
  for (const path of await findFiles(root, REQUEST_FILE_SUFFIX, errors)) {
    const loaded = await loadOne(path, parseRequestFile, errors);
    if (loaded) snapshot.requests.push({ path, ...placeOf(root, path), file: loaded.value, stamp: loaded.stamp });
  }
  snapshot.requests.sort(compareRunOrder);
  snapshot.environments = await loadEnvironments(root, errors);
  snapshot.mocks = await loadMockFiles(root, errors);
  trace('workspace', () => `loaded ${root}: ${snapshot.requests.length} requests, ${snapshot.environments.length} environments, ${errors.length} errors`);
  return snapshot;
}

async function loadEnvironments(root: string, errors: FerryError[]): Promise<WorkspaceEnvironment[]> {
  const dir = join(root, ENVIRONMENTS_DIR);
  if (!existsSync(dir)) return [];
  const environments: WorkspaceEnvironment[] = [];
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort(byName)) {
    if (!entry.isFile() || !entry.name.endsWith(ENVIRONMENT_FILE_SUFFIX)) continue;
    const path = join(dir, entry.name);
    const loaded = await loadOne(path, parseEnvironmentFile, errors);
    if (loaded) environments.push({ name: entry.name.slice(0, -ENVIRONMENT_FILE_SUFFIX.length), path, file: loaded.value, stamp: loaded.stamp });
  }
  return environments;
}

async function loadOne<T>(path: string, parse: (text: string, path: string) => Result<T>, errors: FerryError[]): Promise<{ value: T; stamp: FileStamp } | undefined> {
  try {
    const { text, stamp } = await readStampedFile(path);
    const parsed = parse(text, path);
    if (parsed.ok) return { value: parsed.value, stamp };
    errors.push(parsed.error);
  } catch (reason) {
    errors.push(toFerryError(reason));
  }
  return undefined;
}

/** Files ending in `suffix` below `root`, skipping hidden folders, symlinks (no cycles) and temp files. */
async function findFiles(root: string, suffix: string, errors: FerryError[]): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (reason) {
      errors.push(ferryError('IO_ERROR', `cannot read folder ${dir}: ${ioReason(reason)}`, { file: dir }));
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !skipDirectory(entry.name)) pending.push(join(dir, entry.name));
      if (entry.isFile() && entry.name.endsWith(suffix) && !isTempFile(entry.name)) found.push(join(dir, entry.name));
    }
  }
  return found;
}

function placeOf(root: string, path: string): { relativePath: string; collection: string } {
  const relativePath = relative(root, path).split(sep).join('/');
  const slash = relativePath.lastIndexOf('/');
  return { relativePath, collection: slash === -1 ? '' : relativePath.slice(0, slash) };
}

/**
 * The order `ferry run` uses, stable across machines: by folder path, then the `order` field (files with
 * one first), then file name. Code-unit comparison, not locale-aware: CI and laptops must agree.
 */
export function compareRunOrder(a: WorkspaceRequest, b: WorkspaceRequest): number {
  if (a.collection !== b.collection) return byCodeUnits(a.collection, b.collection);
  const orderA = a.file.order ?? Number.POSITIVE_INFINITY;
  const orderB = b.file.order ?? Number.POSITIVE_INFINITY;
  if (orderA !== orderB) return orderA < orderB ? -1 : 1;
  return byCodeUnits(a.relativePath, b.relativePath);
}

function byName(a: { name: string }, b: { name: string }): number {
  return byCodeUnits(a.name, b.name);
}
