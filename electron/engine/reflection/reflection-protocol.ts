import protobuf from 'protobufjs';

/** The messages of grpc/reflection/v1/reflection.proto (v1alpha has the same fields), written from its field numbers. */
const REFLECTION_PROTO = `syntax = "proto3";
package reflection;
message ServerReflectionRequest {
  string host = 1;
  oneof message_request {
    string file_by_filename = 3;
    string file_containing_symbol = 4;
    string all_extension_numbers_of_type = 6;
    string list_services = 7;
  }
}
message ServerReflectionResponse {
  string valid_host = 1;
  ServerReflectionRequest original_request = 2;
  oneof message_response {
    FileDescriptorResponse file_descriptor_response = 4;
    ListServiceResponse list_services_response = 6;
    ErrorResponse error_response = 7;
  }
}
message FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
message ListServiceResponse { repeated ServiceResponse service = 1; }
message ServiceResponse { string name = 1; }
message ErrorResponse { int32 error_code = 1; string error_message = 2; }
`;

const root = protobuf.parse(REFLECTION_PROTO, { keepCase: true }).root;
const Request = root.lookupType('reflection.ServerReflectionRequest');
const Response = root.lookupType('reflection.ServerReflectionResponse');

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
  return Buffer.from(Request.encode(Request.fromObject(request)).finish());
}

export function decodeResponse(bytes: Buffer): ReflectionResponse {
  return Response.toObject(Response.decode(bytes), { defaults: false, arrays: true }) as ReflectionResponse;
}
