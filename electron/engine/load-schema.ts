import type { MetadataEntry, SchemaSource } from '../../shared/model';
import { fail } from '../../shared/errors';
import type { ChannelPool, ConnectionOptions } from './channels';
import { toGrpcMetadata } from './calls';
import { openWebReflectionStream, type WebClient } from './protocols';
import { discoverByReflection } from './reflection';
import { loadDescriptorSets, loadProtoFiles, type SchemaCache, type SchemaRegistry } from './schema';

export interface LoadSchemaOptions {
  source: SchemaSource;
  /** Needed for reflection only. */
  target?: string;
  connection?: ConnectionOptions;
  /** Sent with reflection requests (servers behind auth proxies need them). */
  metadata?: readonly MetadataEntry[];
  pool?: ChannelPool;
  /** Reflection over a web protocol instead of gRPC (the connection's protocol is not gRPC). */
  web?: WebClient;
  deadlineMs?: number;
  /** Where .proto and descriptor set loads are cached (see schema/schema-cache.ts); none: always parse. */
  cache?: SchemaCache;
}

/** One entry point for the three schema sources, shared by the CLI, `ferry serve` and the desktop app. */
export async function loadSchema(options: LoadSchemaOptions): Promise<SchemaRegistry> {
  const { source } = options;
  const cache = options.cache ? { cache: options.cache } : {};
  if (source.kind === 'proto-files') return loadProtoFiles({ files: source.files, importPaths: source.importPaths }, cache);
  if (source.kind === 'descriptor-set') return loadDescriptorSets(source.files, cache);
  const deadlineMs = options.deadlineMs ?? 15_000;
  const symbols = source.symbols ? { symbols: source.symbols } : {};
  const { web } = options;
  if (web) return discoverByReflection({ openStream: (version, deadline) => openWebReflectionStream(web, version, options.metadata ?? [], deadline), deadlineMs, ...symbols });
  if (!options.target || !options.pool || !options.connection) {
    return fail('BAD_INPUT', 'server reflection needs a target; or load .proto files (--proto) or a descriptor set (--protoset)');
  }
  const client = options.pool.acquire(options.target, options.connection);
  return discoverByReflection({ client, metadata: toGrpcMetadata(options.metadata ?? []), deadlineMs, ...symbols });
}
