import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import protobuf from 'protobufjs';
import { fail, ioReason } from '../../../shared/errors';
import { trace } from '../diagnostics/trace';
import { PARSE_OPTIONS, addBuiltins, addDescriptorTypes, isBuiltinFile } from './base-root';
import { registryToCacheChunks } from './cached-schema';
import { splitLoad } from './split-load';
import { registryFromCacheEntry, registryFromEntryPieces } from './cached-root';
import { prepareForLargeSchema } from './descriptor-extension';
import { failAtPlace, failParse, failResolve } from './proto-errors';
import { importAt } from './proto-text-places';
import { failFieldNumber, watchFieldNumbers, type FieldNumberWatch } from './field-number-check';
import { expandProtoFolders } from './proto-folders';
import { emptyReads, readRecorded, type CacheReads } from './cache-reads';
import type { SchemaCache } from './schema-cache';
import { SchemaRegistry } from './schema-registry';

export interface ProtoFilesSource {
  /**
   * .proto files: absolute, relative to the working directory, or relative to an import path. A folder stands
   * for every .proto file in it and below it (see proto-folders.ts).
   */
  files: readonly string[];
  /** Where imports are looked up (protoc's -I). When empty, roots are inferred (see `candidateRoots`). */
  importPaths: readonly string[];
}

interface LoadState {
  root: protobuf.Root;
  importPaths: string[];
  /** Absolute paths already parsed, so a file reached twice (as input and as import) is parsed once. */
  seen: Set<string>;
  /** What the result depends on, for the schema cache. */
  reads: CacheReads;
  /**
   * Imports found, by what decides where (the importer's folder and package, unless -I is given, and the
   * name): googleapis imports the same few files thousands of times, and probing for them was 2.5% of its load.
   */
  found: Map<string, string>;
  /** Field numbers protoc would refuse, noted while this load parses (see field-number-check.ts). */
  numbers: FieldNumberWatch;
}

