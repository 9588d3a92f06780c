import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { compactJson, eventRowName, eventSummary } from '../../../shared/model';
import { filterTimeline, rowOfSeq } from './timeline-rows';

const events: CallEvent[] = [
  { type: 'call.started', seq: 1, timeMs: 0, method: 'demo.Greeter/Chat', target: 'localhost:50051' },
  { type: 'call.headers-received', seq: 2, timeMs: 1, metadata: [{ key: 'content-type', value: 'application/grpc' }] },
  { type: 'call.message-sent', seq: 3, timeMs: 2, index: 0, size: 10 },
  { type: 'call.message-received', seq: 4, timeMs: 3, index: 0, size: 12 },
  { type: 'call.message-received', seq: 5, timeMs: 4, index: 1, size: 12 },
  { type: 'call.ended', seq: 6, timeMs: 5, status: { code: 5, name: 'NOT_FOUND', message: 'no such user', details: [] }, timings: {} },
];
const noPreview = () => undefined;

describe('filterTimeline', () => {
  it('returns undefined (identity) when nothing filters', () => {
    expect(filterTimeline(events, events.length, { direction: 'all', text: ' ' }, noPreview)).toBeUndefined();
  });

  it('filters by direction', () => {
    expect(filterTimeline(events, events.length, { direction: 'sent', text: '' }, noPreview)?.rows).toEqual([0, 2]);
    expect(filterTimeline(events, events.length, { direction: 'received', text: '' }, noPreview)?.rows).toEqual([1, 3, 4, 5]);
  });

  it('searches summaries case-insensitively, including fetched message JSON', () => {
    expect(filterTimeline(events, events.length, { direction: 'all', text: 'NOT_found' }, noPreview)?.rows).toEqual([5]);
    const preview = (e: CallEvent) => (e.seq === 5 ? '{"text": "Hello Ada"}' : undefined);
    expect(filterTimeline(events, events.length, { direction: 'received', text: 'ada' }, preview)?.rows).toEqual([4]);
  });

  it('looks only at the first `length` events (a paused view)', () => {
    expect(filterTimeline(events, 3, { direction: 'received', text: '' }, noPreview)?.rows).toEqual([1]);
  });

  it('extends a previous result by scanning only appended events', () => {
    const filter = { direction: 'received' as const, text: '' };
    const first = filterTimeline(events, 3, filter, noPreview);
    let scannedTypes: string[] = [];
    const spy = (e: CallEvent) => void scannedTypes.push(e.type);
    const extended = filterTimeline(events, events.length, { direction: 'all', text: 'x' }, spy, { rows: [], scanned: 3 });
    expect(extended?.scanned).toBe(6);
    expect(scannedTypes).toHaveLength(3);
    scannedTypes = [];
    expect(filterTimeline(events, events.length, filter, noPreview, first)?.rows).toEqual([1, 3, 4, 5]);
  });

  it('finds the row of a seq by binary search', () => {
    const rows = [1, 3, 4, 5];
    const seqAt = (row: number) => events[rows[row] ?? -1]?.seq;
    expect(rowOfSeq(5, rows.length, seqAt)).toBe(2);
    expect(rowOfSeq(3, rows.length, seqAt)).toBeUndefined();
  });
});

describe('summaries', () => {
  it('describe each kind of event in one line', () => {
    expect(eventSummary(events[1]!)).toBe('headers (1) content-type: application/grpc');
    expect(eventSummary(events[5]!)).toBe('status NOT_FOUND: no such user');
    const ended = (message: string): CallEvent => ({ type: 'call.ended', seq: 9, timeMs: 5, status: { code: 0, name: 'OK', message, details: [] }, timings: {} });
    expect(eventSummary(ended(''))).toBe('status OK');
    expect(eventSummary(ended('OK'))).toBe('status OK');
    expect(eventSummary(ended('all done'))).toBe('status OK: all done');
    expect(eventSummary(events[3]!, '{"a":1}')).toBe('message 0  {"a":1}');
    expect(compactJson('{\n  "a": 1\n}')).toBe('{ "a": 1 }');
  });
});

describe('row names', () => {
  it('name each row by direction, sequence number and kind', () => {
    expect(events.map(eventRowName)).toEqual(['sent #1 started', 'received #2 headers', 'sent #3 message', 'received #4 message', 'received #5 message', 'received #6 status']);
    expect(eventRowName({ type: 'call.half-closed', seq: 7, timeMs: 6 })).toBe('sent #7 half-close');
  });
});

describe('time-sliced filtering', () => {
  it('scans at most maxScan events per call and resumes where it stopped', () => {
    const filter = { direction: 'received' as const, text: '' };
    const first = filterTimeline(events, events.length, filter, noPreview, undefined, 4);
    expect(first).toEqual({ rows: [1, 3], scanned: 4 });
    expect(filterTimeline(events, events.length, filter, noPreview, first, 4)).toEqual({ rows: [1, 3, 4, 5], scanned: 6 });
  });
});
