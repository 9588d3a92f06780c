import { describe, expect, it } from 'vitest';
import { FerryFailure } from '../../../shared/errors';
import { proxyRoute } from './proxy-route';

const api = { host: 'api.example.com', port: 443 };

function failure(run: () => unknown): string {
  try {
    run();
  } catch (reason) {
    if (reason instanceof FerryFailure) return `${reason.error.code}: ${reason.error.message}`;
    throw reason;
  }
  throw new Error('expected a failure');
}

describe('proxyRoute', () => {
  it('takes the setting over the environment, and direct over both', () => {
    const env = { https_proxy: 'http://env-proxy:8080' };
    expect(proxyRoute('http://set:3128', api, undefined, env)).toMatchObject({ host: 'set', port: 3128, address: 'set:3128', source: 'the proxy setting' });
    expect(proxyRoute('direct', api, undefined, env)).toBeUndefined();
    expect(proxyRoute('DIRECT', api, undefined, env)).toBeUndefined();
    expect(proxyRoute(undefined, api, undefined, env)).toMatchObject({ host: 'env-proxy', port: 8080, source: 'https_proxy' });
    expect(proxyRoute('  ', api, undefined, env)).toMatchObject({ source: 'https_proxy' });
    expect(proxyRoute(undefined, api, undefined, {})).toBeUndefined();
  });

  it('reads the variables in grpc-js order, a bare host:port as http', () => {
    expect(proxyRoute(undefined, api, undefined, { http_proxy: 'h:1', https_proxy: 's:2', grpc_proxy: 'g:3' })).toMatchObject({ host: 'g', port: 3, source: 'grpc_proxy' });
    expect(proxyRoute(undefined, api, undefined, { http_proxy: 'h:1', HTTPS_PROXY: 's:2' })).toMatchObject({ host: 's', source: 'HTTPS_PROXY' });
    expect(proxyRoute(undefined, api, undefined, { HTTP_PROXY: 'http://h:1' })).toMatchObject({ host: 'h', port: 1 });
  });

  it('decodes credentials and never puts them in the address', () => {
    const route = proxyRoute('http://al%40ice:p%3Ass@proxy:3128', api);
    expect(route).toMatchObject({ credentials: 'al@ice:p:ss', address: 'proxy:3128' });
  });

  it('bypasses hosts the no_proxy list names, as curl does', () => {
    const env = { https_proxy: 'http://p:1', no_proxy: 'localhost, .internal.corp,example.com,10.0.0.0/8' };
    expect(proxyRoute(undefined, { host: 'localhost', port: 1 }, undefined, env)).toBeUndefined();
    expect(proxyRoute(undefined, { host: 'a.internal.corp', port: 1 }, undefined, env)).toBeUndefined();
    expect(proxyRoute(undefined, api, undefined, env)).toBeUndefined();
    expect(proxyRoute(undefined, { host: '10.2.3.4', port: 1 }, undefined, env)).toBeUndefined();
    expect(proxyRoute(undefined, { host: '11.2.3.4', port: 1 }, undefined, env)).toMatchObject({ host: 'p' });
    expect(proxyRoute(undefined, { host: 'notexample.com', port: 1 }, undefined, env)).toMatchObject({ host: 'p' });
    expect(proxyRoute(undefined, api, undefined, { https_proxy: 'http://p:1', no_proxy: '*' })).toBeUndefined();
    expect(proxyRoute(undefined, api, undefined, { https_proxy: 'http://p:1', no_grpc_proxy: 'api.example.com', no_proxy: '' })).toBeUndefined();
  });

  it('lets the setting through even for a host no_proxy names', () => {
    expect(proxyRoute('http://p:1', { host: 'localhost', port: 1 }, undefined, { no_proxy: '*' })).toMatchObject({ host: 'p' });
  });

  it('refuses what it cannot use, naming where it came from and hiding the password', () => {
    expect(failure(() => proxyRoute('https://p:1', api))).toBe('BAD_INPUT: the proxy setting: https:// proxies are not supported; Ferry speaks to HTTP proxies (http://host:port), which tunnel TLS with CONNECT');
    expect(failure(() => proxyRoute('socks5://p:1', api))).toMatch(/^BAD_INPUT: the proxy setting: socks5:\/\/ proxies are not supported/);
    expect(failure(() => proxyRoute('http://proxy.corp', api))).toBe('BAD_INPUT: the proxy setting: the proxy URL http://proxy.corp needs a port, such as http://proxy.corp:3128');
    expect(failure(() => proxyRoute(undefined, api, undefined, { https_proxy: 'http://p:1/path' }))).toBe('BAD_INPUT: https_proxy: a proxy URL is scheme, host and port only; remove "/path"');
    const bad = failure(() => proxyRoute('http://me:secret@[bad', api));
    expect(bad).toMatch(/^BAD_INPUT: the proxy setting: "http:\/\/me:\*\*\*@\[bad" is not a proxy URL/);
    expect(bad).not.toContain('secret');
  });
});
