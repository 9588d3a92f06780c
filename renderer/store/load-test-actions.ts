import { describeFerryError, FerryFailure } from '../../shared/errors';
import { parseIterationData } from '../../shared/model';
import { dataSecretClash } from './collection-run';
import { bodyRefusal, callRefusal, metadataEntries, parseDeadline } from './editor-slice';
import { DEFAULT_LOAD_SETTINGS, loadPlanOf, type LoadSettings, type LoadTestView } from './load-test';
import type { FerryState, RequestTab, SliceContext } from './types';
import { chosenEnvironment, tabVariables } from './variables-of';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** How often a running load test's counts are asked for: a few times a second is enough to watch. */
const PROGRESS_MS = 250;

/**
 * Load test actions of the workspace slice: a tab's request made many times through the engine's
 * `runLoadTest`, as `ferry bench` makes it, with the tab's metadata, deadline and the page's variables.
 */
export function createLoadTestActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patchTab } = workspaceHelpers(ctx, set, get);
  const tabOf = (tabId: string) => get().tabs.find((t) => t.id === tabId);
  const patchLoad = (tabId: string, loadId: string, patch: Partial<LoadTestView>) => {
    const view = tabOf(tabId)?.loadTest;
    if (view?.loadId === loadId) patchTab(tabId, { loadTest: { ...view, ...patch } });
  };

  /** What the tab's request cannot be load-tested for, in words, as Send says it; undefined when it can. */
  const refusal = (tab: RequestTab): string | undefined =>
    callRefusal(tab, get().connection.info !== undefined) ?? bodyRefusal(tab)?.message ?? (tab.loadData && dataSecretClash(tab.loadData, chosenEnvironment(get())));

  return {
    setLoadSettings(tabId: string, settings: LoadSettings): void {
      patchTab(tabId, { loadSettings: settings });
    },

    setLoadData(tabId: string, name: string, text: string): void {
      try {
        patchTab(tabId, { loadData: { name, rows: parseIterationData(text, name) }, loadTest: undefined });
      } catch (reason) {
        if (!(reason instanceof FerryFailure)) throw reason;
        patchTab(tabId, { loadTest: { loadId: ctx.nextId('load'), status: 'failed', error: `Could not use ${name} as load test data: ${describeFerryError(reason.error)}` } });
      }
    },

    clearLoadData(tabId: string): void {
      patchTab(tabId, { loadData: undefined });
    },

    async startLoadTest(tabId: string): Promise<void> {
      const tab = tabOf(tabId);
      if (!tab || tab.loadTest?.status === 'running') return;
      const parsed = loadPlanOf(tab.loadSettings ?? DEFAULT_LOAD_SETTINGS);
      const deadline = parseDeadline(tab.deadlineSec);
      const refused = refusal(tab) ?? (parsed.ok ? undefined : parsed.message) ?? (deadline.ok ? undefined : deadline.message);
      const loadId = ctx.nextId('load');
      if (refused || !parsed.ok || !deadline.ok) return patchTab(tabId, { loadTest: { loadId, status: 'failed', error: refused } });
      patchTab(tabId, { loadTest: { loadId, status: 'running' } });
      const timer = setInterval(() => {
        void api.loadTestProgress(loadId).then((progress) => progress.ok && patchLoad(tabId, loadId, { progress: progress.value }));
      }, PROGRESS_MS);
      try {
        const result = await api.runLoadTest({
          loadId,
          connectionId: get().connection.info!.connectionId,
          method: tab.method!.fullName,
          metadata: metadataEntries(tab.metadata),
          // A client or bidi stream sends the editor's message as the whole stream, then half-closes.
          messages: [tab.body],
          ...(deadline.ms !== undefined && { deadlineMs: deadline.ms }),
          variables: tabVariables(get(), tab),
          // A row's values stand for variables as captured values do; a row setting a secret was refused above.
          ...(tab.loadData && { rows: tab.loadData.rows.map((row) => [...row].map(([name, value]) => ({ name, value, secret: false }))) }),
          plan: parsed.plan,
          channels: parsed.channels,
        });
        get().noteBackend(result);
        patchLoad(tabId, loadId, result.ok ? { status: 'done', summary: result.value } : { status: 'failed', error: describeFerryError(result.error) });
      } finally {
        clearInterval(timer);
      }
    },

    async stopLoadTest(tabId: string): Promise<void> {
      const view = tabOf(tabId)?.loadTest;
      if (view?.status === 'running') get().noteBackend(await api.stopLoadTest(view.loadId));
    },
  };
}
