import type { Capture } from '../../shared/model';
import { mergeCaptured } from './captures';
import { tabTitle } from './request-file';
import type { FerryState, SliceContext } from './types';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** Capture actions of the workspace slice: editing a tab's captures and taking their values after a call. */
export function createCaptureActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patch, patchTab } = workspaceHelpers(ctx, set, get);
  const tabOf = (tabId: string) => get().tabs.find((t) => t.id === tabId);

  return {
    setCaptures(tabId: string, captures: Capture[]) {
      patchTab(tabId, { captures });
    },

    clearCaptured() {
      patch({ captured: [] });
    },

    /** Takes the tab's captures from its finished call into the page's captured values. */
    async takeCaptures(tabId: string): Promise<void> {
      const tab = tabOf(tabId);
      const callId = tab?.callId;
      if (!tab || callId === undefined || tab.captures.length === 0) return;
      patchTab(tabId, { captureCheck: { callId, results: { status: 'loading' } } });
      const result = await api.captureValues(tab.captures, callId);
      get().noteBackend(result);
      if (result.ok) patch({ captured: mergeCaptured(get().workspace.captured, result.value, tabTitle(tab)) });
      if (tabOf(tabId)?.callId !== callId) return;
      patchTab(tabId, { captureCheck: { callId, results: result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error } } });
    },
  };
}
