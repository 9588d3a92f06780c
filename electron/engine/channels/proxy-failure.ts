/**
 * Why a gRPC channel through an HTTP proxy failed. grpc-js opens the CONNECT tunnel itself and drops the
 * proxy's answer (it logs the status and rejects with nothing), so its calls end UNAVAILABLE with "Last
 * error: undefined". The channel then asks the proxy once more itself (`proxyRefusal`) and words the status
 * so `calls/call-status.ts` can finish it: a refusal is a sentence of its own, anything else is grpc-js's
 * reason behind `through proxy host:port (source): `, which the call layer explains as for a direct channel.
 */
import { openTunnel, ProxyTunnelError, type Destination, type ProxyRoute } from '../proxy';
import { connectionAdvice } from './connection-advice';

/** Long enough for a proxy that answers at all; the call's status waits for it. */
export const PROBE_TIMEOUT_MS = 3_000;

/** The proxy named as every message names it: its address and where the setting came from (never the password). */
export function proxyName(route: ProxyRoute): string {
  return `proxy ${route.address} (${route.source})`;
}

/**
 * Asks the proxy for a tunnel to `destination` once: undefined when it opens one, else why not (the proxy's
 * refusal, or that it cannot be reached), as the sentence a status shows. Never rejects: a status waits on it.
 */
export async function proxyRefusal(route: ProxyRoute, destination: Destination): Promise<string | undefined> {
  try {
    (await openTunnel(route, destination, PROBE_TIMEOUT_MS)).destroy();
    return undefined;
  } catch (reason) {
    // openTunnel rejects with nothing else; were it to, grpc-js's own reason is still worth showing.
    if (!(reason instanceof ProxyTunnelError)) return undefined;
    // No HTTP status: the proxy itself is unreachable or silent, so the setting (or the variable) is the suspect.
    return reason.status === undefined ? `${reason.message}; ${connectionAdvice().checkProxy}` : reason.message;
  }
}

/** grpc-js's reason for a failure after the proxy opened the tunnel, marked for the call layer to explain. */
export function throughProxy(route: ProxyRoute, reason: string): string {
  return `through ${proxyName(route)}: ${reason}`;
}

export type ProxyFailure =
  /** The proxy refused the tunnel (or could not be reached): the message says all. */
  | { kind: 'refused'; message: string }
  /** The tunnel opened; `reason` is grpc-js's, still to be explained. */
  | { kind: 'through'; proxy: string; reason: string };

// ProxyTunnelError's sentences start with the proxy's name ("proxy host:port (source) refused…", "cannot reach proxy…").
const REFUSED = /^(?:cannot reach )?proxy \S+ \([^)]*\)[: ]/;
const THROUGH = /^through (proxy \S+ \([^)]*\)): ([\s\S]*)$/;

/** Reads back what a proxied channel (or a web transport's tunnel) wrote; undefined for a direct channel's reason. */
export function readProxyFailure(message: string): ProxyFailure | undefined {
  const through = THROUGH.exec(message);
  if (through) return { kind: 'through', proxy: through[1]!, reason: through[2]! };
  return REFUSED.test(message) ? { kind: 'refused', message } : undefined;
}
