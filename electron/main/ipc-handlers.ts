/**
 * FerryApi over Electron IPC, main side. Each command has its own `ferry:<command>` channel; every
 * invocation is checked (sender, then arguments) before it reaches the engine, and always answers a
 * Result: nothing thrown crosses IPC, because `invoke` would flatten it into a string (electron#24427).
 *
 * Takes ipcMain- and webContents-SHAPED objects, so tests run it without an Electron binary.
 * Ownership: each page is one client of the engine (see engine/clients): its calls, connections and events
 * are its own, another page's ids answer NOT_FOUND, and when the page goes away (window closed, reloaded,
 * crashed) its calls are released and its connections closed. Events go out as one array per turn; the
 * preload acknowledges each, and while too many are unacknowledged the page counts as behind and its
 * message events are coalesced into counts.
 */
import { FERRY_COMMANDS, IPC_CHANNEL_PREFIX, IPC_EVENTS_DELIVERED_CHANNEL, IPC_EVENT_CHANNEL, type FerryApi, type FerryCommand, type FerryEvent } from '../../shared/api';
import { err, ferryError, type FerryError, type Result } from '../../shared/errors';
import { createClientHub, dispatchCommand, type EngineClient } from '../engine';

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
export type IpcListener = (event: { readonly sender: WebContentsLike }, ...args: unknown[]) => void;

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcInvokeListener): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export interface FerryIpcOptions {
  /** True only for our own window's main frame showing our own bundle (see main.ts). */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** Unexpected failures (INTERNAL_BUG), with their stack, for the log. */
  onBug?(command: FerryCommand, error: FerryError): void;
  /** Event batches sent to a page and not yet acknowledged, above which it counts as behind (default 4). */
  maxUnacknowledged?: number;
}

export interface FerryIpc {
  /** Forgets a page: releases its calls and closes its connections (reload, crash). */
  releaseSender(sender: WebContentsLike): void;
  /** Removes every handler and stops forwarding events; the engine itself is the caller's to dispose. */
  dispose(): void;
}

interface Page {
  client: EngineClient;
  unacknowledged: number;
}

export function registerFerryIpc(ipcMain: IpcMainLike, engine: FerryApi, options: FerryIpcOptions): FerryIpc {
  const clients = createClientHub(engine);
  const pages = new Map<WebContentsLike, Page>();
  const maxUnacknowledged = options.maxUnacknowledged ?? 4;
  // A page released on reload keeps its webContents: listen for its destruction once, not once per reload.
  const watched = new WeakSet<WebContentsLike>();

  function pageOf(sender: WebContentsLike): Page {
    const existing = pages.get(sender);
    if (existing) return existing;
    const page: Page = {
      unacknowledged: 0,
      client: clients.open({
        deliver(events: FerryEvent[]) {
          if (sender.isDestroyed()) return;
          page.unacknowledged++;
          sender.send(IPC_EVENT_CHANNEL, events);
        },
        isBehind: () => page.unacknowledged >= maxUnacknowledged,
      }),
    };
    pages.set(sender, page);
    if (!watched.has(sender)) {
      watched.add(sender);
      sender.once('destroyed', () => releaseSender(sender));
    }
    return page;
  }

  function releaseSender(sender: WebContentsLike): void {
    pages.get(sender)?.client.close();
    pages.delete(sender);
  }

  const onDelivered: IpcListener = (event) => {
    const page = pages.get(event.sender);
    if (page && page.unacknowledged > 0) page.unacknowledged--;
  };
  ipcMain.on(IPC_EVENTS_DELIVERED_CHANNEL, onDelivered);

  async function invoke(command: FerryCommand, event: IpcInvokeEventLike, args: unknown[]): Promise<Result<unknown>> {
    if (!options.isTrustedSender(event)) {
      return err(ferryError('PERMISSION_DENIED', `${command} was refused: the request did not come from Ferry's own window`));
    }
    return dispatchCommand(pageOf(event.sender).client, command, args);
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
      ipcMain.removeListener(IPC_EVENTS_DELIVERED_CHANNEL, onDelivered);
      for (const sender of [...pages.keys()]) releaseSender(sender);
      clients.dispose();
    },
  };
}
