import { describe, expect, it } from 'vitest';
import { createFerryStore } from './ferry-store';
import { createFakeApi } from './testing/fake-api';

async function connectedStore() {
  const api = createFakeApi();
  const store = createFerryStore(api);
  await store.getState().connect();
  store.getState().openMethod('demo.Greeter.SayHello');
  store.getState().setWorkspaceDir('/ws');
  await store.getState().openWorkspace();
  return { api, store };
}

describe('workspace slice', () => {
  it('saves the active tab as a file and saves again over its own stamp', async () => {
    const { api, store } = await connectedStore();
    store.getState().setBody(store.getState().activeTabId, '{"name": "Ada"}');
    await store.getState().saveActiveTabAs('greet/hello');
    expect([...api.files.keys()]).toEqual(['greet/hello.ferry.json']);
    expect(api.files.get('greet/hello.ferry.json')?.file).toMatchObject({ name: 'hello', method: 'demo.Greeter/SayHello', messages: ['{"name": "Ada"}'] });
    expect(store.getState().workspace.snapshot?.requests.map((r) => r.relativePath)).toEqual(['greet/hello.ferry.json']);
    await store.getState().saveActiveTab();
    expect(store.getState().workspace.conflict).toBeUndefined();
  });

  it('shows a conflict when the file changed on disk, and keeps mine only when asked', async () => {
    const { api, store } = await connectedStore();
    await store.getState().saveActiveTabAs('a');
    const entry = api.files.get('a.ferry.json')!;
    api.files.set('a.ferry.json', { file: { ...entry.file, name: 'theirs' }, hash: 'other' });
    await store.getState().saveActiveTab();
    expect(store.getState().workspace.conflict?.path).toBe('a.ferry.json');
    expect(api.files.get('a.ferry.json')?.file.name).toBe('theirs');
    await store.getState().resolveConflict('keep');
    expect(api.files.get('a.ferry.json')?.file.name).toBe('a');
    expect(store.getState().workspace.conflict).toBeUndefined();
  });

  it('renames, duplicates, deletes with undo', async () => {
    const { api, store } = await connectedStore();
    await store.getState().saveActiveTabAs('a');
    await store.getState().renameRequest('a.ferry.json', 'b');
    expect(store.getState().tabs[0]?.saved?.path).toBe('b.ferry.json');
    await store.getState().duplicateRequest('b.ferry.json');
    expect([...api.files.keys()].sort()).toEqual(['b copy.ferry.json', 'b.ferry.json']);
    await store.getState().deleteRequest('b.ferry.json');
    expect(store.getState().tabs[0]?.saved).toBeUndefined();
    await store.getState().undoDelete();
    expect(api.files.has('b.ferry.json')).toBe(true);
  });

  it('opens a saved request and resolves its target per environment', async () => {
    const { api, store } = await connectedStore();
    api.environments = { local: { host: 'localhost:1' }, prod: { host: 'prod:443' } };
    await store.getState().saveActiveTabAs('x');
    api.files.set('x.ferry.json', { ...api.files.get('x.ferry.json')!, file: { ...api.files.get('x.ferry.json')!.file, target: '{{host}}' } });
    await store.getState().openWorkspace();
    expect(store.getState().workspace.environment).toBe('local');
    store.getState().closeTab(store.getState().activeTabId);
    store.getState().openSavedRequest('x.ferry.json');
    await store.getState().refreshResolvedTarget();
    expect(store.getState().workspace.resolvedTarget).toEqual({ status: 'ok', value: 'localhost:1' });
    await store.getState().setEnvironment('prod');
    expect(store.getState().workspace.resolvedTarget).toEqual({ status: 'ok', value: 'prod:443' });
  });

  it('copies as grpcurl, imports a pasted command and reopens history in new tabs', async () => {
    const { api, store } = await connectedStore();
    expect(await store.getState().copyAsGrpcurl()).toBe('grpcurl -plaintext localhost:50051 demo.Greeter/SayHello');
    await store.getState().importGrpcurl('grpcurl -plaintext other:1 demo.Greeter/SayHello');
    expect(store.getState().tabs).toHaveLength(2);
    expect(store.getState().connection.form.target).toBe('other:1');
    api.history = [
      {
        id: 'h1',
        time: '2024-01-01T00:00:00Z',
        method: 'demo.Greeter/SayHello',
        target: 'h:1',
        request: { metadata: [], messages: ['{"name":"old"}'] },
        status: { code: 0, name: 'OK', message: '' },
        timings: {},
        response: { messageCount: 1, messages: [] },
      },
    ];
    await store.getState().loadHistory();
    store.getState().reopenHistory('h1');
    expect(store.getState().tabs).toHaveLength(3);
    expect(store.getState().tabs[2]?.body).toBe('{"name":"old"}');
  });
});
