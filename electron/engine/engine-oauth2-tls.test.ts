import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentVariable } from '../../shared/model';
import { unwrap } from '../../shared/errors';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { collectCall } from './testing/engine-test-kit';
import { makeTestCertificates, type TestCertificates } from './testing/make-certs';
import { startOAuth2Server, type OAuth2Server } from './testing/oauth2-server';
import { serializeEnvironmentFile } from './workspace';
import { tempDir } from '../../tests/kit/temp-dir';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('an OAuth 2.0 token endpoint behind a private CA, through the engine', () => {
  let server: BenchServer;
  let certs: TestCertificates;
  let auth: OAuth2Server;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
    certs = makeTestCertificates();
    auth = await startOAuth2Server({ 'ferry-ci': 'client-s3cret' }, { tls: { cert: certs.serverCert, key: certs.serverKey } });
  });
  afterAll(async () => {
    await auth?.close();
    await server?.close();
    certs?.dispose();
  });
  afterEach(() => engine?.dispose());

  /** A workspace with the CA under certs/, and an environment whose grant names it as `caCertPath` says. */
  async function openWorkspace(caCertPath: string | undefined): Promise<void> {
    const root = tempDir();
    mkdirSync(join(root, 'environments'));
    mkdirSync(join(root, 'certs'));
    writeFileSync(join(root, 'certs', 'internal-ca.pem'), certs.caCert);
    const variables: EnvironmentVariable[] = [
      { name: 'host', value: server.target, secret: false },
      { name: 'certDir', value: 'certs', secret: false },
      { name: 'accessToken', secret: true, oauth2: { tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'client-s3cret', ...(caCertPath !== undefined && { caCertPath }) } },
    ];
    writeFileSync(join(root, 'environments', 'corp.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    engine = createEngine();
    unwrap(await engine.openWorkspace(root));
  }

  async function echoedAuthorization(): Promise<string | undefined> {
    const variables = { environment: 'corp' };
    const { connectionId } = unwrap(await engine.openConnection({ target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, variables }));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{}', variables }));
    const headers = (await collectCall(engine, callId)).find((event) => event.type === 'call.headers-received');
    return headers?.type === 'call.headers-received' ? headers.metadata.find((entry) => entry.key === 'echo-authorization')?.value : undefined;
  }

  it('resolves a relative caCertPath, {{variables}} and all, from the workspace root', async () => {
    await openWorkspace('{{certDir}}/internal-ca.pem');
    expect(await echoedAuthorization()).toMatch(/^Bearer token-\d+$/);
    // The check of a grant as edited resolves it the same way.
    const grant = { tokenUrl: auth.tokenUrl, clientId: 'ferry-ci', clientSecret: 'client-s3cret', caCertPath: 'certs/internal-ca.pem' };
    expect(await engine.tryToken({ variable: 'accessToken', grant, environment: 'corp' })).toEqual({ ok: true, value: { expiresInS: 3600 } });
  });

  it('fails the call before anything is sent without it, saying what to do', async () => {
    await openWorkspace(undefined);
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const started = await engine.startCall({ connectionId, method: ECHO, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}' }], body: '{}', variables: { environment: 'corp' } });
    expect(started).toMatchObject({ ok: false, error: { code: 'TLS_ERROR', message: expect.stringContaining(`the token endpoint ${auth.tokenUrl} failed the certificate check (unable to verify the first certificate): set caCertPath`) } });
  });
});
