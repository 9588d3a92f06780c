/**
 * Server reflection (v1 and v1alpha) for `ferry mock`, so clients that discover a server's schema (grpcurl,
 * grpcui, Postman, the app by reflection, `ferry list`) can use the mock without its .proto files. Answers
 * list_services, file_containing_symbol and file_by_filename with the schema's files rebuilt as
 * FileDescriptorProtos (each file with what it imports, dependencies first); extension questions answer
 * UNIMPLEMENTED, as many servers do. Served on the gRPC listener and, over HTTP/2, on the web one.
 */
import type * as grpc from '@grpc/grpc-js';
import { FerryFailure } from '../../../shared/errors';
import { GRPC_STATUS } from '../../../shared/util';
import { decodeRequest, encodeResponse, reflectionPath, type ReflectionQuestion, type ReflectionResponse } from '../reflection';
import { SchemaExporter, type SchemaRegistry } from '../schema';
import { descriptorExtension } from '../schema/descriptor-extension';
import { OK_STATUS } from './mock-call';
import type { WebRoute } from './mock-web-server';

const VERSIONS = ['v1', 'v1alpha'] as const;

type ExportedFile = ReturnType<SchemaExporter['file']>;

function answerOf(question: ReflectionQuestion, exporter: SchemaExporter, services: readonly string[]): ReflectionResponse {
  const { FileDescriptorProto } = descriptorExtension();
  const files = (found: ExportedFile[]): ReflectionResponse => ({
    file_descriptor_response: { file_descriptor_proto: found.map((f) => FileDescriptorProto.encode(FileDescriptorProto.fromObject(f.file)).finish()) },
  });
  try {
    if ('list_services' in question) return { list_services_response: { service: services.map((name) => ({ name })) } };
    if ('file_containing_symbol' in question) return files(exporter.filesFor([question.file_containing_symbol]));
    if ('file_by_filename' in question) return files(exporter.withDependencies([exporter.file(question.file_by_filename)]));
    return { error_response: { error_code: GRPC_STATUS.UNIMPLEMENTED, error_message: `ferry mock does not answer reflection field ${question.unsupported}` } };
  } catch (reason) {
    if (!(reason instanceof FerryFailure)) throw reason;
    return { error_response: { error_code: GRPC_STATUS.NOT_FOUND, error_message: reason.error.message } };
  }
}

/** The reflection of a schema: the services' paths, and the answer to each request message (bytes both ways). */
export interface MockReflection {
  paths: string[];
  answer(request: Buffer): Buffer;
}

/** Reflection answering `services` to list_services (its own two added). */
export function createMockReflection(registry: SchemaRegistry, services: readonly string[]): MockReflection {
  const exporter = new SchemaExporter(registry);
  const listed = [...services, ...VERSIONS.map((version) => `grpc.reflection.${version}.ServerReflection`)];
  return {
    paths: VERSIONS.map((version) => reflectionPath(version)),
    answer: (bytes) => encodeResponse(bytes, answerOf(decodeRequest(bytes), exporter, listed)),
  };
}

/** Registers the two reflection services on a gRPC server: each request answered as it comes. */
export function serveReflection(server: grpc.Server, reflection: MockReflection): void {
  const identity = (bytes: Buffer): Buffer => bytes;
  for (const path of reflection.paths) {
    const handler = (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
      call.on('data', (bytes: Buffer) => call.write(reflection.answer(bytes)));
      call.on('end', () => call.end());
    };
    server.register(path, handler, identity, identity, 'bidi');
  }
}

/** Reflection on the web listener (proto only, bidi, so HTTP/2), for clients that read the schema by it over gRPC-Web or Connect. Not reported, as over gRPC. */
export function reflectionWebRoute(reflection: MockReflection): WebRoute {
  return {
    kind: 'bidi',
    start: (_call, sink) => ({
      request: (bytes) => sink.message(reflection.answer(bytes)),
      halfClose: () => sink.end(OK_STATUS),
      cancel: () => undefined,
    }),
  };
}
