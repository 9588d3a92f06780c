import { randomUUID } from 'node:crypto';
import type { FerryApi, FerryEvent, MessageDirection, StartCallRequest } from '../../shared/api';
import { attempt, fail } from '../../shared/errors';
import { eventDirection, isClientStreaming, type CallEvent } from '../../shared/model';
import { startCall, type CallCodec, type CallSession } from './calls';
import { createChannelPool } from './channels';
import { decodeToProtoJson, encodeProtoJson, exampleMessage, formatJson, jsonSchemaForType, parseJsonLossless } from './codec';
import { createConnectionTable } from './engine-connections';
import { describeSymbol } from './schema';
import { createCallRecorder } from './engine-history';
import { createEngineWorkspace } from './engine-workspace';
import { exportSessionNdjson } from './export-session';
import { readEventPage } from './read-events';
import { sessionOutcome } from './session-outcome';
import { checkEachAssertion, createEnvSecretStore, type SecretStore } from './workspace';

const codecs: Record<'plain' | 'emitDefaults', CallCodec> = {
  plain: { encode: (type, json) => encodeProtoJson(type, json), decode: (type, bytes) => decodeToProtoJson(type, bytes) },
  emitDefaults: { encode: (type, json) => encodeProtoJson(type, json), decode: (type, bytes) => decodeToProtoJson(type, bytes, { emitDefaults: true }) },
};

/** Live copies of message events that carry their decoded body; the recorded events stay as they are. */
function withInlineMessages(session: CallSession | undefined, events: CallEvent[], maxBytes: number): CallEvent[] {
  if (!session || maxBytes <= 0) return events;
  return events.map((event) => {
    if ((event.type !== 'call.message-sent' && event.type !== 'call.message-received') || event.size > maxBytes) return event;
    const json = session.messageJson(eventDirection(event), event.index);
    return json.ok ? { ...event, message: json.value } : event;
  });
}

/** A FerryApi that also owns resources: `dispose` cancels calls and closes channels. */
export type Engine = FerryApi & { dispose(): void };

export interface EngineOptions {
  /**
   * App data folder (never a workspace): call history is recorded in it. Absent: no history is kept
   * (tests, and front ends that choose not to).
   */
  dataDir: string;
  /** Where secret variable values come from; default `FERRY_VAR_<NAME>` environment variables. */
  secrets: SecretStore;
}

/**
 * The engine behind every front end: the desktop app's IPC, `ferry serve`'s WebSocket and tests all hold
 * this one object. It never knows who listens; events go to whoever subscribed with `onEvent`.
 */
