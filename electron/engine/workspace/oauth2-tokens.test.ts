import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { createTokenSource } from './oauth2-tokens';

/** A port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('OAuth 2.0 tokens (client credentials)', () => {
  let server: OAuth2Server;
  beforeAll(async () => {
    server = await startOAuth2Server({ ferry: 's3cret:+&', other: 'x' });
  });
  afterAll(() => server.close());

  const grant = (overrides = {}) => ({ tokenUrl: server.tokenUrl, clientId: 'ferry', clientSecret: 's3cret:+&', ...overrides });

  it('asks with HTTP Basic by default, form-encoded as RFC 6749 says, and reuses the token while it lasts', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    server.answer.expiresIn = 120;
    const before = server.seen.length;
    const first = await tokens.token('accessToken', grant({ scope: 'orders.read orders.write', audience: 'https://api' }));
    expect(first).toMatch(/^token-\d+$/);
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry', via: 'basic', form: { grant_type: 'client_credentials', scope: 'orders.read orders.write', audience: 'https://api' } });
    // 120 s of life, renewed 30 s early: the same token until 90 s.
    clock += 89_000;
    expect(await tokens.token('accessToken', grant({ scope: 'orders.read orders.write', audience: 'https://api' }))).toBe(first);
    expect(server.seen.length).toBe(before + 1);
    clock += 2_000;
    expect(await tokens.token('accessToken', grant({ scope: 'orders.read orders.write', audience: 'https://api' }))).not.toBe(first);
    expect(server.seen.length).toBe(before + 2);
  });

  it('sends the credentials in the form when asked, and asks once for calls that need a token at the same time', async () => {
    const tokens = createTokenSource();
    const before = server.seen.length;
    const both = await Promise.all([tokens.token('t', grant({ credentials: 'body' })), tokens.token('t', grant({ credentials: 'body' }))]);
    expect(both[0]).toBe(both[1]);
    expect(server.seen.length).toBe(before + 1);
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry', via: 'body', form: { grant_type: 'client_credentials', client_id: 'ferry', client_secret: 's3cret:+&' } });
    // Different credentials are a different token.
    await tokens.token('t', grant({ clientId: 'other', clientSecret: 'x' }));
    expect(server.seen.length).toBe(before + 2);
  });

  it('names the variable and what the endpoint said when it refuses, and asks again next time', async () => {
    const tokens = createTokenSource();
    const before = server.seen.length;
    expect(await rejectionOf(tokens.token('accessToken', grant({ clientSecret: 'wrong' })))).toEqual({
      code: 'UNAUTHENTICATED',
      message: `OAuth 2.0 token {{accessToken}}: the token endpoint ${server.tokenUrl} answered 401: invalid_client (unknown client or wrong secret)`,
    });
    await rejectionOf(tokens.token('accessToken', grant({ clientSecret: 'wrong' })));
    expect(server.seen.length).toBe(before + 2);
  });

  it('refuses an answer without a token, a URL that is not http(s), and an endpoint nobody listens on', async () => {
    const tokens = createTokenSource();
    server.answer.withoutToken = true;
    try {
      expect((await rejectionOf(tokens.token('t', grant()))).message).toBe('OAuth 2.0 token {{t}}: the token endpoint answered without an access_token');
    } finally {
      server.answer.withoutToken = false;
    }
    expect(await rejectionOf(tokens.token('t', grant({ tokenUrl: 'ftp://auth/token' })))).toMatchObject({ code: 'BAD_INPUT', message: 'OAuth 2.0 token {{t}}: tokenUrl "ftp://auth/token" is not an http(s) URL' });
    expect(await rejectionOf(tokens.token('t', grant({ tokenUrl: 'not a url' })))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('is not a URL') });
    const port = await closedPort();
    expect(await rejectionOf(tokens.token('t', grant({ tokenUrl: `http://127.0.0.1:${port}/token` })))).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringMatching(new RegExp(`^OAuth 2\\.0 token \\{\\{t\\}\\}: cannot reach the token endpoint http://127\\.0\\.0\\.1:${port}/token: .*ECONNREFUSED`)),
    });
  });
});
