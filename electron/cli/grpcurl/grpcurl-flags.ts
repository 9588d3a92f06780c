import { printGoDefaults, type GoFlagSpec } from './go-flags';

/** Every flag grpcurl accepts, with its meaning in Ferry. ALTS flags are accepted only to say they are not supported. */
export const GRPCURL_FLAGS: readonly GoFlagSpec[] = [
  { name: 'help', kind: 'bool', usage: 'Print usage instructions and exit.' },
  { name: 'version', kind: 'bool', usage: 'Print version.' },
  { name: 'plaintext', kind: 'bool', usage: 'Use plain-text HTTP/2 when connecting to server (no TLS).' },
  { name: 'insecure', kind: 'bool', usage: 'Skip server certificate and domain verification. (NOT SECURE!) Not\nvalid with -plaintext option.' },
  { name: 'cacert', kind: 'string', usage: 'File containing trusted root certificates for verifying the server.\nIgnored if -insecure is specified.' },
  { name: 'cert', kind: 'string', usage: 'File containing client certificate (public key), to present to the\nserver. Not valid with -plaintext option. Must also provide -key option.' },
  { name: 'key', kind: 'string', usage: 'File containing client private key, to present to the server. Not valid\nwith -plaintext option. Must also provide -cert option.' },
  { name: 'alts', kind: 'bool', usage: 'Not supported by Ferry: ALTS needs Google infrastructure.' },
  { name: 'alts-handshaker-service', kind: 'string', usage: 'Not supported by Ferry (ALTS).' },
  { name: 'alts-target-service-account', kind: 'repeated', usage: 'Not supported by Ferry (ALTS).' },
  { name: 'protoset', kind: 'repeated', usage: 'The name of a file containing an encoded FileDescriptorSet, used instead of\nserver reflection. May be given more than once. Not with -proto.' },
  { name: 'proto', kind: 'repeated', usage: 'The name of a proto source file, used instead of server reflection.\nMay be given more than once. Not with -protoset.' },
  { name: 'import-path', kind: 'repeated', usage: 'A directory from which proto sources can be imported, for use with\n-proto. May be given more than once; searched in order.' },
  { name: 'H', kind: 'repeated', usage: "Additional headers in 'name: value' format. May be given more than\nonce. Also sent with reflection requests." },
  { name: 'rpc-header', kind: 'repeated', usage: "Additional RPC headers in 'name: value' format, sent only with the\nrequested RPC, not with reflection requests." },
  { name: 'reflect-header', kind: 'repeated', usage: "Additional reflection headers in 'name: value' format, sent only with\nreflection requests." },
  { name: 'expand-headers', kind: 'bool', usage: "If set, headers may use '${NAME}' to refer to environment variables\n(-H, -rpc-header and -reflect-header)." },
  { name: 'authority', kind: 'string', usage: 'The value of the ":authority" pseudo-header; with TLS also the server\nname checked in the certificate. Defaults to the address.' },
  { name: 'servername', kind: 'string', usage: 'Override server name when validating TLS certificate. Prefer -authority.' },
  { name: 'user-agent', kind: 'string', usage: 'If set, the specified value is added to the User-Agent header.' },
  { name: 'unix', kind: 'bool', usage: 'Indicates that the server address is the path to a Unix domain socket.' },
  { name: 'd', kind: 'string', usage: "Data for request contents. If the value is '@' (or '@-') the request\ncontents are read from stdin, each message sent as soon as it is read.\nFor streams of requests, give the messages one after another (see -format)." },
  { name: 'format', kind: 'string', defaultValue: 'json', usage: "The format of request data and responses: 'json' or 'text'. Text\nmessages are separated by the record separator character 0x1E." },
  { name: 'format-error', kind: 'bool', usage: 'When a non-zero status is returned, format the status using the\nvalue set by the -format flag.' },
  { name: 'allow-unknown-fields', kind: 'bool', usage: 'When true, unknown fields in JSON request data are ignored.' },
  { name: 'emit-defaults', kind: 'bool', usage: 'Emit default values for JSON-encoded responses.' },
  { name: 'keep-proto-names', kind: 'bool', usage: 'Use the original protobuf field names instead of lowerCamelCase in\nJSON responses.' },
  { name: 'connect-timeout', kind: 'float', usage: 'The maximum time, in seconds, to wait for the connection to be\nestablished. Defaults to 10 seconds.' },
  { name: 'keepalive-time', kind: 'float', usage: 'If present, the maximum idle time in seconds after which a keepalive\nprobe is sent.' },
  { name: 'max-time', kind: 'float', usage: 'The maximum total time the operation can take, in seconds.' },
  { name: 'max-msg-sz', kind: 'int', usage: 'The maximum encoded size of a response message, in bytes. Defaults\nto 4,194,304 (4 megabytes).' },
  { name: 'use-reflection', kind: 'optional-bool', usage: 'When true, server reflection is used to find the schema. Defaults to\ntrue unless -proto or -protoset is given; with them, both are used.' },
  { name: 'protoset-out', kind: 'string', usage: 'Write a FileDescriptorSet of the listed, described or invoked elements\nand their dependencies to this file.' },
  { name: 'proto-out-dir', kind: 'string', usage: 'Write the listed, described or invoked elements and their dependencies\nas .proto files into this directory.' },
  { name: 'msg-template', kind: 'bool', usage: 'When describing messages, show a template of input data.' },
  { name: 'v', kind: 'bool', usage: 'Enable verbose output.' },
  { name: 'vv', kind: 'bool', usage: 'Enable very verbose output (includes timing data).' },
];

/** grpcurl's usage text, with Ferry's name for the program. */
export function grpcurlUsage(program: string): string {
  return `Usage:
\t${program} [flags] [address] [list|describe] [symbol]

Ferry reads grpcurl command lines as grpcurl does; Ferry's own commands are
\`${program} list|describe|call|run|serve\` (see \`${program} --help\`).

The 'address' is only optional when used with 'list' or 'describe' and a
protoset or proto flag is provided.

If 'list' is indicated, the symbol (if present) should be a fully-qualified
service name. If present, all methods of that service are listed. If not
present, all exposed services are listed, or all services defined in protosets.

If 'describe' is indicated, the descriptor for the given symbol is shown. The
symbol should be a fully-qualified service, enum, or message name. If no symbol
is given then the descriptors for all exposed or known services are shown.

If neither verb is present, the symbol must be a fully-qualified method name in
'service/method' or 'service.method' format. In this case, the request body will
be used to invoke the named method. If no body is given but one is required
(i.e. the method is unary or server-streaming), an empty instance of the
method's request type will be sent.

The address will typically be in the form "host:port" where host can be an IP
address or a hostname and port is a numeric port or service name. If an IPv6
address is given, it must be surrounded by brackets, like "[2001:db8::1]". For
Unix variants, if a -unix=true flag is present, then the address must be the
path to the domain socket.

Available flags:
${printGoDefaults(GRPCURL_FLAGS)}`;
}
