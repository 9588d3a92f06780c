import { isServerStreaming, type CallKind, type CallStatus, type RichErrorDetail } from '../../../shared/model';
import { GRPC_STATUS, GRPC_STATUS_NAMES, grpcStatusName } from '../../../shared/util';
import { connectionAdvice, type ConnectionAdvice } from '../channels/connection-advice';
import { readProxyFailure } from '../channels/proxy-failure';

// Node/OpenSSL wordings seen when a handshake fails, each with what the user should change.
const TLS_CAUSES: readonly [RegExp, (advice: ConnectionAdvice) => string][] = [
  [/wrong version number|packet length too long|http request/i, (a) => `the server does not speak TLS on this port: ${a.usePlaintext}`],
  [/certificate required|handshake failure|bad certificate/i, (a) => `the server wants a client certificate it trusts: ${a.clientCertificate}`],
  [/certificate has expired|CERT_HAS_EXPIRED/i, (a) => `the server certificate has expired: ${a.expiredCertificate}`],
  [/certificate is not yet valid|CERT_NOT_YET_VALID/i, (a) => `the server certificate is not valid yet: ${a.expiredCertificate}`],
  [/altnames|hostname/i, (a) => `the server certificate does not name this host: ${a.authority}`],
  [/certificate|self[- ]signed|unable to verify|issuer/i, (a) => `the server certificate is not signed by a CA you trust: ${a.trustServerCa}`],
  [/SSL|TLS|secure/i, (a) => a.checkTls],
];

// What a gRPC, gRPC-Web or Connect server answers with; a web server or a proxy's error page says text/html.
const RPC_CONTENT_TYPE = /^application\/(?:grpc|connect|proto|json)/i;

export interface StatusContext {
  kind: CallKind;
  target: string;
  responses: number;
  sawHeaders: boolean;
  /** The content-type response header, when headers arrived. */
  contentType?: string;
  details: RichErrorDetail[];
}

/** How a transport saw the call end: the code may be anything a hostile server sent. */
export interface RawStatus {
  code: number;
  message: string;
}

/** Turns the status a transport reported into ours, making failures before any response explain themselves. */
export function describeStatus(status: RawStatus, context: StatusContext): CallStatus {
  let code: number = status.code;
  let message: string = status.message;
  if (!isStatusCode(code)) {
    ({ code, message } = invalidStatus(status));
  } else if (code === GRPC_STATUS.OK && !isServerStreaming(context.kind) && context.responses !== 1) {
    // What grpc-js's own unary and client-stream calls report; our single session type has to check it itself.
    code = GRPC_STATUS.UNIMPLEMENTED;
    message = context.responses === 0 ? 'No message received' : 'Too many responses received';
  } else if (code !== GRPC_STATUS.OK && context.contentType !== undefined && !RPC_CONTENT_TYPE.test(context.contentType)) {
    // Without this, an HTML page reads as a message frame whose "length" is the bytes "html": 1.7 GB.
    code = GRPC_STATUS.UNKNOWN;
    message = `${hostOf(context.target)} answered with content-type "${context.contentType}": it does not speak gRPC (a web server, or a proxy's error page?)`;
  } else if (code === GRPC_STATUS.UNAVAILABLE && !context.sawHeaders) {
    message = explainUnavailable(context.target, message);
  } else if (code === GRPC_STATUS.RESOURCE_EXHAUSTED && /larger than max/i.test(message)) {
    // The limit is the client's own (4 MiB by default, as grpc-js's): the user can raise it, the server is not at fault.
    message = `${message}: ${connectionAdvice().maxMessageSize}`;
  }
  return { code, name: grpcStatusName(code), message, details: context.details };
}

function isStatusCode(code: unknown): code is number {
  return Number.isInteger(code) && (code as number) >= 0 && (code as number) < GRPC_STATUS_NAMES.length;
}

/** A status code outside 0–16 ends the call as UNKNOWN, as the gRPC spec asks, saying what came. */
function invalidStatus(status: RawStatus): { code: number; message: string } {
  const raw = status.code as unknown;
  // grpc-js reports no code at all when a received message fails its decompression filter.
  if (raw === undefined || raw === null) {
    return { code: GRPC_STATUS.UNKNOWN, message: 'a response could not be decompressed: the server set the compressed flag without a grpc-encoding it named, or sent corrupt compressed data' };
  }
  const what = Number.isNaN(raw) ? 'a grpc-status that is not a number' : `grpc-status ${String(raw)}, which is not a gRPC status code (0-16)`;
  const said = status.message ? `; its message: ${status.message}` : '';
  return { code: GRPC_STATUS.UNKNOWN, message: `the server sent ${what}${said}` };
}

function hostOf(target: string): string {
  return target.replace(/^dns:\/{0,3}/, '');
}

/** An UNAVAILABLE before any response, in one sentence with the setting that likely fixes it. */
export function explainUnavailable(target: string, raw: string): string {
  // A proxied channel has asked its proxy already (channels/proxy-failure.ts).
  const proxied = readProxyFailure(raw ?? '');
  if (proxied?.kind === 'refused') return proxied.message;
  if (proxied) return `cannot reach ${hostOf(target)} through ${proxied.proxy}: ${explainReason(target, proxied.reason)}`;
  return explainReason(target, raw ?? '');
}

/** grpc-js's reason for a connection that failed, with the setting that likely fixes it. */
function explainReason(target: string, raw: string): string {
  const message = tidyMessage(raw);
  const where = hostOf(target);
  const advice = connectionAdvice();
  const tls = TLS_CAUSES.find(([pattern]) => pattern.test(message));
  if (tls) return `TLS handshake with ${where} failed (${message}); ${tls[1](advice)}`;
  if (/ECONNREFUSED|ENOENT|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|Name resolution/i.test(message)) return `cannot reach ${where}: ${message}`;
  // Node's HTTP/2 session fails this way when the other end answers in HTTP/1.1 or in some other protocol.
  if (/^Protocol error$|ERR_HTTP2_(?:ERROR|SESSION_ERROR)/.test(message)) {
    return `${where} does not speak gRPC (HTTP/2): ${message}; is it an HTTP/1.1 server, or another protocol on this port?`;
  }
  // What grpc-js says when a plaintext client meets a TLS server: the connection dies without a readable reason.
  if (/^Failed to connect$/.test(message)) return `cannot connect to ${where}: ${message} (if the server uses TLS, ${advice.useTls})`;
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
