import { describe, expect, it } from 'vitest';
import { explainUnavailable } from '../calls/call-status';
import { readProxyFailure } from './proxy-failure';

describe('a proxied channel\'s reasons, read back by the call layer', () => {
  it('takes a proxy\'s refusal as the whole sentence, whatever words it holds', () => {
    const refused = 'proxy ssl-gw.corp:3128 (https_proxy) refused to open a tunnel to api:443: 403 Forbidden; the proxy does not allow this destination (or this port)';
    expect(readProxyFailure(refused)).toEqual({ kind: 'refused', message: refused });
    expect(explainUnavailable('dns:///api:443', refused)).toBe(refused);
    const unreachable = 'cannot reach proxy 127.0.0.1:1 (the proxy setting): ECONNREFUSED; set Proxy …';
    expect(explainUnavailable('dns:///api:443', unreachable)).toBe(unreachable);
  });

  it('explains grpc-js\'s reason behind an open tunnel as for a direct channel, naming the proxy', () => {
    const raw = 'through proxy 127.0.0.1:3128 (the proxy setting): No connection established. Last error: Error: self-signed certificate in certificate chain (2026-01-01T00:00:00.000Z)';
    expect(readProxyFailure(raw)).toMatchObject({ kind: 'through', proxy: 'proxy 127.0.0.1:3128 (the proxy setting)' });
    expect(explainUnavailable('dns:///localhost:8443', raw)).toMatch(
      /^cannot reach localhost:8443 through proxy 127\.0\.0\.1:3128 \(the proxy setting\): TLS handshake with localhost:8443 failed \(self-signed certificate in certificate chain\); the server certificate is not signed by a CA you trust/,
    );
  });

  it('leaves a direct channel\'s reasons alone', () => {
    expect(readProxyFailure('No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1')).toBeUndefined();
    expect(explainUnavailable('dns:///127.0.0.1:1', 'connect ECONNREFUSED 127.0.0.1:1')).toBe('cannot reach 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1');
  });
});
