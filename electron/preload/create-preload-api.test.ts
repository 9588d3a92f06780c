import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_MENU_CHANNEL, FERRY_COMMANDS, IPC_EVENTS_DELIVERED_CHANNEL, IPC_EVENT_CHANNEL, type DesktopMenuEvent, type FerryEvent } from '../../shared/api';
import { ok } from '../../shared/errors';
import { createDesktopBridge, createPreloadApi, type IpcRendererLike } from './create-preload-api';

/** An ipcRenderer stand-in: records invokes, answers from `answer`, and lets the test push messages. */
function fakeIpcRenderer(answer: (channel: string, args: unknown[]) => Promise<unknown> = async () => ok(null)) {
  const emitter = new EventEmitter();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const sent: string[] = [];
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      invoked.push({ channel, args });
      return answer(channel, args);
    },
    send: (channel) => void sent.push(channel),
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  const push = (channel: string, payload: unknown) => emitter.emit(channel, { sender: 'the IpcRendererEvent' }, payload);
  return { ipc, invoked, sent, push, emitter };
}

const connectivity = (state: 'READY' | 'IDLE'): FerryEvent => ({ type: 'connectivity.changed', connectionId: 'c1', state });

describe('createPreloadApi (window.ferry)', () => {
  it('acknowledges each event batch once, however many listen, so main knows the page keeps up', () => {
    const fake = fakeIpcRenderer();
    const api = createPreloadApi(fake.ipc);
    api.onEvent(() => undefined);
    api.onEvent(() => undefined);
    fake.push(IPC_EVENT_CHANNEL, [connectivity('READY')]);
    fake.push(IPC_EVENT_CHANNEL, [connectivity('IDLE')]);
    expect(fake.sent).toEqual([IPC_EVENTS_DELIVERED_CHANNEL, IPC_EVENTS_DELIVERED_CHANNEL]);
  });

  it('exposes exactly one function per command plus onEvent, and nothing else', () => {
    const api = createPreloadApi(fakeIpcRenderer().ipc);
    expect(Object.keys(api).sort()).toEqual([...FERRY_COMMANDS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes each command on its own ferry:<command> channel with the arguments as given', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    await api.getMessage('call-1', 'received', 2);
    await api.halfClose('call-2');
    expect(invoked).toEqual([
      { channel: 'ferry:getMessage', args: ['call-1', 'received', 2] },
      { channel: 'ferry:halfClose', args: ['call-2'] },
    ]);
  });

  it('turns a rejected invoke (no handler, uncloneable answer) into an error Result', async () => {
    const { ipc } = fakeIpcRenderer(() => Promise.reject(new Error("No handler registered for 'ferry:halfClose'")));
    const result = await createPreloadApi(ipc).halfClose('x');
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL_BUG' } });
  });

  it('unpacks event batches, drops the IpcRendererEvent, and unsubscribes', async () => {
    const { ipc, push, emitter } = fakeIpcRenderer();
    const seen: unknown[][] = [];
    const stop = createPreloadApi(ipc).onEvent((...args) => seen.push(args));
    push(IPC_EVENT_CHANNEL, [connectivity('READY'), connectivity('IDLE')]);
    expect(seen).toEqual([[connectivity('READY')], [connectivity('IDLE')]]);
    const withListener = emitter.listenerCount(IPC_EVENT_CHANNEL);
    stop();
    stop();
    // Only the listener's own subscription goes; the preload's acknowledging listener stays.
    expect(emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(withListener - 1);
  });

  it('drops invalid events but delivers the rest of the batch', async () => {
    const { ipc, push } = fakeIpcRenderer();
    const seen: FerryEvent[] = [];
    createPreloadApi(ipc).onEvent((event) => seen.push(event));
    const reported = vi.fn();
    process.once('uncaughtException', reported);
    push(IPC_EVENT_CHANNEL, [{ type: 'call.events', callId: 7 }, connectivity('READY')]);
    expect(seen).toEqual([connectivity('READY')]);
    await new Promise((resolve) => setImmediate(resolve));
    process.removeListener('uncaughtException', reported);
    expect(reported).toHaveBeenCalledOnce();
    expect(String(reported.mock.calls[0]?.[0])).toContain('dropped an invalid event');
  });
});

describe('createDesktopBridge (window.ferryDesktop)', () => {
  it('forwards valid menu events only, without the IpcRendererEvent', () => {
    const { ipc, push } = fakeIpcRenderer();
    const bridge = createDesktopBridge(ipc, { getPathForFile: () => '' });
    const seen: DesktopMenuEvent[] = [];
    const stop = bridge.onMenuEvent((event) => seen.push(event));
    const good: DesktopMenuEvent = { type: 'schema-source-chosen', source: { kind: 'descriptor-set', files: ['/tmp/a.protoset'] } };
    process.once('uncaughtException', () => undefined);
    push(DESKTOP_MENU_CHANNEL, { type: 'schema-source-chosen', source: { kind: 'proto-files', files: '/x' } });
    push(DESKTOP_MENU_CHANNEL, good);
    stop();
    push(DESKTOP_MENU_CHANNEL, good);
    expect(seen).toEqual([good]);
  });

  it('answers dropped files with their path from webUtils', () => {
    const file = { name: 'a.proto' } as File;
    const bridge = createDesktopBridge(fakeIpcRenderer().ipc, { getPathForFile: (f) => (f === file ? '/work/a.proto' : '') });
    expect(bridge.getPathForFile(file)).toBe('/work/a.proto');
  });
});
