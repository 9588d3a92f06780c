import { fail } from '../../shared/errors';
import type { MetadataEntry, ProtocolChoice, SchemaSource, WireProtocol } from '../../shared/model';
import { createChannelPool, createWebClient, openSchemaCache, waitForReady, type ChannelPool, type ConnectionOptions, loadSchema, type SchemaCache, type SchemaRegistry, useConnectionAdvice, useParseThreads } from '../engine';
import { cliParseThreads } from './parse-threads';
import { defaultDataDir } from '../serve/data-dir';
import { CLI_CONNECTION_ADVICE, connectTimeoutMs, connectionFromFlags, headersFromFlags } from './connection-flags';
import { flagBool, flagList, type ParsedArgs } from './parse-args';
import { protocolFromFlags, withUrlScheme } from './protocol-flags';

/** What a command needs to talk to one server: its schema, and (when dialing) the pooled channel settings. */
export interface CliContext {
  registry: SchemaRegistry;
  pool: ChannelPool;
  connection: ConnectionOptions;
  /** Request metadata from -H. */
  metadata: MetadataEntry[];
  target?: string;
  connectTimeoutMs: number;
}

export function schemaSourceFromFlags(args: ParsedArgs): SchemaSource {
  const protos = flagList(args, 'proto');
  const protosets = flagList(args, 'protoset');
  if (protos.length > 0 && protosets.length > 0) fail('BAD_INPUT', 'use either --proto or --protoset, not both');
  if (protos.length > 0) return { kind: 'proto-files', files: protos, importPaths: flagList(args, 'import-path') };
  if (flagList(args, 'import-path').length > 0) fail('BAD_INPUT', '-I/--import-path needs at least one --proto file');
  if (protosets.length > 0) return { kind: 'descriptor-set', files: protosets };
  return { kind: 'reflection' };
}

/**
 * The schema cache in the data folder, unless --no-cache. FERRY_SCHEMA_CACHE_MAX_BYTES sets its cap
 * (default 512 MiB).
 */
export function schemaCacheFromFlags(args: ParsedArgs): SchemaCache | undefined {
  if (flagBool(args, 'no-cache')) return undefined;
  // A large first load is split over threads (engine/schema/split-load.ts).
  useParseThreads(cliParseThreads());
  const cap = Number(process.env.FERRY_SCHEMA_CACHE_MAX_BYTES);
  return openSchemaCache(defaultDataDir(), Number.isSafeInteger(cap) && cap > 0 ? { maxBytes: cap } : {});
}

/** `pkg.Service/Method`, the way `ferry call` names a method: a symbol, though it has a slash. */
const METHOD_PATH = /^\.?[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/;

/**
 * A target looks like host:port or a scheme URI; a symbol like pkg.Name or pkg.Service/Method. Used where
 * TARGET is optional.
 */
export function looksLikeTarget(word: string): boolean {
  return word.includes(':') || (word.includes('/') && !METHOD_PATH.test(word));
}

export async function openCliContext(args: ParsedArgs, target: string | undefined): Promise<CliContext> {
  // These commands take connection settings as flags, so connection errors advise flags.
  useConnectionAdvice(CLI_CONNECTION_ADVICE);
  const source = schemaSourceFromFlags(args);
  const protocol = protocolFromFlags(args, target);
  const connection = withUrlScheme(connectionFromFlags(args), args, target);
  const metadata = headersFromFlags(args, 'header');
  const reflectionMetadata = [...metadata, ...headersFromFlags(args, 'reflect-header')];
  const pool = createChannelPool();
  const timeout = connectTimeoutMs(args);
  if (source.kind === 'reflection' && !target) fail('BAD_INPUT', 'a TARGET is needed to use server reflection; or pass --proto/--protoset');
  if (source.kind === 'reflection' && protocol.protocol) {
    const registry = await reflectOverWeb(target!, protocol, connection, reflectionMetadata);
    return { registry, pool, connection, metadata, connectTimeoutMs: timeout, target: target! };
  }
  if (source.kind === 'reflection') await connect(pool, target!, connection, timeout);
  const cache = schemaCacheFromFlags(args);
  const registry = await loadSchema({
    source,
    ...(cache && { cache }),
    ...(target !== undefined && { target }),
    connection,
    pool,
    metadata: reflectionMetadata,
  });
  return { registry, pool, connection, metadata, connectTimeoutMs: timeout, ...(target !== undefined && { target }) };
}

export async function connect(pool: ChannelPool, target: string, connection: ConnectionOptions, timeoutMs: number): Promise<void> {
  await waitForReady(pool.acquire(target, connection), target, timeoutMs);
}

/** TARGET is optional when the schema comes from files, so one word may be either. */
export function splitTargetAndName(args: ParsedArgs, command: string, max: number): { target?: string; name?: string } {
  const words = args.positionals;
  if (words.length > max) fail('BAD_INPUT', `\`ferry ${command}\` takes at most ${max} arguments, got ${words.length}`);
  const fromFiles = schemaSourceFromFlags(args).kind !== 'reflection';
  if (words.length === 2) return { target: words[0]!, name: words[1]! };
  if (words.length === 1 && (!fromFiles || looksLikeTarget(words[0]!))) return { target: words[0]! };
  return words.length === 1 ? { name: words[0]! } : {};
}

/** `ferry list` / `describe` by reflection over gRPC-Web or Connect. */
async function reflectOverWeb(target: string, protocol: ProtocolChoice, connection: ConnectionOptions, metadata: MetadataEntry[]): Promise<SchemaRegistry> {
  const web = createWebClient({
    ...connection,
    target,
    protocol: protocol.protocol as Exclude<WireProtocol, 'grpc'>,
    ...(protocol.codec && { codec: protocol.codec }),
    ...(protocol.httpVersion && { http: protocol.httpVersion }),
  });
  try {
    return await loadSchema({ source: { kind: 'reflection' }, web, metadata });
  } finally {
    web.close();
  }
}
