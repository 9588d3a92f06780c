import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startEventPump } from '../api/event-pump';
import type { RequestFile } from '../../shared/model';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { tabHasUnsavedChanges } from './request-file';
import { unwrap } from '../../shared/errors';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

/** Connected to the bench, Echo open in the first tab, a fresh temp folder open as the workspace. */
async function connectedStore() {
  const store = await real.connectedStore();
  store.getState().openMethod(`${BENCH}.Echo`);
  const dir = await real.tempDir();
  store.getState().setWorkspaceDir(dir);
  await store.getState().openWorkspace();
  expect(store.getState().workspace.status).toBe('open');
  /** The request files on disk, by relative path. */
  const requestFiles = async () => Object.keys(await real.files.readFiles(dir)).filter((path) => path.endsWith('.ferry.json')).sort();
  /** A request file as the engine reads it from disk now. */
  const readRequest = async (path: string): Promise<RequestFile | undefined> =>
    unwrap(await real.api.openWorkspace(dir)).requests.find((r) => r.relativePath === path)?.file;
  /** Edits a request file on disk in its stored form, as another program would. */
  const editOnDisk = async (path: string, edit: Record<string, unknown>) => {
    const stored = JSON.parse((await real.files.readFiles(dir))[path]!) as Record<string, unknown>;
    await real.files.writeFiles(dir, { [path]: `${JSON.stringify({ ...stored, ...edit }, null, 2)}\n` });
  };
  return { store, dir, requestFiles, readRequest, editOnDisk };
}

const environment = (host: string) => JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: host, secret: false }] });

describe('workspace slice', () => {
  it('saves the active tab as a file and saves again over its own stamp', async () => {
    const { store, requestFiles, readRequest } = await connectedStore();
    store.getState().setBody(store.getState().activeTabId, '{"message": "Ada"}');
    await store.getState().saveActiveTabAs('greet/hello');
    expect(await requestFiles()).toEqual(['greet/hello.ferry.json']);
    expect(await readRequest('greet/hello.ferry.json')).toMatchObject({ name: 'hello', method: `${BENCH}/Echo`, messages: ['{"message": "Ada"}'] });
    expect(store.getState().workspace.snapshot?.requests.map((r) => r.relativePath)).toEqual(['greet/hello.ferry.json']);
    await store.getState().saveActiveTab();
    expect(store.getState().workspace.conflict).toBeUndefined();
    expect(store.getState().workspace.error).toBeUndefined();
  });

  it('saves a tab\'s choice to go without the environment\'s metadata, and reads it back into a tab', async () => {
    const { store, readRequest } = await connectedStore();
    const s = () => store.getState();
    const tabId = s().activeTabId;
    s().sendEnvironmentMetadata(tabId, false);
    await s().saveActiveTabAs('health');
    expect(await readRequest('health.ferry.json')).toMatchObject({ environmentMetadata: false });
    expect(tabHasUnsavedChanges(s().tabs[0]!)).toBe(false);
    s().sendEnvironmentMetadata(tabId, true);
    expect(tabHasUnsavedChanges(s().tabs[0]!)).toBe(true);
    await s().saveActiveTab();
    expect((await readRequest('health.ferry.json'))?.environmentMetadata).toBeUndefined();
    s().sendEnvironmentMetadata(tabId, false);
    await s().saveActiveTab();
    // Opened again, the file brings its choice with it.
    s().closeTab(tabId);
    s().openSavedRequest('health.ferry.json');
    await until(() => s().tabs.some((tab) => tab.saved?.path === 'health.ferry.json'), 'the saved request to open');
    expect(s().tabs.find((tab) => tab.saved?.path === 'health.ferry.json')!.environmentMetadata).toBe(false);
  });

  it('shows a conflict when the file changed on disk, and keeps mine only when asked', async () => {
    const { store, readRequest, editOnDisk } = await connectedStore();
    await store.getState().saveActiveTabAs('a');
    // Someone else edits the file (an editor, a git pull).
    await editOnDisk('a.ferry.json', { name: 'theirs' });
    await store.getState().saveActiveTab();
    expect(store.getState().workspace.conflict?.path).toBe('a.ferry.json');
    expect((await readRequest('a.ferry.json'))?.name).toBe('theirs');
    await store.getState().resolveConflict('keep');
    expect((await readRequest('a.ferry.json'))?.name).toBe('a');
    expect(store.getState().workspace.conflict).toBeUndefined();
  });

  it('renames, duplicates, deletes with undo', async () => {
    const { store, requestFiles } = await connectedStore();
    await store.getState().saveActiveTabAs('a');
    await store.getState().renameRequest('a.ferry.json', 'b');
    expect(store.getState().tabs[0]?.saved?.path).toBe('b.ferry.json');
    expect(await requestFiles()).toEqual(['b.ferry.json']);
    await store.getState().duplicateRequest('b.ferry.json');
    expect(await requestFiles()).toEqual(['b copy.ferry.json', 'b.ferry.json']);
    await store.getState().deleteRequest('b.ferry.json');
    expect(store.getState().tabs[0]?.saved).toBeUndefined();
    expect(await requestFiles()).toEqual(['b copy.ferry.json']);
    await store.getState().undoDelete();
    expect(await requestFiles()).toEqual(['b copy.ferry.json', 'b.ferry.json']);
  });

  it('opens a saved request and resolves its target per environment', async () => {
    const { store, dir, editOnDisk } = await connectedStore();
    await real.files.writeFiles(dir, { 'environments/local.ferry-env.json': environment('localhost:1'), 'environments/prod.ferry-env.json': environment('prod:443') });
    await store.getState().saveActiveTabAs('x');
    await editOnDisk('x.ferry.json', { target: '{{host}}' });
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
    const { store } = await connectedStore();
    const stopPump = startEventPump(real.api, store.getState());
    onTestFinished(stopPump);
    const first = store.getState().activeTabId;
    store.getState().setBody(first, '{"message":"hi"}');
    expect(await store.getState().copyAsGrpcurl()).toBe(`grpcurl \\\n  -plaintext \\\n  -d '{"message":"hi"}' \\\n  ${real.target} ${BENCH}/Echo`);
    await store.getState().importGrpcurl(`grpcurl -plaintext other:1 ${BENCH}/Echo`);
    expect(store.getState().tabs).toHaveLength(2);
    expect(store.getState().connection.form.target).toBe('other:1');

    // A real call from the first tab lands in the engine's history.
    store.getState().activateTab(first);
    store.getState().setBody(first, '{"message":"old"}');
    await store.getState().send(first);
    const entryOf = () => store.getState().workspace.history.find((e) => e.request.messages[0] === '{"message":"old"}');
    // The engine records the call once it ends and says so; the list follows without a Search.
    await until(() => entryOf() !== undefined, 'the call in the history list');
    expect(entryOf()).toMatchObject({ method: `${BENCH}/Echo`, target: real.target, status: { name: 'OK' } });
    store.getState().reopenHistory(entryOf()!.id);
    expect(store.getState().tabs).toHaveLength(3);
    expect(store.getState().tabs[2]?.body).toBe('{"message":"old"}');
    expect(store.getState().connection.form.target).toBe(real.target);
    expect(unwrap(await real.api.listHistory({ query: 'old' })).map((e) => e.id)).toContain(entryOf()!.id);
  });
});
