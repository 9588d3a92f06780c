import { mergeCaptured } from './captures';
import { failedRun, requestsUnder, type CollectionRun, type RunRow } from './collection-run';
import type { FerryState, SliceContext } from './types';
import { variablesOf } from './variables-of';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/**
 * Collection runs of the workspace slice: the saved requests of a folder one after another, each as
 * `ferry run` runs it (in the engine), the values each captures handed to the ones after it.
 */
export function createRunActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patch } = workspaceHelpers(ctx, set, get);
  const runIdOf = (run: CollectionRun, index: number) => `${run.id}:${index}`;
  const current = (id: string) => (get().workspace.run?.id === id ? get().workspace.run : undefined);
  const updateRun = (id: string, update: (run: CollectionRun) => CollectionRun) => {
    const run = current(id);
    if (run) patch({ run: update(run) });
  };
  const setRow = (id: string, index: number, row: Partial<RunRow>) => updateRun(id, (run) => ({ ...run, rows: run.rows.map((r, i) => (i === index ? { ...r, ...row } : r)) }));

  return {
    async runSavedRequests(folder: string): Promise<void> {
      if (get().workspace.run?.status === 'running') return;
      const requests = requestsUnder(get().workspace.snapshot?.requests ?? [], folder);
      if (requests.length === 0) return patch({ error: `No saved requests in ${folder === '' ? 'the workspace' : folder} to run.` });
      const run: CollectionRun = { id: ctx.nextId('run'), folder, status: 'running', rows: requests.map((r) => ({ path: r.relativePath, name: r.file.name, state: 'waiting' })) };
      patch({ run, error: undefined });
      for (const [index, request] of requests.entries()) {
        if (current(run.id)?.status !== 'running') break;
        setRow(run.id, index, { state: 'running' });
        const answer = await api.runSavedRequest({ path: request.relativePath, variables: variablesOf(get()), runId: runIdOf(run, index) });
        get().noteBackend(answer);
        const result = answer.ok ? answer.value : failedRun(answer.error);
        if (result.captures.length > 0) patch({ captured: mergeCaptured(get().workspace.captured, result.captures, request.file.name) });
        setRow(run.id, index, { state: 'done', result });
      }
      updateRun(run.id, (done) => ({
        ...done,
        status: done.status === 'running' ? 'done' : done.status,
        rows: done.rows.map((row) => (row.state === 'waiting' ? { ...row, state: 'not run' } : row)),
      }));
    },

    /** Stops a run: its current request's call is cancelled and the rest are not run. */
    async stopRun(): Promise<void> {
      const run = get().workspace.run;
      if (run?.status !== 'running') return;
      patch({ run: { ...run, status: 'stopped' } });
      const index = run.rows.findIndex((row) => row.state === 'running');
      if (index !== -1) get().noteBackend(await api.cancelSavedRequest(runIdOf(run, index)));
    },

    closeRun(): void {
      if (get().workspace.run?.status !== 'running') patch({ run: undefined });
    },
  };
}
