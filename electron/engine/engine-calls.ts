/**
 * The calls of one engine: start, feed, cancel, read and release, and how long finished sessions are kept
 * (see sessions/session-limits.ts). Every front end reaches a call through here, via the FerryApi.
 */
import { randomUUID } from 'node:crypto';
import type { FerryEvent, MessageDirection, StartCallRequest, StoredMessage } from '../../shared/api';
import { err, fail, ferryError, unwrap, type Result } from '../../shared/errors';
import { parseJson } from '../../shared/json';
import { isClientStreaming, type CallStatus } from '../../shared/model';
import { callCodec, grpcTransport, startCall, type CallSession } from './calls';
import { inlineMessages } from './clients';
import type { ChannelUsers } from './channel-users';
import type { ChannelPool, ConnectionOptions } from './channels';
import { formatJson } from './codec';
import type { ConnectionTable } from './engine-connections';
import { webTransport } from './protocols';
import type { CallRecorder } from './engine-history';
import { createSessionStore, createSpillSpace, createTransientStore, type SessionLimits, type SessionStore } from './sessions';

interface CallEntry {
  session: CallSession;
  store: SessionStore;
  keep: boolean;
}

/** Ids of evicted sessions remembered, so their NOT_FOUND can say why. */
const EVICTED_IDS = 1_000;

export interface CallTableDeps {
  connections: ConnectionTable;
  pool: ChannelPool;
  users: ChannelUsers;
  history: CallRecorder;
  emit: (event: FerryEvent) => void;
  limits: SessionLimits;
  /** Minimum time between two event batches of a busy call (see `EngineOptions.eventBatchMs`). */
  eventBatchMs: number;
  /** Hears of each call's end (the OAuth 2.0 tokens of a call answered UNAUTHENTICATED are forgotten). */
  ended?: (callId: string, status: CallStatus) => void;
}

