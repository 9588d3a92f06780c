/**
 * Clients of one engine: a browser socket of `ferry serve`, a desktop page, a CLI run. Each client sees only
 * the calls and connections it opened and their events (workspace events go to every client): another
 * client's id answers NOT_FOUND, as if it did not exist. Closing a client releases its calls (cancelling
 * the running ones), stops its load tests and mock servers, cancels its sign-ins and closes its connections. Transports hold one client per peer; none checks ownership.
 */
import type { FerryApi, FerryEvent } from '../../../shared/api';
import { err, ferryError, type Result } from '../../../shared/errors';
import type { MessageDirection } from '../../../shared/model';
import { createEventOutbox, type ClientTransport, type EventOutbox } from './event-outbox';
import { inlineMessages } from './inline-messages';

/** A FerryApi scoped to one client; `close` gives back everything it owns. */
export type EngineClient = FerryApi & { close(): void };

interface Owner {
  connections: Set<string>;
  calls: Set<string>;
  listeners: Set<(event: FerryEvent) => void>;
  outbox?: EventOutbox;
  /** Calls whose message bodies this client wants inline, decoded as their events leave: id → max wire bytes. */
  inline: Map<string, number>;
  /** Load tests this client started that are still running, by the client's ids (see `loadIdOf`). */
  loads: Set<string>;
  /** Mock servers this client started and has not stopped, by the client's ids (as load tests'). */
  mocks: Set<string>;
  /** Sign-ins this client began whose end it has not asked for (the engine's ids, unique already). */
  signIns: Set<string>;
  /** Numbers the client, to keep its load test ids apart from another client's in the engine. */
  id: number;
  closed: boolean;
}

/** What the hub needs of an engine: the FerryApi, and (from createEngine) decoding a kept message on demand. */
export type HubEngine = FerryApi & {
  decodeMessage?(callId: string, direction: MessageDirection, index: number): Result<unknown>;
};

const notFound = (what: string, id: string): Result<never> => err(ferryError('NOT_FOUND', `no ${what} with id ${id}`));
const quietly = (promise: Promise<unknown>): void => void promise.catch(() => undefined);

/**
 * Message bodies inline (`inlineMessageBytes`) are decoded as events leave for a client with a transport, not
 * when the engine emits them: a client that falls behind has its message events coalesced into counts, and
 * those are never decoded. Listeners added with `onEvent` get events decoded as they are emitted.
 */
