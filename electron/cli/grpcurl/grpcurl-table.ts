import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FerryRun } from '../cli-test-kit';

/** Test data for grpcurl-cli.test.ts: real-world grpcurl command lines and what grpcurl prints for them. */
export interface TableContext {
  addr: string;
  tlsAddr: string;
  mtlsAddr: string;
  noReflectionAddr: string;
  guardedAddr: string;
  socket: string;
  protoRoot: string;
  protoset: string;
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

interface Expected {
  code: number;
  stdout?: string | RegExp;
  stderr?: string | RegExp;
}

export interface GrpcurlCase {
  name: string;
  args: (c: TableContext) => string[];
  stdin?: string | Uint8Array;
  env?: Record<string, string>;
  expect: (c: TableContext) => Expected;
  /** Further checks on what the command left behind. */
  after?: (c: TableContext, run: FerryRun) => void;
}

const BENCH = 'ferry.testing.v1.Bench';
const ECHO = `${BENCH}/Echo`;
const TRY = "Try 'ferry -help' for more details.\n";
const HTTP2_FORBIDS = 'HTTP/2 forbids connection-specific headers (connection, keep-alive, proxy-connection, transfer-encoding, upgrade, http2-settings), so gRPC cannot send it';

const SERVICE = `${BENCH} is a service:
service Bench {
  rpc Bidi ( stream .ferry.testing.v1.EchoRequest ) returns ( stream .ferry.testing.v1.EchoResponse );
  rpc ClientStream ( stream .ferry.testing.v1.EchoRequest ) returns ( .ferry.testing.v1.EchoResponse );
  rpc Echo ( .ferry.testing.v1.EchoRequest ) returns ( .ferry.testing.v1.EchoResponse );
  rpc Fail ( .ferry.testing.v1.FailRequest ) returns ( .ferry.testing.v1.EchoResponse );
  rpc Inspect ( .ferry.testing.v1.Everything ) returns ( .ferry.testing.v1.Everything );
  rpc ServerStream ( .ferry.testing.v1.StreamRequest ) returns ( stream .ferry.testing.v1.EchoResponse );
  rpc Slow ( .ferry.testing.v1.SlowRequest ) returns ( .ferry.testing.v1.EchoResponse );
}
`;

const METHODS = ['Bidi', 'ClientStream', 'Echo', 'Fail', 'Inspect', 'ServerStream', 'Slow'].map((m) => `${BENCH}.${m}\n`).join('');

/** The details the bench server's Fail sends: google.rpc types its reflection does not know, then one it does. */
const FAIL_DETAILS = [
  ['ErrorInfo', 'Cg1CRU5DSF9GQUlMVVJFEhBiZW5jaC5mZXJyeS50ZXN0GgwKB2F0dGVtcHQSATE='],
  ['BadRequest', 'ChwKB21lc3NhZ2USEW11c3Qgbm90IGJlIGVtcHR5'],
  ['RetryInfo', 'CggIAhCAyrXuAQ=='],
  ['DebugInfo', 'ChFiZW5jaC1zZXJ2ZXIudHM6MRIRdGhyb3duIG9uIHB1cnBvc2U='],
  ['QuotaFailure', 'ChwKDXByb2plY3Q6YmVuY2gSC2RhaWx5IGxpbWl0'],
  ['PreconditionFailure', 'ChoKA1RPUxIFYmVuY2gaDG5vdCBhY2NlcHRlZA=='],
  ['ResourceInfo', 'CgViZW5jaBICYjEaBWZlcnJ5IgdtaXNzaW5n'],
  ['Help', 'CiUKBGRvY3MSHWh0dHBzOi8vYmVuY2guZmVycnkudGVzdC9oZWxw'],
  ['LocalizedMessage', 'CgVlbi1VUxIUU29tZXRoaW5nIHdlbnQgd3Jvbmc='],
];

function failBlock(code: string, message: string): string {
  const details = FAIL_DETAILS.map(([name, value], i) => [
    `  ${i + 1})\t{`,
    `    \t  "@error": "google.rpc.${name} is not recognized; see @value for raw binary message data",`,
    `    \t  "@type": "type.googleapis.com/google.rpc.${name}",`,
    `    \t  "@value": "${value}"`,
    '    \t}',
  ].join('\n'));
  const node = ['  10)\t{', '     \t  "@type": "type.googleapis.com/ferry.testing.v1.Node",', '     \t  "name": "custom-detail"', '     \t}'].join('\n');
  return `ERROR:\n  Code: ${code}\n  Message: ${message}\n  Details:\n${details.join('\n')}\n${node}\n`;
}

const protoc = (...args: string[]) => execFileSync('protoc', args, { encoding: 'utf8' });

export const GRPCURL_TABLE: GrpcurlCase[] = [
  // --- list and describe by reflection
  { name: 'list services', args: (c) => ['-plaintext', c.addr, 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n`, stderr: '' }) },
  { name: 'list methods, flags with two dashes', args: (c) => ['--plaintext', c.addr, 'list', BENCH], expect: () => ({ code: 0, stdout: METHODS }) },
  {
    name: 'list an unknown service',
    args: (c) => ['-plaintext', c.addr, 'list', 'ferry.testing.v1.Nope'],
    expect: () => ({ code: 1, stdout: '', stderr: 'Failed to list methods for service "ferry.testing.v1.Nope": Symbol not found: ferry.testing.v1.Nope\n' }),
  },
  {
    name: 'list a message, not a service',
    args: (c) => ['-plaintext', c.addr, 'list', 'ferry.testing.v1.EchoRequest'],
    expect: () => ({ code: 1, stderr: 'Failed to list methods for service "ferry.testing.v1.EchoRequest": Service not found: ferry.testing.v1.EchoRequest\n' }),
  },
  { name: 'describe a service, -flag=true', args: (c) => ['-plaintext=true', c.addr, 'describe', BENCH], expect: () => ({ code: 0, stdout: SERVICE }) },
  {
    name: 'describe a message',
    args: (c) => ['-plaintext', c.addr, 'describe', 'ferry.testing.v1.EchoRequest'],
    expect: () => ({ code: 0, stdout: 'ferry.testing.v1.EchoRequest is a message:\nmessage EchoRequest {\n  string message = 1;\n  int32 payload_size = 2;\n}\n' }),
  },
  {
    name: 'describe an enum with a leading dot',
    args: (c) => ['-plaintext', c.addr, 'describe', '.ferry.testing.v1.Color'],
    expect: () => ({ code: 0, stdout: 'ferry.testing.v1.Color is an enum:\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n  COLOR_GREEN = 2;\n}\n' }),
  },
  {
    name: 'describe a method',
    args: (c) => ['-plaintext', c.addr, 'describe', `${BENCH}.ServerStream`],
    expect: () => ({ code: 0, stdout: `${BENCH}.ServerStream is a method:\nrpc ServerStream ( .ferry.testing.v1.StreamRequest ) returns ( stream .ferry.testing.v1.EchoResponse );\n` }),
  },
  {
    name: 'describe a message with -msg-template (proto names: @grpc/reflection sends no json_name)',
    args: (c) => ['-plaintext', '-msg-template', c.addr, 'describe', 'ferry.testing.v1.StreamRequest'],
    expect: () => ({
      code: 0,
      stdout: `ferry.testing.v1.StreamRequest is a message:
message StreamRequest {
  string message = 1;
  int32 count = 2;
  int32 interval_ms = 3;
  int32 payload_size = 4;
  int32 fail_after = 5;
}

Message template:
{
  "message": "",
  "count": 0,
  "interval_ms": 0,
  "payload_size": 0,
  "fail_after": 0
}
`,
    }),
  },
  { name: 'describe everything the server lists', args: (c) => ['-plaintext', c.addr, 'describe'], expect: () => ({ code: 0, stdout: SERVICE }) },
  {
    name: 'describe an unknown symbol',
    args: (c) => ['-plaintext', c.addr, 'describe', 'ferry.testing.v1.Missing'],
    expect: () => ({ code: 1, stdout: '', stderr: 'Failed to resolve symbol "ferry.testing.v1.Missing": Symbol not found: ferry.testing.v1.Missing\n' }),
  },
  {
    name: 'list on a server without reflection',
    args: (c) => ['-plaintext', c.noReflectionAddr, 'list'],
    expect: () => ({ code: 1, stderr: 'Failed to list services: server does not support the reflection API\n' }),
  },
  // --- schema from files, no server
  { name: '-proto with -import-path, then list', args: (c) => ['-import-path', c.protoRoot, '-proto', 'ferry/testing/v1/bench.proto', 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n` }) },
  { name: '-protoset, then list a service', args: (c) => ['-protoset', c.protoset, 'list', BENCH], expect: () => ({ code: 0, stdout: METHODS }) },
  {
    name: '-protoset, then describe a message',
    args: (c) => ['-protoset', c.protoset, 'describe', 'ferry.testing.v1.Node'],
    expect: () => ({ code: 0, stdout: 'ferry.testing.v1.Node is a message:\nmessage Node {\n  string name = 1;\n  repeated .ferry.testing.v1.Node children = 2;\n}\n' }),
  },
  {
    name: '-proto keeps doc comments in describe',
    args: (c) => ['-proto', 'ferry/testing/v1/bench.proto', '-import-path', c.protoRoot, 'describe', `${BENCH}.Echo`],
    expect: () => ({
      code: 0,
      stdout: `${BENCH}.Echo is a method:\n// Echoes the message; request metadata comes back as response headers\n// (prefixed \`echo-\`) and trailers (prefixed \`trailer-echo-\`).\nrpc Echo ( .ferry.testing.v1.EchoRequest ) returns ( .ferry.testing.v1.EchoResponse );\n`,
    }),
  },
  {
    name: 'a missing protoset file',
    args: (c) => ['-protoset', join(c.dir, 'absent.pb'), 'list'],
    expect: (c) => ({ code: 1, stderr: `Failed to process proto descriptor sets.: could not load protoset file "${join(c.dir, 'absent.pb')}": open ${join(c.dir, 'absent.pb')}: no such file or directory\n` }),
  },
  // --- unary calls
  { name: 'unary call with -d', args: (c) => ['-plaintext', '-d', '{"message": "hello"}', c.addr, ECHO], expect: () => ({ code: 0, stdout: '{\n  "message": "hello"\n}\n', stderr: '' }) },
  { name: 'service.method form and -d=value', args: (c) => ['-plaintext', '-d={"message":"dot"}', c.addr, `${BENCH}.Echo`], expect: () => ({ code: 0, stdout: '{\n  "message": "dot"\n}\n' }) },
  { name: 'no request data sends an empty message', args: (c) => ['-plaintext', c.addr, ECHO], expect: () => ({ code: 0, stdout: '{}\n' }) },
  {
    name: '-d @ with a heredoc',
    args: (c) => ['-plaintext', '-d', '@', c.addr, ECHO],
    stdin: '{\n  "message": "from a heredoc",\n  "payload_size": 3\n}\n',
    expect: () => ({ code: 0, stdout: '{\n  "message": "from a heredoc",\n  "payload": "YWFh"\n}\n' }),
  },
  {
    name: '-protoset with a server: JSON names from the descriptor set',
    args: (c) => ['-protoset', c.protoset, '-plaintext', '-d', '{"payloadSize": 2}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: '{\n  "payload": "YWE="\n}\n' }),
  },
  {
    name: '-emit-defaults',
    args: (c) => ['-plaintext', '-emit-defaults', '-d', '{"message":"x"}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: '{\n  "message": "x",\n  "index": 0,\n  "payload": ""\n}\n' }),
  },
  {
    name: '-keep-proto-names with a descriptor set',
    args: (c) => ['-protoset', c.protoset, '-keep-proto-names', '-plaintext', '-d', '{"message":"k","count":1}', c.addr, `${BENCH}/ServerStream`],
    expect: () => ({ code: 0, stdout: '{\n  "message": "k"\n}\n' }),
  },
  {
    name: '-allow-unknown-fields ignores what the schema lacks',
    args: (c) => ['-plaintext', '-allow-unknown-fields', '-d', '{"message":"ok","no_such_field":1}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: '{\n  "message": "ok"\n}\n' }),
  },
  {
    name: '-d @FILE (a Ferry addition grpcurl would reject as JSON)',
    args: (c) => ['-plaintext', '-d', `@${join(c.dir, 'request.json')}`, c.addr, ECHO],
    expect: () => ({ code: 0, stdout: '{\n  "message": "from a file"\n}\n' }),
  },
  {
    name: '-rpc-header reaches the call',
    args: (c) => ['-plaintext', '-v', '-rpc-header', 'x-call-only: yes', '-d', '{}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: /\nRequest metadata to send:\nx-call-only: yes\n[^]*\necho-x-call-only: yes\n/ }),
  },
  {
    name: '-rpc-header is not sent with reflection',
    args: (c) => ['-plaintext', '-rpc-header', 'authorization: Bearer s3cret', c.guardedAddr, 'list'],
    expect: () => ({
      code: 1,
      stderr: "Warning: The -rpc-header argument is not used with 'list' or 'describe' verb.\nFailed to list services: rpc error: code = Unauthenticated desc = missing authorization header\n",
    }),
  },
  {
    name: '-use-reflection with -proto: reflection lists, the files fill in',
    args: (c) => ['-plaintext', '-use-reflection', '-proto', 'ferry/testing/v1/bench.proto', '-import-path', c.protoRoot, c.addr, 'list'],
    expect: () => ({ code: 0, stdout: `${BENCH}\n` }),
  },
  // --- streams
  {
    name: 'server stream',
    args: (c) => ['-plaintext', '-d', '{"message":"s","count":3}', c.addr, `${BENCH}/ServerStream`],
    expect: () => ({ code: 0, stdout: '{\n  "message": "s"\n}\n{\n  "message": "s",\n  "index": 1\n}\n{\n  "message": "s",\n  "index": 2\n}\n' }),
  },
  {
    name: 'client stream from a heredoc',
    args: (c) => ['-plaintext', '-d', '@', c.addr, `${BENCH}/ClientStream`],
    stdin: '{"message": "a"}\n{"message": "b"}\n{"message": "c"}\n',
    expect: () => ({ code: 0, stdout: '{\n  "message": "a,b,c",\n  "index": 3\n}\n' }),
  },
  {
    name: 'a malformed message in a heredoc stream is placed in the whole input',
    args: (c) => ['-plaintext', '-d', '@', c.addr, `${BENCH}/ClientStream`],
    stdin: '{"message": "a"}\n  {"message": "b",}\n',
    expect: () => ({ code: 1, stdout: '', stderr: `Error invoking method "${BENCH}/ClientStream": error getting request data: message 2: invalid JSON at line 2, column 18: trailing comma\n` }),
  },
  {
    name: '-d @ with invalid UTF-8 on stdin names the byte offset',
    args: (c) => ['-plaintext', '-d', '@', c.addr, ECHO],
    stdin: Buffer.concat([Buffer.from('{"message":\n"caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
    expect: () => ({ code: 1, stdout: '', stderr: `Error invoking method "${ECHO}": error getting request data: <stdin>:2: not valid UTF-8: byte 0xe9 at offset 16\n` }),
  },
  {
    name: 'bidi stream from stdin with -d @-',
    args: (c) => ['-plaintext', '-d', '@-', c.addr, `${BENCH}/Bidi`],
    stdin: '{"message": "one"}{"message": "two"}',
    expect: () => ({ code: 0, stdout: '{\n  "message": "one"\n}\n{\n  "message": "two",\n  "index": 1\n}\n' }),
  },
  // --- text format
  {
    name: '-format text',
    args: (c) => ['-plaintext', '-format', 'text', '-d', 'message: "t" payload_size: 2', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: 'message: "t"\npayload: "aa"\n' }),
  },
  {
    name: '-format text separates streamed responses with 0x1E',
    args: (c) => ['-plaintext', '-format=text', '-d', 'message: "s" count: 2', c.addr, `${BENCH}/ServerStream`],
    expect: () => ({ code: 0, stdout: 'message: "s"\n\x1emessage: "s"\nindex: 1\n' }),
  },
  {
    name: '-format text client stream, messages separated by 0x1E',
    args: (c) => ['-plaintext', '-format', 'text', '-d', '@', c.addr, `${BENCH}/ClientStream`],
    stdin: 'message: "x"\x1emessage: "y"',
    expect: () => ({ code: 0, stdout: 'message: "x,y"\nindex: 2\n' }),
  },
  // --- headers
  {
    name: '-H repeated, with -v',
    args: (c) => ['-plaintext', '-v', '-H', 'x-trace: 1', '-H', 'X-User: ada', '-d', '{"message":"v"}', c.addr, ECHO],
    expect: () => ({
      code: 0,
      stdout: new RegExp(`^
Resolved method descriptor:
rpc Echo \\( \\.ferry\\.testing\\.v1\\.EchoRequest \\) returns \\( \\.ferry\\.testing\\.v1\\.EchoResponse \\);

Request metadata to send:
x-trace: 1
x-user: ada

Response headers received:
content-type: application/grpc\\+proto
date: [^\\n]+ GMT
echo-x-trace: 1
echo-x-user: ada

Response contents:
\\{
  "message": "v"
\\}

Response trailers received:
trailer-echo-x-trace: 1
trailer-echo-x-user: ada
Sent 1 request and received 1 response
$`),
    }),
  },
  {
    name: '-reflect-header reaches reflection behind an auth proxy',
    args: (c) => ['-plaintext', '-reflect-header', 'authorization: Bearer s3cret', c.guardedAddr, 'list'],
    expect: () => ({ code: 0, stdout: `${BENCH}\n` }),
  },
  {
    name: 'reflection refused without the header',
    args: (c) => ['-plaintext', c.guardedAddr, 'list'],
    expect: () => ({ code: 1, stderr: 'Failed to list services: rpc error: code = Unauthenticated desc = missing authorization header\n' }),
  },
  {
    name: '-H with a header HTTP/2 forbids is refused before anything is dialed',
    args: (c) => ['-plaintext', '-H', 'Connection: close', '-d', '{"message":"x"}', c.addr, ECHO],
    expect: () => ({ code: 2, stdout: '', stderr: `Invalid header: metadata "connection": ${HTTP2_FORBIDS}\n${TRY}` }),
  },
  {
    name: '-reflect-header with a header HTTP/2 forbids, then list',
    args: (c) => ['-plaintext', '-reflect-header', 'transfer-encoding: chunked', c.addr, 'list'],
    expect: () => ({ code: 2, stdout: '', stderr: `Invalid header: metadata "transfer-encoding": ${HTTP2_FORBIDS}\n${TRY}` }),
  },
  {
    name: '-expand-headers takes a secret from the environment',
    args: (c) => ['-plaintext', '-expand-headers', '-H', 'authorization: Bearer ${TOKEN}', c.guardedAddr, 'list'],
    env: { TOKEN: 's3cret' },
    expect: () => ({ code: 0, stdout: `${BENCH}\n` }),
  },
  {
    name: '-expand-headers with a missing variable',
    args: (c) => ['-plaintext', '-expand-headers', '-H', 'authorization: ${NO_SUCH_VARIABLE}', c.addr, 'list'],
    expect: () => ({ code: 1, stderr: 'Failed to expand additional headers: header "authorization: ${NO_SUCH_VARIABLE}" refers to missing environment variable "NO_SUCH_VARIABLE"\n' }),
  },
  // --- errors from the server
  {
    name: 'an error status with rich details, exit 64 + code',
    args: (c) => ['-plaintext', '-d', '{"code": 5, "message": "no such order"}', c.addr, `${BENCH}/Fail`],
    expect: () => ({ code: 69, stdout: '', stderr: failBlock('NotFound', 'no such order') }),
  },
  {
    name: '-format-error prints the status as JSON',
    args: (c) => ['-plaintext', '-format-error', '-d', '{"code": 3, "message": "bad"}', c.addr, `${BENCH}/Fail`],
    expect: () => ({ code: 67, stderr: /^\{\n {2}"code": 3,\n {2}"message": "bad",\n {2}"details": \[\n {4}\{\n {6}"@error": "google\.rpc\.ErrorInfo is not recognized;[^]*"name": "custom-detail"\n {4}\}\n {2}\]\n\}$/ }),
  },
  {
    name: '-max-time ends a slow call',
    args: (c) => ['-plaintext', '-max-time', '0.5', '-d', '{"delay_ms": 5000}', c.addr, `${BENCH}/Slow`],
    expect: () => ({ code: 68, stderr: 'ERROR:\n  Code: DeadlineExceeded\n  Message: context deadline exceeded\n' }),
  },
  {
    name: '-max-msg-sz limits responses',
    args: (c) => ['-protoset', c.protoset, '-plaintext', '-max-msg-sz', '64', '-d', '{"payload_size": 1000}', c.addr, ECHO],
    expect: () => ({ code: 72, stderr: /^ERROR:\n {2}Code: ResourceExhausted\n {2}Message: .*larger than max/ }),
  },
  // --- errors before the call
  {
    name: 'an unknown method',
    args: (c) => ['-plaintext', c.addr, `${BENCH}/Nope`],
    expect: () => ({ code: 1, stderr: `Error invoking method "${BENCH}/Nope": service "${BENCH}" does not include a method named "Nope"\n` }),
  },
  {
    name: 'an unknown service',
    args: (c) => ['-plaintext', c.addr, 'acme.Orders/Get'],
    expect: () => ({ code: 1, stderr: 'Error invoking method "acme.Orders/Get": target server does not expose service "acme.Orders"\n' }),
  },
  {
    name: 'a method name without a service',
    args: (c) => ['-plaintext', c.addr, 'Echo'],
    expect: () => ({ code: 1, stderr: 'Error invoking method "Echo": given method name "Echo" is not in expected format: \'service/method\' or \'service.method\'\n' }),
  },
  {
    name: 'two messages for a unary method',
    args: (c) => ['-plaintext', '-d', '{"message":"a"} {"message":"b"}', c.addr, ECHO],
    expect: () => ({ code: 1, stderr: `Error invoking method "${ECHO}": method "${BENCH}.Echo" is a unary RPC, but request data contained more than 1 message\n` }),
  },
  {
    name: 'a field the message does not have',
    args: (c) => ['-plaintext', '-d', '{"mesage": "typo"}', c.addr, ECHO],
    expect: () => ({ code: 1, stderr: /^Error invoking method "ferry\.testing\.v1\.Bench\/Echo": error getting request data: .*"mesage".*did you mean "message"/ }),
  },
  {
    name: 'refused connection',
    args: () => ['-plaintext', '-connect-timeout', '2', '127.0.0.1:1', 'list'],
    expect: () => ({ code: 1, stderr: 'Failed to dial target host "127.0.0.1:1": dial tcp 127.0.0.1:1: connect: connection refused\n' }),
  },
  // --- usage errors (exit 2)
  { name: 'unknown flag', args: (c) => ['-plaintex', c.addr, 'list'], expect: () => ({ code: 2, stderr: /^flag provided but not defined: -plaintex\nUsage:\n\tferry \[flags\] \[address\] \[list\|describe\] \[symbol\]\n/ }) },
  { name: '-plaintext with -insecure', args: (c) => ['-plaintext', '-insecure', c.addr, 'list'], expect: () => ({ code: 2, stderr: `The -insecure argument can only be used with TLS.\n${TRY}` }) },
  { name: '-cert without -key', args: (c) => ['-cert', c.cert, c.tlsAddr, 'list'], expect: () => ({ code: 2, stderr: `The -cert and -key arguments must be used together and both be present.\n${TRY}` }) },
  { name: 'a format grpcurl does not know', args: (c) => ['-plaintext', '-format', 'yaml', c.addr, 'list'], expect: () => ({ code: 2, stderr: `The -format option must be 'json' or 'text'.\n${TRY}` }) },
  { name: 'too many arguments', args: (c) => ['-plaintext', c.addr, 'list', BENCH, 'extra'], expect: () => ({ code: 2, stderr: `Too many arguments.\n${TRY}` }) },
  { name: 'a boolean flag with a bad value', args: (c) => ['-plaintext=maybe', c.addr, 'list'], expect: () => ({ code: 2, stderr: /^invalid boolean value "maybe" for -plaintext: parse error\nUsage:/ }) },
  { name: 'a flag without its value', args: () => ['-plaintext', '-d'], expect: () => ({ code: 2, stderr: /^flag needs an argument: -d\n/ }) },
  { name: '-use-reflection=false without files', args: (c) => ['-plaintext', '-use-reflection=false', c.addr, 'list'], expect: () => ({ code: 2, stderr: `No protoset files or proto files specified and -use-reflection set to false.\n${TRY}` }) },
  { name: 'ALTS is not supported', args: (c) => ['-alts', c.addr, 'list'], expect: () => ({ code: 2, stderr: /^The -alts argument is not supported: ALTS needs Google's handshaker service/ }) },
  { name: 'a flag grpcurl does not have', args: (c) => ['-plaintext', '-no-such-flag', c.addr, 'list'], expect: () => ({ code: 2, stdout: '', stderr: /^flag provided but not defined: -no-such-flag\nUsage:\n\tferry \[flags\]/ }) },
  { name: '-h after another flag stops there and prints the usage', args: () => ['-plaintext', '-h', '-no-such-flag'], expect: () => ({ code: 0, stdout: '', stderr: /^Usage:\n\tferry \[flags\]/ }) },
  { name: '-version', args: () => ['-version'], expect: () => ({ code: 0, stdout: '', stderr: /^ferry \S+\n$/ }) },
  { name: '-help', args: () => ['-help'], expect: () => ({ code: 0, stdout: '', stderr: /^Usage:\n\tferry \[flags\] \[address\] \[list\|describe\] \[symbol\]\n[^]*\n {2}-plaintext\n {4}\tUse plain-text HTTP\/2/ }) },
  {
    name: 'warnings for flags that do nothing here',
    args: (c) => ['-plaintext', '-d', '{}', '-import-path', c.protoRoot, c.addr, 'list'],
    expect: () => ({ code: 0, stdout: `${BENCH}\n`, stderr: "Warning: The -d argument is not used with 'list' or 'describe' verb.\nWarning: The -import-path argument is not used unless -proto files are used.\n" }),
  },
  // --- TLS and transports
  { name: '-cacert', args: (c) => ['-cacert', c.ca, c.tlsAddr, 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n` }) },
  { name: '-insecure', args: (c) => ['-insecure', '-d', '{"message":"i"}', c.tlsAddr, ECHO], expect: () => ({ code: 0, stdout: '{\n  "message": "i"\n}\n' }) },
  {
    name: 'TLS without a trusted CA',
    args: (c) => [c.tlsAddr, 'list'],
    expect: (c) => ({ code: 1, stderr: `Failed to dial target host "${c.tlsAddr}": tls: failed to verify certificate: x509: certificate signed by unknown authority\n` }),
  },
  { name: 'mTLS with -cert and -key', args: (c) => ['-cacert', c.ca, '-cert', c.cert, '-key', c.key, c.mtlsAddr, 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n` }) },
  { name: '-authority names the server in the certificate', args: (c) => ['-cacert', c.ca, '-authority', 'bench.ferry.test', c.tlsAddr, 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n` }) },
  {
    name: '-servername and -authority that disagree',
    args: (c) => ['-cacert', c.ca, '-servername', 'a.test', '-authority', 'b.test', c.tlsAddr, 'list'],
    expect: () => ({ code: 2, stderr: `Cannot specify different values for -servername and -authority.\n${TRY}` }),
  },
  { name: '-unix socket', args: (c) => ['-plaintext', '-unix', c.socket, 'list'], expect: () => ({ code: 0, stdout: `${BENCH}\n` }) },
  {
    name: '-keepalive-time and -user-agent are accepted',
    args: (c) => ['-plaintext', '-keepalive-time', '30', '-user-agent', 'nightly-job/1.0', '-d', '{"message":"k"}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: '{\n  "message": "k"\n}\n' }),
  },
  // --- schema export
  {
    name: '-protoset-out after describe',
    args: (c) => ['-plaintext', '-protoset-out', join(c.dir, 'out.protoset'), c.addr, 'describe', BENCH],
    expect: () => ({ code: 0, stdout: SERVICE }),
    after: (c) => {
      const out = join(c.dir, 'out.protoset');
      protoc(`--descriptor_set_in=${out}`, `--descriptor_set_out=${join(c.dir, 'check.pb')}`, 'ferry_testing_v1.proto');
    },
  },
  {
    name: '-proto-out-dir after describe, files protoc compiles',
    args: (c) => ['-plaintext', '-proto-out-dir', join(c.dir, 'reflected'), c.addr, 'describe', BENCH],
    expect: () => ({ code: 0, stdout: SERVICE }),
    after: (c) => {
      const out = join(c.dir, 'reflected');
      protoc(`-I${out}`, `-o${join(c.dir, 'compiled.pb')}`, 'ferry_testing_v1.proto');
      expect(readFileSync(join(out, 'ferry_testing_v1.proto'), 'utf8')).toContain('service Bench {');
    },
  },
  {
    name: '-vv adds sizes and timing data',
    args: (c) => ['-plaintext', '-vv', '-d', '{"message":"t"}', c.addr, ECHO],
    expect: () => ({ code: 0, stdout: /\nEstimated response size: 3 bytes\n\nResponse contents:\n[^]*Sent 1 request and received 1 response\nTiming Data: [\d.]+(µs|ms|s)\n {2}Dial: [\d.]+(µs|ms|s)\n {4}BlockingDial: [\d.]+(µs|ms|s)\n {2}InvokeRPC: [\d.]+(µs|ms|s)\n$/ }),
  },
];
