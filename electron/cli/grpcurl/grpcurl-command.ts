import type { GoFlags, GoFlagValue } from './go-flags';
import { badUsage } from './grpcurl-output';

/** A grpcurl command line, understood: what to do, where, and with which settings. */
export interface GrpcurlCommand {
  verb: 'list' | 'describe' | 'invoke';
  target?: string;
  symbol?: string;
  plaintext: boolean;
  insecure: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  authority?: string;
  servername?: string;
  userAgent?: string;
  unix: boolean;
  protosets: string[];
  protos: string[];
  importPaths: string[];
  headers: string[];
  rpcHeaders: string[];
  reflectHeaders: string[];
  expandHeaders: boolean;
  data?: string;
  format: 'json' | 'text';
  formatError: boolean;
  allowUnknownFields: boolean;
  emitDefaults: boolean;
  keepProtoNames: boolean;
  connectTimeout: number;
  keepaliveTime: number;
  maxTime: number;
  maxMsgSz: number;
  useReflection: boolean;
  protosetOut?: string;
  protoOutDir?: string;
  msgTemplate: boolean;
  /** 0, 1 (-v) or 2 (-vv). */
  verbosity: number;
}

/** What grpcurl checks before doing anything, with its words; warnings go to `warn` as grpcurl prints them. */
export function interpretGrpcurlFlags(flags: GoFlags, warn: (message: string) => void): GrpcurlCommand {
  const v = flags.values;
  const str = (name: string) => (v.get(name) as string | undefined) || undefined;
  const num = (name: string) => (v.get(name) as number | undefined) ?? 0;
  const bool = (name: string) => v.get(name) === true;
  const list = (name: string) => (v.get(name) as string[] | undefined) ?? [];
  const usage = badUsage;

  for (const alts of ['alts', 'alts-handshaker-service', 'alts-target-service-account']) {
    if (flags.given.has(alts)) usage(`The -${alts} argument is not supported: ALTS needs Google's handshaker service, which Ferry does not have.`);
  }
  for (const name of ['connect-timeout', 'keepalive-time', 'max-time', 'max-msg-sz']) {
    if (num(name) < 0) usage(`The -${name} argument must not be negative.`);
  }
  const plaintext = bool('plaintext');
  if (bool('insecure') && plaintext) usage('The -insecure argument can only be used with TLS.');
  if (str('cert') && plaintext) usage('The -cert argument can only be used with TLS.');
  if (str('key') && plaintext) usage('The -key argument can only be used with TLS.');
  if (!str('key') !== !str('cert')) usage('The -cert and -key arguments must be used together and both be present.');
  const format = (v.get('format') as string | undefined) ?? 'json';
  if (format !== 'json' && format !== 'text') usage("The -format option must be 'json' or 'text'.");
  if (bool('emit-defaults') && format !== 'json') warn('The -emit-defaults is only used when using json format.');
  if (bool('keep-proto-names') && format !== 'json') warn('The -keep-proto-names is only used when using json format.');

  const args = [...flags.args];
  if (args.length === 0) usage('Too few arguments.');
  const target = args[0] !== 'list' && args[0] !== 'describe' ? args.shift() : undefined;
  if (args.length === 0) usage('Too few arguments.');
  const verb = args[0] === 'list' || args[0] === 'describe' ? (args.shift() as 'list' | 'describe') : 'invoke';
  let symbol: string | undefined;
  if (verb === 'invoke') {
    symbol = args.shift();
  } else {
    if (str('d')) warn("The -d argument is not used with 'list' or 'describe' verb.");
    if (list('rpc-header').length > 0) warn("The -rpc-header argument is not used with 'list' or 'describe' verb.");
    symbol = args.shift();
  }
  if (args.length > 0) usage('Too many arguments.');
  if (verb === 'invoke' && !target) usage('No host:port specified.');
  const protosets = list('protoset');
  const protos = list('proto');
  if (protosets.length === 0 && protos.length === 0 && !target) usage('No host:port specified, no protoset specified, and no proto sources specified.');
  if (protosets.length > 0 && list('reflect-header').length > 0) warn('The -reflect-header argument is not used when -protoset files are used.');
  if (protosets.length > 0 && protos.length > 0) usage('Use either -protoset files or -proto files, but not both.');
  if (list('import-path').length > 0 && protos.length === 0) warn('The -import-path argument is not used unless -proto files are used.');
  const reflection = v.get('use-reflection') as GoFlagValue | undefined;
  if (reflection === false && protosets.length === 0 && protos.length === 0) usage('No protoset files or proto files specified and -use-reflection set to false.');

  return {
    verb,
    ...(target !== undefined && { target }),
    ...(symbol !== undefined && { symbol }),
    plaintext,
    insecure: bool('insecure'),
    ...(str('cacert') && { cacert: str('cacert') }),
    ...(str('cert') && { cert: str('cert') }),
    ...(str('key') && { key: str('key') }),
    ...(str('authority') && { authority: str('authority') }),
    ...(str('servername') && { servername: str('servername') }),
    ...(str('user-agent') && { userAgent: str('user-agent') }),
    unix: bool('unix'),
    protosets,
    protos,
    importPaths: list('import-path'),
    headers: list('H'),
    rpcHeaders: list('rpc-header'),
    reflectHeaders: list('reflect-header'),
    expandHeaders: bool('expand-headers'),
    ...(v.has('d') && { data: v.get('d') as string }),
    format,
    formatError: bool('format-error'),
    allowUnknownFields: bool('allow-unknown-fields'),
    emitDefaults: bool('emit-defaults'),
    keepProtoNames: bool('keep-proto-names'),
    connectTimeout: num('connect-timeout'),
    keepaliveTime: num('keepalive-time'),
    maxTime: num('max-time'),
    maxMsgSz: num('max-msg-sz'),
    // Reflection is the default unless files are given; -use-reflection=true with files uses both.
    useReflection: reflection === undefined ? protosets.length === 0 && protos.length === 0 : reflection === true,
    ...(str('protoset-out') && { protosetOut: str('protoset-out') }),
    ...(str('proto-out-dir') && { protoOutDir: str('proto-out-dir') }),
    msgTemplate: bool('msg-template'),
    verbosity: bool('vv') ? 2 : bool('v') ? 1 : 0,
  } as GrpcurlCommand;
}
