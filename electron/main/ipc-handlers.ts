/**
 * FerryApi over Electron IPC, main side. Each command has its own `ferry:<command>` channel; every
 * invocation is checked (sender, then arguments) before it reaches the engine, and always answers a
 * Result: nothing thrown crosses IPC, because `invoke` would flatten it into a string (electron#24427).
 *
 * Takes ipcMain- and webContents-SHAPED objects, so tests run it without an Electron binary.
 * Ownership: each call and connection belongs to the page that started it. Its events go to that page
 * only, another page cannot touch it (NOT_FOUND, as if it did not exist), and when the page goes away
 * (window closed, reloaded, crashed) its running calls are cancelled and its connections closed.
 */
import { FERRY_COMMANDS, IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL, type FerryApi, type FerryCommand, type FerryEvent } from '../../shared/api';
import { validateCommand, type CommandArgs } from '../../shared/api/validate';
import { err, ferryError, isFerryError, toFerryError, type FerryError, type Result } from '../../shared/errors';

/** The part of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** The part of Electron's WebContents used here. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's IpcMainInvokeEvent used here. */
export interface IpcInvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

export type IpcInvokeListener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcInvokeListener): void;
  removeHandler(channel: string): void;
}

export interface FerryIpcOptions {
  /** True only for our own window's main frame showing our own bundle (see main.ts). */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** Unexpected failures (INTERNAL_BUG), with their stack, for the log. */
  onBug?(command: FerryCommand, error: FerryError): void;
}

export interface FerryIpc {
  /** Forgets a page: cancels its running calls and closes its connections (reload, crash). */
  releaseSender(sender: WebContentsLike): void;
  /** Removes every handler and stops forwarding events; the engine itself is the caller's to dispose. */
  dispose(): void;
}

/** What one page owns. */
interface Owner {
  sender: WebContentsLike;
  connections: Set<string>;
  calls: Set<string>;
  /** Calls that have not ended: the ones to cancel when the page goes away. */
  running: Set<string>;
  queue: FerryEvent[];
}

type Handler<K extends FerryCommand> = (owner: Owner, ...args: CommandArgs<K>) => Promise<Result<unknown>>;
/** One handler per command; a command of FerryApi without one is a compile error. */
type HandlerTable = { [K in FerryCommand]: Handler<K> };

const notFound = (what: string, id: string): Result<never> => err(ferryError('NOT_FOUND', `no ${what} with id ${id}`));

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  return candidate.ok === true || (candidate.ok === false && isFerryError(candidate.error));
}

