/**
 * The one thin fake the desktop tests use: an in-memory ipcMain/ipcRenderer pair and a webContents that
 * records what main sends. Everything behind it (the real engine, real gRPC servers) is real.
 * Arguments and answers go through structuredClone both ways, as Electron's IPC copies them.
 */
import { EventEmitter } from 'node:events';
import type { IpcRendererLike } from '../preload/create-preload-api';
import type { FrameLike, IpcInvokeListener, IpcMainLike, WebContentsLike } from './ipc-handlers';

export const TEST_APP_URL = 'app://ferry/index.html';

export class FakeWebContents extends EventEmitter implements WebContentsLike {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  /** Everything main sent to this page, in order. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  /** The page's side of `send`: what its ipcRenderer.on listeners see. */
  readonly renderer = new EventEmitter();
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    this.sent.push({ channel, args: copy });
    // Electron delivers asynchronously; so do we, so tests cannot depend on synchronous delivery.
    setImmediate(() => this.renderer.emit(channel, { sender: 'ipc-renderer-event' }, ...copy));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Like closing the window: 'destroyed' fires once, later sends throw. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export interface FakePage {
  webContents: FakeWebContents;
  frame: FrameLike;
  ipcRenderer: IpcRendererLike;
}

export interface FakeIpc {
  ipcMain: IpcMainLike;
  handlers: Map<string, IpcInvokeListener>;
  /** A page in a window; `url` is what its frame shows, `subframe` makes it an iframe of that page. */
  openPage(options?: { url?: string; subframe?: boolean }): FakePage;
}

export function createFakeIpc(): FakeIpc {
  const handlers = new Map<string, IpcInvokeListener>();
  // ipcRenderer.send → ipcMain.on listeners, asynchronously as in Electron.
  const mainListeners = new EventEmitter();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    on: (channel, listener) => mainListeners.on(channel, listener),
    removeListener: (channel, listener) => mainListeners.removeListener(channel, listener),
  };

  function openPage(options: { url?: string; subframe?: boolean } = {}): FakePage {
    const webContents = new FakeWebContents();
    const top: FrameLike = { url: options.url ?? TEST_APP_URL, parent: null };
    const frame: FrameLike = options.subframe ? { url: options.url ?? TEST_APP_URL, parent: top } : top;
    const ipcRenderer: IpcRendererLike = {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        return structuredClone(await handler({ sender: webContents, senderFrame: frame }, ...structuredClone(args)));
      },
      send(channel, ...args) {
        const copy = structuredClone(args);
        setImmediate(() => mainListeners.emit(channel, { sender: webContents }, ...copy));
      },
      on(channel, listener) {
        webContents.renderer.on(channel, listener);
      },
      removeListener(channel, listener) {
        webContents.renderer.removeListener(channel, listener);
      },
    };
    return { webContents, frame, ipcRenderer };
  }

  return { ipcMain, handlers, openPage };
}
