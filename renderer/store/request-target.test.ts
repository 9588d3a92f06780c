import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTargetMismatch } from './request-target';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

/** The bench's Echo as a .proto file: with a file schema, connecting needs no answer from the server (so TLS to it works too). */
const BENCH_PROTO = `syntax = "proto3";
package ferry.testing.v1;
message EchoRequest { string message = 1; }
message EchoResponse { string message = 1; }
service Bench { rpc Echo(EchoRequest) returns (EchoResponse); }
`;

const environment = (host: string) => JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: host, secret: false }] });

/** Connected to the bench, with a saved request whose target is `{{host}}` (TLS); `local` points at the bench, `staging` elsewhere. */
async function savedRequestStore() {
  const dir = await real.tempDir();
  const staging = real.target.replace('127.0.0.1', 'localhost');
  await real.files.writeFiles(dir, {
    'protos/bench.proto': BENCH_PROTO,
    'environments/local.ferry-env.json': environment(real.target),
    'environments/staging.ferry-env.json': environment(staging),
  });
  const store = real.store();
  store.getState().setConnectionForm({ schemaSource: 'proto-files', protoFiles: `${dir}/protos/bench.proto`, importPaths: `${dir}/protos` });
  await store.getState().connect();
  expect(store.getState().connection.status).toBe('connected');
  store.getState().openMethod(`${BENCH}.Echo`);
  store.getState().setWorkspaceDir(dir);
  await store.getState().openWorkspace();
  await store.getState().saveActiveTabAs('x');
  // The file is edited by hand to carry its own target.
  const stored = JSON.parse((await real.files.readFiles(dir))['x.ferry.json']!) as Record<string, unknown>;
  await real.files.writeFiles(dir, { 'x.ferry.json': JSON.stringify({ ...stored, target: '{{host}}', tls: { mode: 'tls' } }, null, 2) });
  await store.getState().openWorkspace();
  store.getState().closeTab(store.getState().activeTabId);
  store.getState().openSavedRequest('x.ferry.json');
  await store.getState().refreshResolvedTarget();
  return { store, staging };
}

describe('a saved request with its own target', () => {
  it('is no mismatch while the connection already goes there', async () => {
    const { store } = await savedRequestStore();
    expect(store.getState().workspace.environment).toBe('local');
    expect(store.getState().workspace.resolvedTarget).toEqual({ status: 'ok', value: real.target });
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });

  it('names the resolved and the connected target when they differ, and connects there on request', async () => {
    const { store, staging } = await savedRequestStore();
    await store.getState().setEnvironment('staging');
    expect(requestTargetMismatch(store.getState())).toEqual({ target: staging, connected: real.target, environment: 'staging' });

    await store.getState().connectToRequestTarget();
    expect(store.getState().connection.form).toMatchObject({ target: staging, tls: 'tls' });
    expect(store.getState().connection.status).toBe('connected');
    expect(store.getState().connection.info?.target).toBe(staging);
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });

  it('says nothing for an unsaved tab: it goes where the connection bar points', async () => {
    const { store } = await savedRequestStore();
    await store.getState().setEnvironment('staging');
    store.getState().newTab();
    store.getState().openMethod(`${BENCH}.Echo`);
    await store.getState().refreshResolvedTarget();
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });
});
