import { describeFerryError, type FerryError } from '../../shared/errors';
import type { SavedRequestRun, WorkspaceRequest } from '../../shared/model';

/** One saved request of a collection run, in run order. */
export interface RunRow {
  path: string;
  name: string;
  state: 'waiting' | 'running' | 'done' | 'not run';
  result?: SavedRequestRun;
}

/** The app's run of a folder of saved requests (or all of them), one after another as `ferry run` runs them. */
export interface CollectionRun {
  id: string;
  /** The folder run, relative to the workspace root; `''` for every saved request. */
  folder: string;
  status: 'running' | 'done' | 'stopped';
  rows: RunRow[];
}

/** The requests a run of `folder` takes, in the order `ferry run` takes them (the snapshot's order). */
export function requestsUnder(requests: readonly WorkspaceRequest[], folder: string): WorkspaceRequest[] {
  return requests.filter((request) => folder === '' || request.collection === folder || request.collection.startsWith(`${folder}/`));
}

/** The verdict of a run whose command itself failed (the connection to Ferry, an argument). */
export function failedRun(error: FerryError): SavedRequestRun {
  return { target: '', responses: 0, durationMs: 0, assertions: [], captures: [], passed: false, error };
}

/** Each failure of a run in words: failed assertions, captures that found nothing, the error. */
export function runFailures(result: SavedRequestRun): string[] {
  return [
    ...(result.error ? [describeFerryError(result.error)] : []),
    ...result.assertions.filter((a) => !a.passed).map((a) => `${a.description}: ${a.failure ?? 'failed'}`),
    ...result.captures.filter((c) => c.failure !== undefined).map((c) => `capture {{${c.capture.variable}}}: ${c.failure}`),
  ];
}

/** `orders: 4 passed, 1 failed (1.2 s)`; while running, how far it got. */
export function runSummary(run: CollectionRun): string {
  const where = run.folder === '' ? 'All saved requests' : run.folder;
  const done = run.rows.filter((row) => row.state === 'done');
  const passed = done.filter((row) => row.result?.passed).length;
  if (run.status === 'running') return `${where}: running ${done.length + 1} of ${run.rows.length}…`;
  const seconds = done.reduce((total, row) => total + (row.result?.durationMs ?? 0), 0) / 1000;
  const notRun = run.rows.length - done.length;
  return `${where}: ${passed} passed, ${done.length - passed} failed${notRun > 0 ? `, ${notRun} not run (stopped)` : ''} (${seconds.toFixed(1)} s)`;
}