export function createCallTable(deps: CallTableDeps) {
  const { connections, pool, users, history, emit, limits, eventBatchMs } = deps;
  const storeLimits = { ...limits, space: createSpillSpace(limits.diskBytes) };
  const calls = new Map<string, CallEntry>();
  // Finished kept sessions, oldest first.
  const finished = new Set<string>();
  const evicted = new Map<string, string>();
  const lanes = new WeakMap<ConnectionOptions, ConnectionOptions[]>();

  function entryOf(callId: string): CallEntry {
    const entry = calls.get(callId);
    if (entry) return entry;
    const why = evicted.get(callId);
    return fail('NOT_FOUND', why ? `call ${callId} is no longer kept: ${why}` : `no call with id ${callId}`);
  }

  function keptOf(callId: string): CallSession {
    const entry = entryOf(callId);
    if (!entry.keep) fail('FAILED_PRECONDITION', `call ${callId} was started with keepSession: false, so nothing of it is kept`);
    return entry.session;
  }

  function forget(callId: string): void {
    const entry = calls.get(callId);
    if (!entry) return;
    entry.session.cancel();
    entry.store.release();
    calls.delete(callId);
    finished.delete(callId);
  }

  function evictSession(callId: string, reason: string): void {
    forget(callId);
    evicted.set(callId, reason);
    if (evicted.size > EVICTED_IDS) evicted.delete(evicted.keys().next().value!);
    emit({ type: 'call.evicted', callId, scope: 'session', reason });
  }

  function retain(callId: string): void {
    finished.add(callId);
    for (const oldest of finished) {
      if (finished.size <= limits.keptSessions) break;
      evictSession(oldest, `only the ${limits.keptSessions} most recent finished sessions are kept`);
    }
    let memory = 0;
    for (const id of finished) memory += calls.get(id)!.store.memoryBytes;
    for (const id of finished) {
      if (memory <= limits.finishedMemoryBytes) break;
      const store = calls.get(id)!.store;
      memory -= store.memoryBytes;
      store.spillAll();
      memory += store.memoryBytes;
    }
  }

  /** The options of a connection's channel number `lane` (0: its own), made once per lane. */
  function laneOptions(options: ConnectionOptions, lane: number): ConnectionOptions {
    if (lane === 0) return options;
    const made = lanes.get(options) ?? [];
    lanes.set(options, made);
    return (made[lane] ??= { ...options, lane });
  }

  /**
   * Starts a call. A quiet one (a load test's) is recorded nowhere and reports nothing: no history, no
   * events, nothing kept; only its status, through `done`. `lane` picks one of the connection's channels.
   */
  function open(request: StartCallRequest, quiet?: { lane: number }): { callId: string; done: Promise<CallStatus> } {
    const connection = connections.get(request.connectionId);
    const method = connection.registry.findMethod(request.method);
    const body = request.body === undefined || request.body.trim() === '' ? undefined : parseJson(request.body, { file: 'request body' });
    const single = !isClientStreaming(method.kind);
    const keep = !quiet && (request.keepSession ?? true);
    const inlineBytes = request.inlineMessageBytes ?? 0;
    const options = laneOptions(connection.options, quiet?.lane ?? 0);
    const transport = connection.web ? webTransport(connection.web, method) : grpcTransport(pool.acquire(connection.config.target, options));
    const callId = randomUUID();
    const { metadata, deadlineMs } = request;
    const store = keep
      ? createSessionStore(storeLimits, (reason) => emit({ type: 'call.evicted', callId, scope: 'bodies', reason }))
      : createTransientStore();
    const { protocol, httpVersion, codec } = connection.config;
    const how = { ...(protocol && { protocol }), ...(httpVersion && { httpVersion }), ...(codec && { codec }) };
    if (!quiet) history.begin(callId, { method: method.path.slice(1), target: connection.config.target, ...how, metadata, ...(deadlineMs !== undefined && { deadlineMs }) }, request.body);
    const session = startCall({
      transport,
      method,
      metadata,
      codec: callCodec({ emitDefaults: request.emitDefaults ?? false }),
      types: connection.registry,
      store,
      batchIntervalMs: eventBatchMs,
      onEvents: quiet
        ? () => undefined
        : (events) => {
            // The client first: history decodes nothing again (the session keeps the last decoded response) and
            // writes later, so the response reaches the caller before any of it.
            emit({ type: 'call.events', callId, events: inlineMessages(events, inlineBytes, session.messageJson) });
            history.observe(callId, events, session);
          },
      ...(single && { request: body ?? {} }),
      ...(deadlineMs !== undefined && { deadlineMs }),
    });
    calls.set(callId, { session, store, keep });
    users.hold(connection.config.target, options);
    void session.done.then((status) => {
      users.letGo(connection.config.target, options);
      deps.ended?.(callId, status);
      if (!calls.has(callId)) return;
      if (keep) retain(callId);
      else forget(callId);
    });
    if (!single && body !== undefined) {
      const sent = session.send(body);
      if (!sent.ok) session.cancel();
      unwrap(sent);
    }
    return { callId, done: session.done };
  }

  /** A kept message decoded (the last one each way is kept decoded); NOT_FOUND once the call is released. */
  function decodeMessage(callId: string, direction: MessageDirection, index: number): Result<unknown> {
    const entry = calls.get(callId);
    return entry ? entry.session.messageJson(direction, index) : err(ferryError('NOT_FOUND', `no call with id ${callId}`));
  }

  function getMessage(callId: string, direction: MessageDirection, index: number): StoredMessage {
    const session = keptOf(callId);
    const json = unwrap(session.messageJson(direction, index));
    return { direction, index, size: session.messageBytes(direction, index)?.byteLength ?? 0, json: formatJson(json) };
  }

  return {
    start: (request: StartCallRequest): { callId: string } => ({ callId: open(request).callId }),
    startQuiet: (request: StartCallRequest, lane: number) => open(request, { lane }),
    /**
     * Holds channels 1 to `count` - 1 of a connection open until the returned function is called, so a load
     * test's calls over them do not close and reopen a socket whenever none is in flight.
     */
    holdLanes(connectionId: string, count: number): () => void {
      const { config, options } = connections.get(connectionId);
      const held = Array.from({ length: count - 1 }, (_, i) => laneOptions(options, i + 1));
      held.forEach((lane) => users.hold(config.target, lane));
      return () => held.forEach((lane) => users.letGo(config.target, lane));
    },
    send(callId: string, body: string): void {
      unwrap(entryOf(callId).session.send(parseJson(body, { file: 'message body' })));
      history.sent(callId, body);
    },
    halfClose: (callId: string) => entryOf(callId).session.halfClose(),
    cancel: (callId: string) => entryOf(callId).session.cancel(),
    release(callId: string): void {
      entryOf(callId);
      forget(callId);
    },
    getMessage,
    decodeMessage,
    /** A kept session, for reading its events and bodies. */
    kept: keptOf,
    dispose(): void {
      for (const callId of [...calls.keys()]) forget(callId);
    },
  };
}

export type CallTable = ReturnType<typeof createCallTable>;
