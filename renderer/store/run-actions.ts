import { describeFerryError, FerryFailure } from '../../shared/errors';
import { iterationsOf, parseIterationData, type TransportSettings } from '../../shared/model';
import { mergeCaptured } from './captures';
import { transportSettings } from './connection-form';
import { dataSecretClash, failedRun, iterationValues, requestsUnder, type CollectionRun, type RunRepeat, type RunRow } from './collection-run';
import type { FerryState, SliceContext } from './types';
import { capturedVariables, chosenEnvironment, variablesOf } from './variables-of';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/**
 * A request file carries no transport settings: the run reaches its servers as the page's connection would
 * (its proxy, message size, keepalive, compression); boxes that do not read are left out, as Connect refuses them.
 */
function pageTransport(state: FerryState): { transport?: TransportSettings } {
  const transport = transportSettings(state.connection.form);
  return typeof transport === 'string' || Object.keys(transport).length === 0 ? {} : { transport };
}

/**
 * Collection runs of the workspace slice: the saved requests of a folder one after another, each as
 * `ferry run` runs it (in the engine), the values each captures handed to the ones after it; with a data
 * file, once per row.
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
  /** Ends the pause a run waits in between two requests (Stop does not wait it out). */
  let endPause: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        endPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      endPause = done;
    });
  const setRow = (id: string, index: number, row: Partial<RunRow>) => updateRun(id, (run) => ({ ...run, rows: run.rows.map((r, i) => (i === index ? { ...r, ...row } : r)) }));

  return {
    async runSavedRequests(folder: string): Promise<void> {
      if (get().workspace.run?.status === 'running') return;
      const requests = requestsUnder(get().workspace.snapshot?.requests ?? [], folder);
      if (requests.length === 0) return patch({ error: `No saved requests in ${folder === '' ? 'the workspace' : folder} to run.` });
      const data = get().workspace.runData;
      const clash = data && dataSecretClash(data, chosenEnvironment(get()));
      if (clash) return patch({ error: clash });
      const { iterations: count, delayMs } = get().workspace.runRepeat;
      const iterations = iterationsOf(data?.rows, count);
      const numbered = data !== undefined || count !== undefined;
      const rows = iterations.flatMap((_, i) => requests.map((r): RunRow => ({ path: r.relativePath, name: r.file.name, state: 'waiting', ...(numbered && { iteration: i + 1 }) })));
      const run: CollectionRun = { id: ctx.nextId('run'), folder, status: 'running', ...(data && { data: { name: data.name, iterations: data.rows.length } }), ...(count !== undefined && { repeated: count }), rows };
      patch({ run, error: undefined });
      // Each iteration starts from the page's values as the run started: what one row's requests captured
      // is not carried into the next row's, as in `ferry run --iteration-data`.
      const base = get().workspace.captured;
      let index = 0;
      for (const [i, row] of iterations.entries()) {
        let values = iterationValues(base, row, `row ${(i % (data?.rows.length ?? 1)) + 1} of ${data?.name}`);
        for (const request of requests) {
          const running = () => current(run.id)?.status === 'running';
          if (index > 0 && delayMs > 0 && running()) await pause(delayMs);
          if (!running()) break;
          setRow(run.id, index, { state: 'running' });
          const variables = { ...variablesOf(get()), captured: capturedVariables(values) };
          // The last response is kept with the verdict, to show what the server answered (a stream's would be too much).
          const answer = await api.runSavedRequest({ path: request.relativePath, variables, runId: runIdOf(run, index), lastResponses: 1, ...pageTransport(get()) });
          get().noteBackend(answer);
          const result = answer.ok ? answer.value : failedRun(answer.error);
          values = mergeCaptured(values, result.captures, request.file.name);
          if (result.captures.length > 0) patch({ captured: mergeCaptured(get().workspace.captured, result.captures, request.file.name) });
          setRow(run.id, index++, { state: 'done', result });
        }
      }
      updateRun(run.id, (done) => ({
        ...done,
        status: done.status === 'running' ? 'done' : done.status,
        rows: done.rows.map((row) => (row.state === 'waiting' ? { ...row, state: 'not run' } : row)),
      }));
    },

    /** Reads a data file picked for runs; a file that does not read as iteration data is named in the error. */
    setRunData(name: string, text: string): void {
      try {
        const rows = parseIterationData(text, name);
        patch({ runData: { name, rows }, error: undefined });
      } catch (reason) {
        if (!(reason instanceof FerryFailure)) throw reason;
        patch({ error: `Could not use ${name} as run data: ${describeFerryError(reason.error)}` });
      }
    },

    clearRunData(): void {
      patch({ runData: undefined });
    },

    setRunRepeat(repeat: RunRepeat): void {
      patch({ runRepeat: repeat });
    },

    /** Stops a run: its current request's call is cancelled and the rest are not run. */
    async stopRun(): Promise<void> {
      const run = get().workspace.run;
      if (run?.status !== 'running') return;
      patch({ run: { ...run, status: 'stopped' } });
      endPause?.();
      const index = run.rows.findIndex((row) => row.state === 'running');
      if (index !== -1) get().noteBackend(await api.cancelSavedRequest(runIdOf(run, index)));
    },

    closeRun(): void {
      if (get().workspace.run?.status !== 'running') patch({ run: undefined });
    },
  };
}
