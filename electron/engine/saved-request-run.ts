/**
 * A saved request run as `ferry run` runs it, for `ferry run` itself and the app's collection runs: read and
 * resolved now (the environment, the values captured so far, secrets from the engine), on a connection of
 * its own built from the file's target, TLS and schema (paths relative to the workspace root), checked and
 * captured when it ends. An error in a message's body is placed at its line in the request file. The call
 * is recorded in the history like any other, then let go: the caller gets the verdict, not the session.
 */
import type { EnvironmentChoice, SavedRequestRunOptions } from '../../shared/api';
import { fail, FerryFailure, toFerryError, type FerryError } from '../../shared/errors';
import { isClientStreaming, type ConnectionConfig, type RequestFile, type SavedRequestRun, type TransportSettings } from '../../shared/model';
import type { CallTable } from './engine-calls';
import type { ConnectionTable } from './engine-connections';
import { monotonicMs } from './monotonic-clock';
import { sessionOutcome } from './session-outcome';
import { captureValues, checkAssertions, inMessage, placeInRequest, redactSecretValues, savedRequestSource, scrubbedAssertionResults, scrubbedValue, withSecretsKept, type RequestSource, type ResolvedRequest } from './workspace';

export interface SavedRequestRunDeps {
  /** The file read from the open workspace and resolved; `absolutePath` is where it is on disk. */
  resolveSaved(path: string, choice: EnvironmentChoice): Promise<{ file: RequestFile; resolved: ResolvedRequest; absolutePath: string }>;
  connections: ConnectionTable;
  calls: CallTable;
  /** Secret values that went into a call, for its history entry. */
  redact(callId: string, secretValues: readonly string[]): void;
}

function connectionConfigOf(request: ResolvedRequest, transport: TransportSettings | undefined): ConnectionConfig {
  const { protocol, httpVersion, codec } = request;
  return { target: request.target, ...(protocol && { protocol }), ...(httpVersion && { httpVersion }), ...(codec && { codec }), tls: request.tls, schema: request.schema, metadata: request.metadata, ...(transport && { transport }) };
}

/** Runs `action`, turning a failure about message `index` into one placed in the request file. */
function placed<T>(action: () => T, source: RequestSource, index: number, count?: number): T {
  try {
    return action();
  } catch (reason) {
    if (!(reason instanceof FerryFailure)) throw reason;
    const error: FerryError = placeInRequest(reason.error, source, index);
    throw new FerryFailure(count === undefined ? error : inMessage(error, index, count));
  }
}

/**
 * How long a run's connection stays open unused: requests of one collection run that share settings
 * share it (one reflection, one channel), and a run started later loads the schema afresh.
 */
const IDLE_CONNECTION_MS = 2000;

/** Connections of saved-request runs, shared by runs with the same settings while they come back to back. */
function createRunConnections(connections: ConnectionTable) {
  const open = new Map<string, { connectionId: Promise<string>; users: number; timer?: NodeJS.Timeout }>();
  return {
    async acquire(config: ConnectionConfig): Promise<{ connectionId: string; release(): void }> {
      const key = JSON.stringify(config);
      let entry = open.get(key);
      if (!entry) {
        const opening = connections.open(config).then((info) => info.connectionId);
        const created = { connectionId: opening, users: 0 };
        open.set(key, created);
        opening.catch(() => open.get(key) === created && open.delete(key));
        entry = created;
      }
      const held = entry;
      clearTimeout(held.timer);
      held.users++;
      const release = () => {
        if (--held.users > 0) return;
        held.timer = setTimeout(() => {
          if (open.get(key) === held) open.delete(key);
          void held.connectionId.then((id) => connections.close(id)).catch(() => undefined);
        }, IDLE_CONNECTION_MS).unref();
      };
      try {
        return { connectionId: await held.connectionId, release };
      } catch (reason) {
        release();
        throw reason;
      }
    },
  };
}

