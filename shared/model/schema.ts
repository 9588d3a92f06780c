/** How a method streams: the four gRPC call kinds. */
export type CallKind = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

export function callKindOf(requestStream: boolean, responseStream: boolean): CallKind {
  if (requestStream) return responseStream ? 'bidi' : 'client-stream';
  return responseStream ? 'server-stream' : 'unary';
}

/** The client sends a stream of messages (client-stream and bidi). */
export function isClientStreaming(kind: CallKind): boolean {
  return kind === 'client-stream' || kind === 'bidi';
}

/** The server answers with a stream of messages (server-stream and bidi). */
export function isServerStreaming(kind: CallKind): boolean {
  return kind === 'server-stream' || kind === 'bidi';
}

export interface MethodSummary {
  /** Simple name, e.g. `SayHello`. */
  name: string;
  /** Fully-qualified name without leading dot, e.g. `helloworld.Greeter.SayHello`. */
  fullName: string;
  /** The HTTP/2 path, e.g. `/helloworld.Greeter/SayHello`. */
  path: string;
  kind: CallKind;
  requestType: string;
  responseType: string;
  /** Leading comment from the .proto source, when known. */
  doc?: string;
}

export interface ServiceSummary {
  name: string;
  fullName: string;
  methods: MethodSummary[];
  doc?: string;
}

/** Where a schema came from. */
export type SchemaSource =
  | {
      kind: 'reflection';
      /**
       * Fully-qualified names (services, as `ferry call` gives): only the files that define them and what
       * those need are asked for, without listing the server's services first, as grpcurl does for a call.
       * The schema then holds those files' services. When a name is not found, every service is fetched.
       */
      symbols?: string[];
    }
  /** `files` may name folders: each stands for the .proto files in and below it, listed at each load. */
  | { kind: 'proto-files'; files: string[]; importPaths: string[] }
  | { kind: 'descriptor-set'; files: string[] };

/** The wrapper messages of google/protobuf/wrappers.proto and the scalar each wraps (ProtoJSON writes them as it). */
export const WRAPPER_TYPES: Readonly<Record<string, string>> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

// Types whose ProtoJSON form is not an object of their fields (Empty is, so it is not listed).
const SPECIAL_FORM = new Set([
  'google.protobuf.Any',
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.protobuf.FieldMask',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  ...Object.keys(WRAPPER_TYPES),
]);

/** Whether a message type (by full name) has a ProtoJSON form of its own rather than an object of its fields. */
export const hasSpecialJsonForm = (typeName: string): boolean => SPECIAL_FORM.has(typeName);
