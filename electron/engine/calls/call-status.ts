import * as grpc from '@grpc/grpc-js';
import type { CallKind, CallStatus, RichErrorDetail } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';

// Node/OpenSSL wordings seen when a handshake fails, each with what the user should change (grpcurl's flags).
const TLS_CAUSES: readonly [RegExp, string][] = [
  [/wrong version number|packet length too long|http request/i, 'the server does not speak TLS on this port: use --plaintext'],
  [/certificate required|handshake failure|bad certificate/i, 'the server wants a client certificate it trusts: pass --cert and --key'],
  [/altnames|hostname/i, 'the server certificate does not name this host: use --authority with a name it holds, or --insecure'],
  [/certificate|self[- ]signed|unable to verify|issuer/i, 'the server certificate is not signed by a CA you trust: pass --cacert with its CA, or --insecure'],
  [/SSL|TLS|secure/i, 'check --plaintext (server without TLS) and --cacert (CA of the server certificate)'],
];

/** Turns the status grpc-js reported into ours, making failures before any response explain themselves. */
export function describeStatus(
  status: grpc.StatusObject,
  context: { kind: CallKind; target: string; responses: number; sawHeaders: boolean; details: RichErrorDetail[] },
): CallStatus {
  let code = status.code;
  let message = status.details;
  if (code === grpc.status.OK && expectsOneResponse(context.kind) && context.responses !== 1) {
    // What grpc-js's own unary and client-stream calls report; our single session type has to check it itself.
    code = grpc.status.UNIMPLEMENTED;
    message = context.responses === 0 ? 'No message received' : 'Too many responses received';
  } else if (code === grpc.status.UNAVAILABLE && !context.sawHeaders) {
    message = explainUnavailable(context.target, message);
  }
  return { code, name: grpcStatusName(code), message, details: context.details };
}

function expectsOneResponse(kind: CallKind): boolean {
  return kind === 'unary' || kind === 'client-stream';
}

/** An UNAVAILABLE before any response, in one sentence with the flag that likely fixes it. */
export function explainUnavailable(target: string, raw: string): string {
  const message = tidyMessage(raw);
  const where = target.replace(/^dns:\/{0,3}/, '');
  const tls = TLS_CAUSES.find(([pattern]) => pattern.test(message));
  if (tls) return `TLS handshake with ${where} failed (${message}); ${tls[1]}`;
  if (/ECONNREFUSED|ENOENT|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|Name resolution/i.test(message)) return `cannot reach ${where}: ${message}`;
  // What grpc-js says when a plaintext client meets a TLS server: the connection dies without a readable reason.
  if (/^Failed to connect$/.test(message)) return `cannot connect to ${where}: ${message} (if the server uses TLS, drop --plaintext)`;
  return message;
}

/** Strips grpc-js's wrapping and OpenSSL's source locations, keeping the reason. */
function tidyMessage(message: string): string {
  return message
    .replace(/^No connection established\. Last error: /, '')
    .replace(/\s*\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '')
    .replace(/\.?\s*Resolution note: ?$/, '')
    .replace(/^(?:Error(?: \[[A-Z_]+\])?: )/, '')
    .replace(/[0-9A-F]+:error:[0-9A-F]+:SSL routines:[a-z0-9_]+:([^:]+):[^\n]*/, 'SSL: $1')
    .trim();
}
