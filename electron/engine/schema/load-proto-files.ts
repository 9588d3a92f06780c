import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import protobuf from 'protobufjs';
import { fail } from '../../../shared/errors';
import { trace } from '../diagnostics/trace';
import { PARSE_OPTIONS, addBuiltins, isBuiltinFile } from './base-root';
import { failParse, failResolve } from './proto-errors';
import { SchemaRegistry } from './schema-registry';

export interface ProtoFilesSource {
  /** .proto files: absolute, relative to the working directory, or relative to an import path. */
  files: readonly string[];
  /** Where imports are looked up (protoc's -I). When empty, roots are inferred (see `candidateRoots`). */
  importPaths: readonly string[];
}

interface LoadState {
  root: protobuf.Root;
  importPaths: string[];
  /** Absolute paths already parsed, so a file reached twice (as input and as import) is parsed once. */
  seen: Set<string>;
}

/** protobufjs reads the current file name from this static to stamp reflection objects and errors. */
const parser = protobuf.parse as typeof protobuf.parse & { filename: string | null };


/**
 * Without -I, the import root is inferred, because a wrong root is the most common support question.
 * Each `import "a/b/c.proto"` line of a file is looked up under these roots, first hit wins:
 * 1. the directory that holds the file's package path (`/x/protos/acme/v1/a.proto` with `package acme.v1`
 *    → `/x/protos`), when the file really sits under it: protoc's own convention, so unambiguous;
 * 2. then the file's own directory and each of its ancestors, nearest first (covers packages that do not
 *    match their folders, and imports relative to the file).
 * Imported files infer their own roots the same way, so a tree mixing conventions still loads.
 */
export function candidateRoots(file: string, packageName: string | undefined): string[] {
  const roots: string[] = [];
  const dir = dirname(file);
  if (packageName) {
    const suffix = packageName.split('.').join(sep);
    if (dir.endsWith(sep + suffix)) roots.push(dir.slice(0, dir.length - suffix.length - 1));
  }
  for (let current = dir; ; current = dirname(current)) {
    roots.push(current);
    if (dirname(current) === current) break;
  }
  return [...new Set(roots)];
}

function readProto(path: string, importedBy?: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (reason) {
    const code = (reason as NodeJS.ErrnoException).code ?? String(reason);
    return fail('IO_ERROR', `cannot read ${path}${importedBy ? ` (imported by ${importedBy})` : ''}: ${code}`, { file: path });
  }
}

function findImport(state: LoadState, name: string, importer: string, importerPackage: string | undefined): string {
  const roots = state.importPaths.length > 0 ? state.importPaths : candidateRoots(importer, importerPackage);
  for (const root of roots) {
    const candidate = resolve(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return fail('SCHEMA_ERROR', `import "${name}" not found (imported by ${importer}); searched: ${roots.join(', ')}`, {
    file: importer,
    searched: roots,
    hint: state.importPaths.length > 0 ? 'add the directory that holds it with -I' : 'pass the import root with -I',
  });
}

function parseFile(state: LoadState, path: string): void {
  if (state.seen.has(path)) return;
  state.seen.add(path);
  const text = readProto(path);
  let parsed: protobuf.IParserResult;
  try {
    parser.filename = path;
    parsed = protobuf.parse(text, state.root, PARSE_OPTIONS);
  } catch (reason) {
    return failParse(path, text, reason);
  }
  trace('schema', () => `parsed ${path}`);
  for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    // Built in: a user's own copy on the import path is not read, so the two cannot clash.
    if (isBuiltinFile(name)) continue;
    parseFile(state, findImport(state, name, path, parsed.package));
  }
}

/** The path of an input file: as given (absolute or from the working directory), else under an import path. */
function locateInput(file: string, importPaths: readonly string[]): string {
  if (isAbsolute(file) || existsSync(file)) return resolve(file);
  for (const root of importPaths) {
    if (existsSync(join(root, file))) return resolve(root, file);
  }
  return fail('IO_ERROR', `cannot find ${file}${importPaths.length > 0 ? ` (searched the working directory and ${importPaths.join(', ')})` : ''}`, {
    file,
    searched: ['.', ...importPaths],
  });
}

/** Parses .proto files and their imports into one registry (well-known types built in). */
export async function loadProtoFiles(source: ProtoFilesSource): Promise<SchemaRegistry> {
  if (source.files.length === 0) fail('BAD_INPUT', 'no .proto files given');
  const importPaths = source.importPaths.map((p) => resolve(p));
  const missing = importPaths.find((p) => !existsSync(p));
  if (missing) fail('IO_ERROR', `import path ${missing} does not exist`, { file: missing });
  const state: LoadState = { root: new protobuf.Root(), importPaths, seen: new Set() };
  try {
    for (const file of source.files) parseFile(state, locateInput(file, importPaths));
  } finally {
    parser.filename = null;
  }
  addBuiltins(state.root);
  try {
    state.root.resolveAll();
  } catch (reason) {
    failResolve(reason, (name) => state.root.lookup(name)?.filename ?? undefined);
  }
  return new SchemaRegistry(state.root);
}
