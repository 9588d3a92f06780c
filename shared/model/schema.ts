/** How a method streams: the four gRPC call kinds. */
export type CallKind = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

export function callKindOf(requestStream: boolean, responseStream: boolean): CallKind {
  if (requestStream) return responseStream ? 'bidi' : 'client-stream';
  return responseStream ? 'server-stream' : 'unary';
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
  | { kind: 'reflection' }
  | { kind: 'proto-files'; files: string[]; importPaths: string[] }
  | { kind: 'descriptor-set'; files: string[] };
