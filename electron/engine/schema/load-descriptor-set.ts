import { resolve } from 'node:path';
import { fail, ioReason } from '../../../shared/errors';
import { cacheChunks } from './cached-schema';
import { registryFromCacheEntry } from './cached-root';
import { deferredRootOfFileDescriptors } from './descriptor-files';
import { decodeFileDescriptorSet, type FileDescriptor } from './descriptor-set-decode';
import { emptyReads, readRecorded, type CacheReads } from './cache-reads';
import type { LoadOptions } from './load-proto-files';
import { SchemaRegistry } from './schema-registry';

function readSet(path: string, reads: CacheReads): FileDescriptor[] {
  let bytes: Buffer;
  try {
    bytes = readRecorded(reads, path, resolve(path));
  } catch (reason) {
    return fail('IO_ERROR', `cannot read descriptor set ${path}: ${ioReason(reason)}`, { file: path });
  }
  let files: FileDescriptor[];
  try {
    files = decodeFileDescriptorSet(bytes);
  } catch (reason) {
    return fail('SCHEMA_ERROR', `${path} is not a descriptor set (protoc -o / buf build -o): ${decodeProblem(reason)}`, { file: path });
  }
  // An empty file decodes as a valid set of nothing: say so rather than show an empty schema.
  if (files.length === 0) fail('SCHEMA_ERROR', `${path} is an empty descriptor set: it describes no .proto files`, { file: path, expected: 'protoc -o or buf build -o output' });
  return files;
}

/** protobufjs's reader errors in words: where the bytes stop making sense. */
function decodeProblem(reason: unknown): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  const past = /^index out of range: (\d+) \+ (\d+) > (\d+)$/.exec(message);
  if (past) return `it ends early: at byte ${past[1]}, ${past[2]} more bytes are due, but the file has ${past[3]} (a file cut short?)`;
  const wire = /^invalid wire type (\d+) at offset (\d+)$/.exec(message);
  if (wire) return `byte ${wire[2]} is no protobuf field (wire type ${wire[1]})`;
  return message;
}

/**
 * Descriptor sets from `protoc -o` or `buf build -o`, with or without --include_imports. Checked and listed at
 * once, their types built on first use (see `deferredRootOfFileDescriptors`); the cache entry is written
 * then, so a `ferry list` that never builds them writes none.
 */
export async function loadDescriptorSets(paths: readonly string[], options: LoadOptions = {}): Promise<SchemaRegistry> {
  const since = Date.now();
  if (paths.length === 0) fail('BAD_INPUT', 'no descriptor set given');
  const request = { kind: 'descriptor-set', files: paths.map((path) => resolve(path)) };
  const registry = load(paths, request, options);
  registry.readFrom = { since, inputs: paths, inputsNow: () => paths, files: () => request.files };
  return registry;
}

/** From the cache, or read: the types built on first use, and stored then when there is a cache. */
function load(paths: readonly string[], request: { kind: string; files: string[] }, options: LoadOptions): SchemaRegistry {
  const cached = options.cache?.lookup(request);
  const hit = cached === undefined ? undefined : registryFromCacheEntry(cached);
  if (hit) return hit;
  const reads = emptyReads(options.cache !== undefined);
  const deferred = deferredRootOfFileDescriptors(paths.flatMap((path) => readSet(path, reads)));
  const { cache } = options;
  if (!cache) return new SchemaRegistry(deferred);
  return new SchemaRegistry({
    services: deferred.services,
    build() {
      const root = deferred.build();
      cache.store(request, reads, cacheChunks(root, deferred.services));
      return root;
    },
  });
}
