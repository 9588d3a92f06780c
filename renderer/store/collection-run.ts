import { describeFerryError, type FerryError } from '../../shared/errors';
import type { IterationRow, SavedRequestRun, WorkspaceEnvironment, WorkspaceRequest } from '../../shared/model';
import type { CapturedValue } from './captures';

/** One saved request of a collection run, in run order. */
export interface RunRow {
  path: string;
  name: string;
  /** In a run of several iterations (or with a data file): which iteration this is (1-based). */
  iteration?: number;
  state: 'waiting' | 'running' | 'done' | 'not run';
  result?: SavedRequestRun;
}

/** A data file chosen for runs: the requests run once per row, each row's values as variables. */
export interface RunData {
  name: string;
  rows: IterationRow[];
}

/** A run's repeats (`ferry run -n` and `--delay-request`): absent iterations run once, or once per data row. */
export interface RunRepeat {
  iterations?: number;
  delayMs: number;
}

/** The app's run of a folder of saved requests (or all of them), one after another as `ferry run` runs them. */
export interface CollectionRun {
  id: string;
  /** The folder run, relative to the workspace root; `''` for every saved request. */
  folder: string;
  status: 'running' | 'done' | 'stopped';
  /** The data file it ran once per row of, and how many rows that was. */
  data?: { name: string; iterations: number };
  /** Iterations given by count (`RunRepeat.iterations`), each taking the next data row if there is a file. */
  repeated?: number;
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

/** ` × 2 rows of people.csv`, ` × 5 iterations`, ` × 5 iterations over 2 rows of people.csv`, or nothing. */
function timesOf(run: CollectionRun): string {
  const rows = run.data && `${run.data.iterations} ${run.data.iterations === 1 ? 'row' : 'rows'} of ${run.data.name}`;
  if (run.repeated === undefined) return rows ? ` × ${rows}` : '';
  return ` × ${run.repeated} ${run.repeated === 1 ? 'iteration' : 'iterations'}${rows ? ` over ${rows}` : ''}`;
}

/** How a run's group of rows is headed: `Row 2 of 3` (one per data row) or `Iteration 2 of 5`. */
export function iterationHeading(run: CollectionRun, index: number): string {
  return run.repeated === undefined ? `Row ${index + 1} of ${run.data?.iterations ?? 1}` : `Iteration ${index + 1} of ${run.repeated}`;
}

/** `orders: 4 passed, 1 failed (1.2 s)`; while running, how far it got. */
export function runSummary(run: CollectionRun): string {
  const where = `${run.folder === '' ? 'All saved requests' : run.folder}${timesOf(run)}`;
  const done = run.rows.filter((row) => row.state === 'done');
  const passed = done.filter((row) => row.result?.passed).length;
  if (run.status === 'running') return `${where}: running ${done.length + 1} of ${run.rows.length}…`;
  const seconds = done.reduce((total, row) => total + (row.result?.durationMs ?? 0), 0) / 1000;
  const notRun = run.rows.length - done.length;
  return `${where}: ${passed} passed, ${done.length - passed} failed${notRun > 0 ? `, ${notRun} not run (stopped)` : ''} (${seconds.toFixed(1)} s)`;
}
