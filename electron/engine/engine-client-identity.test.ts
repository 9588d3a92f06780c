/**
 * mTLS with the client identities enterprises hand out, through createEngine against real servers on
 * 127.0.0.1 that require a client certificate signed by the test CA: a PKCS#12 bundle and an encrypted PEM
 * key, each with its passphrase, over gRPC (reflection and a call), Connect, the connection check, a
 * `{{secret}}` passphrase of an environment and a saved request. The passphrase appears in no error, no
 * trace line and nothing in the data folder.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type FerryError, type Result } from '../../shared/errors';
import type { ConnectionConfig, RequestFile, TlsSettings } from '../../shared/model';
import { tempDir } from '../../tests/kit/temp-dir';
import { waitUntil } from '../../tests/kit/until';
import { createEngine, type Engine, type EngineOptions } from './create-engine';
import { configureTrace } from './diagnostics/trace';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from './testing/bench-server';
import { startConnectBenchServer, type ConnectBenchServer } from './testing/connect-bench-server';
import { startConnectProxy } from './testing/connect-proxy';
import { collectCall } from './testing/engine-test-kit';
import { makeTestCertificates, TEST_PASSPHRASE, type TestCertificates } from './testing/make-certs';
import { serializeEnvironmentFile, serializeRequestFile } from './workspace';

const BENCH = 'ferry.testing.v1.Bench';
const WRONG = 'not-the-passphrase-Zx81';

let certs: TestCertificates;
let grpcServer: BenchServer;
let connectServer: ConnectBenchServer;
let engine: Engine;
let dataDir: string;
const traces: string[] = [];
let restoreTrace: () => void;

beforeAll(async () => {
  certs = makeTestCertificates();
  const tls = { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert };
  [grpcServer, connectServer] = await Promise.all([startBenchServer({ tls, health: 'SERVING' }), startConnectBenchServer({ tls })]);
  restoreTrace = configureTrace({ sink: (line) => traces.push(line), setting: 'all' });
});
afterAll(async () => {
  restoreTrace();
  await Promise.all([grpcServer.close(), connectServer.close()]);
  certs.dispose();
});
afterEach(() => {
  engine?.dispose();
  // Nothing any test did put a passphrase into a trace line.
  expect(traces.filter((line) => line.includes(TEST_PASSPHRASE) || line.includes(WRONG))).toEqual([]);
});

function start(options: Partial<EngineOptions> = {}): Engine {
  dataDir = tempDir('ferry-identity-data-');
  engine = createEngine({ dataDir, ...options });
  return engine;
}

const grpcTarget = () => `localhost:${grpcServer.target.split(':')[1]}`;
/** The test CA and the client bundle, with a passphrase (null: none). */
const bundle = (passphrase: string | null = TEST_PASSPHRASE): Extract<TlsSettings, { mode: 'tls' }> => ({ mode: 'tls', caCertPath: certs.path('ca-cert'), pfxPath: certs.path('client-bundle'), ...(passphrase !== null && { passphrase }) });
const config = (tls: TlsSettings, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig => ({ target: grpcTarget(), tls, schema: { kind: 'reflection' }, ...overrides });

/** The error of a failed command, checked to hold neither passphrase. */
function errorOf(result: Result<unknown>): FerryError {
  if (result.ok) throw new Error('expected the command to fail');
  expect(JSON.stringify(result.error)).not.toContain(TEST_PASSPHRASE);
  expect(JSON.stringify(result.error)).not.toContain(WRONG);
  return result.error;
}

/** Every file under `dir`, read as text. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path, 'latin1')];
  });
}

/** Echo over the open connection; answers the echoed message once the call is in the history. */
async function echo(connectionId: string, message: string): Promise<string> {
  const { callId } = unwrap(await engine.startCall({ connectionId, method: `${BENCH}/Echo`, metadata: [], body: JSON.stringify({ message }) }));
  const events = await collectCall(engine, callId);
  expect(events.find((event) => event.type === 'call.ended')).toMatchObject({ status: { code: 0 } });
  return JSON.parse(unwrap(await engine.getMessage(callId, 'received', 0)).json).message;
}

async function expectNoPassphraseInDataFolder(calls: number): Promise<void> {
  await waitUntil(async () => unwrap(await engine.listHistory({})), (entries) => entries.length >= calls, { what: `${calls} calls in the history` });
  const files = filesUnder(dataDir);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((text) => text.includes(TEST_PASSPHRASE))).toEqual([]);
}

