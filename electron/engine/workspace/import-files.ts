/**
 * Writing what an import made (BloomRPC, Insomnia) into a workspace folder, for `ferry import` and the
 * app: file names from display names, never two the same, and nothing overwritten: when one name is
 * taken, nothing is written.
 */
import { existsSync, promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { ImportSummary } from '../../../shared/api';
import { fail } from '../../../shared/errors';
import { ENVIRONMENT_FILE_SUFFIX, ENVIRONMENTS_DIR, REQUEST_FILE_SUFFIX, WORKSPACE_FORMAT_VERSION, WORKSPACE_MANIFEST_FILE, type EnvironmentFile, type RequestFile } from '../../../shared/model';
import { writeFileAtomic } from './atomic-write';
import { serializeEnvironmentFile } from './formats/environment-file';
import { serializeManifestFile } from './formats/manifest-file';
import { serializeRequestFile } from './formats/request-file';
import type { BloomRpcImport } from './import-bloomrpc';
import { INSOMNIA_PROTO_DIR, type InsomniaImport } from './import-insomnia';

/** A file name from a display name: `Greeter SayHello` → `greeter-sayhello`. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'request';
}

/** The files an import writes, by absolute path, in the order they are listed. */
export class ImportFiles {
  readonly files = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(readonly into: string) {}

  private unique(dir: string, base: string, suffix: string): string {
    let path = join(dir, `${base}${suffix}`);
    for (let n = 2; this.taken.has(path); n++) path = join(dir, `${base}-${n}${suffix}`);
    this.taken.add(path);
    return path;
  }

  request(folders: readonly string[], file: RequestFile): void {
    this.files.set(this.unique(join(this.into, ...folders.map(slug)), slug(file.name), REQUEST_FILE_SUFFIX), serializeRequestFile(file));
  }

  environment(name: string, file: EnvironmentFile): void {
    this.files.set(this.unique(join(this.into, ENVIRONMENTS_DIR), slug(name), ENVIRONMENT_FILE_SUFFIX), serializeEnvironmentFile(file));
  }

  /** A file named by the import (an export's .proto file): refused when its name would lead out of the folder. */
  other(relativePath: string, text: string): void {
    const path = join(this.into, ...relativePath.split(/[/\\]/));
    const inside = relative(this.into, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) fail('BAD_INPUT', `nothing was written: the import names a file "${relativePath}" that would be written outside ${this.into}`);
    this.files.set(path, text);
  }

  /**
   * Writes every file (with a ferry.workspace.json when the folder has none) and answers their paths,
   * relative to the folder; refuses, writing nothing, when one of them exists.
   */
  async write(): Promise<string[]> {
    const manifest = join(this.into, WORKSPACE_MANIFEST_FILE);
    if (!existsSync(manifest)) this.files.set(manifest, serializeManifestFile({ formatVersion: WORKSPACE_FORMAT_VERSION, name: basename(this.into) }));
    const clashes = [...this.files.keys()].filter((path) => path !== manifest && existsSync(path));
    if (clashes.length > 0) {
      fail('BAD_INPUT', `nothing was written: ${clashes.map((path) => relative(this.into, path)).join(', ')} already exist${clashes.length === 1 ? 's' : ''} in ${this.into}`, { file: clashes[0]! });
    }
    for (const [path, text] of this.files) {
      await fs.mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, text);
    }
    return [...this.files.keys()].map((path) => relative(this.into, path));
  }
}

/** An Insomnia import's files: requests under `insomnia/<collection>/<folders>`, environments, .proto files under protos/. */
export function insomniaImportFiles(imported: InsomniaImport, into: string): ImportFiles {
  const files = new ImportFiles(into);
  for (const { folders, file } of imported.requests) files.request(['insomnia', imported.name, ...folders], file);
  for (const { name, file } of imported.environments) files.environment(name, file);
  for (const proto of imported.protoFiles) files.other(`${INSOMNIA_PROTO_DIR}/${proto.path}`, proto.text);
  return files;
}

/** A BloomRPC import's files: each tab under `bloomrpc/`, each environment under environments/. */
export function bloomRpcImportFiles(imported: BloomRpcImport, into: string): ImportFiles {
  const files = new ImportFiles(into);
  for (const request of imported.requests) files.request(['bloomrpc'], request);
  for (const { name, file } of imported.environments) files.environment(name, file);
  return files;
}

/** Writes an import's files and says what it wrote (`ferry import` prints it, the app shows it). */
export async function writeImport(imported: { requests: readonly unknown[]; environments: readonly unknown[]; warnings: readonly string[] }, files: ImportFiles): Promise<ImportSummary> {
  return { files: await files.write(), requests: imported.requests.length, environments: imported.environments.length, warnings: [...imported.warnings] };
}
