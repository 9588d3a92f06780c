/**
 * A saved request run from the app as `ferry run` runs it: read and resolved now (the environment, the
 * values captured so far, secrets from the engine), on a connection of its own built from the file's
 * target, TLS and schema (paths relative to the workspace root), checked and captured when it ends. The
 * call is recorded in the history like any other, then let go: the caller gets the verdict, not the session.
 */
import type { EnvironmentChoice } from '../../shared/api';
import { fail, toFerryError } from '../../shared/errors';
import { isClientStreaming, type ConnectionConfig, type RequestFile, type SavedRequestRun } from '../../shared/model';
import type { CallTable } from './engine-calls';
import type { ConnectionTable } from './engine-connections';
import { monotonicMs } from './monotonic-clock';
import { sessionOutcome } from './session-outcome';
import { captureValues, checkAssertions, redactSecretValues, scrubbedAssertionResults, type ResolvedRequest } from './workspace';

export interface SavedRequestRunDeps {
  resolveSaved(path: string, choice: EnvironmentChoice): Promise<{ file: RequestFile; resolved: ResolvedRequest }>;
  connections: ConnectionTable;
  calls: CallTable;
  /** Secret values that went into a call, for its history entry. */
  redact(callId: string, secretValues: readonly string[]): void;
}

function connectionConfigOf(request: ResolvedRequest): ConnectionConfig {
  const { protocol, httpVersion, codec } = request;
  return { target: request.target, ...(protocol && { protocol }), ...(httpVersion && { httpVersion }), ...(codec && { codec }), tls: request.tls, schema: request.schema, metadata: request.metadata };
}

export function createSavedRequestRuns(deps: SavedRequestRunDeps) {
  /** Each run under way → its call, once started. */
  const running = new Map<string, string | undefined>();
  /** Runs cancelled before their call started: they send nothing. */
  const cancelled = new Set<string>();

  async function call(request: ResolvedRequest, connectionId: string, runId: string): Promise<string> {
    const method = deps.connections.get(connectionId).registry.findMethod(request.method);
    const streams = isClientStreaming(method.kind);
    if (!streams && request.messages.length > 1) fail('BAD_INPUT', `${request.method} is a ${method.kind} method and takes one request message, but ${request.messages.length} were given`);
    if (cancelled.has(runId)) fail('CANCELLED', 'stopped before it was sent');
    const { callId } = deps.calls.start({
      connectionId,
      method: request.method,
      metadata: request.metadata,
      ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
      ...(!streams && request.messages[0] !== undefined && { body: request.messages[0] }),
    });
    deps.redact(callId, request.secretValues);
    running.set(runId, callId);
    if (streams) {
      for (const message of request.messages) deps.calls.send(callId, message);
      deps.calls.halfClose(callId);
    }
    await deps.calls.kept(callId).done;
    return callId;
  }

  async function run(path: string, choice: EnvironmentChoice, runId: string): Promise<SavedRequestRun> {
    const started = monotonicMs();
    running.set(runId, undefined);
    let target = '';
    let secrets: readonly string[] = [];
    try {
      const { file, resolved } = await deps.resolveSaved(path, choice);
      ({ target, secretValues: secrets } = resolved);
      const connection = await deps.connections.open(connectionConfigOf(resolved));
      try {
        const callId = await call(resolved, connection.connectionId, runId);
        try {
          const outcome = sessionOutcome(callId, deps.calls.kept(callId));
          const assertions = checkAssertions(file.assertions, outcome);
          const captures = captureValues(file.captures ?? [], outcome);
          const passed = assertions.every((a) => a.passed) && captures.every((c) => c.failure === undefined);
          return redacted({ target, status: outcome.status, responses: outcome.responses.length, durationMs: monotonicMs() - started, assertions, captures, passed }, secrets);
        } finally {
          deps.calls.release(callId);
        }
      } finally {
        deps.connections.close(connection.connectionId);
      }
    } catch (reason) {
      return redacted({ target, responses: 0, durationMs: monotonicMs() - started, assertions: [], captures: [], passed: false, error: toFerryError(reason) }, secrets);
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

/** What the run says in words never holds a secret value that went into it (a server may echo one back). */
function redacted(run: SavedRequestRun, secrets: readonly string[]): SavedRequestRun {
  if (secrets.length === 0) return run;
  const scrub = (text: string) => redactSecretValues(text, secrets);
  return {
    ...run,
    target: scrub(run.target),
    ...(run.status && { status: { ...run.status, message: scrub(run.status.message) } }),
    assertions: scrubbedAssertionResults(run.assertions, scrub),
    ...(run.error && { error: { ...run.error, message: scrub(run.error.message) } }),
  };
}
