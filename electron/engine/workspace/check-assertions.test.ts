import { describe, expect, it } from 'vitest';
import type { Assertion } from '../../../shared/model';
import { checkAssertions, type CallOutcome } from './check-assertions';
import { evaluateJsonPath, parseJsonPath } from './json-path';

function select(path: string, value: unknown): unknown[] {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return evaluateJsonPath(parsed.value, value);
}

const response = { user: { id: '42', name: 'Ada' }, items: [{ id: 1 }, { id: 7 }], 'odd key': ['xx'] };
const outcome = (overrides: Partial<CallOutcome> = {}): CallOutcome => ({
  status: { code: 0, name: 'OK', message: '' },
  responses: [response],
  streamingResponses: false,
  totalMs: 12,
  headers: [],
  trailers: [],
  ...overrides,
});

describe('JSONPath subset', () => {
  it.each([
    ['$', [response]],
    ['$.user.id', ['42']],
    ['$.items[1].id', [7]],
    ['$.items[-1].id', [7]],
    ['$.items[*].id', [1, 7]],
    ['$.user.*', ['42', 'Ada']],
    ["$['odd key'][0]", ['xx']],
    ['$["user"].name', ['Ada']],
    ['$.nothing.here', []],
    ['$.items[5]', []],
  ])('%s', (path, expected) => {
    expect(select(path, response)).toEqual(expected);
  });

  it.each(['user.id', '$..id', '$.items[?(@.id)]', '$.items[1:2]'])('rejects %s with the position', (path) => {
    const parsed = parseJsonPath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/invalid JSONPath .* at character \d+/);
  });
});

describe('checkAssertions', () => {
  const failed = (assertions: Assertion[], o = outcome()) => checkAssertions(assertions, o).filter((r) => !r.passed).map((r) => `${r.description}: ${r.failure}`);

  it('passes equals, contains, matches, time and count checks', () => {
    expect(failed([
      { type: 'status', status: 0 },
      { type: 'jsonPath', path: '$.user.id', op: 'equals', expected: 42 },
      { type: 'jsonPath', path: '$.items[*].id', op: 'contains', expected: 7 },
      { type: 'jsonPath', path: '$.user.name', op: 'contains', expected: 'd' },
      { type: 'jsonPath', path: '$.user.name', op: 'matches', expected: '^A' },
      { type: 'maxTime', ms: 100 },
      { type: 'messageCount', count: 1 },
    ])).toEqual([]);
  });

  it('expects OK when no status assertion is given', () => {
    expect(failed([], outcome({ status: { code: 14, name: 'UNAVAILABLE', message: 'down' } }))).toEqual(['status is OK: got UNAVAILABLE (14): down']);
    expect(failed([{ type: 'status', status: 'UNAVAILABLE' }], outcome({ status: { code: 14, name: 'UNAVAILABLE', message: '' } }))).toEqual([]);
  });

  it('explains each failure', () => {
    expect(failed([
      { type: 'jsonPath', path: '$.user.name', op: 'equals', expected: 'Bob' },
      { type: 'jsonPath', path: '$.missing', op: 'equals', expected: 1 },
      { type: 'jsonPath', path: '$.items[*].id', op: 'matches', expected: '^1$' },
      { type: 'maxTime', ms: 10 },
      { type: 'messageCount', count: 3 },
    ])).toEqual([
      '$.user.name equals "Bob": got "Ada"',
      '$.missing equals 1: nothing at $.missing',
      '$.items[*].id matches "^1$": 7 does not match',
      'responds within 10 ms: took 12.0 ms',
      '3 response message(s): got 1',
    ]);
  });

  it('uses the array of responses as $ for streaming responses', () => {
    const stream = outcome({ responses: [{ index: 0 }, { index: 1 }], streamingResponses: true });
    expect(failed([{ type: 'jsonPath', path: '$[*].index', op: 'equals', expected: [0, 1] }, { type: 'jsonPath', path: '$[1].index', op: 'equals', expected: 1 }], stream)).toEqual([]);
  });
});
