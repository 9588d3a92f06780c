import { protocolFormOf } from './connection-form';
import { requestFileFromHistory, tabToRequestFile } from './request-file';
import { variablesOf } from './variables-of';
import type { FerryState, SliceContext } from './types';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** The history list reads the history again at most this often while keystrokes or finished calls come in. */
const HISTORY_RELOAD_MS = 200;

/** History and grpcurl actions of the workspace slice. */
export function createHistoryActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patch, activeTab, check, openTab } = workspaceHelpers(ctx, set, get);
  // A burst of calls (or typing in the search box) reads the history once per interval, never postponed by
  // the next one: a steady run of calls still shows in the list as it goes. The read takes the query as it is then.
  let reload: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => {
    if (reload !== undefined) return;
    reload = setTimeout(() => {
      reload = undefined;
      void get().loadHistory();
    }, HISTORY_RELOAD_MS);
  };
  return {
    setHistoryQuery(historyQuery: string) {
      patch({ historyQuery });
      reloadSoon();
    },

    historyChanged: reloadSoon,

    async clearHistory() {
      const result = await api.clearHistory();
      if (check(result) && result.ok) patch({ history: [] });
    },

    async loadHistory() {
      const query = get().workspace.historyQuery.trim();
      const result = await api.listHistory({ limit: 100, ...(query !== '' && { query }) });
      if (check(result) && result.ok) patch({ history: result.value });
    },

    reopenHistory(entryId: string) {
      const entry = get().workspace.history.find((e) => e.id === entryId);
      if (!entry) return;
      // Always a new tab: the entry is a past call, never a file to overwrite.
      get().newTab();
      openTab(requestFileFromHistory(entry));
      get().setConnectionForm({ target: entry.target, ...protocolFormOf(entry) });
    },

    async copyAsGrpcurl(): Promise<string | undefined> {
      const tab = activeTab();
      const file = tab && tabToRequestFile(tab, get().connection.form);
      if (!file) {
        patch({ error: 'Pick a method before copying it as a grpcurl command.' });
        return undefined;
      }
      const result = await api.copyAsGrpcurl(file, variablesOf(get()));
      if (!check(result) || !result.ok) return undefined;
      patch({ grpcurl: result.value });
      return result.value;
    },

    async importGrpcurl(text: string) {
      const result = await api.importGrpcurl(text);
      if (!check(result) || !result.ok) return;
      get().newTab();
      openTab(result.value);
      get().setConnectionForm({ target: result.value.target, tls: result.value.tls.mode, ...protocolFormOf(result.value) });
    },
  };
}