export function createSavedRequestRuns(deps: SavedRequestRunDeps) {
  const runConnections = createRunConnections(deps.connections);
  /** Each run under way → its call, once started. */
  const running = new Map<string, string | undefined>();
  /** Runs cancelled before their call started: they send nothing. */
  const cancelled = new Set<string>();

  /** Starts the call and sends its messages; answers its id (the caller releases it). */
  function start(request: ResolvedRequest, connectionId: string, runId: string, source: RequestSource): string {
    const method = deps.connections.get(connectionId).registry.findMethod(request.method);
    const streams = isClientStreaming(method.kind);
    const count = request.messages.length;
    if (!streams && count > 1) fail('BAD_INPUT', `${request.method} is a ${method.kind} method and takes one request message, but ${count} were given`);
    if (cancelled.has(runId)) fail('CANCELLED', 'stopped before it was sent');
    const body = streams ? undefined : request.messages[0];
    const { callId } = placed(
      () => deps.calls.start({ connectionId, method: request.method, metadata: request.metadata, ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }), ...(body !== undefined && { body }) }),
      source,
      0,
    );
    deps.redact(callId, request.secretValues);
    running.set(runId, callId);
    if (!streams) return callId;
    try {
      request.messages.forEach((message, i) => placed(() => deps.calls.send(callId, message), source, i, count));
      deps.calls.halfClose(callId);
    } catch (reason) {
      deps.calls.cancel(callId);
      deps.calls.release(callId);
      throw reason;
    }
    return callId;
  }

  /** How many of the responses to answer as ProtoJSON, counted from the last: all, some or none. */
  async function verdict(callId: string, file: RequestFile, answered: number): Promise<Omit<SavedRequestRun, 'target' | 'durationMs'>> {
    const session = deps.calls.kept(callId);
    await session.done;
    const outcome = sessionOutcome(callId, session);
    const assertions = checkAssertions(file.assertions, outcome);
    const captures = captureValues(file.captures ?? [], outcome);
    const passed = assertions.every((a) => a.passed) && captures.every((c) => c.failure === undefined);
    const { responses } = outcome;
    return { status: outcome.status, responses: responses.length, assertions, captures, passed, ...(answered > 0 && { responseMessages: responses.slice(Math.max(0, responses.length - answered)) }) };
  }

  async function run({ path, variables, runId, responses = false, lastResponses = 0, transport }: SavedRequestRunOptions): Promise<SavedRequestRun> {
    const started = monotonicMs();
    running.set(runId, undefined);
    let target = '';
    let secrets: readonly string[] = [];
    try {
      const { file, resolved, absolutePath } = await deps.resolveSaved(path, variables);
      ({ target, secretValues: secrets } = resolved);
      const connection = await runConnections.acquire(connectionConfigOf(resolved, transport));
      try {
        const callId = start(resolved, connection.connectionId, runId, savedRequestSource(absolutePath, path, file.messages.length));
        try {
          return scrubbedRun({ target, durationMs: monotonicMs() - started, ...(await verdict(callId, file, responses ? Infinity : lastResponses)) }, secrets);
        } finally {
          deps.calls.release(callId);
        }
      } finally {
        connection.release();
      }
    } catch (reason) {
      return scrubbedRun({ target, responses: 0, durationMs: monotonicMs() - started, assertions: [], captures: [], passed: false, error: toFerryError(reason) }, secrets);
    } finally {
      running.delete(runId);
      cancelled.delete(runId);
    }
  }

  return {
    run,
    cancel(runId: string): void {
      if (!running.has(runId)) return;
      const callId = running.get(runId);
      if (callId === undefined) cancelled.add(runId);
      else deps.calls.cancel(callId);
    },
  };
}

/**
 * A run whose words hold no secret value that went into it (a server may echo one back), and whose
 * responses' strings hold none when it answers them. Its captures' values are left as taken: the caller
 * hands them back as variables. A value that holds a secret becomes a secret capture, so a front end shows
 * it as `***` and redacts it wherever it goes next (`ferry run` scrubs what it prints of the others).
 */
export function scrubbedRun(run: SavedRequestRun, secrets: readonly string[]): SavedRequestRun {
  if (secrets.length === 0) return run;
  const scrub = (text: string) => redactSecretValues(text, secrets);
  return {
    ...run,
    target: scrub(run.target),
    ...(run.status && { status: { ...run.status, message: scrub(run.status.message) } }),
    assertions: scrubbedAssertionResults(run.assertions, scrub),
    ...(run.error && { error: { ...run.error, message: scrub(run.error.message) } }),
    ...(run.responseMessages && { responseMessages: run.responseMessages.map((message) => scrubbedValue(message, scrub)) }),
    captures: withSecretsKept(run.captures, scrub),
  };
}
