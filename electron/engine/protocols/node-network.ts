import type * as Http from 'node:http';
import type * as Http2 from 'node:http2';
import type * as Https from 'node:https';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';

function whenFirstUsed<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

// Node's HTTP, TLS and zlib modules, each required when first used: a command that dials nothing (`ferry list`
// of .proto files) then loads none of them (see channels/grpc-js.ts). Modules take their types with `import type`.
export const nodeHttp = whenFirstUsed(() => require('node:http') as typeof Http);
export const nodeHttp2 = whenFirstUsed(() => require('node:http2') as typeof Http2);
export const nodeHttps = whenFirstUsed(() => require('node:https') as typeof Https);
export const nodeNet = whenFirstUsed(() => require('node:net') as typeof Net);
export const nodeTls = whenFirstUsed(() => require('node:tls') as typeof Tls);
export const nodeZlib = whenFirstUsed(() => require('node:zlib') as typeof Zlib);
