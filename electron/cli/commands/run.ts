import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { describeFerryError, fail, toFerryError } from '../../../shared/errors';
import { captureValues, createEngine, checkAssertions, createEnvSecretStore, monotonicMs, redactSecretValues, scrubbedAssertionResults, writeFileAtomic, type SecretStore } from '../../engine';
import type { CliIo } from '../cli-io';
import { HELP_FLAG } from '../common-flags';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { flagBool, flagList, flagString, parseArgs } from '../parse-args';
import { runSummaryJunit } from '../run-junit';
import { reportedCaptures, RunCaptures, variableOverrides, type VariableOverrides } from '../run-captures';
import { planRun, type PlannedRequest } from '../run-plan';
import { printRunProgress, printRunSummary, runSummaryJson, type ReporterName, type RequestRun, type RunSummary } from '../run-report';
import { createRequestRunner, type RequestRunner } from '../run-request';
import { RUN_USAGE } from '../run-usage';
import { savedRequestSource } from '../saved-request-source';

const RUN_FLAGS = [HELP_FLAG, { name: 'env', short: 'e', value: true }, { name: 'var', value: true, repeat: true }, { name: 'reporter', value: true }, { name: 'junit-file', value: true }, { name: 'bail' }, { name: 'verbose', short: 'v' }];

/** Errors that mean "fix the workspace", not "the service misbehaved": they make the run exit 2. */
const BAD_INPUT_CODES = new Set(['BAD_INPUT', 'SCHEMA_ERROR', 'SYMBOL_NOT_FOUND', 'IO_ERROR']);

export interface RunDependencies {
  /** Where secret variables come from; FERRY_VAR_* by default. */
  secrets?: SecretStore;
}

function reporterOf(value: string | undefined): ReporterName {
  if (value === undefined) return 'pretty';
  if (value === 'pretty' || value === 'json' || value === 'junit') return value;
  return fail('BAD_INPUT', `--reporter must be pretty, json or junit, got "${value}"`);
}

/** `ferry run PATH`: exit 0 when every request passed, 1 when one failed, 2 for bad input (see RUN_USAGE). */
export async function runRun(argv: string[], io: CliIo, dependencies: RunDependencies = {}): Promise<number> {
  const args = parseArgs(argv, RUN_FLAGS, 'run');
  if (flagBool(args, 'help')) return io.out(`${RUN_USAGE}\n`), EXIT_OK;
  const [path, ...extra] = args.positionals;
  if (!path || extra.length > 0) fail('BAD_INPUT', 'usage: ferry run PATH [--env NAME] [--reporter pretty|json|junit] (see `ferry run --help`)');
  const reporter = reporterOf(flagString(args, 'reporter'));
  const started = monotonicMs();
  const env = flagString(args, 'env');
  const plan = await planRun(path, { ...(env !== undefined && { environment: env }), secrets: dependencies.secrets ?? createEnvSecretStore(), overrides: variableOverrides(flagList(args, 'var')) });
  const summary: RunSummary = { runs: [], errors: plan.errors, durationMs: 0, exitCode: EXIT_BAD_INPUT, skipped: 0, ...(plan.environment !== undefined && { environment: plan.environment }) };
  if (plan.errors.length === 0) {
    if (reporter === 'pretty') io.out(`ferry run: ${plan.requests.length} request(s) in ${plan.root}${plan.environment ? ` (environment ${plan.environment})` : ''}\n`);
    await runAll(plan.requests, summary, { io, reporter, bail: flagBool(args, 'bail'), verbose: flagBool(args, 'verbose'), overrides: plan.overrides });
    summary.exitCode = exitCodeOf(summary.runs);
  }
  summary.durationMs = monotonicMs() - started;
  await report(summary, reporter, io, flagString(args, 'junit-file'));
  return summary.exitCode;
}

