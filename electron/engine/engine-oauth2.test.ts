import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentVariable, RequestFile } from '../../shared/model';
import { unwrap } from '../../shared/errors';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { collectCall } from './testing/engine-test-kit';
import { startOAuth2Server, type OAuth2Server } from './testing/oauth2-server';
import { serializeEnvironmentFile, serializeRequestFile } from './workspace';
import { tempDir } from '../../tests/kit/temp-dir';
import { waitUntil } from '../../tests/kit/until';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('OAuth 2.0 token variables through the engine: fetched when used, kept while they last, never recorded', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({ 'ferry-ci': 'client-s3cret' });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });
  afterEach(() => engine?.dispose());

  /** A workspace whose environments `good` and `wrong` differ in the client secret they take from the secret store. */
  async function openWorkspace(dataDir?: string): Promise<void> {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    const variables = (secretName: string): EnvironmentVariable[] => [
      { name: 'host', value: server.target, secret: false },
      { name: 'authUrl', value: auth.tokenUrl, secret: false },
      { name: secretName, secret: true },
      { name: 'accessToken', secret: true, oauth2: { tokenUrl: '{{authUrl}}', clientId: 'ferry-ci', clientSecret: `{{${secretName}}}`, scope: 'echo' } },
    ];
    writeFileSync(join(root, 'environments', 'good.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables: variables('clientSecret') }));
    writeFileSync(join(root, 'environments', 'wrong.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables: variables('wrongSecret') }));
    const request: RequestFile = { formatVersion: 2, name: 'Echo', target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true }], messages: ['{"message": "hi"}'], assertions: [] };
    writeFileSync(join(root, 'echo.ferry.json'), serializeRequestFile(request));
    const secrets: Record<string, string> = { clientSecret: 'client-s3cret', wrongSecret: 'nope' };
    engine = createEngine({ secrets: { get: (name) => secrets[name], hint: (name) => `set FERRY_VAR_${name.toUpperCase()}` }, ...(dataDir && { dataDir }) });
    unwrap(await engine.openWorkspace(root));
  }

  async function echoedAuthorization(environment: string): Promise<string | undefined> {
    const { connectionId } = unwrap(await engine.openConnection({ target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, variables: { environment } }));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }, { key: 'x-seen', value: 'seen {{accessToken}}' }], body: '{}', variables: { environment } }));
    const headers = (await collectCall(engine, callId)).find((event) => event.type === 'call.headers-received');
    return headers?.type === 'call.headers-received' ? headers.metadata.find((entry) => entry.key === 'echo-authorization')?.value : undefined;
  }

  it('sends the token a request uses, asks the endpoint once for many calls, and keeps it out of the history', async () => {
    const dataDir = tempDir('ferry-data-');
    await openWorkspace(dataDir);
    const asked = auth.seen.length;
    const first = await echoedAuthorization('good');
    expect(first).toMatch(/^Bearer token-\d+$/);
    expect(auth.seen.slice(asked)).toEqual([{ clientId: 'ferry-ci', via: 'basic', form: { grant_type: 'client_credentials', scope: 'echo' } }]);
    expect(await echoedAuthorization('good')).toBe(first);
    // A saved request run uses the same token.
    expect(unwrap(await engine.runSavedRequest({ path: 'echo.ferry.json', variables: { environment: 'good' }, runId: 'r' })).passed).toBe(true);
    expect(auth.seen.length).toBe(asked + 1);

    const entries = await waitUntil(async () => unwrap(await engine.listHistory({})), (list) => list.length === 3, { what: 'three calls in the history' });
    const recorded = JSON.stringify(entries);
    expect(recorded).not.toContain(first!.slice('Bearer '.length));
    // Redacted as a secret value wherever it went, not only under a header known to carry secrets.
    expect(recorded).toContain('"value":"seen ***"');
  });

  it('forgets a token a server refused with UNAUTHENTICATED, so the next call asks for a new one', async () => {
    await openWorkspace();
    const first = await echoedAuthorization('good');
    const asked = auth.seen.length;
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const refused = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Fail', metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{"code": 16}', variables: { environment: 'good' } }));
    const ended = (await collectCall(engine, refused.callId)).find((event) => event.type === 'call.ended');
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('UNAUTHENTICATED');
    expect(auth.seen.length).toBe(asked);
    // Another error code keeps the token; UNAUTHENTICATED retired it.
    const second = await echoedAuthorization('good');
    expect(second).not.toBe(first);
    expect(auth.seen.length).toBe(asked + 1);
    const other = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Fail', metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{"code": 7}', variables: { environment: 'good' } }));
    await collectCall(engine, other.callId);
    expect(await echoedAuthorization('good')).toBe(second);
  });

  it('tries a grant as edited, with the saved environment\'s variables, without handing out or keeping the token', async () => {
    await openWorkspace();
    const asked = auth.seen.length;
    const grant = { tokenUrl: '{{authUrl}}', clientId: 'ferry-ci', clientSecret: '{{clientSecret}}', credentials: 'body' as const };
    expect(await engine.tryToken({ variable: 'accessToken', grant, environment: 'good' })).toEqual({ ok: true, value: { expiresInS: 3600 } });
    expect(await engine.tryToken({ variable: 'accessToken', grant, environment: 'good' })).toMatchObject({ ok: true });
    expect(auth.seen.slice(asked).map((seen) => seen.via)).toEqual(['body', 'body']);
    expect(await engine.tryToken({ variable: 'accessToken', grant: { ...grant, clientSecret: 'nope' }, environment: 'good' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('invalid_client') } });
    expect(await engine.tryToken({ variable: 'accessToken', grant })).toMatchObject({
      ok: false,
      error: { message: 'unknown variable {{authUrl}} in tokenUrl of OAuth 2.0 token {{accessToken}}', details: { hint: 'no environment is selected (save the environment first: a check takes its variables as saved)' } },
    });
    // The calls' token was not touched: the first call asks the endpoint itself.
    const before = auth.seen.length;
    await echoedAuthorization('good');
    expect(auth.seen.length).toBe(before + 1);
  });

  it('asks for no token when nothing uses the variable', async () => {
    await openWorkspace();
    const asked = auth.seen.length;
    const { connectionId } = unwrap(await engine.openConnection({ target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, variables: { environment: 'good' } }));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: ECHO, metadata: [], body: '{}', variables: { environment: 'good' } }));
    await collectCall(engine, callId);
    expect(auth.seen.length).toBe(asked);
  });

  it('asks for no token for a request that goes without the environment\'s metadata, which carries the token', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    const variables: EnvironmentVariable[] = [
      { name: 'host', value: server.target, secret: false },
      { name: 'accessToken', secret: true, oauth2: { tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'client-s3cret' } },
    ];
    writeFileSync(join(root, 'environments', 'meta.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true }] }));
    const health = (name: string, extra: Partial<RequestFile>): RequestFile => ({
      formatVersion: 3, name, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: ECHO, metadata: [], messages: ['{}'], assertions: [],
      captures: [{ variable: 'sent', from: 'header', path: 'echo-authorization', secret: false }], ...extra,
    });
    writeFileSync(join(root, 'alone.ferry.json'), serializeRequestFile(health('Alone', { environmentMetadata: false })));
    writeFileSync(join(root, 'with.ferry.json'), serializeRequestFile(health('With', {})));
    engine = createEngine();
    unwrap(await engine.openWorkspace(root));
    const asked = auth.seen.length;
    const alone = unwrap(await engine.runSavedRequest({ path: 'alone.ferry.json', variables: { environment: 'meta' }, runId: 'alone' }));
    // Its capture of the echoed header finds nothing: no authorization went out, and no token was asked for.
    expect(alone.captures[0]?.failure).toBeDefined();
    expect(auth.seen.length).toBe(asked);
    const sent = unwrap(await engine.runSavedRequest({ path: 'with.ferry.json', variables: { environment: 'meta' }, runId: 'with' }));
    expect(sent.passed).toBe(true);
    expect(auth.seen.length).toBe(asked + 1);
  });

  it('fails the call before anything is sent when the endpoint refuses, naming the variable and what it said', async () => {
    await openWorkspace();
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const calls = server.stats.calls;
    const started = await engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{}', variables: { environment: 'wrong' } });
    expect(started).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `OAuth 2.0 token {{accessToken}}: the token endpoint ${auth.tokenUrl} answered 401: invalid_client (unknown client or wrong secret)` },
    });
    expect(server.stats.calls).toBe(calls);
    const run = unwrap(await engine.runSavedRequest({ path: 'echo.ferry.json', variables: { environment: 'wrong' }, runId: 'r' }));
    expect(run).toMatchObject({ passed: false, error: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(run)).not.toContain('nope');
  });
});
