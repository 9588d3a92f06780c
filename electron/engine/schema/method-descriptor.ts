import type protobuf from 'protobufjs';
import { callKindOf, type CallKind, type MethodSummary } from '../../../shared/model';
import { typeName } from '../codec/well-known';

/** A resolved method, ready to call: what the calls layer needs and nothing else. */
export interface MethodDescriptor {
  /** Full service name without leading dot, e.g. `ferry.testing.v1.Bench`. */
  service: string;
  name: string;
  /** `ferry.testing.v1.Bench.Echo`. */
  fullName: string;
  /** The HTTP/2 path, `/ferry.testing.v1.Bench/Echo`. */
  path: string;
  kind: CallKind;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
}

/** Anything that can find a message type by full name (with or without leading dot). */
export interface TypeLookup {
  findType(fullName: string): protobuf.Type | undefined;
}

export function describeMethod(method: protobuf.Method): MethodDescriptor {
  method.resolve();
  const service = typeName(method.parent!);
  return {
    service,
    name: method.name,
    fullName: `${service}.${method.name}`,
    path: `/${service}/${method.name}`,
    kind: callKindOf(!!method.requestStream, !!method.responseStream),
    requestType: method.resolvedRequestType!,
    responseType: method.resolvedResponseType!,
  };
}

export function summarizeMethod(method: protobuf.Method): MethodSummary {
  const d = describeMethod(method);
  const summary: MethodSummary = {
    name: d.name,
    fullName: d.fullName,
    path: d.path,
    kind: d.kind,
    requestType: typeName(d.requestType),
    responseType: typeName(d.responseType),
  };
  if (method.comment) summary.doc = method.comment;
  return summary;
}
