/**
 * The engine's load tests (`runLoadTest`, for `ferry bench` and the app's Load test): many whole calls of
 * one method, paced by `load-runner.ts`, each a quiet call (no history, no events, nothing kept), its
 * variables filled in afresh, spread over the connection's channels.
 */
import type { LoadTestRequest, StartCallRequest } from '../../../shared/api';
import { fail, FerryFailure, toFerryError } from '../../../shared/errors';
import { isClientStreaming, type CallKind, type CallStatus, type LoadProgress, type LoadSummary } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';
import { inMessage } from '../workspace';
import { runLoad, type LoadRun } from './load-runner';
import type { CallOutcome } from './load-stats';

export interface LoadTestDeps {
  /** The method's kind in the connection's schema, and whether the connection speaks a web protocol; fails for an unknown one. */
  methodOf(connectionId: string, method: string): { kind: CallKind; web: boolean };
  /** Starts a quiet call on channel `lane` of its connection, its variables filled in. */
  start(request: StartCallRequest, lane: number): Promise<{ callId: string; done: Promise<CallStatus> }>;
  /** One more message of a client or bidi stream, its variables filled in. */
  send(callId: string, body: string): Promise<void>;
  halfClose(callId: string): void;
  cancel(callId: string): void;
  /** Forgets what the engine remembered of a call for its variables and secrets. */
  forget(callId: string): void;
  /** Holds channels 1 to `count` - 1 of a connection open; the answer lets go of them. */
  holdLanes(connectionId: string, count: number): () => void;
}

/**
 * Failures every further call would repeat: the input does not fit the schema. They fail the run with the
 * error, where counting thousands of them would hide it.
 */
const INPUT_ERRORS = new Set(['BAD_INPUT', 'SCHEMA_ERROR', 'SYMBOL_NOT_FOUND', 'INTERNAL_BUG']);

function outcomeOf(status: CallStatus): CallOutcome {
  return status.code === 0 ? { status: 'OK' } : { status: grpcStatusName(status.code), message: status.message };
}

/**
 * Whether a load test's calls need their variables filled in: an environment adds its metadata, and a
 * `{{…}}` in a message or a metadata value takes a value; otherwise filling in changes nothing and costs
 * ~15% of the calls a second, so the calls go as written.
 */
function fillsVariables({ variables, messages, metadata }: LoadTestRequest): boolean {
  if (variables === undefined) return false;
  return variables.environment !== undefined || [...messages, ...metadata.flatMap((entry) => [entry.key, entry.value])].some((text) => text.includes('{{'));
}

export function createLoadTests(deps: LoadTestDeps) {
  const running = new Map<string, { run: LoadRun; stop: AbortController }>();

  /** Call `n` of a load test: its lane, its data row, its messages. `fills`: whether variables go in at all. */
  async function call(request: LoadTestRequest, n: number, streams: boolean, fills: boolean): Promise<CallOutcome> {
    const { connectionId, method, metadata, deadlineMs, messages, rows, variables } = request;
    const row = rows && rows.length > 0 ? rows[n % rows.length] : undefined;
    const filled = fills ? { ...variables, captured: [...(variables?.captured ?? []), ...(row ?? [])] } : undefined;
    const start: StartCallRequest = {
      connectionId,
      method,
      metadata,
      keepSession: false,
      ...(deadlineMs !== undefined && { deadlineMs }),
      ...(!streams && { body: messages[0] ?? '{}' }),
      ...(filled && { variables: filled }),
    };
    let callId: string | undefined;
    try {
      const started = await deps.start(start, n % (request.channels ?? 1));
      callId = started.callId;
      if (streams) await sendAll(callId, messages);
      return outcomeOf(await started.done);
    } catch (reason) {
      if (callId !== undefined) deps.cancel(callId);
      const error = toFerryError(reason);
      if (INPUT_ERRORS.has(error.code)) throw reason;
      return { status: error.code, message: error.message };
    } finally {
      if (callId !== undefined) deps.forget(callId);
    }
  }

  async function sendAll(callId: string, messages: readonly string[]): Promise<void> {
    for (const [i, message] of messages.entries()) {
      try {
        await deps.send(callId, message);
      } catch (reason) {
        throw reason instanceof FerryFailure ? new FerryFailure(inMessage(reason.error, i, messages.length)) : reason;
      }
    }
    deps.halfClose(callId);
  }

  async function run(request: LoadTestRequest): Promise<LoadSummary> {
    const { loadId, connectionId } = request;
    if (running.has(loadId)) fail('FAILED_PRECONDITION', `a load test named ${loadId} is already running`);
    const { kind, web } = deps.methodOf(connectionId, request.method);
    const streams = isClientStreaming(kind);
    const channels = request.channels ?? 1;
    if (channels > 1 && web) fail('BAD_INPUT', 'spreading calls over several connections is for gRPC connections; gRPC-Web and Connect calls already go over as many HTTP connections as they need');
    if (!streams && request.messages.length > 1) fail('BAD_INPUT', `${request.method} is a ${kind} method and takes one request message, but ${request.messages.length} were given`);
    const fills = fillsVariables(request);
    const letGo = deps.holdLanes(connectionId, channels);
    const stop = new AbortController();
    const load = runLoad(request.plan, (n) => call(request, n, streams, fills), stop.signal);
    running.set(loadId, { run: load, stop });
    try {
      return await load.done;
    } finally {
      running.delete(loadId);
      letGo();
    }
  }

  return {
    run,
    progress(loadId: string): LoadProgress {
      const entry = running.get(loadId) ?? fail('NOT_FOUND', `no load test ${loadId} is running`);
      return entry.run.progress();
    },
    stop(loadId: string): void {
      running.get(loadId)?.stop.abort();
    },
    dispose(): void {
      for (const { stop } of running.values()) stop.abort();
    },
  };
}
