/**
 * What the preload exposes, built from plain functions so it is testable without Electron: an injected
 * ipcRenderer-shaped object in, the exposed objects out. `preload.ts` is the only file that touches
 * `contextBridge`.
 *
 * One function per command, built from FERRY_COMMANDS, each bound to its own `ferry:<command>` channel:
 * the renderer never gets `ipcRenderer`, a channel name or anything generic to send on.
 */
import { DESKTOP_MENU_CHANNEL, FERRY_COMMANDS, IPC_CHANNEL_PREFIX, IPC_EVENTS_DELIVERED_CHANNEL, IPC_EVENT_CHANNEL, isDesktopMenuEvent, type DesktopBridge, type DesktopMenuEvent, type FerryApi, type FerryCommand, type FerryEvent } from '../../shared/api';
import { validateEvent } from '../../shared/api/validate';
import { describeFerryError, err, toFerryError, type Result } from '../../shared/errors';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The part of Electron's `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The part of Electron's `webUtils` the preload uses. */
export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

type CommandTable = { [K in FerryCommand]: FerryApi[K] };

/** Surfaces an error in the renderer's console as uncaught, without stopping the loop that found it. */
function report(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** Hands each item to the listener; one listener error must not lose the rest of the batch. */
function deliver<T>(items: readonly T[], listener: (item: T) => void): void {
  for (const item of items) {
    try {
      listener(item);
    } catch (error) {
      report(error);
    }
  }
}

/** Checks each pushed event at the receiving edge, as the WebSocket client does; a bad one is reported and dropped. */
function validEvents(batch: unknown): FerryEvent[] {
  if (!Array.isArray(batch)) {
    report(new Error('ferry: dropped an event batch that is not an array'));
    return [];
  }
  const events: FerryEvent[] = [];
  for (const value of batch) {
    const checked = validateEvent(value);
    if (checked.ok) events.push(checked.value);
    else report(new Error(`ferry: dropped an invalid event: ${describeFerryError(checked.error)}`));
  }
  return events;
}

/** Subscribes `listener` to a main → renderer channel, dropping the IpcRendererEvent (it carries `sender`). */
function subscribe(ipc: IpcRendererLike, channel: string, onPayload: (payload: unknown) => void): () => void {
  const wrapped: IpcListener = (_event, payload) => onPayload(payload);
  ipc.on(channel, wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, wrapped);
  };
}

/** The object exposed as `window.ferry`: exactly the FerryApi shape, and every command answers a Result. */
export function createPreloadApi(ipc: IpcRendererLike): FerryApi {
  const command = (name: FerryCommand) => (...args: unknown[]) =>
    // Main always answers a Result; `invoke` still rejects when no handler is registered or the answer
    // cannot be cloned, and that must reach the UI as a value too.
    ipc.invoke(IPC_CHANNEL_PREFIX + name, ...args).catch((reason: unknown): Result<never> => err(toFerryError(reason)));
  const commands = Object.fromEntries(FERRY_COMMANDS.map((name) => [name, command(name)])) as unknown as CommandTable;
  // Every batch is acknowledged once, whoever listens: main holds back (and coalesces) a page's events while
  // too many batches are unacknowledged.
  ipc.on(IPC_EVENT_CHANNEL, () => ipc.send(IPC_EVENTS_DELIVERED_CHANNEL));
  return {
    ...commands,
    // Main sends one array of FerryEvents per flush; listeners see one event at a time, as FerryApi says.
    onEvent: (listener: (event: FerryEvent) => void) => subscribe(ipc, IPC_EVENT_CHANNEL, (batch) => deliver(validEvents(batch), listener)),
  };
}

/** The object exposed as `window.ferryDesktop` (see shared/api/desktop-api.ts). */
export function createDesktopBridge(ipc: IpcRendererLike, webUtils: WebUtilsLike): DesktopBridge<File> {
  return {
    onMenuEvent: (listener: (event: DesktopMenuEvent) => void) =>
      subscribe(ipc, DESKTOP_MENU_CHANNEL, (event) => {
        if (isDesktopMenuEvent(event)) deliver([event], listener);
        else report(new Error('ferry: dropped an invalid menu event'));
      }),
    getPathForFile: (file: File) => webUtils.getPathForFile(file),
  };
}
