import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type ReflectionRequest } from './reflection-protocol';

// The reference: grpc's own reflection.proto as @grpc/reflection ships it, read by protobufjs.
const official = protobuf.loadSync(join(__dirname, '..', '..', '..', 'node_modules', '@grpc', 'reflection', 'build', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto'));
const Request = official.lookupType('grpc.reflection.v1.ServerReflectionRequest');
const Response = official.lookupType('grpc.reflection.v1.ServerReflectionResponse');

const responseBytes = (object: Record<string, unknown>): Buffer => Buffer.from(Response.encode(Response.fromObject(object)).finish());

describe('the reflection messages, read and written by hand', () => {
  it.each<ReflectionRequest>([{ list_services: '' }, { file_containing_symbol: 'pkg.v1.Service' }, { file_by_filename: 'pkg/v1/a.proto' }])(
    'writes %j as the official message does',
    (request) => {
      const camel = Object.fromEntries(Object.entries(request).map(([key, value]) => [key.replace(/_(.)/g, (_, c: string) => c.toUpperCase()), value]));
      expect(encodeRequest(request)).toEqual(Buffer.from(Request.encode(Request.fromObject(camel)).finish()));
      expect(Request.toObject(Request.decode(encodeRequest(request)))).toEqual(camel);
    },
  );

  it('reads file descriptors, keeping each one as its bytes', () => {
    const files = [Buffer.from([10, 5, 97, 46, 112, 114, 111]), Buffer.alloc(0), Buffer.from('x'.repeat(300))];
    const bytes = responseBytes({ validHost: 'h', originalRequest: { fileContainingSymbol: 'a.B' }, fileDescriptorResponse: { fileDescriptorProto: files } });
    const decoded = decodeResponse(bytes);
    expect(decoded).toEqual({ file_descriptor_response: { file_descriptor_proto: files } });
  });

  it('reads a service list, an empty one, and an error', () => {
    expect(decodeResponse(responseBytes({ listServicesResponse: { service: [{ name: 'a.B' }, { name: 'grpc.reflection.v1.ServerReflection' }] } }))).toEqual({
      list_services_response: { service: [{ name: 'a.B' }, { name: 'grpc.reflection.v1.ServerReflection' }] },
    });
    expect(decodeResponse(responseBytes({ listServicesResponse: {} }))).toEqual({ list_services_response: { service: [] } });
    expect(decodeResponse(responseBytes({ errorResponse: { errorCode: 5, errorMessage: 'symbol not found' } }))).toEqual({
      error_response: { error_code: 5, error_message: 'symbol not found' },
    });
  });

  it('skips fields it does not use, known or not, and fails on truncated bytes', () => {
    const unknown = Buffer.from([(15 << 3) | 0, 42, (16 << 3) | 2, 2, 1, 2]);
    const bytes = Buffer.concat([responseBytes({ validHost: 'h', errorResponse: { errorCode: 12 } }), unknown]);
    expect(decodeResponse(bytes)).toEqual({ error_response: { error_code: 12, error_message: '' } });
    const whole = responseBytes({ listServicesResponse: { service: [{ name: 'a.B' }] } });
    expect(() => decodeResponse(whole.subarray(0, whole.length - 2))).toThrow(RangeError);
  });
});

describe('the server side (ferry mock)', () => {
  it('reads each question a client asks, and answers what the client side reads back', () => {
    for (const request of [{ list_services: '*' }, { file_containing_symbol: 'acme.v1.Orders' }, { file_by_filename: 'acme/v1/orders.proto' }] as const) {
      expect(decodeRequest(encodeRequest(request))).toEqual(request);
    }
    // An extension question (field 6, all_extension_numbers_of_type) is one the mock does not take.
    expect(decodeRequest(Buffer.from(protobuf.Writer.create().uint32((6 << 3) | 2).string('acme.v1.Order').finish()))).toEqual({ unsupported: 6 });
    const original = encodeRequest({ list_services: '' });
    const answers = [
      { list_services_response: { service: [{ name: 'acme.v1.Orders' }, { name: 'grpc.reflection.v1.ServerReflection' }] } },
      { file_descriptor_response: { file_descriptor_proto: [Buffer.from([1, 2, 3]), Buffer.from([4])] } },
      { error_response: { error_code: 5, error_message: 'Symbol not found: x' } },
    ];
    for (const answer of answers) expect(decodeResponse(encodeResponse(original, answer))).toEqual(answer);
    // Read by grpc's own reflection.proto: the question comes back as original_request.
    const official = Response.toObject(Response.decode(encodeResponse(original, answers[0]!)), { defaults: false }) as Record<string, unknown>;
    expect(official).toEqual({ originalRequest: { listServices: '' }, listServicesResponse: { service: [{ name: 'acme.v1.Orders' }, { name: 'grpc.reflection.v1.ServerReflection' }] } });
    expect(Request.toObject(Request.decode(encodeRequest({ file_by_filename: 'a.proto' })))).toEqual({ fileByFilename: 'a.proto' });
  });
});
