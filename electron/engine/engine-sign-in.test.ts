import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TokenTrial } from '../../shared/api';
import { ok, unwrap, type Result } from '../../shared/errors';
import type { EnvironmentVariable } from '../../shared/model';
import { tempDir } from '../../tests/kit/temp-dir';
import { createClientHub } from './clients';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { collectCall } from './testing/engine-test-kit';
import { browseSignIn, startOAuth2Server, type OAuth2Server } from './testing/oauth2-server';
import { createTokenSource, serializeEnvironmentFile } from './workspace';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('signing in for an OAuth 2.0 token through the engine (authorization code with PKCE)', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({}, { publicClients: ['ferry-app'] });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });
  afterEach(() => {
    auth.answer.denySignIn = false;
    engine?.dispose();
  });

  /** A workspace whose environment `dev` has an authorization code token variable whose URLs come from variables. */
  async function openWorkspace(tokens = createTokenSource()): Promise<TokenTrial> {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    const grant = { grant: 'authorization_code' as const, tokenUrl: '{{issuer}}/token', authUrl: '{{issuer}}/authorize', clientId: 'ferry-app', scope: 'echo' };
    const variables: EnvironmentVariable[] = [
      { name: 'host', value: server.target, secret: false },
      { name: 'issuer', value: auth.tokenUrl.replace(/\/token$/, ''), secret: false },
      { name: 'accessToken', secret: true, oauth2: grant },
    ];
    writeFileSync(join(root, 'environments', 'dev.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    engine = createEngine({ tokens });
    unwrap(await engine.openWorkspace(root));
    return { variable: 'accessToken', grant, environment: 'dev' };
  }

  /** The authorization header the server saw, or why the call did not start. */
  async function echoedAuthorization(): Promise<Result<string | undefined>> {
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const started = await engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{}', variables: { environment: 'dev' } });
    if (!started.ok) return started;
    const headers = (await collectCall(engine, started.value.callId)).find((event) => event.type === 'call.headers-received');
    return ok(headers?.type === 'call.headers-received' ? headers.metadata.find((entry) => entry.key === 'echo-authorization')?.value : undefined);
  }

  it('fails a call before anything is sent until someone signs in; then the call carries the signed-in token', async () => {
    const trial = await openWorkspace();
    const calls = server.stats.calls;
    expect(await echoedAuthorization()).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'OAuth 2.0 token {{accessToken}}: nobody has signed in yet (authorization code grant): use Sign in in the environment editor' },
    });
    expect(server.stats.calls).toBe(calls);

    const started = unwrap(await engine.beginSignIn(trial));
    expect(new URL(started.url).origin + new URL(started.url).pathname).toBe(auth.authUrl);
    const asked = auth.seen.length;
    const { status, headers, page, callback } = await browseSignIn(started.url);
    expect(unwrap(await engine.finishSignIn(started.signInId))).toEqual({ expiresInS: 3600 });
    expect(status).toBe(200);
    expect(page).toContain('Signed in: Ferry has the token for {{accessToken}}. You can close this tab.');
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
    expect(page).not.toMatch(/<script|src=|href=/i);
    expect(page).not.toContain(callback.searchParams.get('code'));

    const sent = unwrap(await echoedAuthorization());
    expect(sent).toMatch(/^Bearer token-\d+$/);
    expect(page).not.toContain(sent!.slice('Bearer '.length));
    // The exchange was the only token request: the call used the token the sign-in kept.
    expect(auth.seen.length).toBe(asked + 1);
    expect(auth.seen.at(-1)!.form.grant_type).toBe('authorization_code');
    // Its end was answered: the id is gone.
    expect(await engine.finishSignIn(started.signInId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('fails a sign-in whose state does not match, or that the provider refused, saying so on the page', async () => {
    const trial = await openWorkspace();
    const forged = unwrap(await engine.beginSignIn(trial));
    const wrong = await browseSignIn(forged.url, (callback) => (callback.searchParams.set('state', 'forged'), callback));
    expect(await engine.finishSignIn(forged.signInId)).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: 'OAuth 2.0 token {{accessToken}}: state does not match: not the sign-in Ferry started' } });
    expect(wrong.status).toBe(400);
    expect(wrong.page).toContain('state does not match');
    await expect(fetch(forged.redirectUri!)).rejects.toThrow();

    auth.answer.denySignIn = true;
    const denied = unwrap(await engine.beginSignIn(trial));
    const refused = await browseSignIn(denied.url);
    expect(await engine.finishSignIn(denied.signInId)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'OAuth 2.0 token {{accessToken}}: the sign-in was refused: access_denied (the user said no)' } });
    expect(refused.page).toContain('access_denied (the user said no)');
    expect(await echoedAuthorization()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('cancels when asked, gives up after the time allowed, and closes every listener with the engine', async () => {
    const trial = await openWorkspace(createTokenSource({ signInTimeoutMs: 150 }));
    const cancelled = unwrap(await engine.beginSignIn(trial));
    unwrap(await engine.cancelSignIn(cancelled.signInId));
    expect(await engine.finishSignIn(cancelled.signInId)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await expect(fetch(cancelled.redirectUri!)).rejects.toThrow();

    const late = unwrap(await engine.beginSignIn(trial));
    expect(await engine.finishSignIn(late.signInId)).toEqual({ ok: false, error: { code: 'DEADLINE_EXCEEDED', message: 'OAuth 2.0 token {{accessToken}}: nobody came back from the sign-in page within 0.15 s' } });
    await expect(fetch(late.redirectUri!)).rejects.toThrow();

    const open = unwrap(await engine.beginSignIn(trial));
    await engine.close();
    await expect(fetch(open.redirectUri!)).rejects.toThrow();
  });

  it('refuses what cannot sign in: a client credentials grant, tryToken of a sign-in grant, an unknown id', async () => {
    const trial = await openWorkspace();
    const clientCredentials = { variable: 'x', grant: { tokenUrl: auth.tokenUrl, clientId: 'c' } };
    expect(await engine.beginSignIn(clientCredentials)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(await engine.beginSignIn({ ...trial, grant: { ...trial.grant, authUrl: 'not a url' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { fieldPath: 'authUrl' } } });
    expect(await engine.tryToken(trial)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('use Sign in') } });
    expect(await engine.finishSignIn('sign-in-99')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await engine.cancelSignIn('sign-in-99')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("is its client's in a hub: another client's id is NOT_FOUND, and closing the client cancels it", async () => {
    const trial = await openWorkspace();
    const hub = createClientHub(engine);
    const mine = hub.open();
    const other = hub.open();
    const started = unwrap(await mine.beginSignIn(trial));
    expect(await other.finishSignIn(started.signInId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await other.cancelSignIn(started.signInId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const finished = mine.finishSignIn(started.signInId);
    mine.close();
    expect(await finished).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await expect(fetch(started.redirectUri!)).rejects.toThrow();
    hub.dispose();
  });
});
