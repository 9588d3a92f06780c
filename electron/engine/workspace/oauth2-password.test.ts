import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../tests/kit/failure-of';
import type { OAuth2Grant } from '../../../shared/model';
import { startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { createTokenSource } from './oauth2-tokens';

describe('OAuth 2.0 tokens (password grant, RFC 6749 §4.3)', () => {
  let server: OAuth2Server;
  beforeAll(async () => {
    server = await startOAuth2Server({ ferry: 's3cret' }, { publicClients: ['ferry-cli'], users: { alice: 'wonder land&=', bob: 'builder' } });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.answer.expiresIn = 120;
    server.answer.refuseRefresh = false;
    server.answer.quotePassword = false;
  });

  const grant = (overrides: Partial<OAuth2Grant> = {}): OAuth2Grant => ({ grant: 'password', tokenUrl: server.tokenUrl, clientId: 'ferry', clientSecret: 's3cret', username: 'alice', password: 'wonder land&=', ...overrides });
  const asked = (from: number) => server.seen.slice(from).map((seen) => seen.form.grant_type);

  it('asks with the user\'s name and password, the scope and audience, the client by HTTP Basic, and reuses the token while it lasts', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const before = server.seen.length;
    const first = await tokens.token('userToken', grant({ scope: 'orders.read', audience: 'https://api' }));
    expect(first).toMatch(/^token-\d+$/);
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry', via: 'basic', form: { grant_type: 'password', username: 'alice', password: 'wonder land&=', scope: 'orders.read', audience: 'https://api' } });
    clock += 89_000;
    expect(await tokens.token('userToken', grant({ scope: 'orders.read', audience: 'https://api' }))).toBe(first);
    expect(server.seen.length).toBe(before + 1);
  });

  it('keeps a token per user: another name or password is another token', async () => {
    const tokens = createTokenSource();
    const before = server.seen.length;
    const alice = await tokens.token('t', grant());
    const bob = await tokens.token('t', grant({ username: 'bob', password: 'builder' }));
    expect(bob).not.toBe(alice);
    expect(await tokens.token('t', grant())).toBe(alice);
    await rejectionOf(tokens.token('t', grant({ password: 'builder' })));
    expect(server.seen.length).toBe(before + 3);
  });

  it('sends a public client\'s id in the form, with no secret and no Basic header', async () => {
    const tokens = createTokenSource();
    await tokens.token('t', { grant: 'password', tokenUrl: server.tokenUrl, clientId: 'ferry-cli', username: 'bob', password: 'builder' });
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry-cli', via: 'body', form: { grant_type: 'password', username: 'bob', password: 'builder', client_id: 'ferry-cli' } });
  });

  it('names the variable and what the endpoint said of a wrong password, never the password, even when the endpoint quotes it', async () => {
    const tokens = createTokenSource();
    const refused = await rejectionOf(tokens.token('userToken', grant({ password: 'not-her-pa55word' })));
    expect(refused).toEqual({ code: 'UNAUTHENTICATED', message: `OAuth 2.0 token {{userToken}}: the token endpoint ${server.tokenUrl} answered 400: invalid_grant (wrong name or password for alice)` });
    server.answer.quotePassword = true;
    const quoted = await rejectionOf(tokens.token('userToken', grant({ password: 'not-her-pa55word' })));
    expect(quoted.message).toBe(`OAuth 2.0 token {{userToken}}: the token endpoint ${server.tokenUrl} answered 400: invalid_grant (wrong password "***" for alice)`);
    expect(JSON.stringify([refused, quoted])).not.toContain('pa55word');
  });

  it('renews a due token with its refresh token, and asks with the password again when the refresh is refused', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const before = server.seen.length;
    const first = await tokens.token('t', grant());
    clock += 91_000;
    const second = await tokens.token('t', grant());
    expect(second).not.toBe(first);
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry', via: 'basic', form: { grant_type: 'refresh_token', refresh_token: expect.stringMatching(/^refresh-/) } });
    server.answer.refuseRefresh = true;
    clock += 91_000;
    expect(await tokens.token('t', grant())).toMatch(/^token-\d+$/);
    expect(asked(before)).toEqual(['password', 'refresh_token', 'refresh_token', 'password']);
  });
});
