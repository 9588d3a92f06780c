import { fail } from '../../../shared/errors';

/** A target the user typed, checked and normalised into what grpc-js dials. */
export type ParsedTarget =
  | { kind: 'tcp'; host: string; port: number; /** What grpc-js dials, e.g. `dns:///example.com:443`. */ grpcTarget: string }
  | { kind: 'unix'; path: string; grpcTarget: string };

const EXPECTED_FORMS = 'host:port, dns:///host:port, [ipv6]:port, unix:///path or unix:/path';

function badTarget(target: string, why: string): never {
  return fail('BAD_INPUT', `invalid target "${target}": ${why}`, { expected: EXPECTED_FORMS });
}

/**
 * Parses `host:port`, `dns:///host:port`, `[::1]:50051`, `unix:///path` and `unix:/path`.
 * A port is required, as grpcurl requires it: guessing 443 would hide typos such as a missing `:50051`.
 * Anything else fails (BAD_INPUT) naming the forms that work.
 */
export function parseTarget(input: string): ParsedTarget {
  const target = input.trim();
  if (target === '') return badTarget(input, 'it is empty');
  if (target.startsWith('unix:')) return parseUnix(target);
  let hostPort = target;
  if (target.startsWith('dns:')) {
    if (!target.startsWith('dns:///')) return badTarget(target, 'only dns:///host:port (no DNS authority) is supported');
    hostPort = target.slice('dns:///'.length);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    return badTarget(target, `scheme "${target.split(':')[0]}" is not supported`);
  }
  return parseHostPort(target, hostPort);
}

function parseUnix(target: string): ParsedTarget {
  // unix:///abs/path and unix:/abs/path are absolute; unix:relative is a relative path (as in gRPC's naming doc).
  const path = target.startsWith('unix://') ? target.slice('unix://'.length) : target.slice('unix:'.length);
  if (path === '') return badTarget(target, 'the socket path is empty');
  if (target.startsWith('unix://') && !path.startsWith('/')) return badTarget(target, 'unix:// needs an absolute path (unix:///path)');
  return { kind: 'unix', path, grpcTarget: `unix:${path}` };
}

function parseHostPort(target: string, hostPort: string): ParsedTarget {
  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return badTarget(target, 'IPv6 address is missing its closing "]"');
    host = hostPort.slice(1, close);
    const rest = hostPort.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return badTarget(target, `unexpected "${rest}" after the IPv6 address`);
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon !== -1 && hostPort.indexOf(':') !== colon) return badTarget(target, 'an IPv6 address must be written in brackets, e.g. [::1]:50051');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    portText = colon === -1 ? undefined : hostPort.slice(colon + 1);
  }
  if (host === '') return badTarget(target, 'the host is empty');
  if (/[\s/?#@]/.test(host)) return badTarget(target, `"${host}" is not a valid host`);
  if (portText === undefined) return badTarget(target, 'a port is required');
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return badTarget(target, `"${portText}" is not a port (1-65535)`);
  const formatted = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { kind: 'tcp', host, port, grpcTarget: `dns:///${formatted}` };
}
