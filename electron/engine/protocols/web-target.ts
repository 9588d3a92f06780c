import { fail } from '../../../shared/errors';
import { parseTarget } from '../channels/parse-target';

/** Where a web-protocol connection goes: scheme, host, port and a path prefix kept in front of every method. */
export interface WebTarget {
  secure: boolean;
  host: string;
  port: number;
  /** `''` or a path such as `/api/grpc`, without a trailing slash. */
  prefix: string;
  /** `https://host:port` (IPv6 hosts in brackets). */
  origin: string;
}

const EXPECTED = 'https://host[:port][/prefix], http://host[:port][/prefix] or host:port';

function bad(input: string, why: string): never {
  return fail('BAD_INPUT', `invalid target "${input}": ${why}`, { expected: EXPECTED });
}

/**
 * A URL (`https://api.example.com/prefix`: the scheme decides TLS and the default port) or a gRPC-style
 * `host:port`, whose TLS comes from the connection's settings. A URL whose scheme contradicts those settings
 * is an error rather than a guess.
 */
export function parseWebTarget(input: string, tls: boolean): WebTarget {
  const text = input.trim();
  if (text.startsWith('unix:')) return bad(input, 'web protocols need a host and port or a URL, not a unix socket');
  // dns:///host:port is a gRPC target form parseTarget reads; any other scheme is a URL.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.startsWith('dns:')) return parseUrl(input, text, tls);
  const parsed = parseTarget(text);
  if (parsed.kind !== 'tcp') return bad(input, 'web protocols need a host and port or a URL, not a unix socket');
  return build(tls, parsed.host, parsed.port, '');
}

function parseUrl(input: string, text: string, tls: boolean): WebTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(input, 'it is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(input, `scheme "${url.protocol.slice(0, -1)}" is not supported`);
  const secure = url.protocol === 'https:';
  if (secure !== tls) {
    const why = secure ? 'it is https:// but the connection is set to plaintext' : 'it is http:// but the connection is set to TLS';
    return bad(input, `${why}; make the scheme and the TLS setting agree`);
  }
  if (url.search || url.hash || url.username || url.password) return bad(input, 'a query, fragment or user name has no meaning here');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  return build(secure, host, port, url.pathname.replace(/\/+$/, ''));
}

function build(secure: boolean, host: string, port: number, prefix: string): WebTarget {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { secure, host, port, prefix, origin: `${secure ? 'https' : 'http'}://${hostPart}:${port}` };
}
