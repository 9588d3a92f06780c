import type { StateCreator } from 'zustand/vanilla';
import { isClientStreaming, type MetadataEntry } from '../../shared/model';
import { describeFerryError, type Result } from '../../shared/errors';
import { bodyFitIssues } from './body-fit';
import { INLINE_MESSAGE_BYTES } from './session-view';
import { bodyProblems, describeJsonProblem, type BodyProblem } from './body-problems';
import type { EditorSlice, FerryState, MetadataRow, RequestTab, SliceContext } from './types';
import { shownResponse } from './previous-response';
import { tabVariables } from './variables-of';

export interface EditorSliceOptions {
  /** Forget a call: its session is dropped and late events for it are ignored. */
  dropCall: (callId: string) => void;
}

/** A deadline field's value in milliseconds; empty means none. */
export function parseDeadline(text: string): { ok: true; ms?: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true };
  const seconds = Number(trimmed);
  if (!Number.isFinite(seconds) || seconds <= 0) return { ok: false, message: 'Deadline must be a positive number of seconds, or empty for none.' };
  return { ok: true, ms: Math.round(seconds * 1000) };
}

export function metadataEntries(rows: readonly MetadataRow[]): MetadataEntry[] {
  return rows.filter((r) => r.enabled && r.key.trim() !== '').map((r) => ({ key: r.key.trim().toLowerCase(), value: r.value }));
}

/** Why a tab's request cannot go out at all, in words; undefined when it can. */
export function callRefusal(tab: RequestTab, connected: boolean): string | undefined {
  if (!tab.method) return 'Pick a method from the service list first.';
  return connected ? undefined : 'Connect to a server first.';
}

/** Why a tab's body cannot go out as it is (with the JSON problem, which the editor marks); undefined when it can. */
export function bodyRefusal(tab: RequestTab): { message: string; problem?: BodyProblem } | undefined {
  if (tab.body.trim() === '') return { message: 'The request body is empty: write a JSON object ({} for an empty message).' };
  const problem = bodyProblems(tab.body, tab.editorProblem).blocking;
  return problem ? { message: describeJsonProblem(problem), problem } : undefined;
}

export function isStreamingRequest(tab: RequestTab): boolean {
  return tab.method !== undefined && isClientStreaming(tab.method.kind);
}