describe('gRPC with a client identity the server requires', () => {
  it('a PKCS#12 bundle and its passphrase: reflection lists the services and a call is answered', async () => {
    start();
    const info = unwrap(await engine.openConnection(config(bundle())));
    expect(info.services.map((service) => service.fullName)).toContain(BENCH);
    expect(await echo(info.connectionId, 'from a bundle')).toBe('from a bundle');
    await expectNoPassphraseInDataFolder(1);
  });

  it.each(['client-key-encrypted', 'client-key-encrypted-legacy'] as const)('an encrypted PEM key (%s) and its passphrase', async (key) => {
    start();
    const tls: TlsSettings = { mode: 'tls', caCertPath: certs.path('ca-cert'), certPath: certs.path('client-cert'), keyPath: certs.path(key), passphrase: TEST_PASSPHRASE };
    const info = unwrap(await engine.openConnection(config(tls)));
    expect(await echo(info.connectionId, 'from an encrypted key')).toBe('from an encrypted key');
    await expectNoPassphraseInDataFolder(1);
  });

  it('through an HTTP proxy, and with certificate verification skipped (no CA): the bundle still gets in', async () => {
    const proxy = await startConnectProxy();
    try {
      start();
      const proxied = unwrap(await engine.openConnection(config(bundle(), { transport: { proxy: proxy.url } })));
      expect(await echo(proxied.connectionId, 'proxied')).toBe('proxied');
      expect(proxy.tunnels).toEqual([grpcTarget()]);
      const { caCertPath: _ca, ...noCa } = bundle();
      const skipped = unwrap(await engine.openConnection(config({ ...noCa, insecureSkipVerify: true }, { transport: { proxy: 'direct' } })));
      expect(await echo(skipped.connectionId, 'unverified')).toBe('unverified');
    } finally {
      await proxy.close();
    }
  });

  it('refuses, in one sentence naming the file, what cannot be used', async () => {
    start();
    const pfx = certs.path('client-bundle');
    const key = certs.path('client-key-encrypted');
    const pem = { mode: 'tls' as const, caCertPath: certs.path('ca-cert'), certPath: certs.path('client-cert') };
    const cases: Array<[TlsSettings, Pick<FerryError, 'message'> & { details: object }]> = [
      [bundle(null), { message: `PKCS#12 bundle ${pfx} is protected by a passphrase`, details: { file: pfx, hint: 'set Key passphrase (best a secret {{variable}})' } }],
      [bundle(WRONG), { message: `the passphrase does not unlock PKCS#12 bundle ${pfx}`, details: { file: pfx } }],
      [{ ...bundle(), certPath: certs.path('client-cert') }, { message: 'give either a PKCS#12 bundle (pfxPath) or a certificate and key (certPath, keyPath), not both', details: { file: pfx } }],
      [{ ...bundle(), pfxPath: certs.path('ca-cert') }, { message: `${certs.path('ca-cert')} is not a PKCS#12 bundle (.p12/.pfx)`, details: { file: certs.path('ca-cert'), hint: 'it is a PEM file: give it as the client certificate or key instead' } }],
      [{ ...pem, keyPath: key }, { message: `client key ${key} is encrypted`, details: { file: key, hint: 'set Key passphrase (best a secret {{variable}})' } }],
      [{ ...pem, keyPath: key, passphrase: WRONG }, { message: `the passphrase does not unlock client key ${key}`, details: { file: key } }],
    ];
    for (const [tls, expected] of cases) {
      expect(errorOf(await engine.openConnection(config(tls)))).toEqual({ code: 'TLS_ERROR', ...expected });
    }
  });
});

