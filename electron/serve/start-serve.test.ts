import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryApi } from '../../shared/api';
import { rendererContentSecurityPolicy } from '../../shared/api';
import { rawGet, upgradeStatus, type RawResponse } from './testing/raw-http';
import { SECRET_TEXT, STAND_IN_TITLE, startServeFixture, type ServeFixture } from './testing/serve-fixture';

describe('startServe: access control', () => {
  let fx: ServeFixture<FerryApi>;
  let port: number;
  let token: string;
  beforeAll(async () => {
    fx = await startServeFixture();
    ({ port, token } = fx.serve);
  });
  afterAll(() => fx.close());

  const page = (query = `?token=${token}`, headers: Record<string, string> = {}) => rawGet(port, `/${query}`, headers);
  const api = (query = `?token=${token}`, headers: Record<string, string> = {}) => upgradeStatus(`${fx.apiUrl}${query}`, headers);

  it('prints a loopback URL with a 32-byte base64url token', () => {
    expect(fx.serve.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the page with the token, with the security headers and the renderer CSP (plus our WebSocket)', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<title>${STAND_IN_TITLE}</title>`);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(rendererContentSecurityPolicy([`ws://127.0.0.1:${port}`]));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['set-cookie']?.[0]).toBe(`ferry_token_${port}=${token}; Path=/; HttpOnly; SameSite=Strict`);
  });

  it('accepts localhost:<port> as Host and our own Origin', async () => {
    expect((await page(undefined, { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect(await api(undefined, { origin: `http://127.0.0.1:${port}` })).toBe(101);
  });

  // Queries are functions: the token is only known once the server runs.
  const good = () => `?token=${token}`;
  const refusals: [string, () => string, Record<string, string>][] = [
    ['no token', () => '', {}],
    ['a wrong token', () => '?token=wrong', {}],
    ['a token one character off', () => `?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, {}],
    ['a foreign Origin', good, { origin: 'https://evil.example' }],
    ['the null Origin', good, { origin: 'null' }],
    ['our host on another port as Origin', good, { origin: 'http://127.0.0.1:1' }],
    ['a foreign Host (DNS rebinding)', good, { host: 'evil.example' }],
    ['our host name on another port as Host', good, { host: 'localhost:80' }],
  ];

  it.each(refusals)('refuses the page with %s (403)', async (_label, query, headers) => {
    const res: RawResponse = await page(query(), headers);
    expect(res.status).toBe(403);
    expect(res.headers['content-security-policy']).toBe(rendererContentSecurityPolicy([`ws://127.0.0.1:${port}`]));
    expect(res.body).not.toContain(STAND_IN_TITLE);
  });

  it.each(refusals)('refuses the WebSocket upgrade with %s (403)', async (_label, query, headers) => {
    expect(await api(query(), headers)).toBe(403);
  });

  it('lets assets and the socket use the cookie the page left behind, and only for this port', async () => {
    const cookie = `ferry_token_${port}=${token}`;
    expect((await rawGet(port, '/assets/app.js', { cookie })).status).toBe(200);
    expect(await api('', { cookie })).toBe(101);
    expect((await rawGet(port, '/assets/app.js', { cookie: `ferry_token_1=${token}` })).status).toBe(403);
    expect((await rawGet(port, '/assets/app.js')).status).toBe(403);
  });

  it('binds 127.0.0.1 only', async () => {
    expect(fx.serve.address).toEqual({ address: '127.0.0.1', family: 'IPv4', port });
    const probe = (host: string) =>
      new Promise<string>((resolve) => {
        const req = request({ host, port, path: '/', agent: false }, () => resolve('answered'));
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        req.end();
      });
    expect(await probe('::1')).not.toBe('answered');
    // Any non-loopback address of this machine must not reach the server either.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info !== undefined && !info.internal && info.family === 'IPv4');
    if (external) expect(await probe(external.address)).toBe('ECONNREFUSED');
  });
});

describe('startServe: static files', () => {
  let fx: ServeFixture<FerryApi>;
  let get: (path: string, method?: string) => Promise<RawResponse>;
  beforeAll(async () => {
    fx = await startServeFixture();
    get = (path, method) => rawGet(fx.serve.port, path, { cookie: `ferry_token_${fx.serve.port}=${fx.serve.token}` }, method);
  });
  afterAll(() => fx.close());

  it('serves assets with their content types', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for app routes, but not for missing assets', async () => {
    const route = await get('/collections/orders');
    expect(route.status).toBe(200);
    expect(route.body).toContain(STAND_IN_TITLE);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00'])(
    'refuses the traversal attempt %s',
    async (path) => {
      const res = await get(path);
      expect(res.body).not.toContain(SECRET_TEXT);
      expect([403, 400, 404]).toContain(res.status);
      if (path.includes('%2f') || path.includes('%5c')) expect(res.status).toBe(403);
    },
  );

  it('answers HEAD without a body, other methods with 405, and plain GET /api with 426', async () => {
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/api')).status).toBe(426);
  });
});

describe('startServe: odd requests', () => {
  let fx: ServeFixture<FerryApi>;
  beforeAll(async () => {
    fx = await startServeFixture();
  });
  afterAll(() => fx.close());

  it('survives an unparseable URL on the page and on the upgrade path', async () => {
    const { port, token } = fx.serve;
    expect((await rawGet(port, 'http://[bad')).status).toBe(400);
    expect(await upgradeStatus(`${fx.apiUrl}?token=${token}`.replace('/api', '/other'))).toBe(404);
    expect(await upgradeStatus(fx.apiUrl.replace('/api', '/other'))).toBe(403);
    expect((await rawGet(port, `/?token=${token}`)).status).toBe(200);
  });
});
