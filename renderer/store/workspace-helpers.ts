import type { StateCreator } from 'zustand/vanilla';
import { describeFerryError, type Result } from '../../shared/errors';
import { WORKSPACE_MANIFEST_FILE, type RequestFile } from '../../shared/model';
import { placeholderMethod, tabFieldsOf } from './request-file';
import type { FerryState, RequestTab, SliceContext, WorkspaceSlice, WorkspaceState } from './types';

export type WorkspaceSet = Parameters<StateCreator<FerryState, [], [], WorkspaceSlice>>[0];

/** Shared by the workspace and history actions: patching state and opening tabs. */
export function workspaceHelpers(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const patch = (p: Partial<WorkspaceState>) => set((s) => ({ workspace: { ...s.workspace, ...p } }));
  const patchTab = (tabId: string, p: Partial<RequestTab>) => set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, ...p } : t)) }));
  const activeTab = () => get().tabs.find((t) => t.id === get().activeTabId);
  /** Notes the backend and the error; true when the result is ok. */
  const check = (result: Result<unknown>): boolean => {
    get().noteBackend(result);
    if (!result.ok) patch({ error: describeFerryError(result.error) });
    else patch({ error: undefined });
    return result.ok;
  };
  /** Opens a request in the blank active tab, or a new one. */
  const openTab = (file: RequestFile, saved?: RequestTab['saved']) => {
    const known = get().findMethod(file.method.replace('/', '.'));
    const fields = tabFieldsOf(file, known ?? placeholderMethod(file.method), ctx.nextId);
    const active = activeTab();
    if (active && !active.method && !active.bodyTouched && active.callId === undefined) {
      patchTab(active.id, { ...fields, ...(saved && { saved }) });
      return;
    }
    const tab: RequestTab = { id: ctx.nextId('tab'), starting: false, ...fields, ...(saved && { saved }) };
    set((s) => ({ tabs: [...s.tabs, tab], activeTabId: tab.id }));
  };
  /** Reads the open workspace again; says so when a save made the folder a workspace (its manifest appeared). */
  const reload = async (): Promise<void> => {
    const before = get().workspace.snapshot;
    if (before === undefined) return;
    const result = await ctx.api.openWorkspace(before.root);
    if (!check(result) || !result.ok) return;
    patch({ snapshot: result.value });
    if (!before.manifest && result.value.manifest) patch({ notice: `Created ${WORKSPACE_MANIFEST_FILE} in this folder, so ferry run finds the workspace from any file in it.` });
  };
  return { patch, patchTab, activeTab, check, openTab, reload };
}


