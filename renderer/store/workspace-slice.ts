import type { StateCreator } from 'zustand/vanilla';
import type { SaveExpectation } from '../../shared/api';
import type { WorkspaceRequest } from '../../shared/model';
import { protocolFormOf } from './connection-form';
import { createAssertionActions } from './assertion-actions';
import { createCaptureActions } from './capture-actions';
import { createEnvironmentActions } from './environment-actions';
import { createHistoryActions } from './history-actions';
import { createRunActions } from './run-actions';
import { createLoadTestActions } from './load-test-actions';
import { placeholderMethod, requestBaseName, requestPathOf, tabFieldsOf, tabToRequestFile } from './request-file';
import type { FerryState, RequestTab, SliceContext, WorkspaceSlice } from './types';
import { variablesOf } from './variables-of';
import { workspaceHelpers } from './workspace-helpers';

export function createWorkspaceSlice(ctx: SliceContext): StateCreator<FerryState, [], [], WorkspaceSlice> {
  const { api } = ctx;
  return (set, get) => {
    const { patch, patchTab, activeTab, check, openTab, reload } = workspaceHelpers(ctx, set, get);
    const requestAt = (path: string): WorkspaceRequest | undefined => get().workspace.snapshot?.requests.find((r) => r.relativePath === path);
    const assertions = createAssertionActions(ctx, set, get);
    const { takeCaptures, ...captures } = createCaptureActions(ctx, set, get);

    async function save(tab: RequestTab, path: string, expected: SaveExpectation): Promise<void> {
      if (get().workspace.status !== 'open') return patch({ error: 'Open a workspace folder first.' });
      const file = tabToRequestFile(tab, get().connection.form, tab.saved?.path === path ? undefined : requestBaseName(path));
      if (!file) return patch({ error: 'Pick a method before saving.' });
      const result = await api.saveRequest(path, file, expected);
      get().noteBackend(result);
      if (!result.ok && result.error.code === 'CONFLICT') return patch({ conflict: { tabId: tab.id, path, message: result.error.message } });
      if (!check(result) || !result.ok) return;
      patchTab(tab.id, { saved: { path, stamp: result.value, file } });
      patch({ conflict: undefined });
      await reload();
    }

    return {
      workspace: { dir: '', status: 'closed', saveAsPath: '', historyQuery: '', history: [], captured: [], runRepeat: { delayMs: 0 } },

      setWorkspaceDir: (dir) => patch({ dir }),

      async openWorkspace() {
        const dir = get().workspace.dir.trim();
        if (dir === '') return patch({ status: 'failed', error: 'Type the path of a workspace folder.' });
        patch({ status: 'opening', notice: undefined });
        const result = await api.openWorkspace(dir);
        if (!check(result) || !result.ok) return patch({ status: 'failed' });
        const names = result.value.environments.map((e) => e.name);
        const current = get().workspace.environment;
        const environment = current !== undefined && names.includes(current) ? current : (result.value.manifest?.defaultEnvironment ?? names[0]);
        patch({ status: 'open', snapshot: result.value, environment });
        await get().refreshResolvedTarget();
      },

      workspaceChanged(root) {
        if (get().workspace.snapshot?.root === root) void reload();
      },

      openSavedRequest(relativePath) {
        const open = get().tabs.find((t) => t.saved?.path === relativePath);
        if (open) return set({ activeTabId: open.id });
        const request = requestAt(relativePath);
        if (!request) return;
        openTab(request.file, { path: relativePath, stamp: request.stamp, file: request.file });
        void get().refreshResolvedTarget();
      },

      setSaveAsPath: (saveAsPath) => patch({ saveAsPath }),

      async saveActiveTab() {
        const tab = activeTab();
        if (!tab) return;
        if (tab.saved) return save(tab, tab.saved.path, { expectedHash: tab.saved.stamp.hash });
        const path = get().workspace.saveAsPath.trim();
        if (path === '') return patch({ error: 'Type a name in "Save as" to save this request.' });
        return get().saveActiveTabAs(path);
      },

      async saveActiveTabAs(path) {
        const tab = activeTab();
        if (tab && path.trim() !== '') await save(tab, requestPathOf(path), {});
      },

      async resolveConflict(choice) {
        const conflict = get().workspace.conflict;
        const tab = conflict && get().tabs.find((t) => t.id === conflict.tabId);
        patch({ conflict: undefined });
        if (!conflict || !tab) return;
        if (choice === 'keep') return save(tab, conflict.path, { overwrite: true });
        await reload();
        const request = requestAt(conflict.path);
        if (request) patchTab(tab.id, { ...tabFieldsOf(request.file, tab.method ?? placeholderMethod(request.file.method), ctx.nextId), saved: { path: conflict.path, stamp: request.stamp, file: request.file } });
      },

      async renameRequest(from, to) {
        const target = requestPathOf(to);
        if (!check(await api.renameRequest(from, target))) return;
        set((s) => ({ tabs: s.tabs.map((t) => (t.saved?.path === from ? { ...t, saved: { ...t.saved, path: target } } : t)) }));
        await reload();
      },

      async duplicateRequest(path) {
        const request = requestAt(path);
        if (!request) return;
        const taken = new Set(get().workspace.snapshot?.requests.map((r) => r.relativePath));
        const stem = path.slice(0, -requestPathOf('').length);
        let copy = requestPathOf(`${stem} copy`);
        for (let n = 2; taken.has(copy); n++) copy = requestPathOf(`${stem} copy ${n}`);
        if (check(await api.saveRequest(copy, { ...request.file, name: `${request.file.name} copy` }, {}))) await reload();
      },

      async deleteRequest(path) {
        const request = requestAt(path);
        if (!request || !check(await api.deleteRequest(path))) return;
        // Open tabs keep their content, now unsaved.
        set((s) => ({ tabs: s.tabs.map((t) => (t.saved?.path === path ? { ...t, saved: undefined } : t)) }));
        patch({ deleted: { path, file: request.file } });
        await reload();
      },

      async undoDelete() {
        const deleted = get().workspace.deleted;
        if (!deleted) return;
        patch({ deleted: undefined });
        if (check(await api.saveRequest(deleted.path, deleted.file, {}))) await reload();
      },

      async setEnvironment(environment) {
        patch({ environment });
        await get().refreshResolvedTarget();
      },

      async connectToRequestTarget() {
        const tab = activeTab();
        const resolved = get().workspace.resolvedTarget;
        if (!tab?.saved || resolved?.status !== 'ok') return;
        // The file's TLS mode and protocol go with its target; certificate paths and the schema source stay as set.
        get().setConnectionForm({ target: resolved.value, tls: tab.saved.file.tls.mode, ...protocolFormOf(tab.saved.file) });
        await get().connect();
      },

      async refreshResolvedTarget() {
        const tab = activeTab();
        const file = tab && tabToRequestFile(tab, get().connection.form);
        if (!file || get().workspace.status !== 'open') return patch({ resolvedTarget: undefined });
        const result = await api.resolveTarget(file, variablesOf(get()));
        get().noteBackend(result);
        patch({ resolvedTarget: result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error } });
      },

      ...createHistoryActions(ctx, set, get),
      ...createEnvironmentActions(ctx, set, get),
      ...assertions,
      ...captures,
      ...createRunActions(ctx, set, get),
      ...createLoadTestActions(ctx, set, get),

      async callEnded(callId) {
        const tab = get().tabs.find((t) => t.callId === callId);
        if (tab) await Promise.all([assertions.checkAssertions(tab.id), takeCaptures(tab.id)]);
      },
    };
  };
}
