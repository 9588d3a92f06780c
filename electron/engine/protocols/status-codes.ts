import { GRPC_STATUS as Status, grpcStatusCode, grpcStatusName, type GrpcStatusName } from '../../../shared/util';
import { nodeHttp2 } from './node-network';

export { Status };

/** gRPC's HTTP → status mapping (grpc/doc/http-grpc-status-mapping.md), which Connect uses too. */
export function codeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return Status.INTERNAL;
    case 401:
      return Status.UNAUTHENTICATED;
    case 403:
      return Status.PERMISSION_DENIED;
    case 404:
      return Status.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Status.UNAVAILABLE;
    default:
      return Status.UNKNOWN;
  }
}

/** What a stream reset by the server means, as grpc-js reports it. */
export function codeForResetStream(rstCode: number): number {
  const h2 = nodeHttp2().constants;
  switch (rstCode) {
    case h2.NGHTTP2_REFUSED_STREAM:
      return Status.UNAVAILABLE;
    case h2.NGHTTP2_CANCEL:
      return Status.CANCELLED;
    case h2.NGHTTP2_ENHANCE_YOUR_CALM:
      return Status.RESOURCE_EXHAUSTED;
    case h2.NGHTTP2_INADEQUATE_SECURITY:
      return Status.PERMISSION_DENIED;
    default:
      return Status.INTERNAL;
  }
}

/** Connect's code names are gRPC's in snake case, except "canceled" (one l). */
export function codeForConnectName(name: unknown): number | undefined {
  if (typeof name !== 'string') return undefined;
  if (name === 'canceled') return Status.CANCELLED;
  return grpcStatusCode(name.toUpperCase());
}

/** A code's Connect name, as a server writes it (the other way from codeForConnectName). */
export function connectCodeName(code: number): string {
  return code === Status.CANCELLED ? 'canceled' : grpcStatusName(code).toLowerCase();
}

// Connect's HTTP status for each error code (connectrpc.com/docs/protocol, "Error Codes"); 500 for the rest
// (UNKNOWN, INTERNAL, DATA_LOSS, and codes outside 1-16).
const CONNECT_HTTP_STATUS: Readonly<Partial<Record<GrpcStatusName, number>>> = {
  CANCELLED: 499, INVALID_ARGUMENT: 400, DEADLINE_EXCEEDED: 504, NOT_FOUND: 404, ALREADY_EXISTS: 409, PERMISSION_DENIED: 403, RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400, ABORTED: 409, OUT_OF_RANGE: 400, UNIMPLEMENTED: 501, UNAVAILABLE: 503, UNAUTHENTICATED: 401,
};

/** The HTTP status a Connect server answers a unary error with. */
export function httpStatusForConnectCode(code: number): number {
  return CONNECT_HTTP_STATUS[grpcStatusName(code)] ?? 500;
}
