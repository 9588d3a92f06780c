import type { StateCreator } from 'zustand/vanilla';
import type { StoredSession } from './stored-session';
import type { FerryState, RequestTab, RestoreSlice, SliceContext } from './types';

/**
 * Puts a stored session back: tabs first (so the page shows them at once), then the workspace (its
 * environment is needed for variables), then the connection, if the page was connected. Tabs keep their
 * bodies as stored; the schema, once loaded, refreshes their templates and marks bodies that no longer fit.
 */
export function createRestoreSlice({ nextId }: SliceContext): StateCreator<FerryState, [], [], RestoreSlice> {
  return (set, get) => ({
    async restoreSession(stored: StoredSession) {
      const tabs: RequestTab[] = stored.tabs.map((tab) => ({
        id: nextId('tab'),
        ...(tab.method && { method: tab.method }),
        body: tab.body,
        bodyTouched: tab.bodyTouched,
        metadata: tab.metadata.map((row) => ({ id: nextId('md'), ...row })),
        ...(tab.environmentMetadata === false && { environmentMetadata: false as const }),
        deadlineSec: tab.deadlineSec,
        assertions: tab.assertions,
        captures: tab.captures ?? [],
        starting: false,
        ...(tab.saved && { saved: tab.saved }),
      }));
      if (tabs.length > 0) set({ tabs, activeTabId: (tabs[stored.activeIndex] ?? tabs[0])!.id });
      get().setConnectionForm(stored.connection.form);
      get().setWorkspaceDir(stored.workspace.dir);
      const { file: mockFile, ...mockBoxes } = stored.mock ?? {};
      if (stored.mock) set((s) => ({ mock: { ...s.mock, ...mockBoxes, saveName: mockFile ?? '' } }));
      if (stored.workspace.open && stored.workspace.dir !== '') {
        if (stored.workspace.environment !== undefined) set((s) => ({ workspace: { ...s.workspace, environment: stored.workspace.environment } }));
        await get().openWorkspace();
        // The responses came from that file: it is theirs again (the box may hold changes the file has not).
        const found = get().workspace.snapshot?.mocks.find((entry) => entry.name === mockFile);
        if (found) set((s) => ({ mock: { ...s.mock, file: { name: found.name, text: found.text, stamp: found.stamp } } }));
      }
      if (stored.connection.connected) await get().connect();
    },
  });
}
