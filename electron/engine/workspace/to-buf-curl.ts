import type { RequestFile } from '../../../shared/model';
import { shellQuote } from './shell-words';

const BUF_PROTOCOL = { 'grpc-web': 'grpcweb', 'grpc-web-text': 'grpcweb', connect: 'connect' } as const;

/** The method's URL: the target as written when it is a URL, else `http(s)://host:port`, then `/pkg.Service/Method`. */
function methodUrl(request: RequestFile): string {
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(request.target) ? request.target : `${request.tls.mode === 'tls' ? 'https' : 'http'}://${request.target}`;
  return `${base.replace(/\/+$/, '')}/${request.method}`;
}

/** What buf curl cannot say about this request, each as one comment line above the command. */
function notes(request: RequestFile): string[] {
  const lines = ['# grpcurl cannot call gRPC-Web or Connect endpoints; this is the same request as a buf curl command.'];
  if (request.protocol === 'grpc-web-text') lines.push('# buf curl speaks binary gRPC-Web only; the server must also accept application/grpc-web+proto.');
  if (request.codec === 'json') lines.push('# buf curl sends Connect with the proto codec; this request uses json.');
  if (request.httpVersion === '1.1' && request.tls.mode === 'tls') lines.push('# buf curl negotiates the HTTP version over TLS (HTTP/2 preferred); this request forces HTTP/1.1.');
  return lines;
}

function tlsFlags(request: RequestFile): string[][] {
  const { tls } = request;
  if (tls.mode === 'plaintext') return request.httpVersion === '2' ? [['--http2-prior-knowledge']] : [];
  const flags: string[][] = [];
  if (tls.insecureSkipVerify) flags.push(['--insecure']);
  if (tls.caCertPath !== undefined) flags.push(['--cacert', tls.caCertPath]);
  if (tls.certPath !== undefined) flags.push(['--cert', tls.certPath]);
  if (tls.keyPath !== undefined) flags.push(['--key', tls.keyPath]);
  if (tls.authority !== undefined) flags.push(['--servername', tls.authority]);
  return flags;
}

function schemaFlags(request: RequestFile): string[][] {
  const { schema } = request;
  if (schema.kind === 'reflection') return [];
  // buf reads a descriptor set by its extension; `#format=binpb` names the format whatever the file is called.
  if (schema.kind === 'descriptor-set') return schema.files.map((file) => ['--schema', `${file}#format=binpb`]);
  return schema.files.map((file) => ['--schema', file]);
}

/**
 * A web-protocol request as `buf curl` (which speaks gRPC-Web and Connect, as grpcurl does not), one flag per
 * line with `\` continuations, after comment lines saying why and what buf curl cannot express. `request`
 * has its variables as the caller wants them (substituted or not).
 */
export function toBufCurlCommand(request: RequestFile): string {
  const lines: string[][] = [['buf', 'curl'], ['--protocol', BUF_PROTOCOL[request.protocol as keyof typeof BUF_PROTOCOL]], ...tlsFlags(request), ...schemaFlags(request)];
  for (const entry of request.metadata) if (entry.enabled) lines.push(['-H', `${entry.key}: ${entry.value}`]);
  if (request.deadlineMs !== undefined) lines.push(['--timeout', `${request.deadlineMs / 1000}s`]);
  if (request.messages.length > 0) lines.push(['-d', request.messages.join('\n')]);
  lines.push([methodUrl(request)]);
  return [...notes(request), lines.map((words) => words.map(shellQuote).join(' ')).join(' \\\n  ')].join('\n');
}
