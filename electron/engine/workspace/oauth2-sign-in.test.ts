import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuth2Grant } from '../../../shared/model';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { browseSignIn, startOAuth2Server, type OAuth2Server } from '../testing/oauth2-server';
import { createTokenSource } from './oauth2-tokens';

/** Something else listening on a port of 127.0.0.1. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('signing in for an authorization code grant (PKCE, loopback redirect) in the token source', () => {
  let auth: OAuth2Server;
  beforeAll(async () => {
    auth = await startOAuth2Server({ confidential: 'app-s3cret' }, { publicClients: ['ferry-app'] });
  });
  afterAll(() => auth.close());

  const grant = (overrides: Partial<OAuth2Grant> = {}): OAuth2Grant => ({ grant: 'authorization_code', tokenUrl: auth.tokenUrl, authUrl: auth.authUrl, clientId: 'ferry-app', scope: 'openid orders', ...overrides });

  it('asks the page with PKCE S256, a random state and the loopback redirect, keeping the query the authUrl has', async () => {
    const tokens = createTokenSource();
    const signIn = await tokens.signIn('accessToken', grant({ authUrl: `${auth.authUrl}?prompt=login`, audience: 'https://api' }));
    const url = new URL(signIn.url);
    expect(url.origin + url.pathname).toBe(auth.authUrl);
    expect(signIn.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      prompt: 'login',
      response_type: 'code',
      client_id: 'ferry-app',
      redirect_uri: signIn.redirectUri,
      scope: 'openid orders',
      audience: 'https://api',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    const before = auth.seen.length;
    await browseSignIn(signIn.url);
    await signIn.done;
    // The verifier sent is the one the challenge was made from; a public client sends its id, no secret.
    const { form, via } = auth.seen[before]!;
    expect(via).toBe('body');
    expect(form).toEqual({ grant_type: 'authorization_code', code: expect.stringMatching(/^code-/), redirect_uri: signIn.redirectUri, code_verifier: expect.any(String), client_id: 'ferry-app' });
    expect(createHash('sha256').update(form.code_verifier!).digest('base64url')).toBe(url.searchParams.get('code_challenge'));
  });

  it('fails a call that needs a sign-in nobody made, asking nothing; with an interactive hook it signs in and goes on', async () => {
    const before = auth.seen.length;
    expect(await rejectionOf(createTokenSource().token('accessToken', grant()))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'OAuth 2.0 token {{accessToken}}: nobody has signed in yet (authorization code grant): use Sign in in the environment editor',
    });
    expect(auth.seen.length).toBe(before);

    const shown: string[] = [];
    const tokens = createTokenSource({ signIn: (name, url) => void (shown.push(name), browseSignIn(url)) });
    const token = await tokens.token('accessToken', grant());
    expect(shown).toEqual(['accessToken']);
    expect(await tokens.token('accessToken', grant())).toBe(token);
    expect(auth.seen.length).toBe(before + 1);
  });

  it('authenticates a confidential client as its credentials say', async () => {
    const signIn = await createTokenSource().signIn('t', grant({ clientId: 'confidential', clientSecret: 'app-s3cret' }));
    await browseSignIn(signIn.url);
    await signIn.done;
    expect(auth.seen.at(-1)).toMatchObject({ clientId: 'confidential', via: 'basic' });
    expect(auth.seen.at(-1)!.form.client_id).toBeUndefined();
  });

  it('listens on the redirectPort asked for; a port in use is named; a second sign-in for the grant cancels the first', async () => {
    const taken = await occupiedPort();
    const tokens = createTokenSource();
    try {
      expect(await rejectionOf(tokens.signIn('t', grant({ redirectPort: taken.port })))).toMatchObject({
        code: 'FAILED_PRECONDITION',
        message: `OAuth 2.0 token {{t}}: cannot listen for the sign-in's return on 127.0.0.1:${taken.port} (redirectPort): the port is in use (by another program, or another sign-in)`,
      });
    } finally {
      await new Promise((resolve) => taken.server.close(resolve));
    }
    const first = await tokens.signIn('t', grant({ redirectPort: taken.port }));
    expect(first.redirectUri).toBe(`http://127.0.0.1:${taken.port}/callback`);
    const second = await tokens.signIn('t', grant({ redirectPort: taken.port }));
    expect(await rejectionOf(first.done)).toMatchObject({ code: 'CANCELLED' });
    const { page } = await browseSignIn(second.url);
    expect(page).toContain('Signed in');
    await second.done;
  });

  it('refuses a grant that cannot sign in before listening, naming the field', async () => {
    const tokens = createTokenSource();
    expect(await rejectionOf(tokens.signIn('t', { tokenUrl: auth.tokenUrl, clientId: 'c' }))).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('only an authorization code or device code grant signs in') });
    expect(await rejectionOf(tokens.signIn('t', grant({ authUrl: undefined })))).toMatchObject({ code: 'BAD_INPUT', message: 'OAuth 2.0 token {{t}}: authUrl is required for the authorization code grant' });
    expect(await rejectionOf(tokens.signIn('t', grant({ authUrl: 'ftp://auth/authorize' })))).toMatchObject({ code: 'BAD_INPUT', message: 'OAuth 2.0 token {{t}}: authUrl "ftp://auth/authorize" is not an http(s) URL' });
  });

  it('answers 404 on any other path, and stops listening when cancelled', async () => {
    const signIn = await createTokenSource().signIn('t', grant());
    const other = await fetch(signIn.redirectUri!.replace('/callback', '/favicon.ico'));
    expect(other.status).toBe(404);
    await other.text();
    signIn.cancel();
    expect(await rejectionOf(signIn.done)).toEqual({ code: 'CANCELLED', message: 'OAuth 2.0 token {{t}}: the sign-in was cancelled' });
    await expect(fetch(signIn.redirectUri!)).rejects.toThrow();
  });
});
