import type { JsonPathSegment } from '../../shared/json';
import { isServerStreaming, type Capture } from '../../shared/model';
import { mergeCaptured, withValueSetByHand } from './captures';
import { tabTitle } from './request-file';
import { assertionAt, captureAt } from './response-paths';
import type { FerryState, RequestSection, RequestTab, SliceContext } from './types';
import { variableValueOf } from '../../shared/util';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** A server-stream or bidi call's `$` is the array of its responses. */
const streamsResponses = (tab: RequestTab) => tab.method !== undefined && isServerStreaming(tab.method.kind);

/**
 * Capture actions of the workspace slice: editing a tab's captures, adding one (or an assertion) from a
 * value of the shown response, and taking their values after a call.
 */
export function createCaptureActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patch, patchTab } = workspaceHelpers(ctx, set, get);
  const tabOf = (tabId: string) => get().tabs.find((t) => t.id === tabId);

  return {
    setCaptures(tabId: string, captures: Capture[]) {
      patchTab(tabId, { captures });
    },

    showSection(tabId: string, section: RequestSection, shown: boolean) {
      const tab = tabOf(tabId);
      if (tab) patchTab(tabId, { shown: { ...tab.shown, [section]: shown } });
    },

    captureFromResponse(tabId: string, path: JsonPathSegment[]) {
      const tab = tabOf(tabId);
      if (!tab) return;
      patchTab(tabId, { captures: [...tab.captures, captureAt(path, streamsResponses(tab), tab.captures)], shown: { ...tab.shown, captures: true } });
    },

    assertFromResponse(tabId: string, path: JsonPathSegment[], value: unknown) {
      const tab = tabOf(tabId);
      if (!tab) return;
      patchTab(tabId, { assertions: [...tab.assertions, assertionAt(path, streamsResponses(tab), value)], shown: { ...tab.shown, assertions: true } });
    },

    clearCaptured() {
      patch({ captured: [] });
    },

    setPageVariable(name: string, text: string, secret: boolean): string | undefined {
      const next = withValueSetByHand(get().workspace.captured, name.trim(), variableValueOf(text), secret);
      if (typeof next === 'string') return next;
      patch({ captured: next });
      return undefined;
    },

    forgetPageVariable(name: string) {
      patch({ captured: get().workspace.captured.filter((entry) => entry.name !== name) });
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
