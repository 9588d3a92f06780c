import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FERRY_COMMANDS, IPC_EVENT_CHANNEL, type FerryApi } from '../../shared/api';
import { type Result, unwrap } from '../../shared/errors';
import type { ConnectionConfig } from '../../shared/model';
import { createEngine, type Engine } from '../engine/create-engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { createPreloadApi } from '../preload/create-preload-api';
import { isAppUrl } from './app-protocol';
import { registerFerryIpc, type FerryIpc } from './ipc-handlers';
import { createFakeIpc, type FakeIpc, type FakePage } from './ipc-test-kit';
import { until } from '../../tests/kit/until';
import { collectCall } from '../engine/testing/engine-test-kit';


describe('registerFerryIpc (FerryApi over IPC, real engine and bench server)', () => {
  let server: BenchServer;
  let engine: Engine;
  let fake: FakeIpc;
  let ipc: FerryIpc;
  let page: FakePage;
  let api: FerryApi;

  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  function setUp(): void {
    engine = createEngine();
    fake = createFakeIpc();
    // The same rule main.ts applies, minus "is it our BrowserWindow", which the fake cannot have.
    ipc = registerFerryIpc(fake.ipcMain, engine, { isTrustedSender: (event) => event.senderFrame?.parent === null && isAppUrl(event.senderFrame.url) });
    page = fake.openPage();
    api = createPreloadApi(page.ipcRenderer);
  }
  afterEach(() => {
    ipc?.dispose();
    engine?.dispose();
  });

  const reflection = (): ConnectionConfig => ({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

  it('registers one handler per command, on ferry:<command>', () => {
    setUp();
    expect([...fake.handlers.keys()].sort()).toEqual(FERRY_COMMANDS.map((name) => `ferry:${name}`).sort());
    ipc.dispose();
    expect(fake.handlers.size).toBe(0);
  });

  it('runs a unary call: events arrive on ferry:event in batches ending with call.ended OK', async () => {
    setUp();
    expect(await api.ping()).toEqual({ ok: true, value: undefined });
    const info = unwrap(await api.openConnection(reflection()));
    expect(info.services.map((s) => s.fullName)).toContain('ferry.testing.v1.Bench');
    const { callId } = unwrap(await api.startCall({ connectionId: info.connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"over ipc"}' }));
    const events = await collectCall(api, callId);
    const ended = events.at(-1);
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('OK');
    expect(events.map((e) => e.type)).toContain('call.message-received');

    const eventMessages = page.webContents.sent.filter((m) => m.channel === IPC_EVENT_CHANNEL);
    expect(eventMessages.length).toBeGreaterThan(0);
    expect(page.webContents.sent.every((m) => m.channel === IPC_EVENT_CHANNEL)).toBe(true);
    for (const message of eventMessages) expect(Array.isArray(message.args[0])).toBe(true);

    const received = unwrap(await api.getMessage(callId, 'received', 0));
    expect(JSON.parse(received.json)).toEqual({ message: 'over ipc' });
  });

  it('runs a bidi call with three messages and a half-close; events arrive complete and in order', async () => {
    setUp();
    const { connectionId } = unwrap(await api.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'proto-files', files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] } }));
    const { callId } = unwrap(await api.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] }));
    const done = collectCall(api, callId);
    for (const text of ['one', 'two', 'three']) unwrap(await api.sendMessage(callId, JSON.stringify({ message: text })));
    unwrap(await api.halfClose(callId));
    const events = await done;

    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('call.started');
    expect(types.at(-1)).toBe('call.ended');
    expect(types.filter((t) => t === 'call.message-sent')).toHaveLength(3);
    expect(types.filter((t) => t === 'call.message-received')).toHaveLength(3);
    expect(types.indexOf('call.half-closed')).toBeGreaterThan(types.lastIndexOf('call.message-sent'));
    const replies = (await Promise.all([0, 1, 2].map((i) => api.getMessage(callId, 'received', i)))).map(unwrap);
    expect(replies.map((r) => JSON.parse(r.json).message)).toEqual(['one', 'two', 'three']);
  });

  it('rejects invalid arguments with BAD_INPUT naming the field, before the engine sees them', async () => {
    setUp();
    const call = (await page.ipcRenderer.invoke('ferry:startCall', { connectionId: 42, method: 'x', metadata: [] })) as Result<unknown>;
    expect(call.ok).toBe(false);
    expect(!call.ok && call.error.code).toBe('BAD_INPUT');
    expect(!call.ok && call.error.details?.fieldPath).toContain('connectionId');

    const missing = (await page.ipcRenderer.invoke('ferry:getMessage', 'id', 'sideways', 0)) as Result<unknown>;
    expect(!missing.ok && missing.error.code).toBe('BAD_INPUT');
    const noArgs = await api.openConnection(undefined as unknown as ConnectionConfig);
    expect(!noArgs.ok && noArgs.error.code).toBe('BAD_INPUT');
  });

  it('refuses senders that are not our page: another origin, or a subframe of our page', async () => {
    setUp();
    for (const options of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, { subframe: true }]) {
      const intruder = createPreloadApi(fake.openPage(options).ipcRenderer);
      const result = await intruder.openConnection(reflection());
      expect(!result.ok && result.error.code).toBe('PERMISSION_DENIED');
    }
  });

  it("keeps each page's calls to itself", async () => {
    setUp();
    const { connectionId } = unwrap(await api.openConnection(reflection()));
    const { callId } = unwrap(await api.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] }));
    const other = fake.openPage();
    const otherApi = createPreloadApi(other.ipcRenderer);
    for (const answer of [
      await otherApi.cancelCall(callId),
      await otherApi.releaseCall(callId),
      await otherApi.readEvents(callId, { fromSeq: 1, limit: 10 }),
      await otherApi.getMessage(callId, 'sent', 0),
      await otherApi.exportSession(callId, { fromSeq: 1, limit: 10 }),
      await otherApi.describeSymbol(connectionId, 'ferry.testing.v1.Bench'),
    ]) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await api.readEvents(callId, { fromSeq: 1, limit: 1 })).toMatchObject({ ok: true });
    unwrap(await api.cancelCall(callId));
    await until(() => page.webContents.sent.length > 0);
    expect(other.webContents.sent).toHaveLength(0);
  });

  it("closing the window's webContents cancels its running call on the server", async () => {
    setUp();
    const { connectionId } = unwrap(await api.openConnection(reflection()));
    const cancelledBefore = server.stats.cancelled;
    const callsBefore = server.stats.calls;
    const { callId } = unwrap(await api.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Slow', metadata: [], body: '{"delayMs": 10000}' }));
    await until(() => server.stats.calls > callsBefore && page.webContents.sent.length > 0, 'the call to be under way');
    page.webContents.destroy();
    await until(() => server.stats.cancelled > cancelledBefore);
    // Released, not just cancelled: the engine itself no longer holds the session.
    expect(await engine.readEvents(callId, { fromSeq: 1, limit: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The page is gone: main neither sends to it nor lets anyone else reach its call.
    expect(await createPreloadApi(fake.openPage().ipcRenderer).getMessage(callId, 'sent', 0)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('releasing a page (reload) cancels its calls, and the reloaded page starts afresh', async () => {
    setUp();
    const { connectionId } = unwrap(await api.openConnection(reflection()));
    const cancelledBefore = server.stats.cancelled;
    const callsBefore = server.stats.calls;
    const { callId } = unwrap(await api.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Slow', metadata: [], body: '{"delayMs": 10000}' }));
    // A call cancelled before it reached the server is never counted there: let it arrive first.
    await until(() => server.stats.calls > callsBefore, 'the call to reach the server');
    ipc.releaseSender(page.webContents);
    await until(() => server.stats.cancelled > cancelledBefore);
    expect(await api.getMessage(callId, 'sent', 0)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const again = unwrap(await api.openConnection(reflection()));
    const { callId: next } = unwrap(await api.startCall({ connectionId: again.connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{}' }));
    const ended = (await collectCall(api, next)).at(-1);
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('OK');
  });

  it('a page that falls behind gets skipped counts instead of a growing queue; counts stay exact', { timeout: 90_000 }, async () => {
    engine = createEngine();
    fake = createFakeIpc();
    ipc = registerFerryIpc(fake.ipcMain, engine, { isTrustedSender: () => true, maxUnacknowledged: 1 });
    page = fake.openPage();
    // A page too busy to acknowledge: its acknowledgements wait until the test lets them go.
    const held: (() => void)[] = [];
    let holding = false;
    const send = page.ipcRenderer.send.bind(page.ipcRenderer);
    page.ipcRenderer.send = (channel, ...args) => void (holding ? held.push(() => send(channel, ...args)) : send(channel, ...args));
    api = createPreloadApi(page.ipcRenderer);
    const { connectionId } = unwrap(await api.openConnection(reflection()));
    let received = 0;
    let sent = 0;
    let skipped = 0;
    const kinds: string[] = [];
    api.onEvent((event) => {
      if (event.type !== 'call.events') return;
      skipped += event.skipped?.received ?? 0;
      sent += event.skipped?.sent ?? 0;
      for (const e of event.events) {
        if (e.type === 'call.message-received') received++;
        else if (e.type === 'call.message-sent') sent++;
        else kinds.push(e.type);
      }
    });
    holding = true;
    const { callId } = unwrap(await api.startCall({ connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body: '{"count": 20000}' }));
    await until(async () => (unwrap(await engine.readEvents(callId, { fromSeq: 1, limit: 1 }))).total > 2_000, 'a good part of the stream', 30_000);
    holding = false;
    held.splice(0).forEach((ack) => ack());
    await until(() => kinds.includes('call.ended'), 'the end of the stream', 60_000);
    expect([received + skipped, sent]).toEqual([20_000, 1]);
    expect(skipped).toBeGreaterThan(0);
    // Never coalesced away: everything that is not a message.
    expect(kinds).toEqual(['call.started', 'call.half-closed', 'call.headers-received', 'call.trailers-received', 'call.ended']);
    // Whatever was skipped reads back from the engine.
    expect((unwrap(await api.readEvents(callId, { fromSeq: 1, limit: 1 }))).total).toBe(20_006);
  });

  it('answers a Result even when the engine throws', async () => {
    engine = createEngine();
    fake = createFakeIpc();
    const throwing = { ...engine, describeSymbol: () => Promise.reject(new Error('boom')) } satisfies FerryApi;
    const bugs: string[] = [];
    ipc = registerFerryIpc(fake.ipcMain, throwing, { isTrustedSender: () => true, onBug: (command) => bugs.push(command) });
    const pageApi = createPreloadApi(fake.openPage().ipcRenderer);
    const { connectionId } = unwrap(await pageApi.openConnection(reflection()));
    const result = await pageApi.describeSymbol(connectionId, 'ferry.testing.v1.Bench');
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL_BUG', message: 'internal error: boom' } });
    expect(bugs).toEqual(['describeSymbol']);
  });
});
