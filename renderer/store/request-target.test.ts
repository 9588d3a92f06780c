import { describe, expect, it } from 'vitest';
import { createFerryStore } from './ferry-store';
import { requestTargetMismatch } from './request-target';
import { createFakeApi } from './testing/fake-api';

/** Connected to localhost:50051, with a saved request whose target is `{{host}}`. */
async function savedRequestStore() {
  const api = createFakeApi();
  api.environments = { local: { host: 'localhost:50051' }, staging: { host: 'staging:443' } };
  const store = createFerryStore(api);
  await store.getState().connect();
  store.getState().openMethod('demo.Greeter.SayHello');
  store.getState().setWorkspaceDir('/ws');
  await store.getState().openWorkspace();
  await store.getState().saveActiveTabAs('x');
  const saved = api.files.get('x.ferry.json')!;
  api.files.set('x.ferry.json', { ...saved, file: { ...saved.file, target: '{{host}}', tls: { mode: 'tls' } } });
  await store.getState().openWorkspace();
  store.getState().closeTab(store.getState().activeTabId);
  store.getState().openSavedRequest('x.ferry.json');
  await store.getState().refreshResolvedTarget();
  return { api, store };
}

describe('a saved request with its own target', () => {
  it('is no mismatch while the connection already goes there', async () => {
    const { store } = await savedRequestStore();
    expect(store.getState().workspace.environment).toBe('local');
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });

  it('names the resolved and the connected target when they differ, and connects there on request', async () => {
    const { store } = await savedRequestStore();
    await store.getState().setEnvironment('staging');
    expect(requestTargetMismatch(store.getState())).toEqual({ target: 'staging:443', connected: 'localhost:50051', environment: 'staging' });

    await store.getState().connectToRequestTarget();
    expect(store.getState().connection.form).toMatchObject({ target: 'staging:443', tls: 'tls' });
    expect(store.getState().connection.info?.target).toBe('staging:443');
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });

  it('says nothing for an unsaved tab: it goes where the connection bar points', async () => {
    const { store } = await savedRequestStore();
    await store.getState().setEnvironment('staging');
    store.getState().newTab();
    store.getState().openMethod('demo.Greeter.SayHello');
    await store.getState().refreshResolvedTarget();
    expect(requestTargetMismatch(store.getState())).toBeUndefined();
  });
});
