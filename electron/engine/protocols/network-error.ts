import { connectionAdvice } from '../channels/connection-advice';
import { ProxyTunnelError } from '../proxy';
import { Status } from './status-codes';
import type { HttpVersion } from './web-protocol';

/**
 * A socket, TLS or HTTP/2 session failure as gRPC reports one: UNAVAILABLE with Node's own words (which
 * the call layer's `explainUnavailable` turns into advice, e.g. which TLS flag to use), plus a hint where
 * the HTTP version is the likely cause. A proxy's refusal is a finished sentence the call layer keeps as it
 * is (channels/proxy-failure.ts reads it); one that cannot be reached gets the advice a gRPC channel's gets.
 */
export function networkFailure(error: Error, version: HttpVersion | undefined): { code: number; message: string } {
  if (error instanceof ProxyTunnelError) {
    return { code: Status.UNAVAILABLE, message: error.status === undefined ? `${error.message}; ${connectionAdvice().checkProxy}` : error.message };
  }
  const code = (error as NodeJS.ErrnoException).code ?? '';
  // Streams waiting on a session that failed to connect carry the session's reason inside this wording.
  let message = (error.message || code || 'connection failed').replace(/^The pending stream has been canceled \(caused by: ([^]*)\)$/, '$1');
  if (version === '2' && /^ERR_HTTP2_(?:ERROR|SESSION_ERROR|STREAM_ERROR)$/.test(code) && /protocol error/i.test(message)) {
    message += ' (the server may not speak HTTP/2 on this port: try HTTP/1.1)';
  }
  if (code === 'HPE_INVALID_CONSTANT' || code === 'HPE_INVALID_VERSION') message += ' (the server does not answer HTTP/1.1 on this port: try HTTP/2)';
  return { code: Status.UNAVAILABLE, message };
}
