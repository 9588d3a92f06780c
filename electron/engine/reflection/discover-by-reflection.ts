import type * as grpc from '@grpc/grpc-js';
import * as grpcJs from '@grpc/grpc-js';
import { FerryFailure, fail } from '../../../shared/errors';
import { trace } from '../diagnostics/trace';
import { decodeFileDescriptor, registryFromFileDescriptors, unresolvedCandidates, type FileDescriptor } from '../schema/descriptor-files';
import type { SchemaRegistry } from '../schema/schema-registry';
import type { ReflectionVersion } from './reflection-protocol';
import { openReflectionStream, type ReflectionStream } from './reflection-stream';

export interface DiscoverOptions {
  client: grpc.Client;
  metadata?: grpc.Metadata;
  deadlineMs?: number;
}

const NO_REFLECTION = 'server does not support reflection; load .proto files or a descriptor set';

/** Collects FileDescriptorProtos by name; servers may send the same file in several answers. */
class FileCollector {
  readonly files = new Map<string, FileDescriptor>();
  private readonly asked = new Set<string>();

  add(response: Awaited<ReturnType<ReflectionStream['ask']>>): void {
    for (const bytes of response.file_descriptor_response?.file_descriptor_proto ?? []) {
      const file = decodeFileDescriptor(bytes);
      this.files.set(file.name ?? `#${this.files.size}`, file);
    }
  }

  /** What to ask next: dependencies by file name and unresolved types by symbol (servers built with
   * @grpc/reflection send synthesized file names and empty dependency lists, so names alone are not enough). */
  nextQuestions(): Array<{ file_by_filename: string } | { file_containing_symbol: string }> {
    const files = [...this.files.values()];
    const byName = files.flatMap((f) => f.dependency ?? []).filter((name) => !this.files.has(name)).map((name) => ({ key: `f:${name}`, q: { file_by_filename: name } }));
    const bySymbol = unresolvedCandidates(files).map((name) => ({ key: `s:${name}`, q: { file_containing_symbol: name } }));
    return [...byName, ...bySymbol].filter(({ key }) => !this.asked.has(key) && this.asked.add(key)).map(({ q }) => q);
  }
}

async function listServices(stream: ReflectionStream): Promise<string[]> {
  const response = await stream.ask({ list_services: '' });
  if (response.error_response) fail('UNKNOWN', `reflection: ${response.error_response.error_message}`);
  return (response.list_services_response?.service ?? []).map((s) => s.name);
}

async function collect(stream: ReflectionStream, services: string[]): Promise<FileDescriptor[]> {
  const collector = new FileCollector();
  let questions: Array<{ file_by_filename: string } | { file_containing_symbol: string }> = services.map((s) => ({ file_containing_symbol: s }));
  while (questions.length > 0) {
    // An error answer (unknown file or symbol) is not fatal: the built-in types may fill the gap.
    const answers = await Promise.all(questions.map((q) => stream.ask(q)));
    answers.forEach((answer) => collector.add(answer));
    questions = collector.nextQuestions();
  }
  return [...collector.files.values()];
}

async function discoverWith(version: ReflectionVersion, options: DiscoverOptions): Promise<SchemaRegistry> {
  const deadline = Date.now() + (options.deadlineMs ?? 15_000);
  const stream = openReflectionStream(options.client, version, options.metadata ?? new grpcJs.Metadata(), deadline);
  try {
    const services = (await listServices(stream)).filter((name) => !name.startsWith('grpc.reflection.'));
    trace('reflection', () => `${version}: ${services.length} services`);
    const files = await collect(stream, services);
    trace('reflection', () => `${version}: ${files.length} files`);
    return registryFromFileDescriptors(files, version);
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
