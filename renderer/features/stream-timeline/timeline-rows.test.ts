import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { compactJson, eventRowName, eventSummary } from '../../../shared/model';
import { rowPreview } from './timeline-rows';

const events: CallEvent[] = [
  { type: 'call.started', seq: 1, timeMs: 0, method: 'demo.Greeter/Chat', target: 'localhost:50051' },
  { type: 'call.headers-received', seq: 2, timeMs: 1, metadata: [{ key: 'content-type', value: 'application/grpc' }] },
  { type: 'call.message-sent', seq: 3, timeMs: 2, index: 0, size: 10 },
  { type: 'call.message-received', seq: 4, timeMs: 3, index: 0, size: 12 },
  { type: 'call.message-received', seq: 5, timeMs: 4, index: 1, size: 12 },
  { type: 'call.ended', seq: 6, timeMs: 5, status: { code: 5, name: 'NOT_FOUND', message: 'no such user', details: [] }, timings: {} },
];

describe('rowPreview', () => {
  it('prefers the engine preview of a read-back event', () => {
    expect(rowPreview({ ...events[3]!, preview: '{"text":"Hello"}' }, 200)).toBe('{"text":"Hello"}');
  });

  it('flattens a live inline message the way the engine does, cut at the limit', () => {
    const live: CallEvent = { type: 'call.message-received', seq: 4, timeMs: 3, index: 0, size: 12, message: { text: 'Hello Ada', n: '9007199254740993' } };
    expect(rowPreview(live, 200)).toBe('{"text":"Hello Ada","n":"9007199254740993"}');
    expect(rowPreview(live, 10)).toBe('{"text":"H…');
  });

  it('has none for other events and for messages without a body at hand', () => {
    expect(rowPreview(events[1]!, 200)).toBeUndefined();
    expect(rowPreview(events[3]!, 200)).toBeUndefined();
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
