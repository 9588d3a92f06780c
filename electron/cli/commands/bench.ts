/**
 * `ferry bench`: a load test of one method, as ghz makes one, through the engine's `runLoadTest` (the app's
 * Load test runs the same): a method with the schema sources, connection flags and environments of `ferry
 * call`, or a saved request file (bench/bench-request.ts).
 */
import { FerryFailure, fail, unwrap, type Result } from '../../../shared/errors';
import { describeLoadProgress, loadPlan, type CapturedVariable, type LoadPlan, type LoadProgress, type LoadSummary } from '../../../shared/model';
import { createEngine, placeInRequest } from '../../engine';
import type { CliIo } from '../cli-io';
import { cliTokenSource } from '../cli-tokens';
import { schemaCacheFromFlags } from '../cli-schema';
import { CONNECTION_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { readIterationData } from '../iteration-data';
import { flagBool, flagInteger, flagList, flagNumber, flagSeconds, flagString, parseArgs, type ParsedArgs } from '../parse-args';
import { BENCH_USAGE } from '../usage';
import { methodKind } from '../engine-call';
import { flagsBenchRequest, savedBenchRequest } from '../bench/bench-request';
import { checkLoad, formatChecks, parseLoadCheck, type LoadCheck } from '../bench/load-checks';
import { formatLoadJson, formatLoadText } from '../bench/load-report';

const BENCH_FLAGS = [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, HELP_FLAG,
  { name: 'data', short: 'd', value: true, once: 'put every message of a stream in one -d' },
  { name: 'max-time', value: true },
  { name: 'env', short: 'e', value: true, once: 'give one environment' },
  { name: 'total', short: 'n', value: true },
  { name: 'concurrency', short: 'c', value: true },
  { name: 'duration', short: 'z', value: true },
  { name: 'rps', value: true },
  { name: 'connections', value: true },
  { name: 'iteration-data', value: true },
  { name: 'format', value: true },
  { name: 'assert', value: true, repeat: true },
];

const DEFAULT_TOTAL = 200;
const DEFAULT_CONCURRENCY = 50;
/** How often a terminal's progress line is redrawn. */
const PROGRESS_MS = 250;

function planFromFlags(args: ParsedArgs): LoadPlan {
  const durationMs = flagSeconds(args, 'duration');
  const total = flagInteger(args, 'total', 1, 100_000_000) ?? (durationMs === undefined ? DEFAULT_TOTAL : undefined);
  const concurrency = flagInteger(args, 'concurrency', 1, 10_000) ?? DEFAULT_CONCURRENCY;
  const rate = flagNumber(args, 'rps');
  if (rate === 0) fail('BAD_INPUT', '--rps expects a rate above 0 calls per second (leave it out for no limit)');
  if (durationMs === 0) fail('BAD_INPUT', '--duration expects a time above 0 seconds');
  return loadPlan(concurrency, { total, durationMs, rate });
}

function formatFromFlags(args: ParsedArgs): 'text' | 'json' {
  const format = flagString(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') fail('BAD_INPUT', `--format expects text or json, got "${format}"`);
  return format;
}

/** Each data row's values as the engine takes captured values (over the environment's). */
function rowsFromFlags(args: ParsedArgs): CapturedVariable[][] | undefined {
  const file = flagString(args, 'iteration-data');
  if (file === undefined) return undefined;
  return readIterationData(file).map((row) => [...row].map(([name, value]) => ({ name, value, secret: false })));
}

function describePlan(plan: LoadPlan, channels: number): string {
  const count = plan.total === undefined ? '' : `${plan.total} calls`;
  const time = plan.durationMs === undefined ? '' : `for ${plan.durationMs / 1000} s`;
  const rate = plan.rate === undefined ? '' : `, at most ${plan.rate} a second`;
  return `${[count, time].filter(Boolean).join(' or ')}, ${plan.concurrency} at a time${rate}, ${channels === 1 ? '1 connection' : `${channels} connections`}`;
}

/** Redraws one line on a terminal's standard error with the counts so far; the answer clears it. */
function showProgress(io: CliIo, read: () => Promise<Result<LoadProgress>>): () => void {
  const timer = setInterval(() => void read().then((progress) => progress.ok && io.err(`\r\x1b[K${describeLoadProgress(progress.value)}`)), PROGRESS_MS);
  return () => {
    clearInterval(timer);
    io.err('\r\x1b[K');
  };
}

export async function runBench(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, BENCH_FLAGS, 'bench');
  if (flagBool(args, 'help')) return io.out(`${BENCH_USAGE}\n`), 0;
  const [target, method, ...extra] = args.positionals;
  const saved = target !== undefined && method === undefined && target.endsWith('.ferry.json');
  if (!target || (!method && !saved) || extra.length > 0) fail('BAD_INPUT', 'usage: ferry bench TARGET METHOD [-d JSON|@FILE] [-n N] [-c N], or ferry bench FILE.ferry.json (see `ferry bench --help`)');
  const plan = planFromFlags(args);
  const format = formatFromFlags(args);
  const rows = rowsFromFlags(args);
  const channels = flagInteger(args, 'connections', 1, 64) ?? 1;
  const checks = flagList(args, 'assert').map(parseLoadCheck);
  const engine = createEngine({ schemaCache: schemaCacheFromFlags(args) ?? null, eventBatchMs: 0, watchWorkspace: false, tokens: cliTokenSource(io) });
  try {
    const request = saved ? await savedBenchRequest(engine, args, target) : await flagsBenchRequest(engine, args, target, method!, io);
    const { variables, messages, metadata } = request;
    const info = unwrap(await engine.openConnection({ ...request.config, ...(variables && { variables }) }));
    const loadId = 'bench';
    // Ctrl+C is taken before the plan is printed: whoever reads that line may press it at once.
    const forget = io.onInterrupt(() => void engine.stopLoadTest(loadId));
    // A method the schema lacks fails at once, naming it: the plan is printed only for one that will run.
    if (methodKind(info, request.method) !== undefined) io.err(`Benchmarking ${request.label}: ${describePlan(plan, channels)}\n`);
    const stopProgress = io.errIsTerminal ? showProgress(io, () => engine.loadTestProgress(loadId)) : () => undefined;
    const result = await engine
      .runLoadTest({
        loadId,
        connectionId: info.connectionId,
        method: request.method,
        metadata,
        messages,
        plan,
        channels,
        ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
        // {{$uuid}} and the other built-ins are filled in afresh for every call, with or without an environment.
        variables: variables ?? {},
        ...(rows && { rows }),
      })
      .finally(() => {
        forget();
        stopProgress();
      });
    // A body that does not fit the method is named at its place in -d or in the request file.
    if (!result.ok) throw new FerryFailure(messages.length === 1 ? placeInRequest(result.error, request.source, 0) : result.error);
    return report(io, result.value, checks, format, { method: request.method, plan, connections: channels });
  } finally {
    engine.dispose();
  }
}

/** What was asked, beside the summary in a JSON report: a CI job comparing runs can tell them apart. */
interface Asked {
  method: string;
  plan: LoadPlan;
  connections: number;
}

/** The report, with the checks when some were given; the exit status says whether every check held. */
function report(io: CliIo, summary: LoadSummary, checks: LoadCheck[], format: 'text' | 'json', asked: Asked): number {
  const checked = checkLoad(checks, summary);
  // Without --assert the report stays ghz's, and a failed call fails the run (the implicit errors=0).
  if (format === 'json') io.out(formatLoadJson({ ...asked, ...summary, ...(checks.length > 0 && { checks: checked.map(({ check, actual, passed }) => ({ check: check.text, actual, passed })) }) }));
  else io.out(`${formatLoadText(summary)}${checks.length > 0 ? formatChecks(checked) : ''}`);
  return checked.every((c) => c.passed) ? EXIT_OK : EXIT_FAILURE;
}
