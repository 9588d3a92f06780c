import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OAuth2Grant } from '../../../shared/model';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { startConnectProxy, type ConnectProxy } from '../testing/connect-proxy';
import { makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { createTokenSource } from './oauth2-tokens';

describe('OAuth 2.0 token endpoints through an HTTP proxy', () => {
  let certs: TestCertificates;
  let plain: OAuth2Server;
  /** HTTPS with a certificate from the test CA, as an identity provider behind a company's CA. */
  let company: OAuth2Server;
  let proxy: ConnectProxy;
  let guarded: ConnectProxy;
  let refusing: ConnectProxy;
  beforeAll(async () => {
    certs = makeTestCertificates();
    plain = await startOAuth2Server({ ferry: 's3cret' }, { publicClients: ['ferry-cli'] });
    company = await startOAuth2Server({ ferry: 's3cret' }, { tls: { cert: Buffer.concat([certs.serverCert, certs.caCert]), key: certs.serverKey } });
    proxy = await startConnectProxy();
    guarded = await startConnectProxy({ credentials: 'ada:pr0xy-pass' });
    refusing = await startConnectProxy({ refuse: [hostOf(plain.tokenUrl)] });
  });
  afterAll(async () => {
    await Promise.all([plain, company, proxy, guarded, refusing].map((server) => server?.close()));
    certs?.dispose();
  });

  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['grpc_proxy', 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_grpc_proxy', 'no_proxy', 'NO_PROXY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** `host:port` of an endpoint URL, as a CONNECT names it. */
  function hostOf(url: string): string {
    return new URL(url).host;
  }
  const grant = (server: OAuth2Server, overrides: Partial<OAuth2Grant> = {}): OAuth2Grant => ({ tokenUrl: server.tokenUrl, clientId: 'ferry', clientSecret: 's3cret', ...overrides });
  /** The tunnels `through` opened while `action` ran. */
  async function tunnelsDuring<T>(through: ConnectProxy, action: () => Promise<T>): Promise<{ result: T; tunnels: string[] }> {
    const before = through.tunnels.length;
    const result = await action();
    return { result, tunnels: through.tunnels.slice(before) };
  }

  it('fetches a client credentials token through the grant\'s proxy', async () => {
    const { result, tunnels } = await tunnelsDuring(proxy, () => createTokenSource().token('accessToken', grant(plain, { proxy: proxy.url })));
    expect(result).toMatch(/^token-\d+$/);
    expect(tunnels).toEqual([hostOf(plain.tokenUrl)]);
    expect(plain.seen.at(-1)).toMatchObject({ clientId: 'ferry', via: 'basic', form: { grant_type: 'client_credentials' } });
  });

  it('answers a proxy\'s 407 with the user and password in its URL', async () => {
    const { result, tunnels } = await tunnelsDuring(guarded, () => createTokenSource().token('t', grant(plain, { proxy: `http://ada:pr0xy-pass@127.0.0.1:${guarded.port}` })));
    expect(result).toMatch(/^token-\d+$/);
    expect(tunnels).toEqual([hostOf(plain.tokenUrl)]);
  });

  it('speaks TLS inside the tunnel to an https endpoint, trusting the CA of caCertPath, and still fails an untrusted certificate as TLS_ERROR', async () => {
    const trusted = grant(company, { caCertPath: certs.path('ca-cert'), proxy: proxy.url });
    const { result, tunnels } = await tunnelsDuring(proxy, () => createTokenSource().token('accessToken', trusted));
    expect(result).toMatch(/^token-\d+$/);
    expect(tunnels).toEqual([hostOf(company.tokenUrl)]);
    const untrusted = await rejectionOf(createTokenSource().token('accessToken', grant(company, { proxy: proxy.url })));
    expect(untrusted).toMatchObject({ code: 'TLS_ERROR', message: expect.stringContaining(`the token endpoint ${company.tokenUrl} failed the certificate check (self-signed certificate in certificate chain): set caCertPath`) });
  });

  it('goes through the environment\'s proxy without a proxy field; `direct` and no_proxy bypass it', async () => {
    process.env.https_proxy = proxy.url;
    const viaEnv = await tunnelsDuring(proxy, () => createTokenSource().token('t', grant(plain)));
    expect(viaEnv.tunnels).toEqual([hostOf(plain.tokenUrl)]);
    const asked = proxy.asked.length;
    expect(await createTokenSource().token('t', grant(plain, { proxy: 'direct' }))).toMatch(/^token-\d+$/);
    process.env.no_proxy = '127.0.0.1';
    expect(await createTokenSource().token('t', grant(plain))).toMatch(/^token-\d+$/);
    expect(proxy.asked.length).toBe(asked);
  });

  it('asks the device authorization endpoint and polls the token endpoint through the proxy', async () => {
    const tokens = createTokenSource({ pollSecondMs: 1 });
    const device: OAuth2Grant = { grant: 'device_code', tokenUrl: plain.tokenUrl, deviceAuthUrl: plain.deviceAuthUrl, clientId: 'ferry-cli', proxy: proxy.url };
    const { result, tunnels } = await tunnelsDuring(proxy, async () => {
      const signIn = await tokens.signIn('userToken', device);
      plain.approveDevice(signIn.userCode!);
      return signIn.done;
    });
    expect(result.token).toMatch(/^token-\d+$/);
    expect(tunnels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tunnels)).toEqual(new Set([hostOf(plain.tokenUrl)]));
  });

  it('names the token endpoint and the proxy when the tunnel is refused, and never the proxy\'s password', async () => {
    const refused = await rejectionOf(createTokenSource().token('accessToken', grant(plain, { proxy: refusing.url })));
    expect(refused).toEqual({
      code: 'CONNECTION_FAILED',
      message: `OAuth 2.0 token {{accessToken}}: cannot reach the token endpoint ${plain.tokenUrl}: proxy 127.0.0.1:${refusing.port} (proxy) refused to open a tunnel to ${hostOf(plain.tokenUrl)}: 403 Forbidden; the proxy does not allow this destination (or this port)`,
    });
    process.env.https_proxy = `http://ada:wr0ng-pass@127.0.0.1:${guarded.port}`;
    const wrong = await rejectionOf(createTokenSource().token('t', grant(plain)));
    expect(wrong.message).toBe(
      `OAuth 2.0 token {{t}}: cannot reach the token endpoint ${plain.tokenUrl}: proxy 127.0.0.1:${guarded.port} (https_proxy) refused to open a tunnel to ${hostOf(plain.tokenUrl)}: 407 Proxy Authentication Required; it did not accept the user name and password in the proxy URL`,
    );
    expect(JSON.stringify(wrong)).not.toContain('wr0ng-pass');
  });

  it('counts the tunnel in the exchange\'s timeout, saying it was the proxy that did not answer', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const slow = await rejectionOf(createTokenSource({ timeoutMs: 200 }).token('t', grant(plain, { proxy: `http://127.0.0.1:${port}` })));
    expect(slow).toEqual({ code: 'CONNECTION_FAILED', message: `OAuth 2.0 token {{t}}: cannot reach the token endpoint ${plain.tokenUrl}: proxy 127.0.0.1:${port} (proxy) did not open a tunnel to ${hostOf(plain.tokenUrl)} within 0.2 s` });
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('refuses a malformed proxy URL as BAD_INPUT naming the variable and the field, its password hidden', async () => {
    const bad = await rejectionOf(createTokenSource().token('accessToken', grant(plain, { proxy: 'http://me:hidden@proxy.corp' })));
    expect(bad).toEqual({
      code: 'BAD_INPUT',
      message: 'OAuth 2.0 token {{accessToken}}: proxy: the proxy URL http://proxy.corp needs a port, such as http://proxy.corp:3128',
      details: { fieldPath: 'proxy', expected: 'http://host:port, http://user:password@host:port, or direct' },
    });
  });
});
