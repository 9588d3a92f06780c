import { describe, expect, it } from 'vitest';
import { assertionAt, captureAt, responseJsonPath, valueAt } from './response-paths';

describe('paths taken from the shown response', () => {
  it('write JSONPath as assertions and captures read it, $[-1] first for a stream', () => {
    expect(responseJsonPath(['order', 'lines', 1, 'sku'], false)).toBe('$.order.lines[1].sku');
    expect(responseJsonPath(["odd 'key'", 0], true)).toBe("$[-1]['odd \\'key\\''][0]");
    expect(responseJsonPath([], false)).toBe('$');
  });

  it('read the value there', () => {
    const response = { order: { lines: [{ sku: 'a' }, { sku: 'b' }] } };
    expect(valueAt(response, ['order', 'lines', 1, 'sku'])).toBe('b');
    expect(valueAt(response, ['order', 'nope', 'x'])).toBeUndefined();
  });

  it('name a capture after its field, apart from the others, and assert the value as it is', () => {
    const existing = [{ variable: 'id', from: 'jsonPath' as const, path: '$.id', secret: false }];
    expect(captureAt(['order', 'id'], false, existing)).toEqual({ variable: 'id2', from: 'jsonPath', path: '$.order.id', secret: false });
    expect(captureAt(['lines', 0], false, []).variable).toBe('lines');
    expect(captureAt(['2nd'], false, []).variable).toBe('value');
    expect(assertionAt(['count'], false, 3)).toEqual({ type: 'jsonPath', path: '$.count', op: 'equals', expected: 3 });
  });
});