export interface LoadOptions {
  /** Where loads are cached; none: always parse. */
  cache?: SchemaCache;
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

function readProto(reads: CacheReads, path: string, importedBy?: string): string {
  try {
    return readRecorded(reads, path).toString('utf8');
  } catch (reason) {
    return fail('IO_ERROR', `cannot read ${path}${importedBy ? ` (imported by ${importedBy})` : ''}: ${ioReason(reason)}`, { file: path });
  }
}

/** A parsed file's text read again for an error's place; undefined if it is gone since. */
function textAgain(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file being parsed, as the importer of what it imports. */
interface Importer {
  path: string;
  text: string;
  package: string | undefined;
}

function findImport(state: LoadState, name: string, importer: Importer): string {
  const key = state.importPaths.length > 0 ? name : `${dirname(importer.path)}\0${importer.package ?? ''}\0${name}`;
  let path = state.found.get(key);
  if (path === undefined) {
    path = probeImport(state, name, importer);
    state.found.set(key, path);
  }
  return path;
}

function probeImport(state: LoadState, name: string, importer: Importer): string {
  const roots = state.importPaths.length > 0 ? state.importPaths : candidateRoots(importer.path, importer.package);
  for (const root of roots) {
    const candidate = resolve(root, name);
    if (existsSync(candidate)) return candidate;
    state.reads.probes.add(candidate);
  }
  const at = importAt(importer.text, name);
  return failAtPlace(
    { file: importer.path, message: `import "${name}" not found; searched: ${roots.join(', ')}`, ...(at && { position: at }) },
    { searched: roots, hint: state.importPaths.length > 0 ? 'add the directory that holds it with -I' : 'pass the import root with -I' },
  );
}

/**
 * protobufjs reads an enum-valued option (`[(google.api.field_behavior) = REQUIRED]`) by trying it as a number
 * and catching the Error that throws; capturing those stacks was 8% of a googleapis load. Its errors are
 * reported by message only (see proto-errors.ts), so no stack is lost.
 */
function parseWithoutStacks(text: string, root: protobuf.Root): protobuf.IParserResult {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return protobuf.parse(text, root, PARSE_OPTIONS);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A parse that reaches this many files is a large schema (see `prepareForLargeSchema`). */
const LARGE_PARSE_FILES = 100;

function parseFile(state: LoadState, path: string): void {
  if (state.seen.has(path)) return;
  state.seen.add(path);
  if (state.seen.size === LARGE_PARSE_FILES) prepareForLargeSchema(`a parse of ${LARGE_PARSE_FILES} files`);
  const text = readProto(state.reads, path);
  let parsed: protobuf.IParserResult;
  try {
    parser.filename = path;
    parsed = parseWithoutStacks(text, state.root);
  } catch (reason) {
    return failParse(path, text, reason, state.root);
  }
  const wrongNumber = state.numbers.wrong();
  if (wrongNumber) failFieldNumber(wrongNumber, path, text);
  trace('schema', () => `parsed ${path}`);
  for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    // Built in: a user's own copy on the import path is not read, so the two cannot clash.
    if (isBuiltinFile(name)) continue;
    parseFile(state, findImport(state, name, { path, text, package: parsed.package }));
  }
}

/** The path of an input file: as given (absolute or from the working directory), else under an import path. */
function locateInput(reads: CacheReads, file: string, importPaths: readonly string[]): string {
  if (isAbsolute(file) || existsSync(file)) return resolve(file);
  reads.probes.add(resolve(file));
  for (const root of importPaths) {
    if (existsSync(join(root, file))) return resolve(root, file);
    reads.probes.add(resolve(root, file));
  }
  return fail('IO_ERROR', `cannot find ${file}${importPaths.length > 0 ? ` (searched the working directory and ${importPaths.join(', ')})` : ''}`, {
    file,
    searched: ['.', ...importPaths],
  });
}

export const isDescriptorProto = (path: string): boolean => path.endsWith(`${sep}google${sep}protobuf${sep}descriptor.proto`);

/** The input files' paths, a user's own descriptor.proto first (see `parseInputs`). */
function locateInputs(files: readonly string[], importPaths: readonly string[], reads: CacheReads): string[] {
  const inputs = files.map((file) => locateInput(reads, file, importPaths));
  return [...inputs.filter(isDescriptorProto), ...inputs.filter((file) => !isDescriptorProto(file))];
}

/** A load's files parsed into a root, and the paths of every file parsed. */
export interface ParsedInputs {
  registry: SchemaRegistry;
  parsed: Set<string>;
}

/**
 * Parses located input files and their imports into one resolved root (well-known types built in).
 * descriptor.proto's types are in the root before the first user file, so each `extend
 * google.protobuf.*Options` resolves as it is read: left pending, protobufjs retries every pending extension
 * on each type added (64% of the CPU of a googleapis load). A user's own descriptor.proto among the inputs
 * is kept instead, parsed first for the same effect. `onParsed` is called once every file is parsed, before
 * the root is resolved.
 */
export function parseInputs(inputs: readonly string[], importPaths: string[], reads: CacheReads, onParsed?: () => void): ParsedInputs {
  const state: LoadState = { root: new protobuf.Root(), importPaths, seen: new Set(), reads, found: new Map(), numbers: watchFieldNumbers() };
  try {
    if (!inputs.some(isDescriptorProto)) addDescriptorTypes(state.root);
    for (const file of inputs) parseFile(state, file);
  } finally {
    parser.filename = null;
    state.numbers.stop();
  }
  onParsed?.();
  addBuiltins(state.root);
  try {
    state.root.resolveAll();
  } catch (reason) {
    failResolve(reason, state.root, textAgain);
  }
  return { registry: new SchemaRegistry(state.root), parsed: state.seen };
}

/**
 * Parses .proto files and their imports into one registry (well-known types built in), or takes it from
 * the cache when every file it read is unchanged. A large load that will be stored is split over threads
 * when the host gave some (`useParseThreads`, see split-load.ts).
 */
export async function loadProtoFiles(source: ProtoFilesSource, options: LoadOptions = {}): Promise<SchemaRegistry> {
  const since = Date.now();
  if (source.files.length === 0) fail('BAD_INPUT', 'no .proto files given');
  const importPaths = source.importPaths.map((p) => resolve(p));
  const missing = importPaths.find((p) => !existsSync(p));
  if (missing) fail('IO_ERROR', `import path ${missing} does not exist`, { file: missing });
  // Folders are listed before the cache is asked, so a file added to one is a new request, not a stale hit.
  const files = expandProtoFolders(source.files, { importPaths });
  const readFrom = (registry: SchemaRegistry, read: () => readonly string[]): SchemaRegistry => {
    registry.readFrom = { since, inputs: files, inputsNow: () => inputsAgain(source.files, importPaths), files: read };
    return registry;
  };
  const request = { kind: 'proto-files', files, importPaths, cwd: process.cwd() };
  const { cache } = options;
  const cached = cache?.lookup(request);
  const hit = cached === undefined ? undefined : registryFromCacheEntry(cached);
  if (hit) {
    // Read from the entry when first asked (a CLI run never asks): the entry was just used, so the cache's
    // least-recently-used eviction reaches it last.
    let read: readonly string[] | undefined;
    return readFrom(hit, () => (read ??= cache?.filesRead(request) ?? []));
  }
  const reads = emptyReads(cache !== undefined);
  const inputs = locateInputs(files, importPaths, reads);
  const split = cache === undefined ? undefined : await splitLoad(inputs, importPaths, reads);
  if (split) {
    cache?.store(request, split.reads, split.pieces);
    const read = [...split.reads.files.keys()]; // not the reads themselves: their hashes need not outlive the store
    return readFrom(registryFromEntryPieces(split.services, split.pieces), () => read);
  }
  const { registry, parsed } = parseInputs(inputs, importPaths, reads);
  cache?.store(request, reads, registryToCacheChunks(registry));
  return readFrom(registry, () => [...parsed]);
}

/** Input files listed again: a folder now empty or gone stands as itself, and so counts as changed. */
function inputsAgain(given: readonly string[], importPaths: readonly string[]): readonly string[] {
  try {
    return expandProtoFolders(given, { importPaths });
  } catch {
    return given;
  }
}