export function createEditorSlice(ctx: SliceContext, options: EditorSliceOptions): StateCreator<FerryState, [], [], EditorSlice> {
  const { api, now, nextId } = ctx;
  const blankTab = (): RequestTab => ({ id: nextId('tab'), body: '', bodyTouched: false, metadata: [], deadlineSec: '', starting: false, assertions: [], captures: [] });
  const first = blankTab();

  return (set, get) => {
    const tabOf = (tabId: string) => get().tabs.find((t) => t.id === tabId);
    const patchTab = (tabId: string, patch: Partial<RequestTab> | ((tab: RequestTab) => Partial<RequestTab>)) =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)) }));
    const clearSendError = (tabId: string) => patchTab(tabId, { sendError: undefined, sendErrorOfBody: undefined });
    const refuseBody = (tabId: string, problem: Parameters<typeof describeJsonProblem>[0]) => patchTab(tabId, { sendError: describeJsonProblem(problem), sendErrorOfBody: true });
    const report = (tabId: string, result: Result<unknown>) => {
      get().noteBackend(result);
      if (!result.ok) patchTab(tabId, { sendError: describeFerryError(result.error) });
    };
    const isRunning = (tab: RequestTab) => tab.callId !== undefined && get().sessions[tab.callId]?.ended !== true;

    /** Fetches the request template; fills the body only if the user has not typed, and marks a stale body. */
    async function loadTemplate(tabId: string): Promise<void> {
      const tab = tabOf(tabId);
      const connectionId = get().connection.info?.connectionId;
      if (!tab?.method || connectionId === undefined) return;
      const typeName = tab.method.requestType;
      patchTab(tabId, { template: { status: 'loading' } });
      const result = await api.getMessageTemplate(connectionId, typeName);
      get().noteBackend(result);
      patchTab(tabId, (t) => {
        if (t.method?.requestType !== typeName) return {}; // the tab moved on meanwhile
        if (!result.ok) return { template: { status: 'error', error: result.error } };
        const template = { status: 'ok' as const, value: result.value };
        if (!t.bodyTouched) return { template, body: result.value.example, bodyMark: undefined };
        const issues = bodyFitIssues(t.body, result.value.jsonSchema);
        return { template, bodyMark: issues.length > 0 ? `This body no longer fits ${typeName}: ${issues.join('; ')}.` : undefined };
      });
    }

    return {
      tabs: [first],
      activeTabId: first.id,

      newTab() {
        const tab = blankTab();
        set((s) => ({ tabs: [...s.tabs, tab], activeTabId: tab.id }));
      },

      closeTab(tabId) {
        const { tabs, activeTabId } = get();
        const index = tabs.findIndex((t) => t.id === tabId);
        const tab = tabs[index];
        if (!tab) return;
        if (tab.callId !== undefined) {
          if (isRunning(tab)) void api.cancelCall(tab.callId);
          options.dropCall(tab.callId);
        }
        // Closing the last tab leaves a fresh blank one: the request area is never empty.
        const rest = tabs.filter((t) => t.id !== tabId);
        const remaining = rest.length > 0 ? rest : [blankTab()];
        const neighbour = remaining[Math.min(index, remaining.length - 1)] as RequestTab;
        set({ tabs: remaining, activeTabId: activeTabId === tabId ? neighbour.id : activeTabId });
      },

      activateTab(tabId) {
        if (tabOf(tabId)) set({ activeTabId: tabId });
      },

      cycleTab(delta) {
        const { tabs, activeTabId } = get();
        const index = tabs.findIndex((t) => t.id === activeTabId);
        const next = tabs[(index + delta + tabs.length) % tabs.length];
        if (next) set({ activeTabId: next.id });
      },

      openMethod(fullName) {
        const method = get().findMethod(fullName);
        if (!method) return;
        const { tabs, activeTabId } = get();
        const active = tabOf(activeTabId);
        // A blank active tab takes the method; an open tab for it is reused; otherwise a new tab.
        if (active && !active.method) {
          patchTab(active.id, { method });
          void loadTemplate(active.id);
          return;
        }
        const existing = tabs.find((t) => t.method?.fullName === fullName);
        if (existing) return set({ activeTabId: existing.id });
        const tab = { ...blankTab(), method };
        set((s) => ({ tabs: [...s.tabs, tab], activeTabId: tab.id }));
        void loadTemplate(tab.id);
      },

      setBody(tabId, body) {
        patchTab(tabId, (t) => {
          if (t.body === body) return {};
          if (!t.sendErrorOfBody) return { body, bodyTouched: true };
          const problem = bodyProblems(body, undefined).blocking;
          return { body, bodyTouched: true, sendError: problem && describeJsonProblem(problem), sendErrorOfBody: problem !== undefined || undefined };
        });
      },

      resetBody(tabId) {
        const template = tabOf(tabId)?.template;
        if (template?.status === 'ok') patchTab(tabId, { body: template.value.example, bodyTouched: false, bodyMark: undefined });
      },

      setEditorProblem(tabId, editorProblem) {
        patchTab(tabId, { editorProblem });
      },

      setDeadline(tabId, deadlineSec) {
        patchTab(tabId, { deadlineSec });
      },

      addMetadataRow(tabId) {
        patchTab(tabId, (t) => ({ metadata: [...t.metadata, { id: nextId('md'), key: '', value: '', enabled: true }] }));
      },

      updateMetadataRow(tabId, rowId, patch) {
        patchTab(tabId, (t) => ({ metadata: t.metadata.map((r) => (r.id === rowId ? { ...r, ...patch } : r)) }));
      },

      removeMetadataRow(tabId, rowId) {
        patchTab(tabId, (t) => ({ metadata: t.metadata.filter((r) => r.id !== rowId) }));
      },

      sendEnvironmentMetadata(tabId, send) {
        patchTab(tabId, { environmentMetadata: send ? undefined : false });
      },

      async refreshTemplates() {
        const methods = new Set(get().schema.services.flatMap((s) => s.methods.map((m) => m.fullName)));
        const pending: Promise<void>[] = [];
        for (const tab of get().tabs) {
          if (!tab.method) continue;
          if (!methods.has(tab.method.fullName)) {
            patchTab(tab.id, { bodyMark: `${tab.method.fullName} is not in the schema any more; the body is kept.` });
            continue;
          }
          // Pick up changed kinds and types; the body stays as typed.
          const fresh = get().findMethod(tab.method.fullName);
          if (fresh) patchTab(tab.id, { method: fresh });
          pending.push(loadTemplate(tab.id));
        }
        await Promise.all(pending);
      },

      async send(tabId) {
        const tab = tabOf(tabId);
        if (!tab || tab.starting || isRunning(tab)) return;
        const connectionId = get().connection.info?.connectionId;
        const fail = (sendError: string) => patchTab(tabId, { sendError, sendErrorOfBody: undefined });
        if (!tab.method || connectionId === undefined) return fail(callRefusal(tab, connectionId !== undefined)!);
        const deadline = parseDeadline(tab.deadlineSec);
        if (!deadline.ok) return fail(deadline.message);
        // Client and bidi streams open empty: each message goes with Send message, the first one too.
        const opensStream = isStreamingRequest(tab);
        const unfit = opensStream ? undefined : bodyRefusal(tab);
        if (unfit) return unfit.problem ? refuseBody(tabId, unfit.problem) : fail(unfit.message);
        clearSendError(tabId);
        const previousResponse = shownResponse(get(), tab.callId);
        if (tab.callId !== undefined) options.dropCall(tab.callId);
        patchTab(tabId, { starting: true, callId: undefined, ...(previousResponse !== undefined && { previousResponse }) });
        const result = await api.startCall({
          connectionId,
          method: tab.method.fullName,
          metadata: metadataEntries(tab.metadata),
          ...(deadline.ms !== undefined && { deadlineMs: deadline.ms }),
          ...(!opensStream && { body: tab.body }),
          inlineMessageBytes: INLINE_MESSAGE_BYTES,
          variables: tabVariables(get(), tab),
        });
        patchTab(tabId, { starting: false });
        report(tabId, result);
        if (result.ok) patchTab(tabId, { callId: result.value.callId, callStartedAt: now(), callDeadlineMs: deadline.ms });
      },

      async sendStreamMessage(tabId) {
        const tab = tabOf(tabId);
        if (!tab?.callId || !isRunning(tab)) return;
        const problem = bodyProblems(tab.body, tab.editorProblem).blocking;
        if (problem) return refuseBody(tabId, problem);
        clearSendError(tabId);
        report(tabId, await api.sendMessage(tab.callId, tab.body));
      },

      async halfClose(tabId) {
        const callId = tabOf(tabId)?.callId;
        if (callId !== undefined) report(tabId, await api.halfClose(callId));
      },

      async cancel(tabId) {
        const callId = tabOf(tabId)?.callId;
        if (callId !== undefined) report(tabId, await api.cancelCall(callId));
      },
    };
  };
}
