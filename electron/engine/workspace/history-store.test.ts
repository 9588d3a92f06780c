import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createHistoryStore, HISTORY_FILE, type NewHistoryEntry } from './history-store';
import { tempDir } from '../../../tests/kit/temp-dir';

function entry(n: number, overrides: Partial<NewHistoryEntry> = {}): NewHistoryEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    method: n % 2 ? 'ferry.testing.v1.Bench/Echo' : 'acme.Orders/Get',
    target: 'localhost:50051',
    request: { metadata: [{ key: 'x-team', value: 'ferry' }], messages: [`{"message": "call ${n}"}`] },
    status: { code: 0, name: 'OK', message: '' },
    timings: { totalMs: 1.5 },
    response: { messageCount: 1, messages: [`{"message": "reply ${n}"}`] },
    ...overrides,
  };
}

async function listed(store: ReturnType<typeof createHistoryStore>, options?: { query?: string; limit?: number }) {
  const result = await store.list(options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('createHistoryStore', () => {
  it('lists newest first, searches method, target, status and bodies, and limits', async () => {
    const store = createHistoryStore(tempDir());
    for (let n = 1; n <= 4; n++) await store.append(entry(n));
    await store.append(entry(5, { status: { code: 5, name: 'NOT_FOUND', message: 'no order 5' } }));
    expect((await listed(store)).map((e) => e.request.messages[0])).toEqual([5, 4, 3, 2, 1].map((n) => `{"message": "call ${n}"}`));
    expect((await listed(store, { query: 'orders/get' })).length).toBe(2);
    expect((await listed(store, { query: 'not_found' })).map((e) => e.status.code)).toEqual([5]);
    expect((await listed(store, { query: 'reply 3' })).length).toBe(1);
    expect((await listed(store, { query: 'echo call' })).length).toBe(3);
    expect((await listed(store, { limit: 2 })).length).toBe(2);
  });

  it('makes an entry given as a function when its batch is written, and a failing one loses no other', async () => {
    const store = createHistoryStore(tempDir());
    let made = 0;
    const lazy = store.append(() => {
      made++;
      return entry(1);
    });
    const broken = store.append(() => {
      throw new Error('cannot format this response');
    });
    const plain = store.append(entry(2));
    expect(made).toBe(0);
    expect(await lazy).toMatchObject({ ok: true, value: { request: { messages: ['{"message": "call 1"}'] } } });
    expect(await broken).toMatchObject({ ok: false, error: { message: expect.stringContaining('cannot format this response') } });
    expect((await plain).ok).toBe(true);
    expect(made).toBe(1);
    expect((await listed(store)).map((e) => e.request.messages[0])).toEqual(['{"message": "call 2"}', '{"message": "call 1"}']);
  });

  it('lets go of the entries of one batch beyond the cap without making them', async () => {
    const store = createHistoryStore(tempDir(), { maxEntries: 10 });
    const made: number[] = [];
    const results = Array.from({ length: 25 }, (_, i) =>
      store.append(() => {
        made.push(i + 1);
        return entry(i + 1);
      }),
    );
    const written = await Promise.all(results);
    expect(made).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(written.slice(0, 15).every((result) => result.ok && result.value === undefined)).toBe(true);
    expect(written.slice(15).every((result) => result.ok && result.value !== undefined)).toBe(true);
    expect((await listed(store)).map((e) => e.request.messages[0])).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16].map((n) => `{"message": "call ${n}"}`));
  });

  it('caps by entry count, keeping the newest', async () => {
    const store = createHistoryStore(tempDir(), { maxEntries: 10 });
    for (let n = 1; n <= 25; n++) await store.append(entry(n));
    const entries = await listed(store);
    expect(entries.length).toBeLessThanOrEqual(10);
    expect(entries[0]!.request.messages[0]).toBe('{"message": "call 25"}');
  });

  it('caps by size and cuts long bodies', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir, { maxBytes: 4000, maxBodyChars: 100 });
    for (let n = 1; n <= 40; n++) await store.append(entry(n, { request: { metadata: [], messages: ['x'.repeat(500)] } }));
    expect(readFileSync(join(dir, HISTORY_FILE)).byteLength).toBeLessThanOrEqual(4000);
    const [newest] = await listed(store);
    expect(newest!.request.messages[0]).toBe(`${'x'.repeat(100)}…`);
  });

  it('never stores secret values or sensitive metadata values', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir);
    const secret = 'hunter2-secret-value';
    await store.append(
      entry(1, {
        target: `${secret}.example.com:443`,
        request: {
          metadata: [{ key: 'authorization', value: 'Bearer abc.def' }, { key: 'x-api-key', value: 'k-123' }, { key: 'x-tenant', value: `t-${secret}` }],
          messages: [`{"password": "${secret}"}`],
        },
        response: { messageCount: 1, messages: [`{"echo": "${secret}"}`] },
      }),
      [secret],
    );
    const text = readFileSync(join(dir, HISTORY_FILE), 'utf8');
    for (const value of [secret, 'abc.def', 'k-123']) expect(text).not.toContain(value);
    const [stored] = await listed(store);
    expect(stored!.request.metadata).toEqual([{ key: 'authorization', value: '***' }, { key: 'x-api-key', value: '***' }, { key: 'x-tenant', value: 't-***' }]);
  });

  it('never keeps the start of a secret that lies across the cut of a long body', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir, { maxBodyChars: 100 });
    const secret = 'hunter2-secret-value';
    await store.append(entry(1, { request: { metadata: [], messages: [`${'x'.repeat(95)}${secret}${'y'.repeat(50)}`] } }), [secret]);
    expect(readFileSync(join(dir, HISTORY_FILE), 'utf8')).not.toContain('hunte');
    const [stored] = await listed(store);
    expect(stored!.request.messages[0]).toBe(`${'x'.repeat(95)}***yy…`);
  });

  it('trims to the newest entries, in order, from what it appended', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir, { maxEntries: 10 });
    for (let n = 1; n <= 25; n++) await store.append(entry(n));
    const numbers = (await listed(store)).map((e) => Number(/\d+/.exec(e.request.messages[0]!)![0]));
    expect(numbers.length).toBeLessThanOrEqual(10);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 25 - i));
    expect(readFileSync(join(dir, HISTORY_FILE), 'utf8').trim().split('\n').length).toBe(numbers.length);
  });

  it("keeps another process's appends when it trims (two stores on one folder)", async () => {
    const dir = tempDir();
    const mine = createHistoryStore(dir, { maxEntries: 10 });
    const theirs = createHistoryStore(dir, { maxEntries: 10 });
    for (let n = 1; n <= 8; n++) await mine.append(entry(n));
    for (let n = 9; n <= 10; n++) await theirs.append(entry(n));
    // `mine` counts 11 lines of its own at 13 and trims to half the cap: the file holds 13, and the newest
    // five are 9 to 13, 9 and 10 from `theirs`.
    for (let n = 11; n <= 13; n++) await mine.append(entry(n));
    const numbers = (await listed(mine)).map((e) => Number(/\d+/.exec(e.request.messages[0]!)![0]));
    expect(numbers).toEqual([13, 12, 11, 10, 9]);
  });

  it('reads the file back when another process replaced it by its own trim', async () => {
    const dir = tempDir();
    const mine = createHistoryStore(dir, { maxEntries: 10 });
    const theirs = createHistoryStore(dir, { maxEntries: 10 });
    for (let n = 1; n <= 8; n++) await mine.append(entry(n));
    // `theirs` trims at 11 (keeping 7 to 11) and ends with 7 to 13.
    for (let n = 9; n <= 13; n++) await theirs.append(entry(n));
    // `mine` counts 11 lines at 16, finds the file replaced and reads it back: 7 to 16, within the cap.
    for (let n = 14; n <= 16; n++) await mine.append(entry(n));
    const numbers = (await listed(mine)).map((e) => Number(/\d+/.exec(e.request.messages[0]!)![0]));
    expect(numbers).toEqual([16, 15, 14, 13, 12, 11, 10, 9, 8, 7]);
  });

  it('skips a line torn by a crash and keeps working', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir);
    await store.append(entry(1));
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, HISTORY_FILE), '{"id": "torn", "meth');
    appendFileSync(join(dir, HISTORY_FILE), '\n');
    await store.append(entry(2));
    expect((await listed(store)).length).toBe(2);
  });

  it('keeps every one of many appends made at once, in order, within the cap, each written once', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir, { maxEntries: 40 });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(entry(i + 1))));
    expect(results.every((result) => result.ok)).toBe(true);
    const lines = readFileSync(join(dir, HISTORY_FILE), 'utf8').trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.length).toBeLessThanOrEqual(40);
    const messages = (await listed(store)).map((e) => e.request.messages[0]);
    expect(messages[0]).toBe('{"message": "call 100"}');
    expect(messages).toEqual([...messages].sort((a, b) => Number(/\d+/.exec(b!)![0]) - Number(/\d+/.exec(a!)![0])));
  });

  it('writes the open batch at flush without waiting out its interval, then takes batches as before', async () => {
    const dir = tempDir();
    const store = createHistoryStore(dir);
    // With the batch's timer never firing, only flush can get the entry written.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const appended = store.append(entry(1));
      await store.flush();
      expect(readFileSync(join(dir, HISTORY_FILE), 'utf8')).toContain('call 1');
      expect((await appended).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect((await store.append(entry(2))).ok).toBe(true);
    expect((await listed(store)).map((e) => e.request.messages[0])).toEqual(['{"message": "call 2"}', '{"message": "call 1"}']);
  });

  it('makes its folder again when it was removed after the first append', async () => {
    const dir = tempDir();
    const store = createHistoryStore(join(dir, 'data'));
    await store.append(entry(1));
    rmSync(join(dir, 'data'), { recursive: true });
    const appended = await store.append(entry(2));
    expect(appended.ok).toBe(true);
    expect((await listed(store)).map((e) => e.request.messages[0])).toEqual(['{"message": "call 2"}']);
  });
});
