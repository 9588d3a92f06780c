import type { FlagSpec } from './parse-args';

/** Where the schema comes from: files when given, else server reflection. */
export const SCHEMA_FLAGS: FlagSpec[] = [
  { name: 'proto', value: true, repeat: true },
  { name: 'import-path', short: 'I', value: true, repeat: true },
  { name: 'protoset', value: true, repeat: true },
  { name: 'reflect-header', value: true, repeat: true },
  { name: 'no-cache' },
];

/** How to reach the server. TLS is the default, as in grpcurl. */
export const CONNECTION_FLAGS: FlagSpec[] = [
  { name: 'plaintext' },
  { name: 'insecure' },
  { name: 'cacert', value: true },
  { name: 'cert', value: true },
  { name: 'key', value: true },
  { name: 'pfx', value: true },
  { name: 'pass-env', value: true },
  { name: 'authority', value: true },
  { name: 'proxy', value: true },
  { name: 'header', short: 'H', value: true, repeat: true },
  { name: 'keepalive-time', value: true },
  { name: 'max-msg-size', value: true },
  { name: 'compress', value: true },
  { name: 'connect-timeout', value: true },
  { name: 'protocol', value: true },
  { name: 'http1' },
  { name: 'http2' },
  { name: 'codec', value: true },
];

export const OUTPUT_FLAGS: FlagSpec[] = [
  { name: 'format', value: true },
  { name: 'emit-defaults' },
  { name: 'verbose', short: 'v' },
];

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h' };

/** `--protoset-out FILE` and `--proto-out-dir DIR`: the schema a command used, as grpcurl's -protoset-out/-proto-out-dir. */
export const EXPORT_FLAGS: FlagSpec[] = [
  { name: 'protoset-out', value: true },
  { name: 'proto-out-dir', value: true },
];
