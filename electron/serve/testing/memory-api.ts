/**
 * A small, real FerryApi held in memory, for testing transports without gRPC: the same commands and
 * events as the engine, with deterministic behaviour.
 *   method `…/Echo`   answers the request body once, then ends OK (on the next tick)
 *   method `…/Slow`   stays open until cancelled or half-closed; `sendMessage` echoes each message
 *   anything else     fails startCall with SYMBOL_NOT_FOUND
 * Cancellations are recorded in `cancelled`, so a test can see a transport cancel what it started.
 */
import type { FerryApi, FerryEvent, StoredMessage } from '../../../shared/api';
import { err, ferryError, ok, type Result } from '../../../shared/errors';
import type { CallEvent, ConnectionInfo } from '../../../shared/model';

export interface MemoryApi extends FerryApi {
  readonly cancelled: string[];
  /** Pushes any event to the listeners, as the engine would. */
  emit(event: FerryEvent): void;
}

type CallEventInput = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'seq' | 'timeMs'> : never) : never;

interface MemoryCall {
  seq: number;
  messages: StoredMessage[];
  events: CallEvent[];
  ended: boolean;
}

const SERVICE = {
  name: 'Bench',
  fullName: 'memory.Bench',
  methods: ['Echo', 'Slow'].map((name) => ({
    name,
    fullName: `memory.Bench.${name}`,
    path: `/memory.Bench/${name}`,
    kind: name === 'Echo' ? ('unary' as const) : ('bidi' as const),
    requestType: 'memory.Msg',
    responseType: 'memory.Msg',
  })),
};

const notFound = (what: string) => err(ferryError('NOT_FOUND', `no ${what}`));

export function createMemoryApi(): MemoryApi {
  const listeners = new Set<(event: FerryEvent) => void>();
  const connections = new Map<string, ConnectionInfo>();
  const calls = new Map<string, MemoryCall>();
  const cancelled: string[] = [];
  let counter = 0;

  const emit = (event: FerryEvent) => listeners.forEach((listener) => listener(event));

  function record(callId: string, call: MemoryCall, inputs: CallEventInput[]): void {
    const events = inputs.map((input) => ({ ...input, seq: ++call.seq, timeMs: call.seq }) as CallEvent);
    call.events.push(...events);
    if (events.some((e) => e.type === 'call.ended')) call.ended = true;
    emit({ type: 'call.events', callId, events });
  }

  function message(call: MemoryCall, direction: StoredMessage['direction'], body: string): CallEventInput {
    const index = call.messages.filter((m) => m.direction === direction).length;
    call.messages.push({ direction, index, size: body.length, json: body });
    return { type: direction === 'sent' ? 'call.message-sent' : 'call.message-received', index, size: body.length };
  }

  function end(callId: string, call: MemoryCall, name: 'OK' | 'CANCELLED'): void {
    const status = { code: name === 'OK' ? 0 : 1, name, message: '', details: [] };
    record(callId, call, [{ type: 'call.ended', status, timings: { totalMs: call.seq } }]);
  }

  function withCall<T>(callId: string, fn: (call: MemoryCall) => T): Result<T> {
    const call = calls.get(callId);
    if (!call) return notFound(`call with id ${callId}`);
    return ok(fn(call));
  }

  const connection = (connectionId: string): Result<ConnectionInfo> => {
    const info = connections.get(connectionId);
    return info ? ok(info) : notFound(`connection with id ${connectionId}`);
  };

  return {
    cancelled,
    emit,
    async openConnection(config) {
      const info: ConnectionInfo = { connectionId: `conn-${++counter}`, target: config.target, services: [SERVICE], connectivity: 'READY' };
      connections.set(info.connectionId, info);
      emit({ type: 'connectivity.changed', connectionId: info.connectionId, state: 'READY' });
      return ok(info);
    },
    reloadSchema: async (connectionId) => connection(connectionId),
    async closeConnection(connectionId) {
      return connections.delete(connectionId) ? ok(undefined) : notFound(`connection with id ${connectionId}`);
    },
    async getMessageTemplate(connectionId, typeName) {
      const info = connection(connectionId);
      if (!info.ok) return info;
      return ok({ typeName, example: '{}', jsonSchema: { type: 'object' }, protoText: `message ${typeName} {}` });
    },
    describeSymbol: async (connectionId, symbol) => {
      const info = connection(connectionId);
      return info.ok ? ok(`// ${symbol}`) : info;
    },
    async startCall(request) {
      if (!connections.has(request.connectionId)) return notFound(`connection with id ${request.connectionId}`);
      const kind = /\/(Echo|Slow)$/.exec(request.method)?.[1];
      if (!kind) return err(ferryError('SYMBOL_NOT_FOUND', `method ${request.method} is not in the schema`));
      const callId = `call-${++counter}`;
      const call: MemoryCall = { seq: 0, messages: [], events: [], ended: false };
      calls.set(callId, call);
      const body = request.body ?? '{}';
      // Events follow the answer, as with the engine: the caller learns the call id first.
      setTimeout(() => {
        record(callId, call, [{ type: 'call.started', method: request.method, target: 'memory' }, message(call, 'sent', body)]);
        if (kind === 'Echo') {
          record(callId, call, [message(call, 'received', body)]);
          end(callId, call, 'OK');
        }
      }, 0);
      return ok({ callId });
    },
    sendMessage: async (callId, body) => withCall(callId, (call) => record(callId, call, [message(call, 'sent', body), message(call, 'received', body)])),
    halfClose: async (callId) =>
      withCall(callId, (call) => {
        record(callId, call, [{ type: 'call.half-closed' }]);
        end(callId, call, 'OK');
      }),
    cancelCall: async (callId) =>
      withCall(callId, (call) => {
        if (call.ended) return;
        cancelled.push(callId);
        record(callId, call, [{ type: 'call.cancelled' }]);
        end(callId, call, 'CANCELLED');
      }),
    async getMessage(callId, direction, index) {
      const found = calls.get(callId)?.messages.find((m) => m.direction === direction && m.index === index);
      return found ? ok(found) : notFound(`${direction} message ${index} in call ${callId}`);
    },
    exportSession: async (callId) => withCall(callId, (call) => call.events.map((e) => JSON.stringify(e)).join('\n')),
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
