import { fail, type Result } from '../../shared/errors';
import type { CallEvent, CallKind, ConnectionConfig } from '../../shared/model';
import type { FerryEvent } from '../../shared/api';
import type { Engine, CallOutcome, ResolvedRequest } from '../engine';

/**
 * Runs resolved requests through the engine facade, the same FerryApi the desktop app and `ferry serve`
 * use, so `ferry run` exercises exactly what the UI does. Connections (and their schemas) are shared by
 * requests with the same target, TLS, schema and metadata.
 */
export interface RequestRunner {
  run(request: ResolvedRequest): Promise<CallOutcome>;
  dispose(): void;
}

export function createRequestRunner(engine: Engine): RequestRunner {
  const connections = new Map<string, Promise<Result<{ connectionId: string; kinds: Map<string, CallKind> }>>>();
  const ended = new Map<string, CallEvent & { type: 'call.ended' }>();
  const waiters = new Map<string, () => void>();
  const received = new Map<string, number>();
  const unsubscribe = engine.onEvent((event: FerryEvent) => {
    if (event.type !== 'call.events') return;
    for (const callEvent of event.events) {
      if (callEvent.type === 'call.message-received') received.set(event.callId, (received.get(event.callId) ?? 0) + 1);
      if (callEvent.type !== 'call.ended') continue;
      ended.set(event.callId, callEvent);
      waiters.get(event.callId)?.();
    }
  });

  // Registered before the call starts and checked on arrival, so an early `call.ended` cannot be missed.
  function endOf(callId: string): Promise<CallEvent & { type: 'call.ended' }> {
    return new Promise((resolve) => {
      const settle = () => resolve(ended.get(callId)!);
      if (ended.has(callId)) settle();
      else waiters.set(callId, settle);
    });
  }

  function connect(request: ResolvedRequest) {
    const config: ConnectionConfig = { target: request.target, tls: request.tls, schema: request.schema, metadata: request.metadata };
    const key = JSON.stringify(config);
    let connection = connections.get(key);
    if (!connection) {
      connection = engine.openConnection(config).then((opened) => {
        if (!opened.ok) return opened;
        const kinds = new Map(opened.value.services.flatMap((s) => s.methods.map((m) => [m.fullName, m.kind] as const)));
        return { ok: true as const, value: { connectionId: opened.value.connectionId, kinds } };
      });
      connections.set(key, connection);
    }
    return connection;
  }

  async function run(request: ResolvedRequest): Promise<CallOutcome> {
    const connection = unwrap(await connect(request));
    const kind = connection.kinds.get(request.method.replace('/', '.')) ?? fail('SYMBOL_NOT_FOUND', `method ${request.method} is not in the schema of ${request.target}`);
    const single = kind === 'unary' || kind === 'server-stream';
    if (single && request.messages.length > 1) fail('BAD_INPUT', `${request.method} is a ${kind} method and takes one message, but the request holds ${request.messages.length}`);
    const started = unwrap(
      await engine.startCall({
        connectionId: connection.connectionId,
        method: request.method,
        metadata: request.metadata,
        ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
        ...(request.messages[0] !== undefined && { body: request.messages[0] }),
      }),
    );
    const end = endOf(started.callId);
    if (!single) await sendRest(started.callId, request.messages.slice(1));
    const last = await end;
    return {
      status: { code: last.status.code, name: last.status.name, message: last.status.message },
      responses: await responsesOf(started.callId),
      streamingResponses: kind === 'server-stream' || kind === 'bidi',
      totalMs: last.timings.totalMs ?? last.timeMs,
    };
  }

  async function sendRest(callId: string, messages: string[]): Promise<void> {
    for (const [i, body] of messages.entries()) {
      const sent = await engine.sendMessage(callId, body);
      if (!sent.ok) {
        await engine.cancelCall(callId);
        fail(sent.error.code, `message ${i + 2}: ${sent.error.message}`, sent.error.details);
      }
    }
    await engine.halfClose(callId);
  }

  async function responsesOf(callId: string): Promise<unknown[]> {
    const responses: unknown[] = [];
    for (let index = 0; index < (received.get(callId) ?? 0); index++) {
      const message = unwrap(await engine.getMessage(callId, 'received', index));
      responses.push(JSON.parse(message.json));
    }
    return responses;
  }

  return {
    run,
    dispose: () => {
      unsubscribe();
      engine.dispose();
    },
  };
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) return fail(result.error.code, result.error.message, result.error.details);
  return result.value;
}
