/** gRPC status code names indexed by their numeric code (see grpc/doc/statuscodes.md). */
export const GRPC_STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type GrpcStatusName = (typeof GRPC_STATUS_NAMES)[number];

export function grpcStatusName(code: number): GrpcStatusName {
  return GRPC_STATUS_NAMES[code] ?? 'UNKNOWN';
}

export function grpcStatusCode(name: string): number | undefined {
  const index = (GRPC_STATUS_NAMES as readonly string[]).indexOf(name);
  return index === -1 ? undefined : index;
}

/** Each gRPC status code by name (`GRPC_STATUS.UNAVAILABLE` is 14), without loading grpc-js for its enum. */
export const GRPC_STATUS = Object.fromEntries(GRPC_STATUS_NAMES.map((name, code) => [name, code])) as { readonly [Name in GrpcStatusName]: number };
