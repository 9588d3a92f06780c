import type { FerryApi, FerryEvent } from '../../shared/api';
import { attempt, fail, type Result } from '../../shared/errors';
import type { CallStatus, ConnectionCheck, ConnectionConfig, MessageDirection } from '../../shared/model';
import { GRPC_STATUS } from '../../shared/util';
import { createCallVariables } from './call-variables';
import { createChannelUsers } from './channel-users';
import { createChannelPool } from './channels';
import { checkConnection } from './connection-check';
import { exampleMessage, formatJson, jsonSchemaForType, typeName } from './codec';
import { createCallTable } from './engine-calls';
import { createConnectionTable } from './engine-connections';
import { createCallRecorder } from './engine-history';
import { createEngineWorkspace } from './engine-workspace';
import { createSignIns } from './engine-sign-ins';
import { exportSessionNdjson } from './export-session';
import { readEventPage } from './read-events';
import { describeSymbol, openSchemaCache, type SchemaCache } from './schema';
import { createSavedRequestRuns } from './saved-request-run';
import { sessionOutcome } from './session-outcome';
import { createCallSecrets } from './call-secrets';
import { createLoadTests } from './load/load-tests';
import { createMockServers } from './mock';
import { createStagedFiles } from './staged-files';
import { DEFAULT_BATCH_INTERVAL_MS, DEFAULT_SESSION_LIMITS, type SessionLimits } from './sessions';
import { captureValues, checkEachAssertion, createEnvSecretStore, createTokenSource, redactSecretValues, withSecretsKept, type SecretStore, type TokenSource } from './workspace';

/**
 * A FerryApi that also owns resources: `dispose` cancels calls, deletes spill files and closes channels.
 * Front ends hold one client of it per browser socket, desktop page or CLI run (`createClientHub`), which
 * sees only its own calls and connections.
 */
export type Engine = FerryApi & {
  dispose(): void;
  /** `dispose`, then resolves once call history has written what it holds: for shutting down. */
  close(): Promise<void>;
  /**
   * A kept message of a call as ProtoJSON, decoded now: how the client hub puts message bodies into events
   * only as they leave for a client, after coalescing (see clients/client-hub.ts).
   */
  decodeMessage(callId: string, direction: MessageDirection, index: number): Result<unknown>;
};

export interface EngineOptions {
  /**
   * App data folder (never a workspace): call history is recorded in it. Absent: no history is kept
   * (tests, and front ends that choose not to).
   */
  dataDir: string;
  /** Where secret variable values come from; default `FERRY_VAR_<NAME>` environment variables. */
  secrets: SecretStore;
  /**
   * Where the OAuth 2.0 tokens of `oauth2` variables come from; default their token endpoints and sign-ins,
   * each token kept while it lasts. The engine closes it when disposed (its sign-ins stop listening).
   */
  tokens: TokenSource;
  /** How much of its calls the engine keeps in memory and on disk (defaults in sessions/session-limits.ts). */
  sessions: Partial<SessionLimits>;
  /** Where schema loads are cached; default the data folder's (when there is one), `null` for none. */
  schemaCache: SchemaCache | null;
  /**
   * Minimum time between two event batches of a busy call, in ms; default 16, one display frame, so a UI
   * gets at most a batch per frame. A front end with no display to pace (the CLI) takes 0: a batch per I/O
   * turn that brings server messages, or per 64 events (see sessions/session-recorder.ts: the caller's own
   * events and a unary response wait for the call's end), so printing keeps pace with the socket. With
   * 16 ms batches, decoding and printing one held up reading long enough for the server to fill the 64 KiB
   * HTTP/2 window and wait: the two processes took turns instead of running side by side (a 1M-message
   * stream's wall time 1.1–1.2× the per-turn one).
   */
  eventBatchMs: number;
  /**
   * Watch an open workspace for changes made on disk (`workspace.changed`); default true. `ferry run` opens
   * one only to run its requests: watching a repository's whole tree would only cost it time.
   */
  watchWorkspace: boolean;
}

/**
 * The engine behind every front end: the desktop app's IPC, `ferry serve`'s WebSocket, the CLI and tests all
 * hold this one object. It never knows who listens; events go to whoever subscribed with `onEvent`.
 */