export function createClientHub(engine: HubEngine) {
  const owners = new Set<Owner>();
  const callOwner = new Map<string, Owner>();
  const connectionOwner = new Map<string, Owner>();

  function withInline(owner: Owner, event: FerryEvent): FerryEvent {
    if (event.type !== 'call.events' || !engine.decodeMessage) return event;
    const maxBytes = owner.inline.get(event.callId);
    if (maxBytes === undefined) return event;
    const { callId } = event;
    return { ...event, events: inlineMessages(event.events, maxBytes, (direction, index) => engine.decodeMessage!(callId, direction, index)) };
  }

  function deliver(owner: Owner, event: FerryEvent): void {
    if (owner.listeners.size > 0) {
      const inlined = withInline(owner, event);
      owner.listeners.forEach((listener) => listener(inlined));
    }
    owner.outbox?.push(event);
  }

  const unsubscribe = engine.onEvent((event) => {
    if (event.type === 'workspace.changed' || event.type === 'history.changed') return owners.forEach((owner) => deliver(owner, event));
    const owner = event.type === 'connectivity.changed' ? connectionOwner.get(event.connectionId) : callOwner.get(event.callId);
    // No owner: a client that went away (the last events of its cancelled calls).
    if (owner) deliver(owner, event);
    if (event.type === 'call.evicted' && event.scope === 'session') forgetCall(event.callId);
  });

  function forgetCall(callId: string): void {
    callOwner.get(callId)?.calls.delete(callId);
    callOwner.get(callId)?.inline.delete(callId);
    callOwner.delete(callId);
  }

  function adoptCall(owner: Owner, callId: string): void {
    // The client went away while the call was starting: nobody is left to watch it.
    if (owner.closed) return quietly(engine.releaseCall(callId));
    owner.calls.add(callId);
    callOwner.set(callId, owner);
  }

  function adoptConnection(owner: Owner, connectionId: string): void {
    if (owner.closed) return quietly(engine.closeConnection(connectionId));
    owner.connections.add(connectionId);
    connectionOwner.set(connectionId, owner);
  }

  function close(owner: Owner): void {
    if (owner.closed) return;
    owner.closed = true;
    owners.delete(owner);
    owner.outbox?.close();
    owner.listeners.clear();
    for (const callId of owner.calls) {
      callOwner.delete(callId);
      quietly(engine.releaseCall(callId));
    }
    for (const loadId of owner.loads) quietly(engine.stopLoadTest(loadIdOf(owner, loadId)));
    for (const mockId of owner.mocks) quietly(engine.stopMock(loadIdOf(owner, mockId)));
    for (const signInId of owner.signIns) quietly(engine.cancelSignIn(signInId));
    for (const connectionId of owner.connections) {
      connectionOwner.delete(connectionId);
      quietly(engine.closeConnection(connectionId));
    }
  }

  function outboxFor(owner: Owner, transport: ClientTransport): EventOutbox {
    return createEventOutbox({
      isBehind: () => transport.isBehind(),
      ...(transport.sendsEachEvent && { sendsEachEvent: true }),
      deliver(events) {
        transport.deliver(events.map((event) => withInline(owner, event)));
        for (const event of events) if (event.type === 'call.events' && event.events.at(-1)?.type === 'call.ended') owner.inline.delete(event.callId);
      },
    });
  }

  /** Starts a call; a client with a transport gets its bodies inline as events leave (see createClientHub). */
  async function startCall(owner: Owner, request: Parameters<FerryApi['startCall']>[0]): ReturnType<FerryApi['startCall']> {
    const { inlineMessageBytes, ...rest } = request;
    const atDelivery = owner.outbox !== undefined && engine.decodeMessage !== undefined && !!inlineMessageBytes && request.keepSession !== false;
    const result = await engine.startCall(atDelivery ? rest : request);
    if (result.ok) {
      if (atDelivery) owner.inline.set(result.value.callId, inlineMessageBytes);
      adoptCall(owner, result.value.callId);
    }
    return result;
  }

  // Two pages may number their load tests and mocks alike; the engine knows each by its client's number too.
  const loadIdOf = (owner: Owner, loadId: string) => `${owner.id}/${loadId}`;
  let clients = 0;

  /** A load test is its client's while it runs: only it can follow or stop it, and closing the client stops it. */
  async function runLoadTest(owner: Owner, request: Parameters<FerryApi['runLoadTest']>[0]): ReturnType<FerryApi['runLoadTest']> {
    if (owner.loads.has(request.loadId)) return err(ferryError('FAILED_PRECONDITION', `a load test named ${request.loadId} is already running`));
    owner.loads.add(request.loadId);
    try {
      return await engine.runLoadTest({ ...request, loadId: loadIdOf(owner, request.loadId) });
    } finally {
      owner.loads.delete(request.loadId);
    }
  }

  /** A mock server is its client's until stopped: only it can read or change it, and closing the client stops it. */
  async function startMock(owner: Owner, request: Parameters<FerryApi['startMock']>[0]): ReturnType<FerryApi['startMock']> {
    if (owner.mocks.has(request.mockId)) return err(ferryError('FAILED_PRECONDITION', `a mock server named ${request.mockId} is already running`));
    owner.mocks.add(request.mockId);
    const result = await engine.startMock({ ...request, mockId: loadIdOf(owner, request.mockId) });
    if (!result.ok) owner.mocks.delete(request.mockId);
    // The client went away while the mock was binding: nobody is left to stop it.
    else if (owner.closed) quietly(engine.stopMock(loadIdOf(owner, request.mockId)));
    return result;
  }

  /** A sign-in is its client's until its end is asked for: only it can wait on or cancel it, and closing the client cancels it. */
  async function beginSignIn(owner: Owner, trial: Parameters<FerryApi['beginSignIn']>[0]): ReturnType<FerryApi['beginSignIn']> {
    const result = await engine.beginSignIn(trial);
    if (!result.ok) return result;
    // The client went away while the listener was binding: nobody is left to sign in.
    if (owner.closed) quietly(engine.cancelSignIn(result.value.signInId));
    else owner.signIns.add(result.value.signInId);
    return result;
  }

  async function finishSignIn(owner: Owner, signInId: string): ReturnType<FerryApi['finishSignIn']> {
    try {
      return await engine.finishSignIn(signInId);
    } finally {
      owner.signIns.delete(signInId);
    }
  }

  function open(transport?: ClientTransport): EngineClient {
    const owner: Owner = { connections: new Set(), calls: new Set(), listeners: new Set(), inline: new Map(), loads: new Set(), mocks: new Set(), signIns: new Set(), id: ++clients, closed: false };
    if (transport) owner.outbox = outboxFor(owner, transport);
    owners.add(owner);
    const call = <T>(callId: string, action: () => Promise<Result<T>>) => (owner.calls.has(callId) ? action() : Promise.resolve(notFound('call', callId)));
    const connection = <T>(connectionId: string, action: () => Promise<Result<T>>) =>
      owner.connections.has(connectionId) ? action() : Promise.resolve(notFound('connection', connectionId));
    const signIn = <T>(signInId: string, action: () => Promise<Result<T>>) => (owner.signIns.has(signInId) ? action() : Promise.resolve(notFound('sign-in', signInId)));
    const mock = <T>(mockId: string, action: (engineId: string) => Promise<Result<T>>) =>
      owner.mocks.has(mockId) ? action(loadIdOf(owner, mockId)) : Promise.resolve(notFound('mock server', mockId));

    return {
      ping: () => engine.ping(),
      async openConnection(config) {
        const result = await engine.openConnection(config);
        if (result.ok) adoptConnection(owner, result.value.connectionId);
        return result;
      },
      // A check keeps nothing once it answers: nothing for a client to own.
      checkConnection: (config) => engine.checkConnection(config),
      reloadSchema: (connectionId) => connection(connectionId, () => engine.reloadSchema(connectionId)),
      schemaChanges: (connectionId) => connection(connectionId, () => engine.schemaChanges(connectionId)),
      closeConnection: (connectionId) =>
        connection(connectionId, () => {
          owner.connections.delete(connectionId);
          connectionOwner.delete(connectionId);
          return engine.closeConnection(connectionId);
        }),
      getMessageTemplate: (connectionId, typeName) => connection(connectionId, () => engine.getMessageTemplate(connectionId, typeName)),
      describeSymbol: (connectionId, symbol) => connection(connectionId, () => engine.describeSymbol(connectionId, symbol)),
      startCall: (request) => connection(request.connectionId, () => startCall(owner, request)),
      sendMessage: (callId, body) => call(callId, () => engine.sendMessage(callId, body)),
      halfClose: (callId) => call(callId, () => engine.halfClose(callId)),
      cancelCall: (callId) => call(callId, () => engine.cancelCall(callId)),
      releaseCall: (callId) =>
        call(callId, () => {
          owner.calls.delete(callId);
          owner.inline.delete(callId);
          callOwner.delete(callId);
          return engine.releaseCall(callId);
        }),
      getMessage: (callId, direction, index) => call(callId, () => engine.getMessage(callId, direction, index)),
      readEvents: (callId, query) => call(callId, () => engine.readEvents(callId, query)),
      exportSession: (callId, range) => call(callId, () => engine.exportSession(callId, range)),
      checkAssertions: (assertions, callId) => call(callId, () => engine.checkAssertions(assertions, callId)),
      captureValues: (captures, callId) => call(callId, () => engine.captureValues(captures, callId)),
      // A saved request's run keeps its call to itself (the history has it): nothing for a client to own.
      runSavedRequest: (options) => engine.runSavedRequest(options),
      cancelSavedRequest: (runId) => engine.cancelSavedRequest(runId),
      runLoadTest: (request) => connection(request.connectionId, () => runLoadTest(owner, request)),
      loadTestProgress: (loadId) => (owner.loads.has(loadId) ? engine.loadTestProgress(loadIdOf(owner, loadId)) : Promise.resolve(notFound('load test', loadId))),
      stopLoadTest: (loadId) => (owner.loads.has(loadId) ? engine.stopLoadTest(loadIdOf(owner, loadId)) : Promise.resolve(notFound('load test', loadId))),
      startMock: (request) => connection(request.connectionId, () => startMock(owner, request)),
      setMockResponses: (mockId, responses) => mock(mockId, (engineId) => engine.setMockResponses(engineId, responses)),
      mockCalls: (mockId, after) => mock(mockId, (engineId) => engine.mockCalls(engineId, after)),
      stopMock: (mockId) =>
        mock(mockId, (engineId) => {
          owner.mocks.delete(mockId);
          return engine.stopMock(engineId);
        }),
      // The workspace and the history are the engine's, not a client's: no ownership check.
      openWorkspace: (dir) => engine.openWorkspace(dir),
      createWorkspace: (dir) => engine.createWorkspace(dir),
      saveRequest: (path, file, expected) => engine.saveRequest(path, file, expected),
      deleteRequest: (path) => engine.deleteRequest(path),
      renameRequest: (from, to) => engine.renameRequest(from, to),
      saveEnvironment: (name, file, expected) => engine.saveEnvironment(name, file, expected),
      deleteEnvironment: (name) => engine.deleteEnvironment(name),
      saveMock: (name, text, expected) => engine.saveMock(name, text, expected),
      deleteMock: (name) => engine.deleteMock(name),
      tryToken: (trial) => engine.tryToken(trial),
      beginSignIn: (trial) => beginSignIn(owner, trial),
      finishSignIn: (signInId) => signIn(signInId, () => finishSignIn(owner, signInId)),
      cancelSignIn: (signInId) => signIn(signInId, () => engine.cancelSignIn(signInId)),
      importInsomnia: (text, fileName) => engine.importInsomnia(text, fileName),
      importBloomRpc: (files) => engine.importBloomRpc(files),
      resolveTarget: (file, choice) => engine.resolveTarget(file, choice),
      copyAsGrpcurl: (file, choice) => engine.copyAsGrpcurl(file, choice),
      importGrpcurl: (text) => engine.importGrpcurl(text),
      stageFiles: (files) => engine.stageFiles(files),
      listHistory: (query) => engine.listHistory(query),
      clearHistory: () => engine.clearHistory(),
      onEvent(listener) {
        owner.listeners.add(listener);
        return () => owner.listeners.delete(listener);
      },
      close: () => close(owner),
    };
  }

  return {
    open,
    dispose(): void {
      unsubscribe();
      for (const owner of [...owners]) close(owner);
    },
  };
}

export type ClientHub = ReturnType<typeof createClientHub>;
