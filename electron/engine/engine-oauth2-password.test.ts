import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
const PASSWORD = 'c0rrect-h0rse';
const WRONG = 'b4ttery-st4ple';

/** Every file under `dir`, read as text: what the engine wrote to disk. */
const writtenText = (dir: string): string =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'latin1'))
    .join('\n');

describe('OAuth 2.0 password grant through the engine: the password from a secret variable, never shown', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({ 'ferry-ci': 'client-s3cret' }, { users: { alice: PASSWORD } });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });
  afterEach(() => engine?.dispose());

  /** A workspace whose environments `good` and `wrong` differ in the password they take from the secret store. */
  async function openWorkspace(dataDir?: string): Promise<void> {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    const variables = (passwordName: string): EnvironmentVariable[] => [
      { name: 'host', value: server.target, secret: false },
      { name: 'user', value: 'alice', secret: false },
      { name: passwordName, secret: true },
      { name: 'token', secret: true, oauth2: { grant: 'password', tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'client-s3cret', username: '{{user}}', password: `{{${passwordName}}}`, scope: 'echo' } },
    ];
    writeFileSync(join(root, 'environments', 'good.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables: variables('userPassword') }));
    writeFileSync(join(root, 'environments', 'wrong.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables: variables('wrongPassword') }));
    const request: RequestFile = { formatVersion: 3, name: 'Echo', target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{token}}', enabled: true }], messages: ['{"message": "hi"}'], assertions: [] };
    writeFileSync(join(root, 'echo.ferry.json'), serializeRequestFile(request));
    const secrets: Record<string, string> = { userPassword: PASSWORD, wrongPassword: WRONG };
    engine = createEngine({ secrets: { get: (name) => secrets[name], hint: (name) => `set FERRY_VAR_${name.toUpperCase()}` }, ...(dataDir && { dataDir }) });
    unwrap(await engine.openWorkspace(root));
  }

  async function call(environment: string) {
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    return engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{token}}' }], body: '{}', variables: { environment } });
  }

  it('sends the token the user\'s name and password got, asks once for many calls, and keeps both out of the history', async () => {
    const dataDir = tempDir('ferry-data-');
    await openWorkspace(dataDir);
    const asked = auth.seen.length;
    const { callId } = unwrap(await call('good'));
    const headers = (await collectCall(engine, callId)).find((event) => event.type === 'call.headers-received');
    const sent = headers?.type === 'call.headers-received' ? headers.metadata.find((entry) => entry.key === 'echo-authorization')?.value : undefined;
    expect(sent).toMatch(/^Bearer token-\d+$/);
    // The test server's own record of the form: the password went to the token endpoint, and only there.
    expect(auth.seen.slice(asked)).toEqual([{ clientId: 'ferry-ci', via: 'basic', form: { grant_type: 'password', username: 'alice', password: PASSWORD, scope: 'echo' } }]);
    expect(unwrap(await engine.runSavedRequest({ path: 'echo.ferry.json', variables: { environment: 'good' }, runId: 'r' })).passed).toBe(true);
    expect(auth.seen.length).toBe(asked + 1);

    const entries = await waitUntil(async () => unwrap(await engine.listHistory({})), (list) => list.length === 2, { what: 'two calls in the history' });
    expect(JSON.stringify(entries)).not.toContain(sent!.slice('Bearer '.length));
    const written = writtenText(dataDir);
    expect(written).toContain('Bench/Echo');
    expect(written).not.toContain(PASSWORD);
  });

  it('fails a call before anything is sent when the password is wrong, naming the variable and what the endpoint said, not the password', async () => {
    await openWorkspace();
    const calls = server.stats.calls;
    expect(await call('wrong')).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `OAuth 2.0 token {{token}}: the token endpoint ${auth.tokenUrl} answered 400: invalid_grant (wrong name or password for alice)` },
    });
    expect(server.stats.calls).toBe(calls);
    const run = unwrap(await engine.runSavedRequest({ path: 'echo.ferry.json', variables: { environment: 'wrong' }, runId: 'r' }));
    expect(run).toMatchObject({ passed: false, error: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(run)).not.toContain(WRONG);
  });

  it('tries a password grant as edited (Get a token now), its password from the saved environment\'s secret', async () => {
    await openWorkspace();
    const asked = auth.seen.length;
    const grant = { grant: 'password' as const, tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'client-s3cret', username: 'alice', password: '{{userPassword}}' };
    expect(await engine.tryToken({ variable: 'token', grant, environment: 'good' })).toEqual({ ok: true, value: { expiresInS: 3600 } });
    expect(auth.seen.slice(asked).map((seen) => seen.form)).toEqual([{ grant_type: 'password', username: 'alice', password: PASSWORD }]);
    const refused = await engine.tryToken({ variable: 'token', grant: { ...grant, password: '{{wrongPassword}}' }, environment: 'wrong' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('invalid_grant') } });
    expect(JSON.stringify(refused)).not.toContain(WRONG);
  });
});
