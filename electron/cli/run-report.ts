import { describeFerryError, type FerryError } from '../../shared/errors';
import type { AssertionResult } from '../engine';
import type { CliIo } from './cli-io';
import { variableValueOf } from '../../shared/util';
import type { RunCapture } from './run-captures';

/** One request's result in a `ferry run`. */
export interface RequestRun {
  /** Relative to the workspace root, `/`-separated. */
  file: string;
  /** With `--iteration-data` of several rows: which row's run this is (1-based). */
  iteration?: number;
  collection: string;
  name: string;
  method: string;
  target: string;
  /** How the call ended; absent when it could not be made. */
  status?: { code: number; name: string; message: string };
  responses: number;
  /** Each response as ProtoJSON, with `-v`. */
  responseMessages?: unknown[];
  /** The request could not be made or finished (unreachable server, unknown method, bad body). */
  error?: FerryError;
  assertions: AssertionResult[];
  /** What the request captured for later ones (`captures` in its file). */
  captures: RunCapture[];
  passed: boolean;
  durationMs: number;
}

export interface RunSummary {
  environment?: string;
  runs: RequestRun[];
  /** Problems found before sending: unparsable files, unknown variables. */
  errors: FerryError[];
  durationMs: number;
  exitCode: number;
  /** Requests not run because --bail stopped the run. */
  skipped: number;
}

export type ReporterName = 'pretty' | 'json' | 'junit';

/** Pretty progress: one line per request as it finishes, failures indented beneath it; `-v` adds the responses. */
export function printRunProgress(io: CliIo, run: RequestRun, verbose = false): void {
  const mark = run.passed ? '✓' : '✗';
  const status = run.status ? run.status.name : (run.error?.code ?? '');
  io.out(`${mark} ${run.file}  ${run.name}  ${status}  ${run.durationMs.toFixed(0)} ms\n`);
  if (run.error) io.out(`    error: ${describeFerryError(run.error)}\n`);
  for (const result of run.assertions) {
    if (!result.passed) io.out(`    ✗ ${result.description}: ${result.failure}\n`);
  }
  for (const capture of run.captures) {
    io.out(capture.failure === undefined ? `    captured {{${capture.variable}}} = ${capture.shown}\n` : `    ✗ ${capture.description}: ${capture.failure}\n`);
  }
  if (verbose && run.status) printResponses(io, run.status, run.responseMessages ?? []);
}

function printResponses(io: CliIo, status: NonNullable<RequestRun['status']>, responses: readonly unknown[]): void {
  if (status.code !== 0 && status.message !== '') io.out(`    status message: ${status.message}\n`);
  const indent = (text: string) => text.replace(/^/gm, '      ');
  responses.forEach((response, i) => {
    io.out(`    response${responses.length > 1 ? ` ${i + 1}` : ''}:\n${indent(JSON.stringify(response, null, 2))}\n`);
  });
  if (responses.length === 0) io.out('    no response message\n');
}

export function printRunSummary(io: CliIo, summary: RunSummary): void {
  for (const error of summary.errors) io.err(`ferry run: ${describeFerryError(error)}\n`);
  if (summary.errors.length > 0 && summary.runs.length === 0) {
    io.err(`ferry run: nothing was sent: fix the ${summary.errors.length === 1 ? 'problem' : `${summary.errors.length} problems`} above\n`);
    return;
  }
  const failed = summary.runs.filter((run) => !run.passed).length;
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped (--bail)` : '';
  io.out(`\n${summary.runs.length} request${summary.runs.length === 1 ? '' : 's'}: ${summary.runs.length - failed} passed, ${failed} failed${skipped} (${summary.durationMs.toFixed(0)} ms)\n`);
  if (summary.exitCode === 2) io.err('ferry run: exit status 2: some requests could not be made as written (see "error:" above)\n');
}

/** The `--reporter json` document: everything a CI script needs, one JSON object on stdout. */
export function runSummaryJson(summary: RunSummary): string {
  const document = {
    passed: summary.exitCode === 0,
    exitCode: summary.exitCode,
    ...(summary.environment !== undefined && { environment: summary.environment }),
    durationMs: round(summary.durationMs),
    skipped: summary.skipped,
    errors: summary.errors.map(({ code, message, details }) => ({ code, message, ...(details?.file !== undefined && { file: details.file }), ...(details?.line !== undefined && { line: details.line }) })),
    requests: summary.runs.map((run) => ({
      file: run.file,
      ...(run.iteration !== undefined && { iteration: run.iteration }),
      name: run.name,
      method: run.method,
      target: run.target,
      passed: run.passed,
      durationMs: round(run.durationMs),
      status: run.status ?? null,
      responses: run.responses,
      ...(run.error && { error: { code: run.error.code, message: describeFerryError(run.error) } }),
      assertions: run.assertions.map((a) => ({ description: a.description, passed: a.passed, ...(a.failure !== undefined && { failure: a.failure }) })),
      captures: run.captures.map((c) => ({ variable: c.variable, description: c.description, ...(c.shown !== undefined && { value: variableValueOf(c.shown) }), ...(c.failure !== undefined && { failure: c.failure }) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
