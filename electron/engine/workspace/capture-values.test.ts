import { describe, expect, it } from 'vitest';
import type { Capture } from '../../../shared/model';
import { captureValues } from './capture-values';
import type { CallOutcome } from './check-assertions';

const outcome = (overrides: Partial<CallOutcome> = {}): CallOutcome => ({
  status: { code: 0, name: 'OK', message: '' },
  responses: [{ order: { id: 'o-7', lines: [{ sku: 'a' }, { sku: 'b' }] } }],
  streamingResponses: false,
  totalMs: 3,
  headers: [{ key: 'x-session', value: 'from-headers' }],
  trailers: [{ key: 'x-session', value: 'from-trailers' }, { key: 'x-cursor', value: 'c-2' }],
  ...overrides,
});
const capture = (from: Capture['from'], path: string): Capture => ({ variable: 'v', from, path, secret: false });

describe('captureValues', () => {
  it('takes a JSONPath value as it is, and a wildcard as the list it selects', () => {
    const results = captureValues([capture('jsonPath', '$.order.id'), capture('jsonPath', '$.order.lines[*].sku'), capture('jsonPath', '$.order')], outcome());
    expect(results.map((r) => r.value)).toEqual(['o-7', ['a', 'b'], { id: 'o-7', lines: [{ sku: 'a' }, { sku: 'b' }] }]);
  });

  it('reads `$` as the array of responses of a stream', () => {
    const stream = outcome({ streamingResponses: true, responses: [{ n: 1 }, { n: 2 }] });
    expect(captureValues([capture('jsonPath', '$[-1].n')], stream)[0]).toMatchObject({ value: 2 });
  });

  it('looks a header up in the headers first, then the trailers, by its lower-case name', () => {
    expect(captureValues([capture('header', 'X-Session'), capture('header', 'x-cursor')], outcome()).map((r) => r.value)).toEqual(['from-headers', 'c-2']);
  });

  it('says why there is no value', () => {
    const results = captureValues([capture('jsonPath', '$.order.total'), capture('header', 'x-none')], outcome());
    expect(results.map((r) => r.failure)).toEqual(['nothing at $.order.total', 'no header or trailer "x-none" in the response']);
    expect(captureValues([capture('jsonPath', '$.id')], outcome({ responses: [] }))[0]!.failure).toBe('there was no response message');
  });
});
