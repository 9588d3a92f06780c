import type * as grpc from '@grpc/grpc-js';
import { FerryFailure, fail } from '../../../shared/errors';
import { grpcJs } from '../channels/grpc-js';
import { trace } from '../diagnostics/trace';
import { addFileDescriptors, definesSymbol, registryFromFileDescriptors, unresolvedCandidates } from '../schema/descriptor-files';
import { decodeFileDescriptor, type FileDescriptor } from '../schema/descriptor-set-decode';
import type { FetchSymbol, SchemaRegistry } from '../schema/schema-registry';
import type { ReflectionVersion } from './reflection-protocol';
import { openReflectionStream, type ReflectionStream } from './reflection-stream';

/** Opens one reflection stream; web protocols bring their own (protocols/web-reflection-stream.ts). */
export type OpenReflectionStream = (version: ReflectionVersion, deadline: number) => ReflectionStream;

export interface DiscoverOptions {
  /** Reflection over gRPC with grpc-js, unless `openStream` is given. */
  client?: grpc.Client;
  metadata?: grpc.Metadata;
  deadlineMs?: number;
  openStream?: OpenReflectionStream;
  /** Ask only for the files defining these names (see `SchemaSource`); every service when one is missing. */
  symbols?: readonly string[];
}

function openStream(options: DiscoverOptions, version: ReflectionVersion, deadline: number): ReflectionStream {
  if (options.openStream) return options.openStream(version, deadline);
  if (!options.client) throw new Error('discoverByReflection needs a client or openStream');
  return openReflectionStream(options.client, version, options.metadata ?? new (grpcJs().Metadata)(), deadline);
}

const NO_REFLECTION = 'server does not support reflection; load .proto files or a descriptor set';

/** Collects FileDescriptorProtos by name; servers may send the same file in several answers. */
class FileCollector {
  readonly files = new Map<string, FileDescriptor>();
  private readonly asked = new Set<string>();

  /** `known`: files the registry already holds; only what they lack is asked for. */
  constructor(private readonly known: readonly FileDescriptor[] = []) {}

  /** Files received that were not already known. */
  fresh(): FileDescriptor[] {
    return [...this.files.values()].filter((file) => !this.known.some((k) => k.name === file.name));
  }

  add(response: Awaited<ReturnType<ReflectionStream['ask']>>): void {
    for (const bytes of response.file_descriptor_response?.file_descriptor_proto ?? []) {
      const file = decodeFileDescriptor(bytes);
      this.files.set(file.name ?? `#${this.files.size}`, file);
    }
  }

  /** What to ask next: dependencies by file name and unresolved types by symbol (servers built with
   * @grpc/reflection send synthesized file names and empty dependency lists, so names alone are not enough). */
  nextQuestions(): Array<{ file_by_filename: string } | { file_containing_symbol: string }> {
    const files = [...this.known, ...this.files.values()];
    const have = (name: string) => this.files.has(name) || this.known.some((k) => k.name === name);
    const byName = files.flatMap((f) => f.dependency ?? []).filter((name) => !have(name)).map((name) => ({ key: `f:${name}`, q: { file_by_filename: name } }));
    const bySymbol = unresolvedCandidates(files).map((name) => ({ key: `s:${name}`, q: { file_containing_symbol: name } }));
    return [...byName, ...bySymbol].filter(({ key }) => !this.asked.has(key) && this.asked.add(key)).map(({ q }) => q);
  }
}

async function listServices(stream: ReflectionStream): Promise<string[]> {
  const response = await stream.ask({ list_services: '' });
  if (response.error_response) fail('UNKNOWN', `reflection: ${response.error_response.error_message}`);
  return (response.list_services_response?.service ?? []).map((s) => s.name);
}

/** Asks for the files defining `symbols`, then for whatever they need, until nothing new is missing. */
async function collect(stream: ReflectionStream, symbols: string[], known: readonly FileDescriptor[] = []): Promise<FileDescriptor[]> {
  const collector = new FileCollector(known);
  let questions: Array<{ file_by_filename: string } | { file_containing_symbol: string }> = symbols.map((s) => ({ file_containing_symbol: s }));
  while (questions.length > 0) {
    // An error answer (unknown file or symbol) is not fatal: the built-in types may fill the gap.
    const answers = await Promise.all(questions.map((q) => stream.ask(q)));
    answers.forEach((answer) => collector.add(answer));
    questions = collector.nextQuestions();
  }
  return collector.fresh();
}

/**
 * For `SchemaRegistry.ensureType`: a later question on a new stream (discovery's stream is closed by
 * then), same client, version and metadata. The files already known are not fetched again.
 */
function fetcher(version: ReflectionVersion, options: DiscoverOptions, known: FileDescriptor[]): FetchSymbol {
  return async (fullName, root) => {
    const deadline = Date.now() + (options.deadlineMs ?? 15_000);
    const stream = openStream(options, version, deadline);
    try {
      const files = await collect(stream, [fullName], known);
      trace('reflection', () => `${version}: ${fullName} → ${files.length} more files`);
      addFileDescriptors(root, known, files);
      known.push(...files);
    } finally {
      stream.end();
    }
  };
}

/** The files for `symbols` alone, or undefined when the server does not know one of them. */
async function collectSymbols(stream: ReflectionStream, version: ReflectionVersion, symbols: readonly string[]): Promise<FileDescriptor[] | undefined> {
  const files = await collect(stream, [...symbols]);
  const missing = symbols.find((symbol) => !definesSymbol(files, symbol));
  trace('reflection', () => `${version}: ${files.length} files for ${symbols.join(', ')}${missing ? `; ${missing} not found, listing services` : ''}`);
  return missing === undefined ? files : undefined;
}

async function collectAll(stream: ReflectionStream, version: ReflectionVersion): Promise<{ files: FileDescriptor[]; listed: string[] }> {
  const listed = await listServices(stream);
  const services = listed.filter((name) => !name.startsWith('grpc.reflection.'));
  trace('reflection', () => `${version}: ${services.length} services`);
  const files = await collect(stream, services);
  trace('reflection', () => `${version}: ${files.length} files`);
  return { files, listed };
}

async function discoverWith(version: ReflectionVersion, options: DiscoverOptions): Promise<SchemaRegistry> {
  const deadline = Date.now() + (options.deadlineMs ?? 15_000);
  const stream = openStream(options, version, deadline);
  try {
    const { symbols } = options;
    const named = symbols && symbols.length > 0 ? await collectSymbols(stream, version, symbols) : undefined;
    const { files, listed } = named ? { files: named, listed: undefined } : await collectAll(stream, version);
    const registry = registryFromFileDescriptors(files, version, fetcher(version, options, files));
    if (listed) registry.reflectedServices = listed;
    return registry;
  } finally {
    stream.end();
  }
}

/** Server reflection: v1 first, v1alpha when the server answers UNIMPLEMENTED (grpc-go and C++ servers). */
export async function discoverByReflection(options: DiscoverOptions): Promise<SchemaRegistry> {
  try {
    return await discoverWith('v1', options);
  } catch (reason) {
    if (!(reason instanceof FerryFailure) || reason.error.code !== 'UNIMPLEMENTED') throw reason;
  }
  try {
    return await discoverWith('v1alpha', options);
  } catch (reason) {
    if (reason instanceof FerryFailure && reason.error.code === 'UNIMPLEMENTED') fail('NO_REFLECTION', NO_REFLECTION);
    throw reason;
  }
}
