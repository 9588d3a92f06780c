import { describe, expect, it } from 'vitest';
import { variableTextOf, variableValueOf } from './variable-text';

describe('variable values in the environment editor', () => {
  it('stores text as text and JSON as JSON', () => {
    expect(variableValueOf('localhost:50051')).toBe('localhost:50051');
    expect(variableValueOf('3')).toBe(3);
    expect(variableValueOf(' true ')).toBe(true);
    expect(variableValueOf('{"a": [1]}')).toEqual({ a: [1] });
    expect(variableValueOf('"3"')).toBe('3');
    expect(variableValueOf('1.0')).toBe('1.0');
    expect(variableValueOf('18446744073709551616')).toBe('18446744073709551616');
    expect(variableValueOf('')).toBe('');
  });

  it('shows every value so that it reads back the same', () => {
    for (const value of ['abc', '3', 'true', '"quoted"', '', ' padded ', 3, -1.5, true, null, { a: 1 }, ['x']]) {
      expect(variableValueOf(variableTextOf(value))).toEqual(value);
    }
    expect(variableTextOf('3')).toBe('"3"');
    expect(variableTextOf('hello')).toBe('hello');
  });
});
