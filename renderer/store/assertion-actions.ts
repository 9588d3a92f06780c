import type { Assertion } from '../../shared/model';
import type { FerryState, SliceContext } from './types';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** Assertion actions of the workspace slice: editing a tab's assertions and checking them after a call. */
export function createAssertionActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patchTab } = workspaceHelpers(ctx, set, get);
  const tabOf = (tabId: string) => get().tabs.find((t) => t.id === tabId);

  async function check(tabId: string): Promise<void> {
    const tab = tabOf(tabId);
    const callId = tab?.callId;
    if (!tab || callId === undefined || get().sessions[callId]?.ended !== true || tab.assertions.length === 0) return;
    const assertions = tab.assertions;
    patchTab(tabId, { assertionCheck: { callId, results: { status: 'loading' } } });
    const result = await api.checkAssertions(assertions, callId);
    get().noteBackend(result);
    // A newer call or check may have started meanwhile: only the tab's current call gets these results.
    if (tabOf(tabId)?.callId !== callId) return;
    patchTab(tabId, { assertionCheck: { callId, results: result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error } } });
  }

  return {
    setAssertions(tabId: string, assertions: Assertion[]) {
      patchTab(tabId, { assertions });
    },

    checkAssertions: check,
  };
}
