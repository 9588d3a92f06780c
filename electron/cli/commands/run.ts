import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { describeFerryError, fail } from '../../../shared/errors';
import { iterationsOf } from '../../../shared/model';
import { createEnvSecretStore, MAX_TIMER_MS, monotonicMs, writeFileAtomic, type SecretStore } from '../../engine';
import type { CliIo } from '../cli-io';
import { cliTokenSource } from '../cli-tokens';
import { HELP_FLAG } from '../common-flags';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { flagBool, flagInteger, flagList, flagString, parseArgs } from '../parse-args';
import { runSummaryJunit } from '../run-junit';
import { readIterationData } from '../iteration-data';
import { variableOverrides } from '../run-captures';
import { planRun } from '../run-plan';
import { printRunProgress, printRunSummary, runSummaryJson, type ReporterName, type RequestRun, type RunSummary } from '../run-report';
import { runRequests } from '../run-requests';
import { RUN_USAGE } from '../run-usage';

const RUN_FLAGS = [HELP_FLAG, { name: 'env', short: 'e', value: true }, { name: 'var', value: true, repeat: true }, { name: 'reporter', value: true }, { name: 'junit-file', value: true }, { name: 'bail' }, { name: 'verbose', short: 'v' }, { name: 'iteration-data', value: true, once: 'give one data file' }, { name: 'iteration-count', short: 'n', value: true }, { name: 'delay-request', value: true }, { name: 'proxy', value: true }];

/** A run's requests are reported whole (every verdict is kept): a bound a mistyped count cannot pass. */
const MAX_ITERATIONS = 100_000;

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
  const secrets = dependencies.secrets ?? createEnvSecretStore();
  const verbose = flagBool(args, 'verbose');
  const overrides = variableOverrides(flagList(args, 'var'));
  const dataFile = flagString(args, 'iteration-data');
  const rows = dataFile === undefined ? undefined : readIterationData(dataFile);
  const iterations = iterationsOf(rows, flagInteger(args, 'iteration-count', 1, MAX_ITERATIONS)).map((row) => (row ? new Map([...overrides, ...row]) : overrides));
  const delayMs = flagInteger(args, 'delay-request', 0, MAX_TIMER_MS) ?? 0;
  const proxy = flagString(args, 'proxy');
  if (proxy !== undefined && proxy.trim() === '') fail('BAD_INPUT', '--proxy needs http://[user:password@]host:port, or direct to ignore the proxy environment variables');
  // The plan checks every name any iteration sets (each request must resolve with them).
  const plan = await planRun(path, { ...(env !== undefined && { environment: env }), secrets, overrides: new Map(iterations.flatMap((row) => [...row])) });
  const summary: RunSummary = { runs: [], errors: plan.errors, durationMs: 0, exitCode: EXIT_BAD_INPUT, skipped: 0, ...(plan.environment !== undefined && { environment: plan.environment }) };
  if (plan.errors.length === 0) {
    if (reporter === 'pretty') io.out(`ferry run: ${plan.requests.length} request(s) in ${plan.root}${plan.environment ? ` (environment ${plan.environment})` : ''}\n`);
    const { runs, skipped } = await runRequests(plan.requests, {
      root: plan.root,
      ...(plan.environment !== undefined && { environment: plan.environment }),
      secrets,
      tokens: cliTokenSource(io),
      iterations,
      delayMs,
      ...(proxy !== undefined && { proxy }),
      responses: verbose,
      bail: flagBool(args, 'bail'),
      onRun: (run) => reporter === 'pretty' && printRunProgress(io, run, verbose),
      onIteration: (iteration, of) => reporter === 'pretty' && io.out(`iteration ${iteration} of ${of}\n`),
    });
    Object.assign(summary, { runs, skipped });
    summary.exitCode = exitCodeOf(summary.runs);
  }
  summary.durationMs = monotonicMs() - started;
  await report(summary, reporter, io, flagString(args, 'junit-file'));
  return summary.exitCode;
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
