import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelUsers } from './channel-users';
import { createChannelPool } from './channels';
import { createEngine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';

describe('channels held by connections and calls', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('closes a pooled channel when its last user lets go', () => {
    const pool = createChannelPool();
    const users = createChannelUsers(pool);
    const options = { tls: false } as const;
    pool.acquire(server.target, options);
    users.hold(server.target, options);
    users.hold(server.target, options);
    users.letGo(server.target, options);
    expect(pool.size).toBe(1);
    users.letGo(server.target, options);
    expect(pool.size).toBe(0);
    pool.close();
  });

  it('keeps the channel of a closed connection open until its running call ends', async () => {
    const engine = createEngine();
    const opened = await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const { connectionId } = opened.value;
    const ended = new Promise<string>((resolve) =>
      engine.onEvent((event) => {
        if (event.type !== 'call.events') return;
        for (const e of event.events) if (e.type === 'call.ended') resolve(e.status.name);
      }),
    );
    const started = await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Slow', metadata: [], body: '{"delayMs": 300}' });
    expect(started.ok).toBe(true);
    expect(await engine.closeConnection(connectionId)).toEqual({ ok: true, value: undefined });
    expect(await ended).toBe('OK');
    engine.dispose();
  });
});
