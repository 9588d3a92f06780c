/** Engine-side filtering and row paging, against the real engine through `ferry serve`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventQuery } from '../../../shared/api';
import { eventDirection, type CallEvent } from '../../../shared/model';
import { BENCH, startRealApi, type RealApi } from '../../store/testing/real-api';
import { startFilterScan, type FilterScan, type ReadEvents } from './filter-scan';
import { createRowPager } from './row-pager';
import { unwrap } from '../../../shared/errors';
import { until } from '../../../tests/kit/until';

let real: RealApi;
let connectionId: string;
beforeAll(async () => {
  real = await startRealApi();
  connectionId = unwrap(await real.api.openConnection({ target: real.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } })).connectionId;
});
afterAll(() => real.close());

/** A real call; resolves with its id once it has ended (and with a reader of its events). */
async function finishedCall(method: string, body: string): Promise<{ callId: string; read: ReadEvents; reads: EventQuery[] }> {
  const { callId } = unwrap(await real.api.startCall({ connectionId, method: `${BENCH}/${method}`, metadata: [], body }));
  await until(async () => unwrap(await real.api.readEvents(callId, { fromSeq: 1, limit: 1 })).ended, 'the call to end', 20_000);
  const reads: EventQuery[] = [];
  return { callId, reads, read: (query) => (reads.push(query), real.api.readEvents(callId, query)) };
}

async function recorded(callId: string): Promise<CallEvent[]> {
  return unwrap(await real.api.readEvents(callId, { fromSeq: 1, limit: 100_000 })).events;
}

const settled = (scan: FilterScan) => until(() => scan.state.done || scan.state.capped || scan.state.error !== undefined, "the scan to settle", 20_000);

describe('startFilterScan', () => {
  it('finds every event of one direction, page after page, and ends', async () => {
    const { callId, read, reads } = await finishedCall('ServerStream', '{"message":"dir","count":1200}');
    const scan = startFilterScan(read, { direction: 'received' }, { pageSize: 500 });
    const progress: number[] = [];
    scan.subscribe(() => progress.push(scan.state.scannedTo));
    await settled(scan);
    const expected = (await recorded(callId)).filter((e) => eventDirection(e) === 'received').map((e) => e.seq);
    expect(Array.from({ length: scan.state.matches.length }, (_, row) => scan.state.matches.seqAt(row))).toEqual(expected);
    expect(scan.state.done).toBe(true);
    expect(reads.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(scan.state.total);
  });

  it('searches message bodies in the engine, not just summaries', async () => {
    const { callId } = unwrap(await real.api.startCall({ connectionId, method: `${BENCH}/Bidi`, metadata: [] }));
    for (const word of ['alpha', 'beta', 'gamma']) unwrap(await real.api.sendMessage(callId, JSON.stringify({ message: word })));
    unwrap(await real.api.halfClose(callId));
    await until(async () => unwrap(await real.api.readEvents(callId, { fromSeq: 1, limit: 1 })).ended, 'the call to end');
    const scan = startFilterScan((query) => real.api.readEvents(callId, query), { text: 'BETA' });
    await settled(scan);
    const matched = await Promise.all(
      Array.from({ length: scan.state.matches.length }, async (_, row) => unwrap(await real.api.readEvents(callId, { fromSeq: scan.state.matches.seqAt(row)!, limit: 1, previewChars: 100 })).events[0]),
    );
    expect(matched.map((e) => [e?.type, e?.preview])).toEqual([
      ['call.message-sent', '{"message":"beta"}'],
      ['call.message-received', '{"message":"beta","index":1}'],
    ]);
  });

  it('follows a live stream to its end as the session grows', async () => {
    const { callId } = unwrap(await real.api.startCall({ connectionId, method: `${BENCH}/ServerStream`, metadata: [], body: '{"message":"live","count":8,"intervalMs":30}' }));
    const scan = startFilterScan((query) => real.api.readEvents(callId, query), { direction: 'received', text: 'live' }, { liveIntervalMs: 10 });
    // What the store would report: the session's newest seq, as events arrive.
    const stop = real.api.onEvent((event) => {
      if (event.type === 'call.events' && event.callId === callId) scan.sessionGrew(Math.max(...event.events.map((e) => e.seq)));
    });
    await settled(scan);
    stop();
    expect(scan.state.done).toBe(true);
    expect(scan.state.matches.length).toBe(8);
  });

  it('stops at its match limit and says so', async () => {
    const { read } = await finishedCall('ServerStream', '{"message":"x","count":200}');
    // Indices ending in 5 match: each match is a run of its own.
    const scan = startFilterScan(read, { text: '5}' }, { maxRuns: 3 });
    await settled(scan);
    expect(scan.state.capped).toBe(true);
    expect(scan.state.done).toBe(false);
    expect(scan.state.matches.length).toBe(3);
  });
});

describe('createRowPager', () => {
  it('reads the wanted rows with previews into its bounded cache, once per query', async () => {
    const { read, reads } = await finishedCall('ServerStream', '{"message":"page","count":500}');
    const pager = createRowPager(read, { delayMs: 1, cacheLimit: 100 });
    let answers = 0;
    pager.subscribe(() => answers++);
    pager.want({ fromSeq: 1, limit: 50, previewChars: 60 });
    await until(() => answers === 1);
    expect(pager.cache.size).toBe(50);
    expect(pager.cache.get(10)).toMatchObject({ seq: 10, preview: expect.stringContaining('"page"') });
    pager.want({ fromSeq: 1, limit: 50, previewChars: 60 });
    pager.want({ fromSeq: 400, limit: 80, previewChars: 60 });
    await until(() => answers === 2);
    expect(reads.filter((q) => q.fromSeq === 1)).toHaveLength(1);
    expect(pager.cache.size).toBe(100);
    expect(pager.cache.has(479)).toBe(true);
    pager.dispose();
  });

  it('keeps only the newest wish while a read is in flight', async () => {
    const { read, reads } = await finishedCall('ServerStream', '{"message":"fast","count":300}');
    const pager = createRowPager(read, { delayMs: 1 });
    let answers = 0;
    pager.subscribe(() => answers++);
    pager.want({ fromSeq: 1, limit: 10 });
    await until(() => reads.length === 1);
    for (let fromSeq = 20; fromSeq <= 200; fromSeq += 20) pager.want({ fromSeq, limit: 10 });
    await until(() => answers === 2);
    expect(reads.map((q) => q.fromSeq)).toEqual([1, 200]);
    pager.dispose();
  });
});