async function runAll(requests: PlannedRequest[], summary: RunSummary, options: { io: CliIo; reporter: ReporterName; bail: boolean; verbose: boolean; overrides: VariableOverrides }): Promise<void> {
  const runner = createRequestRunner(createEngine());
  const captured = new RunCaptures(options.overrides);
  try {
    for (const [i, planned] of requests.entries()) {
      const run = await runOne(runner, planned, captured);
      summary.runs.push(run);
      if (options.reporter === 'pretty') printRunProgress(options.io, run, options.verbose);
      if (!run.passed && options.bail) {
        summary.skipped = requests.length - i - 1;
        return;
      }
    }
  } finally {
    runner.dispose();
  }
}

async function runOne(runner: RequestRunner, planned: PlannedRequest, captured: RunCaptures): Promise<RequestRun> {
  const { entry } = planned;
  const started = monotonicMs();
  const resolved = planned.capturedVariables.length > 0 ? planned.resolveWith(captured) : { ok: true as const, value: planned.resolved };
  const request = resolved.ok ? resolved.value : planned.resolved;
  const base = { file: entry.relativePath, collection: entry.collection, name: request.name, method: request.method, target: resolved.ok ? request.target : entry.file.target };
  let run: RequestRun;
  try {
    if (!resolved.ok) fail(resolved.error.code, resolved.error.message, resolved.error.details);
    const outcome = await runner.run(request, savedRequestSource(entry.path, entry.relativePath, entry.file.messages.length));
    const assertions = checkAssertions(entry.file.assertions, outcome);
    const captures = captureValues(entry.file.captures ?? [], outcome);
    captured.record(entry.relativePath, captures);
    const passed = assertions.every((a) => a.passed) && captures.every((c) => c.failure === undefined);
    run = { ...base, outcome, assertions, captures: reportedCaptures(captures), passed, durationMs: monotonicMs() - started };
  } catch (reason) {
    captured.recordFailed(entry.relativePath, entry.file.captures ?? []);
    run = { ...base, error: toFerryError(reason), assertions: [], captures: [], passed: false, durationMs: monotonicMs() - started };
  }
  return redactRun(run, [...request.secretValues, ...captured.secretValues()]);
}

/** Reports end up in CI logs and artifacts: a secret echoed back by a server must not be printed there. */
function redactRun(run: RequestRun, secrets: readonly string[]): RequestRun {
  if (secrets.length === 0) return run;
  const scrub = (text: string) => redactSecretValues(text, secrets);
  return {
    ...run,
    target: scrub(run.target),
    assertions: scrubbedAssertionResults(run.assertions, scrub),
    captures: run.captures.map((c) => ({ ...c, ...(c.shown !== undefined && { shown: scrub(c.shown) }), ...(c.failure !== undefined && { failure: scrub(c.failure) }) })),
    ...(run.error && { error: { ...run.error, message: scrub(run.error.message) } }),
    ...(run.outcome && { outcome: { ...run.outcome, status: { ...run.outcome.status, message: scrub(run.outcome.status.message) }, responses: run.outcome.responses.map((r) => redactedValue(r, scrub)) } }),
  };
}

/** A response with every string (keys too) scrubbed, so `-v` cannot print a secret a server echoed. */
function redactedValue(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => redactedValue(item, scrub));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), redactedValue(item, scrub)]));
}

function exitCodeOf(runs: RequestRun[]): number {
  if (runs.some((run) => run.error && BAD_INPUT_CODES.has(run.error.code))) return EXIT_BAD_INPUT;
  return runs.every((run) => run.passed) ? EXIT_OK : EXIT_FAILURE;
}

async function report(summary: RunSummary, reporter: ReporterName, io: CliIo, junitFile: string | undefined): Promise<void> {
  if (reporter === 'pretty') printRunSummary(io, summary);
  if (reporter === 'json') io.out(runSummaryJson(summary));
  if (reporter === 'junit') io.out(runSummaryJunit(summary));
  if (reporter !== 'pretty') for (const error of summary.errors) io.err(`ferry run: ${describeFerryError(error)}\n`);
  if (junitFile !== undefined) {
    await fs.mkdir(dirname(junitFile), { recursive: true });
    await writeFileAtomic(junitFile, runSummaryJunit(summary));
  }
}
