/**
 * Which HTTP proxy a grant's endpoints are reached through: the grant's `proxy` (as a connection's setting),
 * else the proxy environment variables, decided per endpoint host as for every other connection (proxy/).
 * A token endpoint inside the company network is then reached directly when `no_proxy` names it.
 */
import { FerryFailure, fail } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { destinationOf } from '../protocols/connect-through-proxy';
import { proxyRoute, type ProxyRoute } from '../proxy';

/** The route to `url`, or undefined to dial it directly; a malformed proxy URL fails BAD_INPUT naming the variable. */
export function endpointProxy(what: string, fields: OAuth2Grant, url: URL): ProxyRoute | undefined {
  try {
    return proxyRoute(fields.proxy, destinationOf(url), 'proxy');
  } catch (reason) {
    if (!(reason instanceof FerryFailure)) throw reason;
    // The route names the grant's field `proxy`, or the environment variable it read.
    const fromGrant = fields.proxy !== undefined && fields.proxy.trim() !== '';
    return fail('BAD_INPUT', `${what}: ${reason.error.message}`, fromGrant ? { fieldPath: 'proxy', expected: 'http://host:port, http://user:password@host:port, or direct' } : undefined);
  }
}
