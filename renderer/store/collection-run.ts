import { describeFerryError, type FerryError } from '../../shared/errors';
import type { IterationRow, SavedRequestRun, WorkspaceEnvironment, WorkspaceRequest } from '../../shared/model';
import type { CapturedValue } from './captures';

/** One saved request of a collection run, in run order. */
export interface RunRow {
  path: string;
  name: string;
  /** With a data file: which row's run this is (1-based). */
  iteration?: number;
  state: 'waiting' | 'running' | 'done' | 'not run';
  result?: SavedRequestRun;
}

/** A data file chosen for runs: the requests run once per row, each row's values as variables. */
export interface RunData {
  name: string;
  rows: IterationRow[];
}

/** The app's run of a folder of saved requests (or all of them), one after another as `ferry run` runs them. */
export interface CollectionRun {
  id: string;
  /** The folder run, relative to the workspace root; `''` for every saved request. */
  folder: string;
  status: 'running' | 'done' | 'stopped';
  /** The data file it ran once per row of, and how many rows that was. */
  data?: { name: string; iterations: number };
  rows: RunRow[];
}

/** The requests a run of `folder` takes, in the order `ferry run` takes them (the snapshot's order). */
export function requestsUnder(requests: readonly WorkspaceRequest[], folder: string): WorkspaceRequest[] {
  return requests.filter((request) => folder === '' || request.collection === folder || request.collection.startsWith(`${folder}/`));
}

/**
 * What an iteration's requests start from: the page's values as the run started, under the row's values (a
 * row wins, as `--iteration-data` wins over `--var`). What the iteration captures goes over both.
 */
export function iterationValues(base: readonly CapturedValue[], row: IterationRow | undefined, from: string): CapturedValue[] {
  if (!row) return [...base];
  return [...base.filter((value) => !row.has(value.name)), ...[...row].map(([name, value]) => ({ name, value, secret: false, from }))];
}

/** Why a data file cannot be run with this environment: a row sets one of its secrets (as `ferry run` refuses). */
export function dataSecretClash(data: RunData, environment: WorkspaceEnvironment | undefined): string | undefined {
  const secret = environment?.file.variables.find((variable) => variable.secret && data.rows.some((row) => row.has(variable.name)));
  if (!secret) return undefined;
  return `${data.name} sets ${secret.name}, a secret variable of environment "${environment!.name}": a data file is no place for a secret. Set it for this page by hand, or where Ferry runs.`;
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
  const where = `${run.folder === '' ? 'All saved requests' : run.folder}${run.data ? ` × ${run.data.iterations} ${run.data.iterations === 1 ? 'row' : 'rows'} of ${run.data.name}` : ''}`;
  const done = run.rows.filter((row) => row.state === 'done');
  const passed = done.filter((row) => row.result?.passed).length;
  if (run.status === 'running') return `${where}: running ${done.length + 1} of ${run.rows.length}…`;
  const seconds = done.reduce((total, row) => total + (row.result?.durationMs ?? 0), 0) / 1000;
  const notRun = run.rows.length - done.length;
  return `${where}: ${passed} passed, ${done.length - passed} failed${notRun > 0 ? `, ${notRun} not run (stopped)` : ''} (${seconds.toFixed(1)} s)`;
}
