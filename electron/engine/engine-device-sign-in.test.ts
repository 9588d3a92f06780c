import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TokenTrial } from '../../shared/api';
import { ok, unwrap, type Result } from '../../shared/errors';
import type { EnvironmentVariable, OAuth2Grant } from '../../shared/model';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';
import { createClientHub } from './clients';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { collectCall } from './testing/engine-test-kit';
import { startOAuth2Server, type OAuth2Server } from './testing/oauth2-server';
import { createTokenSource, serializeEnvironmentFile } from './workspace';

const ECHO = 'ferry.testing.v1.Bench/Echo';
/** A second of the polling interval lasts 10 ms: the default 5 s interval is 50 ms. */
const POLL_SECOND_MS = 10;

describe('signing in for an OAuth 2.0 token through the engine (device authorization grant)', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({ confidential: 'app-s3cret' }, { publicClients: ['ferry-cli'] });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });
  afterEach(() => {
    Object.assign(auth.device, { interval: undefined, expiresIn: 600, slowDownOnce: false, expired: false, withoutCompleteUri: false });
    engine?.dispose();
  });

  /** A workspace whose environment `dev` has a device code token variable whose URLs come from a variable. */
  async function openWorkspace(options: { signInTimeoutMs?: number; grant?: Partial<OAuth2Grant> } = {}): Promise<TokenTrial> {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    const grant: OAuth2Grant = { grant: 'device_code', tokenUrl: '{{issuer}}/token', deviceAuthUrl: '{{issuer}}/device', clientId: 'ferry-cli', scope: 'echo', audience: 'https://bench', ...options.grant };
    const variables: EnvironmentVariable[] = [
      { name: 'host', value: server.target, secret: false },
      { name: 'issuer', value: auth.tokenUrl.replace(/\/token$/, ''), secret: false },
      { name: 'accessToken', secret: true, oauth2: grant },
    ];
    writeFileSync(join(root, 'environments', 'dev.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    engine = createEngine({ tokens: createTokenSource({ pollSecondMs: POLL_SECOND_MS, ...(options.signInTimeoutMs !== undefined && { signInTimeoutMs: options.signInTimeoutMs }) }) });
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

  const lastDevice = () => auth.devices.at(-1)!;

  it('fails a call before anything is sent until someone signs in; then shows the code, polls until it is entered, and the call carries the token', async () => {
    const trial = await openWorkspace();
    const calls = server.stats.calls;
    expect(await echoedAuthorization()).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'OAuth 2.0 token {{accessToken}}: nobody has signed in yet (device code grant): use Sign in in the environment editor' },
    });
    expect(server.stats.calls).toBe(calls);

    const started = unwrap(await engine.beginSignIn(trial));
    const device = lastDevice();
    expect(started).toEqual({ signInId: expect.any(String), url: `${auth.deviceAuthUrl}?user_code=${device.userCode}`, userCode: device.userCode });
    // A public client names itself; the scope and audience go with the request for codes.
    expect(device).toMatchObject({ clientId: 'ferry-cli', form: { client_id: 'ferry-cli', scope: 'echo', audience: 'https://bench' } });

    // Nobody has entered the code yet: the token endpoint says so, and Ferry keeps asking.
    await until(() => device.polledAt.length >= 2, 'two polls');
    const finished = engine.finishSignIn(started.signInId);
    auth.approveDevice(device.userCode);
    expect(unwrap(await finished)).toEqual({ expiresInS: 3600 });
    expect(auth.seen.at(-1)).toMatchObject({ clientId: 'ferry-cli', via: 'body', form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.deviceCode, client_id: 'ferry-cli' } });

    const asked = auth.seen.length;
    expect(unwrap(await echoedAuthorization())).toMatch(/^Bearer token-\d+$/);
    // The call used the token the sign-in kept.
    expect(auth.seen.length).toBe(asked);
    expect(await engine.finishSignIn(started.signInId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers the verification page without the code when the provider gives no complete one, and authenticates a confidential client', async () => {
    auth.device.withoutCompleteUri = true;
    const trial = await openWorkspace({ grant: { clientId: 'confidential', clientSecret: 'app-s3cret' } });
    const started = unwrap(await engine.beginSignIn(trial));
    expect(started.url).toBe(auth.deviceAuthUrl);
    expect(started.userCode).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    expect(lastDevice().form.client_id).toBeUndefined();
    auth.approveDevice(started.userCode!);
    unwrap(await engine.finishSignIn(started.signInId));
    expect(auth.seen.at(-1)).toMatchObject({ clientId: 'confidential', via: 'basic' });
  });

  it('polls at the interval the endpoint asks, 5 s more after each slow_down', async () => {
    auth.device.interval = 2;
    auth.device.slowDownOnce = true;
    const trial = await openWorkspace();
    const started = unwrap(await engine.beginSignIn(trial));
    const device = lastDevice();
    await until(() => device.polledAt.length >= 3, 'three polls');
    auth.approveDevice(device.userCode);
    unwrap(await engine.finishSignIn(started.signInId));
    const [slowedDown, next] = device.polledAt;
    // The first poll was answered slow_down: the wait became 2 + 5 seconds of the poll unit.
    expect(next! - slowedDown!).toBeGreaterThanOrEqual(7 * POLL_SECOND_MS - 2);
  });

  it('fails as the endpoint says: access_denied, expired_token; and past the code’s lifetime or the sign-in’s limit', async () => {
    const trial = await openWorkspace({ signInTimeoutMs: 150 });
    const denied = unwrap(await engine.beginSignIn(trial));
    auth.denyDevice(denied.userCode!);
    expect(await engine.finishSignIn(denied.signInId)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `OAuth 2.0 token {{accessToken}}: the token endpoint ${auth.tokenUrl} answered 400: access_denied (the user said no)` },
    });

    auth.device.expired = true;
    const expired = unwrap(await engine.beginSignIn(trial));
    expect(await engine.finishSignIn(expired.signInId)).toEqual({ ok: false, error: { code: 'DEADLINE_EXCEEDED', message: `OAuth 2.0 token {{accessToken}}: the token endpoint ${auth.tokenUrl} answered 400: expired_token` } });
    auth.device.expired = false;

    auth.device.expiresIn = 0.08;
    const short = unwrap(await engine.beginSignIn(trial));
    expect(await engine.finishSignIn(short.signInId)).toEqual({ ok: false, error: { code: 'DEADLINE_EXCEEDED', message: "OAuth 2.0 token {{accessToken}}: nobody entered the code within 0.08 s (the code's lifetime)" } });

    auth.device.expiresIn = 600;
    const late = unwrap(await engine.beginSignIn(trial));
    expect(await engine.finishSignIn(late.signInId)).toEqual({ ok: false, error: { code: 'DEADLINE_EXCEEDED', message: 'OAuth 2.0 token {{accessToken}}: nobody entered the code within 0.15 s' } });
    expect(await echoedAuthorization()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('stops polling when cancelled, and with the engine', async () => {
    const trial = await openWorkspace();
    const cancelled = unwrap(await engine.beginSignIn(trial));
    const device = lastDevice();
    await until(() => device.polledAt.length >= 1, 'a poll');
    unwrap(await engine.cancelSignIn(cancelled.signInId));
    expect(await engine.finishSignIn(cancelled.signInId)).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'OAuth 2.0 token {{accessToken}}: the sign-in was cancelled' } });
    const polls = device.polledAt.length;

    unwrap(await engine.beginSignIn(trial));
    const open = lastDevice();
    await engine.close();
    const openPolls = open.polledAt.length;
    await new Promise((resolve) => setTimeout(resolve, 12 * POLL_SECOND_MS));
    expect(device.polledAt.length).toBe(polls);
    expect(open.polledAt.length).toBe(openPolls);
  });

  it('refuses what cannot work before asking: tryToken, no deviceAuthUrl, a client the endpoint does not know', async () => {
    const trial = await openWorkspace();
    expect(await engine.tryToken(trial)).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: 'OAuth 2.0 token {{accessToken}}: a device code grant gets its token by signing in: use Sign in' } });
    const { deviceAuthUrl: _, ...withoutUrl } = trial.grant;
    expect(await engine.beginSignIn({ ...trial, grant: withoutUrl })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'OAuth 2.0 token {{accessToken}}: deviceAuthUrl is required for the device code grant', details: { fieldPath: 'deviceAuthUrl' } } });
    expect(await engine.beginSignIn({ ...trial, grant: { ...trial.grant, deviceAuthUrl: 'ftp://auth/device' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { fieldPath: 'deviceAuthUrl' } } });
    const devices = auth.devices.length;
    expect(await engine.beginSignIn({ ...trial, grant: { ...trial.grant, clientId: 'stranger' } })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `OAuth 2.0 token {{accessToken}}: the device authorization endpoint ${auth.deviceAuthUrl} answered 401: invalid_client (unknown client or wrong secret)` },
    });
    expect(auth.devices.length).toBe(devices);
  });

  it("is its client's in a hub: another client's id is NOT_FOUND, and closing the client stops the polling", async () => {
    const trial = await openWorkspace();
    const hub = createClientHub(engine);
    const mine = hub.open();
    const other = hub.open();
    const started = unwrap(await mine.beginSignIn(trial));
    const device = lastDevice();
    expect(await other.cancelSignIn(started.signInId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const finished = mine.finishSignIn(started.signInId);
    mine.close();
    expect(await finished).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const polls = device.polledAt.length;
    await new Promise((resolve) => setTimeout(resolve, 12 * POLL_SECOND_MS));
    expect(device.polledAt.length).toBe(polls);
    hub.dispose();
  });
});
