/**
 * `ferry bench`: a load test of one method, as ghz makes one, through the same engine, schema sources,
 * connection flags and environments as `ferry call`. Every call is a whole call (all four kinds); its
 * latency runs from its start to its status.
 */
import { fail, toFerryError, unwrap } from '../../../shared/errors';
import type { CapturedVariable, ConnectionInfo } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';
import { createEngine, type Engine } from '../../engine';
import type { CliIo } from '../cli-io';
import { schemaCacheFromFlags } from '../cli-schema';
import { CONNECTION_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { headersFromFlags } from '../connection-flags';
import { methodKind, runEngineCall, type EngineCallRequest } from '../engine-call';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { readIterationData } from '../iteration-data';
import { flagBool, flagInteger, flagNumber, flagSeconds, flagString, parseArgs, type ParsedArgs } from '../parse-args';
import { readRequestTexts } from '../request-data';
import { BENCH_USAGE } from '../usage';
import { formatLoadJson, formatLoadText } from '../bench/load-report';
import { runLoad, type LoadCall, type LoadPlan } from '../bench/load-runner';
import type { CallOutcome } from '../bench/load-stats';
import { connectionConfigFromFlags, environmentOf, forMethod } from '../call-connection';

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
];

const DEFAULT_TOTAL = 200;
const DEFAULT_CONCURRENCY = 50;
// Each connection is an engine of its own, with its own schema load: more than a few dozen is a mistake.
const MAX_CONNECTIONS = 64;

/**
 * Failures every further call would repeat: the input does not fit the schema. They stop the run with the
 * error, where counting thousands of them would hide it.
 */
const INPUT_ERRORS = new Set(['BAD_INPUT', 'SCHEMA_ERROR', 'SYMBOL_NOT_FOUND', 'INTERNAL_BUG']);

function planFromFlags(args: ParsedArgs): LoadPlan {
  const durationMs = flagSeconds(args, 'duration');
  const total = flagInteger(args, 'total', 1, Number.MAX_SAFE_INTEGER) ?? (durationMs === undefined ? DEFAULT_TOTAL : undefined);
  const concurrency = flagInteger(args, 'concurrency', 1, 10_000) ?? DEFAULT_CONCURRENCY;
  const rate = flagNumber(args, 'rps');
  if (rate === 0) fail('BAD_INPUT', '--rps expects a rate above 0 calls per second (leave it out for no limit)');
  if (durationMs === 0) fail('BAD_INPUT', '--duration expects a time above 0 seconds');
  return { concurrency: total === undefined ? concurrency : Math.min(concurrency, total), ...(total !== undefined && { total }), ...(durationMs !== undefined && { durationMs }), ...(rate !== undefined && { rate }) };
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

/** A connection of its own: one engine (and so one channel) each. */
interface BenchConnection {
  engine: Engine;
  info: ConnectionInfo;
}

async function openConnections(args: ParsedArgs, target: string, method: string, count: number, environment: string | undefined): Promise<BenchConnection[]> {
  const config = forMethod(connectionConfigFromFlags(args, target), method);
  const engines: Engine[] = [];
  const connections: BenchConnection[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const engine = createEngine({ schemaCache: schemaCacheFromFlags(args) ?? null, eventBatchMs: 0, watchWorkspace: false });
      engines.push(engine);
      const variables = await environmentOf(engine, environment);
      connections.push({ engine, info: unwrap(await engine.openConnection({ ...config, ...(variables && { variables }) })) });
    }
  } catch (reason) {
    engines.forEach((engine) => engine.dispose());
    throw reason;
  }
  return connections;
}

export async function runBench(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, BENCH_FLAGS, 'bench');
  if (flagBool(args, 'help')) return io.out(`${BENCH_USAGE}\n`), 0;
  const [target, method, ...extra] = args.positionals;
  if (!target || !method || extra.length > 0) fail('BAD_INPUT', 'usage: ferry bench TARGET METHOD [-d JSON|@FILE] [-n N] [-c N] (see `ferry bench --help`)');
  const plan = planFromFlags(args);
  const format = formatFromFlags(args);
  const rows = rowsFromFlags(args);
  const maxTimeMs = flagSeconds(args, 'max-time');
  const data = await readRequestTexts(flagString(args, 'data'), io, true);
  const environment = flagString(args, 'env');
  const connections = await openConnections(args, target, method, flagInteger(args, 'connections', 1, MAX_CONNECTIONS) ?? 1, environment);
  try {
    const kind = methodKind(connections[0]!.info, method);
    const call = benchCall(connections, {
      method,
      ...(kind && { kind }),
      messages: data?.messages ?? [],
      ...(data?.source && { source: data.source }),
      metadata: headersFromFlags(args, 'header'),
      ...(maxTimeMs !== undefined && { deadlineMs: maxTimeMs }),
      onEvents: () => undefined,
    }, { ...(environment !== undefined && { environment }), ...(rows && { rows }) });
    const connectionsText = connections.length === 1 ? '1 connection' : `${connections.length} connections`;
    // Ctrl+C is taken before the plan is printed: whoever reads that line may press it at once.
    const stopOnInterrupt = new AbortController();
    const forget = io.onInterrupt(() => stopOnInterrupt.abort());
    io.err(`Benchmarking ${method} at ${target}: ${describePlan(plan)}, ${connectionsText}\n`);
    const summary = await runLoad(plan, call, stopOnInterrupt.signal).done.finally(forget);
    io.out(format === 'json' ? formatLoadJson(summary) : formatLoadText(summary));
    return summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    connections.forEach((connection) => connection.engine.dispose());
  }
}

/** The variables each call takes: the environment's, and the next row of the data file over them. */
interface BenchVariables {
  environment?: string;
  rows?: CapturedVariable[][];
}

/** Call n, over connection n mod their count, with data row n mod their count. */
function benchCall(connections: BenchConnection[], request: Omit<EngineCallRequest, 'connectionId'> & { messages: string[] }, given: BenchVariables): LoadCall {
  const { environment, rows } = given;
  // Filling variables in costs ~15% of the calls a second: only when there is something to fill.
  const fills = environment !== undefined || rows !== undefined || [...request.messages, ...request.metadata.map((entry) => entry.value)].some((text) => text.includes('{{'));
  return (n) => {
    const { engine, info } = connections[n % connections.length]!;
    const captured = rows?.[n % rows.length];
    // {{$uuid}} and the other built-ins are filled in afresh for every call.
    const variables = { ...(environment !== undefined && { environment }), ...(captured && { captured }) };
    return outcomeOf(() => runEngineCall(engine, { ...request, connectionId: info.connectionId, ...(fills && { variables }) }));
  };
}

async function outcomeOf(run: () => ReturnType<typeof runEngineCall>): Promise<CallOutcome> {
  try {
    const ended = await run();
    const { code, message } = ended.status;
    return code === 0 ? { status: 'OK' } : { status: grpcStatusName(code), message };
  } catch (reason) {
    const error = toFerryError(reason);
    if (INPUT_ERRORS.has(error.code)) throw reason;
    return { status: error.code, message: error.message };
  }
}

function describePlan(plan: LoadPlan): string {
  const count = plan.total === undefined ? '' : `${plan.total} calls`;
  const time = plan.durationMs === undefined ? '' : `for ${plan.durationMs / 1000} s`;
  const rate = plan.rate === undefined ? '' : `, at most ${plan.rate} a second`;
  return `${[count, time].filter(Boolean).join(' or ')}, ${plan.concurrency} at a time${rate}`;
}
