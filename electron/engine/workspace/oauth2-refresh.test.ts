import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { browseSignIn, startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { createTokenSource } from './oauth2-tokens';

describe('OAuth 2.0 refresh tokens (RFC 6749 §6), kept in memory and renewed with', () => {
  let server: OAuth2Server;
  beforeAll(async () => {
    server = await startOAuth2Server({ ferry: 's3cret' }, { publicClients: ['ferry-app'] });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.answer.refreshTokens = true;
    server.answer.refuseRefresh = false;
    server.answer.expiresIn = 120;
  });

  const grant = { tokenUrl: '', clientId: 'ferry', clientSecret: 's3cret', scope: 'orders.read' };
  const clientCredentials = () => ({ ...grant, tokenUrl: server.tokenUrl });
  const asked = (from: number) => server.seen.slice(from).map((seen) => seen.form);

  it('renews a due token with its refresh token, as the client, with the scope, and takes the rotated one', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const before = server.seen.length;
    const first = await tokens.token('t', clientCredentials());
    clock += 91_000;
    const second = await tokens.token('t', clientCredentials());
    expect(second).not.toBe(first);
    expect(server.seen.at(-1)).toEqual({ clientId: 'ferry', via: 'basic', form: { grant_type: 'refresh_token', refresh_token: expect.stringMatching(/^refresh-/), scope: 'orders.read' } });
    // Rotation: the server took back the first refresh token (reusing it would be refused, and the token asked
    // for again with client credentials); the next renewal uses the new one.
    clock += 91_000;
    expect(await tokens.token('t', clientCredentials())).not.toBe(second);
    const forms = asked(before);
    expect(forms.map((form) => form.grant_type)).toEqual(['client_credentials', 'refresh_token', 'refresh_token']);
    expect(forms[2]!.refresh_token).not.toBe(forms[1]!.refresh_token);
  });

  it('falls back to asking again when the endpoint refuses the refresh, and drops the refused refresh token', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const before = server.seen.length;
    await tokens.token('t', clientCredentials());
    server.answer.refuseRefresh = true;
    server.answer.refreshTokens = false;
    clock += 91_000;
    expect(await tokens.token('t', clientCredentials())).toMatch(/^token-\d+$/);
    clock += 91_000;
    await tokens.token('t', clientCredentials());
    expect(asked(before).map((form) => form.grant_type)).toEqual(['client_credentials', 'refresh_token', 'client_credentials', 'client_credentials']);
  });

  it('renews by refresh token, not reuse, after a call was refused with the token (forget)', async () => {
    const tokens = createTokenSource();
    const before = server.seen.length;
    const first = await tokens.token('t', clientCredentials());
    tokens.forget([first]);
    expect(await tokens.token('t', clientCredentials())).not.toBe(first);
    expect(asked(before).map((form) => form.grant_type)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('asks a person to sign in again when a sign-in\'s refresh token is refused, sending nothing more', async () => {
    let clock = 1_000_000;
    const tokens = createTokenSource({ now: () => clock });
    const signInGrant = { grant: 'authorization_code' as const, tokenUrl: server.tokenUrl, authUrl: server.authUrl, clientId: 'ferry-app' };
    const signIn = await tokens.signIn('accessToken', signInGrant);
    await browseSignIn(signIn.url);
    const { token } = await signIn.done;
    expect(await tokens.token('accessToken', signInGrant)).toBe(token);
    clock += 91_000;
    const renewed = await tokens.token('accessToken', signInGrant);
    expect(renewed).not.toBe(token);
    // A public client names itself in the form, with no secret and no Basic header.
    expect(server.seen.at(-1)).toMatchObject({ via: 'body', form: { grant_type: 'refresh_token', client_id: 'ferry-app' } });
    expect(server.seen.at(-1)!.form.client_secret).toBeUndefined();

    server.answer.refuseRefresh = true;
    clock += 91_000;
    const before = server.seen.length;
    expect(await rejectionOf(tokens.token('accessToken', signInGrant))).toEqual({
      code: 'UNAUTHENTICATED',
      message: `OAuth 2.0 token {{accessToken}}: the sign-in has expired (the token endpoint ${server.tokenUrl} answered 400: invalid_grant): sign in again (use Sign in in the environment editor)`,
    });
    // The refused refresh token is gone: the next use asks nothing of the endpoint.
    await rejectionOf(tokens.token('accessToken', signInGrant));
    expect(server.seen.length).toBe(before + 1);
  });
});