describe('the web protocols and the connection check', () => {
  it('Connect over TLS (HTTP/2) with the bundle: reflection and a call', async () => {
    start();
    const info = unwrap(await engine.openConnection(config(bundle(), { target: connectServer.url('2'), protocol: 'connect' })));
    expect(info.services.map((service) => service.fullName)).toContain(BENCH);
    expect(await echo(info.connectionId, 'connect with a bundle')).toBe('connect with a bundle');
  });

  it('Connect over HTTP/1.1 with the encrypted key', async () => {
    start();
    const tls: TlsSettings = { mode: 'tls', caCertPath: certs.path('ca-cert'), certPath: certs.path('client-cert'), keyPath: certs.path('client-key-encrypted'), passphrase: TEST_PASSPHRASE };
    // connect-node serves reflection only over HTTP/2: over HTTP/1.1 the schema comes from files.
    const files = { kind: 'proto-files' as const, files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] };
    const info = unwrap(await engine.openConnection(config(tls, { target: connectServer.url('1.1'), protocol: 'connect', httpVersion: '1.1', schema: files })));
    expect(await echo(info.connectionId, 'http/1.1')).toBe('http/1.1');
  });

  it('the check passes the TLS step with the bundle (the server takes it), and refuses a missing passphrase up front', async () => {
    start();
    const checked = unwrap(await engine.checkConnection(config(bundle())));
    const steps = Object.fromEntries(checked.steps.map((step) => [step.step, step]));
    // A warning only for the test certificates' 2-day lifetime, as with PEM files.
    expect(steps.tls).toMatchObject({ outcome: expect.stringMatching(/^(ok|warning)$/) });
    expect(steps.tls!.summary).not.toContain('client certificate');
    expect(steps).toMatchObject({ http2: { outcome: 'ok' }, reflection: { outcome: 'ok' } });
    expect(errorOf(await engine.checkConnection(config(bundle(null))))).toMatchObject({ code: 'TLS_ERROR', message: `PKCS#12 bundle ${certs.path('client-bundle')} is protected by a passphrase` });
  });
});

describe('a passphrase from a secret variable', () => {
  function workspace(): string {
    const root = tempDir('ferry-identity-ws-');
    mkdirSync(join(root, 'environments'));
    mkdirSync(join(root, 'certs'));
    copyFileSync(certs.path('ca-cert'), join(root, 'certs', 'ca.pem'));
    copyFileSync(certs.path('client-bundle'), join(root, 'certs', 'client.p12'));
    const variables = [{ name: 'host', value: grpcTarget(), secret: false }, { name: 'keyPass', secret: true }, { name: 'wrongPass', secret: true }];
    writeFileSync(join(root, 'environments', 'local.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    return root;
  }
  const secrets = { get: (name: string) => ({ keyPass: TEST_PASSPHRASE, wrongPass: WRONG })[name], hint: (name: string) => `set FERRY_VAR_${name.toUpperCase()}` };

  it('a connection with `{{keyPass}}` and an environment: resolved from the secret store, a call goes through, and it is kept nowhere', async () => {
    start({ secrets });
    const root = workspace();
    unwrap(await engine.openWorkspace(root));
    const variables = { environment: 'local' };
    const info = unwrap(await engine.openConnection(config(bundle('{{keyPass}}'), { target: '{{host}}', variables })));
    expect(info.target).toBe(grpcTarget());
    const { callId } = unwrap(await engine.startCall({ connectionId: info.connectionId, method: `${BENCH}/Echo`, metadata: [], body: '{"message": "secret passphrase"}', variables }));
    await collectCall(engine, callId);
    await expectNoPassphraseInDataFolder(1);
    expect(filesUnder(root).filter((text) => text.includes(TEST_PASSPHRASE))).toEqual([]);
    // A wrong secret value: the sentence, without the value.
    expect(errorOf(await engine.openConnection(config(bundle('{{wrongPass}}'), { variables })))).toMatchObject({ code: 'TLS_ERROR', message: `the passphrase does not unlock PKCS#12 bundle ${certs.path('client-bundle')}` });
  });

  it('a saved request with tls.pfxPath and tls.passphrase "{{keyPass}}" runs with runSavedRequest, paths from the workspace root', async () => {
    start({ secrets });
    const root = workspace();
    const request: RequestFile = {
      formatVersion: 3,
      name: 'Echo with a bundle',
      target: '{{host}}',
      tls: { mode: 'tls', caCertPath: 'certs/ca.pem', pfxPath: 'certs/client.p12', passphrase: '{{keyPass}}' },
      schema: { kind: 'reflection' },
      method: `${BENCH}/Echo`,
      metadata: [],
      messages: ['{"message": "saved"}'],
      assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'saved' }],
    };
    const text = serializeRequestFile(request);
    expect(text).toContain('"formatVersion": 4');
    writeFileSync(join(root, 'echo.ferry.json'), text);
    unwrap(await engine.openWorkspace(root));
    const run = unwrap(await engine.runSavedRequest({ path: 'echo.ferry.json', variables: { environment: 'local' }, runId: 'r1' }));
    expect(run).toMatchObject({ status: { name: 'OK' }, passed: true });
    await expectNoPassphraseInDataFolder(1);
    expect(readFileSync(join(root, 'echo.ferry.json'), 'utf8')).toBe(text);
  });
});