export function createEngine(options: Partial<EngineOptions> = {}): Engine {
  const listeners = new Set<(event: FerryEvent) => void>();
  const emit = (event: FerryEvent) => listeners.forEach((listener) => listener(event));
  const history = createCallRecorder(options.dataDir, (entryId) => emit({ type: 'history.changed', entryId }));
  const tokens = options.tokens ?? createTokenSource();
  const callSecrets = createCallSecrets();
  const signIns = createSignIns(tokens);
  const workspace = createEngineWorkspace(emit, options.secrets ?? createEnvSecretStore(), tokens, { watch: options.watchWorkspace ?? true });
  const pool = createChannelPool();
  const users = createChannelUsers(pool);
  const schemaCache = options.schemaCache === undefined && options.dataDir !== undefined ? openSchemaCache(options.dataDir) : options.schemaCache;
  const connections = createConnectionTable(pool, users, (connectionId, state) => emit({ type: 'connectivity.changed', connectionId, state }), schemaCache ?? undefined);
  const calls = createCallTable({ connections, pool, users, history, emit, limits: { ...DEFAULT_SESSION_LIMITS, ...options.sessions }, eventBatchMs: options.eventBatchMs ?? DEFAULT_BATCH_INTERVAL_MS, ended: retireRefusedTokens });
  // A token revoked, or expired before its `expires_in` said, is asked for anew rather than sent again.
  function retireRefusedTokens(callId: string, status: CallStatus): void {
    if (status.code === GRPC_STATUS.UNAUTHENTICATED) tokens.forget(callSecrets.of(callId));
  }
  // Secret values that went into a call: redacted from its history entry, and kept for its captures and tokens.
  const redact = (callId: string, values: readonly string[]) => {
    history.redact(callId, values);
    callSecrets.add(callId, values);
  };
  const variables = createCallVariables({ resolver: (choice, texts) => workspace.resolver(choice, texts), redact });
  const staged = createStagedFiles();
  const savedRuns = createSavedRequestRuns({ resolveSaved: (path, choice) => workspace.resolveSaved(path, choice), connections, calls, redact });
  const loads = createLoadTests({
    methodOf(connectionId, method) {
      const connection = connections.get(connectionId);
      return { kind: connection.registry.findMethod(method).kind, web: connection.web !== undefined };
    },
    async start(request, lane) {
      let done: Promise<CallStatus> | undefined;
      const { callId } = await variables.startCall(request, (resolved) => {
        const started = calls.startQuiet(resolved, lane);
        done = started.done;
        return started;
      });
      return { callId, done: done! };
    },
    send: (callId, body) => variables.sendMessage(callId, body, calls.send),
    halfClose: (callId) => calls.halfClose(callId),
    // A quiet call is forgotten as soon as it ends: one that has ended needs no cancelling.
    cancel: (callId) => void attempt(() => calls.cancel(callId)),
    forget(callId) {
      variables.released(callId);
      callSecrets.forget(callId);
    },
    holdLanes: (connectionId, count) => calls.holdLanes(connectionId, count),
  });

  const mocks = createMockServers({
    connectionOf(connectionId) {
      const { registry, config, options, web } = connections.get(connectionId);
      return { registry, target: config.target, options, web: web !== undefined };
    },
    mockFilePath: (name) => workspace.mockPath(name),
  });

  // Connection checks running now, each on sockets and a channel of its own: stopped by dispose, so none outlives it.
  const checks = new Set<AbortController>();
  async function check(config: ConnectionConfig): Promise<ConnectionCheck> {
    const stop = new AbortController();
    checks.add(stop);
    try {
      return await checkConnection(await variables.connectionConfig(config), { signal: stop.signal });
    } finally {
      checks.delete(stop);
    }
  }

  function dispose(): void {
    for (const stop of checks) stop.abort();
    checks.clear();
    loads.dispose();
    mocks.dispose();
    calls.dispose();
    connections.dispose();
    pool.close();
    workspace.dispose();
    // Every sign-in's listener on 127.0.0.1, the ones a call began (the CLI's prompt) too.
    signIns.dispose();
    tokens.close();
    listeners.clear();
  }

  return {
    ping: () => attempt(() => undefined),
    openConnection: (config) => attempt(async () => connections.open(await variables.connectionConfig(config))),
    checkConnection: (config) => attempt(() => check(config)),
    reloadSchema: (connectionId) => attempt(() => connections.reload(connectionId)),
    schemaChanges: (connectionId) => attempt(() => connections.schemaChanges(connectionId)),
    closeConnection: (connectionId) => attempt(() => connections.close(connectionId)),
    getMessageTemplate: (connectionId, symbol) =>
      attempt(() => {
        const registry = connections.get(connectionId).registry;
        const type = registry.findType(symbol) ?? fail('SYMBOL_NOT_FOUND', `message type ${symbol} is not in the schema`);
        return {
          typeName: typeName(type),
          example: formatJson(exampleMessage(type)),
          jsonSchema: jsonSchemaForType(type),
          protoText: describeSymbol(registry, symbol),
          ...(type.comment && { doc: type.comment }),
        };
      }),
    describeSymbol: (connectionId, symbol) => attempt(() => describeSymbol(connections.get(connectionId).registry, symbol)),
    startCall: (request) => attempt(() => variables.startCall(request, calls.start)),
    sendMessage: (callId, body) => attempt(() => variables.sendMessage(callId, body, calls.send)),
    halfClose: (callId) => attempt(() => calls.halfClose(callId)),
    cancelCall: (callId) => attempt(() => calls.cancel(callId)),
    releaseCall: (callId) =>
      attempt(() => {
        variables.released(callId);
        callSecrets.forget(callId);
        calls.release(callId);
      }),
    getMessage: (callId, direction, index) => attempt(() => calls.getMessage(callId, direction, index)),
    readEvents: (callId, query) => attempt(() => readEventPage(calls.kept(callId), query)),
    exportSession: (callId, range) => attempt(() => exportSessionNdjson(calls.kept(callId), range)),
    checkAssertions: (assertions, callId) => attempt(() => checkEachAssertion(assertions, sessionOutcome(callId, calls.kept(callId)))),
    captureValues: (captures, callId) =>
      attempt(() => withSecretsKept(captureValues(captures, sessionOutcome(callId, calls.kept(callId))), (text) => redactSecretValues(text, callSecrets.of(callId)))),
    runSavedRequest: (options) => attempt(() => savedRuns.run(options)),
    cancelSavedRequest: (runId) => attempt(() => savedRuns.cancel(runId)),
    runLoadTest: (request) => attempt(() => loads.run(request)),
    loadTestProgress: (loadId) => attempt(() => loads.progress(loadId)),
    stopLoadTest: (loadId) => attempt(() => loads.stop(loadId)),
    startMock: (request) => attempt(() => mocks.start(request)),
    setMockResponses: (mockId, responses) => attempt(() => mocks.setResponses(mockId, responses)),
    mockCalls: (mockId, after) => attempt(() => mocks.calls(mockId, after)),
    stopMock: (mockId) => attempt(() => mocks.stop(mockId)),
    openWorkspace: (dir) => attempt(() => workspace.open(dir)),
    createWorkspace: (dir) => attempt(() => workspace.create(dir)),
    saveRequest: (path, file, expected) => attempt(() => workspace.save(path, file, expected)),
    deleteRequest: (path) => attempt(() => workspace.remove(path)),
    renameRequest: (from, to) => attempt(() => workspace.rename(from, to)),
    saveEnvironment: (name, file, expected) => attempt(() => workspace.saveEnvironment(name, file, expected)),
    deleteEnvironment: (name) => attempt(() => workspace.deleteEnvironment(name)),
    saveMock: (name, text, expected) => attempt(() => workspace.saveMock(name, text, expected)),
    deleteMock: (name) => attempt(() => workspace.deleteMock(name)),
    tryToken: (trial) => attempt(() => workspace.tryToken(trial)),
    beginSignIn: (trial) => attempt(async () => signIns.begin(trial.variable, await workspace.signInGrant(trial))),
    finishSignIn: (signInId) => attempt(() => signIns.finish(signInId)),
    cancelSignIn: (signInId) => attempt(() => signIns.cancel(signInId)),
    importInsomnia: (text, fileName) => attempt(() => workspace.importInsomnia(text, fileName)),
    importBloomRpc: (files) => attempt(() => workspace.importBloomRpc(files)),
    resolveTarget: (file, choice) => attempt(() => workspace.resolveTarget(file, choice)),
    copyAsGrpcurl: (file, choice) => attempt(() => workspace.copyAsGrpcurl(file, choice)),
    importGrpcurl: (text) => attempt(() => workspace.importGrpcurl(text)),
    stageFiles: (files) => attempt(() => staged.stage(files)),
    listHistory: (query) => attempt(() => history.list(query)),
    clearHistory: () =>
      attempt(async () => {
        await history.clear();
        emit({ type: 'history.changed' });
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    decodeMessage: (callId, direction, index) => calls.decodeMessage(callId, direction, index),
    dispose,
    async close() {
      dispose();
      await history.flush();
    },
  };
}
