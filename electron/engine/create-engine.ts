import { randomUUID } from 'node:crypto';
import type { FerryApi, FerryEvent, MessageDirection, StartCallRequest } from '../../shared/api';
import { attempt, fail } from '../../shared/errors';
import { startCall, type CallCodec, type CallSession } from './calls';
import { createChannelPool } from './channels';
import { decodeToProtoJson, encodeProtoJson, exampleMessage, formatJson, jsonSchemaForType, parseJsonLossless } from './codec';
import { createConnectionTable } from './engine-connections';
import { describeSymbol } from './schema';
import { createCallRecorder } from './engine-history';
import { createEngineWorkspace } from './engine-workspace';
import { exportSessionNdjson } from './export-session';
import { sessionOutcome } from './session-outcome';
import { checkEachAssertion, createEnvSecretStore, type SecretStore } from './workspace';

const codec: CallCodec = {
  encode: (type, json) => encodeProtoJson(type, json),
  decode: (type, bytes) => decodeToProtoJson(type, bytes),
};

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

  const callOf = (callId: string): CallSession => calls.get(callId) ?? fail('NOT_FOUND', `no call with id ${callId}`);

  function start(request: StartCallRequest): { callId: string } {
    const connection = connections.get(request.connectionId);
    const method = connection.registry.findMethod(request.method);
    const body = request.body === undefined || request.body.trim() === '' ? undefined : parseJsonLossless(request.body, { file: 'request body' });
    const single = method.kind === 'unary' || method.kind === 'server-stream';
    const client = pool.acquire(connection.config.target, connection.options);
    if (!client.ok) return fail(client.error.code, client.error.message, client.error.details);
    const callId = randomUUID();
    const { metadata, deadlineMs } = request;
    recorder.begin(callId, { method: method.path.slice(1), target: connection.config.target, metadata, ...(deadlineMs !== undefined && { deadlineMs }) }, request.body);
    const started = startCall({
      client: client.value,
      method,
      metadata: request.metadata,
      codec,
      types: connection.registry,
      onEvents: (events) => {
        recorder.observe(callId, events, calls.get(callId));
        emit({ type: 'call.events', callId, events });
      },
      ...(single && { request: body ?? {} }),
      ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
    });
    if (!started.ok) return fail(started.error.code, started.error.message, started.error.details);
    calls.set(callId, started.value);
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
    const session = callOf(callId);
    const json = session.messageJson(direction, index);
    if (!json.ok) return fail(json.error.code, json.error.message, json.error.details);
    return { direction, index, size: session.messageBytes(direction, index)?.length ?? 0, json: formatJson(json.value) };
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
    getMessage: (callId, direction, index) => attempt(() => getMessage(callId, direction, index)),
    exportSession: (callId) => attempt(() => exportSessionNdjson(callOf(callId))),
    checkAssertions: (assertions, callId) => attempt(() => checkEachAssertion(assertions, sessionOutcome(callId, callOf(callId)))),
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
