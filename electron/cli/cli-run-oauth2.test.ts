import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { startOAuth2Server, type OAuth2Server } from '../engine/testing/oauth2-server';
import { createEnvSecretStore } from '../engine/workspace';
import { captureIo, runFerry } from './cli-test-kit';
import { runRun } from './commands/run';
import { writeTokenWorkspace } from '../engine/testing/token-workspace';
import { tempDir } from '../../tests/kit/temp-dir';

describe('ferry run with an OAuth 2.0 token variable sent as metadata of the environment', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let root: string;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({ 'ferry-ci': 'ci-s3cret' }, { users: { alice: 'al1ce-pa55' } });
    // The token goes with every request as metadata of the environment; in `user`, by a user's name and
    // password, the password a secret variable.
    root = writeTokenWorkspace(tempDir('ferry-oauth2-run-'), 'OAuth', {
      ci: [
        { name: 'host', value: server.target, secret: false },
        { name: 'clientSecret', secret: true },
        { name: 'accessToken', secret: true, oauth2: { tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: '{{clientSecret}}', credentials: 'body' } },
      ],
      user: [
        { name: 'host', value: server.target, secret: false },
        { name: 'userPassword', secret: true },
        { name: 'accessToken', secret: true, oauth2: { grant: 'password', tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'ci-s3cret', username: 'alice', password: '{{userPassword}}' } },
      ],
    });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });

  it('fetches the token once for the run, sends it, and never prints it', async () => {
    const asked = auth.seen.length;
    const { io, captured } = captureIo();
    expect(await runRun([root, '--reporter', 'json'], io, { secrets: createEnvSecretStore({ FERRY_VAR_CLIENTSECRET: 'ci-s3cret' }) })).toBe(0);
    expect(auth.seen.slice(asked)).toEqual([{ clientId: 'ferry-ci', via: 'body', form: { grant_type: 'client_credentials', client_id: 'ferry-ci', client_secret: 'ci-s3cret' } }]);
    const report = JSON.parse(captured.out) as { requests: Array<{ captures: Array<{ value?: unknown }> }> };
    // The server echoed `Bearer token-N`: a value holding the token is a secret capture, shown as ***.
    expect(report.requests.map((request) => request.captures[0]?.value)).toEqual(['***', '***']);
    expect(captured.out + captured.err).not.toMatch(/token-\d/);
  });

  it('fails each request, naming the variable and the endpoint\'s answer, when the client secret is wrong', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([root], io, { secrets: createEnvSecretStore({ FERRY_VAR_CLIENTSECRET: 'not-the-s3cret' }) })).toBe(1);
    expect(captured.out).toContain('OAuth 2.0 token {{accessToken}}: the token endpoint');
    expect(captured.out).toContain('answered 401: invalid_client');
    expect(captured.out + captured.err).not.toContain('not-the-s3cret');
  });

  it('gets the token with a user\'s password from FERRY_VAR_*, and never prints the password, right or wrong', async () => {
    const asked = auth.seen.length;
    const good = captureIo();
    expect(await runRun([root, '--env', 'user', '--reporter', 'json'], good.io, { secrets: createEnvSecretStore({ FERRY_VAR_USERPASSWORD: 'al1ce-pa55' }) })).toBe(0);
    expect(auth.seen.slice(asked).map((seen) => seen.form)).toEqual([{ grant_type: 'password', username: 'alice', password: 'al1ce-pa55' }]);
    expect(good.captured.out + good.captured.err).not.toMatch(/token-\d|al1ce-pa55/);
    const wrong = captureIo();
    expect(await runRun([root, '--env', 'user'], wrong.io, { secrets: createEnvSecretStore({ FERRY_VAR_USERPASSWORD: 'not-her-pa55' }) })).toBe(1);
    expect(wrong.captured.out).toContain('OAuth 2.0 token {{accessToken}}: the token endpoint');
    expect(wrong.captured.out).toContain('answered 400: invalid_grant (wrong name or password for alice)');
    expect(wrong.captured.out + wrong.captured.err).not.toContain('not-her-pa55');
  });

  it('refuses --var for a token variable before anything is sent', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([root, '--var', 'accessToken=x'], io, { secrets: createEnvSecretStore({}) })).toBe(2);
    expect(captured.err).toContain('accessToken is an OAuth 2.0 token of environment "ci": Ferry fetches it from its token endpoint');
  });

  it('ferry call --env fills {{variables}} in from the environment and sends its metadata with the token', async () => {
    const env = { FERRY_VAR_CLIENTSECRET: 'ci-s3cret' };
    const call = await runFerry(['call', '--plaintext', '--env', 'ci', '-v', '{{host}}', 'ferry.testing.v1.Bench/Echo', '-d', '{"message": "to {{host}}"}'], { cwd: join(root, 'api'), env });
    expect(call.code).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ message: `to ${server.target}` });
    expect(call.stderr).toMatch(/echo-authorization: Bearer token-\d+/);
    const unknown = await runFerry(['call', '--plaintext', '--env', 'nope', server.target, 'ferry.testing.v1.Bench/Echo'], { cwd: root, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`--env nope: no environment "nope" in ${root}/environments (found: ci, user)`);
  });
});