export function registerFerryIpc(ipcMain: IpcMainLike, engine: FerryApi, options: FerryIpcOptions): FerryIpc {
  const owners = new Map<WebContentsLike, Owner>();
  const callOwner = new Map<string, Owner>();
  const connectionOwner = new Map<string, Owner>();
  // A page released on reload keeps its webContents: listen for its destruction once, not once per reload.
  const watched = new WeakSet<WebContentsLike>();
  let flushScheduled = false;

  function ownerOf(sender: WebContentsLike): Owner {
    let owner = owners.get(sender);
    if (!owner) {
      owner = { sender, connections: new Set(), calls: new Set(), running: new Set(), queue: [] };
      owners.set(sender, owner);
      if (!watched.has(sender)) {
        watched.add(sender);
        sender.once('destroyed', () => releaseSender(sender));
      }
    }
    return owner;
  }

  function releaseSender(sender: WebContentsLike): void {
    const owner = owners.get(sender);
    if (!owner) return;
    owners.delete(sender);
    for (const callId of owner.calls) callOwner.delete(callId);
    for (const connectionId of owner.connections) connectionOwner.delete(connectionId);
    // Nobody is left to watch these: stop the streams and free the channels.
    for (const callId of owner.running) void engine.cancelCall(callId).catch(() => undefined);
    for (const connectionId of owner.connections) void engine.closeConnection(connectionId).catch(() => undefined);
  }

  // Events are queued per page and sent as one array per turn: the engine already batches per call, this
  // coalesces many concurrent calls into one IPC message.
  function flush(): void {
    flushScheduled = false;
    for (const owner of owners.values()) {
      if (owner.queue.length === 0) continue;
      const batch = owner.queue;
      owner.queue = [];
      if (!owner.sender.isDestroyed()) owner.sender.send(IPC_EVENT_CHANNEL, batch);
    }
  }

  function enqueue(owner: Owner, event: FerryEvent): void {
    owner.queue.push(event);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }

  const unsubscribe = engine.onEvent((event) => {
    // The workspace is the engine's, not a page's: every page hears about its changes.
    if (event.type === 'workspace.changed') return owners.forEach((owner) => enqueue(owner, event));
    const owner = event.type === 'connectivity.changed' ? connectionOwner.get(event.connectionId) : callOwner.get(event.callId);
    // No owner: a page that went away (its cancellation's last events) or a call of another front end.
    if (!owner) return;
    if (event.type === 'call.events' && event.events.some((e) => e.type === 'call.ended')) owner.running.delete(event.callId);
    enqueue(owner, event);
  });

  /** Runs `action` only if `owner` owns `id`; another page's ids look like ids that do not exist. */
  const ifOwnsCall = (owner: Owner, callId: string, action: () => Promise<Result<unknown>>) =>
    owner.calls.has(callId) ? action() : Promise.resolve(notFound('call', callId));
  const ifOwnsConnection = (owner: Owner, connectionId: string, action: () => Promise<Result<unknown>>) =>
    owner.connections.has(connectionId) ? action() : Promise.resolve(notFound('connection', connectionId));

  function adopt(owner: Owner, kind: 'call' | 'connection', id: string): void {
    if (owners.get(owner.sender) !== owner) {
      // The page went away (closed or reloaded) while the command ran: undo instead of leaking.
      void (kind === 'call' ? engine.cancelCall(id) : engine.closeConnection(id)).catch(() => undefined);
      return;
    }
    if (kind === 'call') {
      owner.calls.add(id);
      owner.running.add(id);
      callOwner.set(id, owner);
    } else {
      owner.connections.add(id);
      connectionOwner.set(id, owner);
    }
  }

  const handlers: HandlerTable = {
    openConnection: async (owner, config) => {
      const result = await engine.openConnection(config);
      if (result.ok) adopt(owner, 'connection', result.value.connectionId);
      return result;
    },
    reloadSchema: (owner, connectionId) => ifOwnsConnection(owner, connectionId, () => engine.reloadSchema(connectionId)),
    closeConnection: (owner, connectionId) =>
      ifOwnsConnection(owner, connectionId, async () => {
        owner.connections.delete(connectionId);
        connectionOwner.delete(connectionId);
        return engine.closeConnection(connectionId);
      }),
    getMessageTemplate: (owner, connectionId, typeName) =>
      ifOwnsConnection(owner, connectionId, () => engine.getMessageTemplate(connectionId, typeName)),
    describeSymbol: (owner, connectionId, symbol) => ifOwnsConnection(owner, connectionId, () => engine.describeSymbol(connectionId, symbol)),
    startCall: (owner, request) =>
      ifOwnsConnection(owner, request.connectionId, async () => {
        const result = await engine.startCall(request);
        if (result.ok) adopt(owner, 'call', result.value.callId);
        return result;
      }),
    sendMessage: (owner, callId, body) => ifOwnsCall(owner, callId, () => engine.sendMessage(callId, body)),
    halfClose: (owner, callId) => ifOwnsCall(owner, callId, () => engine.halfClose(callId)),
    cancelCall: (owner, callId) => ifOwnsCall(owner, callId, () => engine.cancelCall(callId)),
    releaseCall: (owner, callId) =>
      ifOwnsCall(owner, callId, async () => {
        owner.calls.delete(callId);
        owner.running.delete(callId);
        callOwner.delete(callId);
        return engine.releaseCall(callId);
      }),
    getMessage: (owner, callId, direction, index) => ifOwnsCall(owner, callId, () => engine.getMessage(callId, direction, index)),
    readEvents: (owner, callId, query) => ifOwnsCall(owner, callId, () => engine.readEvents(callId, query)),
    exportSession: (owner, callId, range) => ifOwnsCall(owner, callId, () => engine.exportSession(callId, range)),
    checkAssertions: (owner, assertions, callId) => ifOwnsCall(owner, callId, () => engine.checkAssertions(assertions, callId)),
    // Workspace and history commands touch files, not a page's calls or connections: no ownership check.
    openWorkspace: (_owner, dir) => engine.openWorkspace(dir),
    saveRequest: (_owner, path, file, expected) => engine.saveRequest(path, file, expected),
    deleteRequest: (_owner, path) => engine.deleteRequest(path),
    renameRequest: (_owner, from, to) => engine.renameRequest(from, to),
    resolveTarget: (_owner, file, choice) => engine.resolveTarget(file, choice),
    copyAsGrpcurl: (_owner, file, choice) => engine.copyAsGrpcurl(file, choice),
    importGrpcurl: (_owner, text) => engine.importGrpcurl(text),
    listHistory: (_owner, query) => engine.listHistory(query),
  };

  async function invoke(command: FerryCommand, event: IpcInvokeEventLike, args: unknown[]): Promise<Result<unknown>> {
    if (!options.isTrustedSender(event)) {
      return err(ferryError('PERMISSION_DENIED', `${command} was refused: the request did not come from Ferry's own window`));
    }
    const checked = validateCommand(command, args);
    if (!checked.ok) return checked;
    try {
      const handler = handlers[command] as (owner: Owner, ...values: unknown[]) => Promise<unknown>;
      const result = await handler(ownerOf(event.sender), ...checked.value);
      if (isResult(result)) return result;
      return err(ferryError('INTERNAL_BUG', `internal error: ${command} did not answer a Result`));
    } catch (reason) {
      return err(toFerryError(reason));
    }
  }

  for (const command of FERRY_COMMANDS) {
    ipcMain.handle(IPC_CHANNEL_PREFIX + command, async (event, ...args) => {
      const result = await invoke(command, event, args);
      if (!result.ok && result.error.code === 'INTERNAL_BUG') options.onBug?.(command, result.error);
      return result;
    });
  }

  return {
    releaseSender,
    dispose: () => {
      for (const command of FERRY_COMMANDS) ipcMain.removeHandler(IPC_CHANNEL_PREFIX + command);
      unsubscribe();
      for (const owner of [...owners.values()]) releaseSender(owner.sender);
    },
  };
}
