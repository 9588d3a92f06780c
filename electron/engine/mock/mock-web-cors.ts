/**
 * CORS for the mock's web listener: the pages that call it are served from another origin (a front end's dev
 * server), so browsers ask first (a preflight) and only hand the answer to the page when it names the page's
 * origin. Every answer echoes the origin (`*` for a request without one) and exposes the headers gRPC-Web and
 * Connect clients read (and the metadata a case sends as headers, so a page's client sees it too); a preflight allows GET (Connect's, for unary calls), POST and the headers such clients send, plus any it asks for (a
 * mock has no reason to refuse a header an app adds as metadata).
 */
import type { HeaderOf } from './mock-web-wires';

/** What connect-es, grpc-web and Ferry send besides metadata (a browser sends the safelisted ones freely). */
const ALLOWED_HEADERS = [
  'content-type',
  'connect-protocol-version',
  'connect-timeout-ms',
  'connect-content-encoding',
  'connect-accept-encoding',
  'content-encoding',
  'x-grpc-web',
  'x-user-agent',
  'grpc-timeout',
  'grpc-encoding',
  'grpc-accept-encoding',
];

/** gRPC-Web clients read the status from headers when it comes without a body; the rest are the protocols' own. */
const EXPOSED_HEADERS = ['grpc-status', 'grpc-message', 'grpc-status-details-bin', 'grpc-encoding', 'grpc-accept-encoding', 'connect-content-encoding', 'connect-accept-encoding', 'content-encoding'];

/** What a page may read of an answer: the protocols' headers, and `names`, the metadata this answer carries as headers. */
export function exposedHeaders(names: readonly string[] = []): string {
  return [...EXPOSED_HEADERS, ...names].join(', ');
}

/** The CORS headers of every answer. */
export function corsHeaders(header: HeaderOf): Record<string, string> {
  const origin = header('origin');
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-expose-headers': exposedHeaders(),
    // A page that sends cookies is answered only when its own origin is named and credentials are allowed.
    ...(origin !== undefined && { 'access-control-allow-credentials': 'true', vary: 'Origin' }),
  };
}

/** The answer to a preflight (OPTIONS): what the page may send. */
export function preflightHeaders(header: HeaderOf): Record<string, string> {
  const asked = (header('access-control-request-headers') ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  return {
    ...corsHeaders(header),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': [...new Set([...ALLOWED_HEADERS, ...asked])].join(', '),
    'access-control-max-age': '7200',
    vary: 'Origin, Access-Control-Request-Headers',
  };
}
