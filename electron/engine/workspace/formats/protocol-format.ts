import { WIRE_PROTOCOLS, type ConnectCodec, type HttpVersion, type ProtocolChoice, type WireProtocol } from '../../../../shared/model';
import type { FieldReader, Json } from './field-reader';

/** `protocol`, `httpVersion` and `codec` as written in a request file; each only when set. */
export function protocolToFile(choice: ProtocolChoice): Json {
  const out: Json = {};
  if (choice.protocol !== undefined) out.protocol = choice.protocol;
  if (choice.httpVersion !== undefined) out.httpVersion = choice.httpVersion;
  if (choice.codec !== undefined) out.codec = choice.codec;
  return out;
}

function oneOf<T extends string>(reader: FieldReader, root: Json, key: string, allowed: readonly T[]): T | undefined {
  const value = reader.optionalString(root, key, []);
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  return reader.fail([key], `unknown ${key} "${value}"`, allowed.map((a) => `"${a}"`).join(', '));
}

/** Reads the protocol fields, refusing combinations that mean nothing (an HTTP version for gRPC, a codec for gRPC-Web). */
export function protocolFromFile(root: Json, reader: FieldReader): ProtocolChoice {
  const protocol = oneOf<WireProtocol>(reader, root, 'protocol', WIRE_PROTOCOLS);
  const httpVersion = oneOf<HttpVersion>(reader, root, 'httpVersion', ['1.1', '2']);
  const codec = oneOf<ConnectCodec>(reader, root, 'codec', ['proto', 'json']);
  if (httpVersion !== undefined && (protocol ?? 'grpc') === 'grpc') {
    reader.fail(['httpVersion'], 'an HTTP version applies to the web protocols only (gRPC always uses HTTP/2)', 'protocol "grpc-web", "grpc-web-text" or "connect"');
  }
  if (codec !== undefined && protocol !== 'connect') reader.fail(['codec'], 'a codec applies to the connect protocol only', 'protocol "connect"');
  return {
    ...(protocol !== undefined && { protocol }),
    ...(httpVersion !== undefined && { httpVersion }),
    ...(codec !== undefined && { codec }),
  };
}