export function createEngine(options: Partial<EngineOptions> = {}): Engine {
  const listeners = new Set<(event: FerryEvent) => void>();
  const emit = (event: FerryEvent) => listeners.forEach((listener) => listener(event));
  const recorder = createCallRecorder(options.dataDir);
  const workspace = createEngineWorkspace(emit, options.secrets ?? createEnvSecretStore());
  const pool = createChannelPool();
  const connections = createConnectionTable(pool, (connectionId, state) => emit({ type: 'connectivity.changed', connectionId, state }));
  const calls = new Map<string, CallSession>();
  // Calls started with keepSession: false; they leave `calls` as soon as they end.
  const unkept = new Set<string>();

  const callOf = (callId: string): CallSession => calls.get(callId) ?? fail('NOT_FOUND', `no call with id ${callId}`);
  const recordOf = (callId: string): CallSession => {
    const session = callOf(callId);
    if (unkept.has(callId)) fail('FAILED_PRECONDITION', `call ${callId} was started with keepSession: false, so nothing of it is kept`);
    return session;
  };

  function start(request: StartCallRequest): { callId: string } {
    const connection = connections.get(request.connectionId);
    const method = connection.registry.findMethod(request.method);
    const body = request.body === undefined || request.body.trim() === '' ? undefined : parseJsonLossless(request.body, { file: 'request body' });
    const single = !isClientStreaming(method.kind);
    const keep = request.keepSession ?? true;
    const inlineBytes = request.inlineMessageBytes ?? 0;
    const client = pool.acquire(connection.config.target, connection.options);
    if (!client.ok) return fail(client.error.code, client.error.message, client.error.details);
    const callId = randomUUID();
    const { metadata, deadlineMs } = request;
    recorder.begin(callId, { method: method.path.slice(1), target: connection.config.target, metadata, ...(deadlineMs !== undefined && { deadlineMs }) }, request.body);
    const started = startCall({
      client: client.value,
      method,
      metadata: request.metadata,
      codec: request.emitDefaults ? codecs.emitDefaults : codecs.plain,
      types: connection.registry,
      onEvents: (events) => {
        const session = calls.get(callId);
        recorder.observe(callId, events, session);
        emit({ type: 'call.events', callId, events: withInlineMessages(session, events, inlineBytes) });
        if (!keep && events.some((e) => e.type === 'call.ended')) {
          calls.delete(callId);
          unkept.delete(callId);
        }
      },
      ...(single && { request: body ?? {} }),
      ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
    });
    if (!started.ok) return fail(started.error.code, started.error.message, started.error.details);
    calls.set(callId, started.value);
    if (!keep) unkept.add(callId);
    if (!single && body !== undefined) {
      const sent = started.value.send(body);
      if (!sent.ok) {
        started.value.cancel();
        return fail(sent.error.code, sent.error.message, sent.error.details);
      }
    }
    return { callId };
  }

  function getMessage(callId: string, direction: MessageDirection, index: number) {
    const session = recordOf(callId);
    const json = session.messageJson(direction, index);
    if (!json.ok) return fail(json.error.code, json.error.message, json.error.details);
    return { direction, index, size: session.messageBytes(direction, index)?.length ?? 0, json: formatJson(json.value) };
  }

  function release(callId: string): void {
    callOf(callId).cancel();
    calls.delete(callId);
    unkept.delete(callId);
  }

  return {
    openConnection: (config) => attempt(() => connections.open(config)),
    reloadSchema: (connectionId) => attempt(() => connections.reload(connectionId)),
    closeConnection: (connectionId) => attempt(() => connections.close(connectionId)),
    getMessageTemplate: (connectionId, typeName) =>
      attempt(() => {
        const registry = connections.get(connectionId).registry;
        const type = registry.findType(typeName) ?? fail('SYMBOL_NOT_FOUND', `message type ${typeName} is not in the schema`);
        return {
          typeName: type.fullName.replace(/^\./, ''),
          example: formatJson(exampleMessage(type)),
          jsonSchema: jsonSchemaForType(type),
          protoText: describeSymbol(registry, typeName),
          ...(type.comment && { doc: type.comment }),
        };
      }),
    describeSymbol: (connectionId, symbol) => attempt(() => describeSymbol(connections.get(connectionId).registry, symbol)),
    startCall: (request) => attempt(() => start(request)),
    sendMessage: (callId, body) =>
      attempt(() => {
        const sent = callOf(callId).send(parseJsonLossless(body, { file: 'message body' }));
        if (!sent.ok) fail(sent.error.code, sent.error.message, sent.error.details);
        recorder.sent(callId, body);
      }),
    halfClose: (callId) => attempt(() => callOf(callId).halfClose()),
    cancelCall: (callId) => attempt(() => callOf(callId).cancel()),
    releaseCall: (callId) => attempt(() => release(callId)),
    getMessage: (callId, direction, index) => attempt(() => getMessage(callId, direction, index)),
    readEvents: (callId, query) => attempt(() => readEventPage(recordOf(callId), query)),
    exportSession: (callId, range) => attempt(() => exportSessionNdjson(recordOf(callId), range)),
    checkAssertions: (assertions, callId) => attempt(() => checkEachAssertion(assertions, sessionOutcome(callId, recordOf(callId)))),
    openWorkspace: (dir) => attempt(() => workspace.open(dir)),
    saveRequest: (path, file, expected) => attempt(() => workspace.save(path, file, expected)),
    deleteRequest: (path) => attempt(() => workspace.remove(path)),
    renameRequest: (from, to) => attempt(() => workspace.rename(from, to)),
    resolveTarget: (file, choice) => attempt(() => workspace.resolveTarget(file, choice)),
    copyAsGrpcurl: (file, choice) => attempt(() => workspace.copyAsGrpcurl(file, choice)),
    importGrpcurl: (text) => attempt(() => workspace.importGrpcurl(text)),
    listHistory: (query) => attempt(() => recorder.list(query)),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      for (const session of calls.values()) session.cancel();
      calls.clear();
      connections.dispose();
      pool.close();
      workspace.dispose();
      listeners.clear();
    },
  };
}
