import type * as GrpcJs from '@grpc/grpc-js';

let loaded: typeof GrpcJs | undefined;

/**
 * grpc-js, required when first used rather than when the engine loads: a command that dials nothing (`ferry
 * list` or `describe` of .proto files or a descriptor set) then loads neither it nor the HTTP/2, TLS and zlib
 * modules it brings, ~18 ms of such a command (176.5 against 158.4 ms, 40 alternating runs). Modules take its
 * types with `import type` and its values from here.
 */
export function grpcJs(): typeof GrpcJs {
  loaded ??= require('@grpc/grpc-js') as typeof GrpcJs;
  return loaded;
}
