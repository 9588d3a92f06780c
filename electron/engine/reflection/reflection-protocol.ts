import protobuf from 'protobufjs/minimal.js';

/**
 * The few messages of grpc/reflection/v1/reflection.proto that Ferry uses, as a client and as `ferry mock`
 * serving them (v1alpha has the same fields), read and written by hand from their field numbers: built from
 * the .proto text by protobufjs, the parse and its generated codecs took ~5 ms of every `ferry call` by
 * reflection.
 */
const REQUEST = { fileByFilename: 3, fileContainingSymbol: 4, listServices: 7 } as const;
const RESPONSE = { fileDescriptorResponse: 4, listServicesResponse: 6, errorResponse: 7 } as const;
const LENGTH_DELIMITED = 2;

export type ReflectionVersion = 'v1' | 'v1alpha';

export const reflectionPath = (version: ReflectionVersion): string =>
  `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`;

export type ReflectionRequest = { list_services: string } | { file_containing_symbol: string } | { file_by_filename: string };

export interface ReflectionResponse {
  file_descriptor_response?: { file_descriptor_proto: Uint8Array[] };
  list_services_response?: { service: Array<{ name: string }> };
  error_response?: { error_code: number; error_message: string };
}

export function encodeRequest(request: ReflectionRequest): Buffer {
  const [field, value] =
    'list_services' in request ? [REQUEST.listServices, request.list_services]
    : 'file_containing_symbol' in request ? [REQUEST.fileContainingSymbol, request.file_containing_symbol]
    : [REQUEST.fileByFilename, request.file_by_filename];
  return Buffer.from(protobuf.Writer.create().uint32((field << 3) | LENGTH_DELIMITED).string(value).finish());
}

/**
 * Calls `onField` with the number of each length-delimited field up to `end`; it reads the value, or returns
 * false to have it skipped. Fields of other wire types are skipped.
 */
function readFields(reader: protobuf.Reader, end: number, onField: (field: number) => boolean): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if ((tag & 7) !== LENGTH_DELIMITED || !onField(tag >>> 3)) reader.skipType(tag & 7);
  }
}

/** A length-delimited submessage's fields, read by `onField` (which sees only length-delimited ones). */
function readMessage(reader: protobuf.Reader, onField: (field: number) => boolean): void {
  const end = reader.uint32() + reader.pos;
  readFields(reader, end, onField);
}

function readError(reader: protobuf.Reader): { error_code: number; error_message: string } {
  const error = { error_code: 0, error_message: '' };
  const end = reader.uint32() + reader.pos;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === (1 << 3)) error.error_code = reader.int32();
    else if (tag === ((2 << 3) | LENGTH_DELIMITED)) error.error_message = reader.string();
    else reader.skipType(tag & 7);
  }
  return error;
}

/** Malformed bytes throw, as a generated decoder would; the call then fails with the reason. */
export function decodeResponse(bytes: Buffer): ReflectionResponse {
  const reader = protobuf.Reader.create(bytes);
  const response: ReflectionResponse = {};
  readFields(reader, reader.len, (field) => {
    if (field === RESPONSE.fileDescriptorResponse) {
      const files: Uint8Array[] = [];
      readMessage(reader, (inner) => {
        if (inner !== 1) return false;
        files.push(reader.bytes());
        return true;
      });
      response.file_descriptor_response = { file_descriptor_proto: files };
    } else if (field === RESPONSE.listServicesResponse) {
      const services: Array<{ name: string }> = [];
      readMessage(reader, (inner) => {
        if (inner !== 1) return false;
        const service = { name: '' };
        readMessage(reader, (leaf) => {
          if (leaf !== 1) return false;
          service.name = reader.string();
          return true;
        });
        services.push(service);
        return true;
      });
      response.list_services_response = { service: services };
    } else if (field === RESPONSE.errorResponse) {
      response.error_response = readError(reader);
    } else {
      return false;
    }
    return true;
  });
  return response;
}

/** What a client asked a reflection server (`ferry mock`'s): one of the questions, or one it does not take. */
export type ReflectionQuestion = ReflectionRequest | { unsupported: number };

/** A request as a reflection server reads it, with its bytes (the answer carries them back as `original_request`). */
export function decodeRequest(bytes: Buffer): ReflectionQuestion {
  const reader = protobuf.Reader.create(bytes);
  let question: ReflectionQuestion = { unsupported: 0 };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if ((tag & 7) === LENGTH_DELIMITED && field === REQUEST.listServices) question = { list_services: reader.string() };
    else if ((tag & 7) === LENGTH_DELIMITED && field === REQUEST.fileContainingSymbol) question = { file_containing_symbol: reader.string() };
    else if ((tag & 7) === LENGTH_DELIMITED && field === REQUEST.fileByFilename) question = { file_by_filename: reader.string() };
    else {
      // host (1) says nothing about the question; extensions (5, 6) are questions this server does not take.
      if (field !== 1) question = { unsupported: field };
      reader.skipType(tag & 7);
    }
  }
  return question;
}

/** A reflection server's answer to `original` (its bytes as received). */
export function encodeResponse(original: Buffer, answer: ReflectionResponse): Buffer {
  const writer = protobuf.Writer.create();
  writer.uint32((2 << 3) | LENGTH_DELIMITED).bytes(original);
  const files = answer.file_descriptor_response?.file_descriptor_proto;
  if (files) {
    writer.uint32((RESPONSE.fileDescriptorResponse << 3) | LENGTH_DELIMITED).fork();
    for (const file of files) writer.uint32((1 << 3) | LENGTH_DELIMITED).bytes(file);
    writer.ldelim();
  }
  const services = answer.list_services_response?.service;
  if (services) {
    writer.uint32((RESPONSE.listServicesResponse << 3) | LENGTH_DELIMITED).fork();
    for (const { name } of services) writer.uint32((1 << 3) | LENGTH_DELIMITED).fork().uint32((1 << 3) | LENGTH_DELIMITED).string(name).ldelim();
    writer.ldelim();
  }
  const error = answer.error_response;
  if (error) writer.uint32((RESPONSE.errorResponse << 3) | LENGTH_DELIMITED).fork().uint32(1 << 3).int32(error.error_code).uint32((2 << 3) | LENGTH_DELIMITED).string(error.error_message).ldelim();
  return Buffer.from(writer.finish());
}
