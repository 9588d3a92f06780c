import { describe, expect, it } from 'vitest';
import { bodyProblems, describeJsonProblem } from './body-problems';

describe('bodyProblems', () => {
  const stale = { message: 'Trailing comma', line: 2, column: 17, text: '{"message": "hi",\n"payloadSize": 3,}' };

  it('accepts what the engine accepts, int64 literals beyond 2^53 included', () => {
    expect(bodyProblems('{"id": 123456789012345678901, "a": [1, -2.5e3, true, null, "\\u00e9"]}', undefined)).toEqual({});
  });

  it('blocks a duplicate key and shows where it is, as the engine would refuse it', () => {
    const result = bodyProblems('{"a":1,"a":2}', undefined);
    expect(result.blocking).toEqual({ message: 'duplicate key "a" (first at line 1, column 2)', line: 1, column: 8 });
    expect(result.shown).toEqual(result.blocking);
    expect(describeJsonProblem(result.blocking!)).toBe('Invalid JSON at line 1, column 8: duplicate key "a" (first at line 1, column 2)');
  });

  it('ignores a Monaco marker computed for text the user has since fixed', () => {
    expect(bodyProblems('{"message": "hi",\n"payloadSize": 3}', stale)).toEqual({});
  });

  it('shows its own problem for the current text before Monaco\'s', () => {
    const result = bodyProblems(stale.text, stale);
    expect(result.blocking).toEqual({ message: 'trailing comma', line: 2, column: 17 });
    expect(result.shown).toEqual(result.blocking);
  });

  it('blocks on the current text, not on a stale marker for other text', () => {
    const result = bodyProblems('{"a": }', stale);
    expect(result.blocking).toEqual({ line: 1, column: 7, message: "expected a JSON value but found '}'" });
    expect(result.shown).toEqual(result.blocking);
  });

  it('shows Monaco\'s problem with the current text when the parser has none, without blocking on it', () => {
    const text = '{"a": 1}';
    expect(bodyProblems(text, { message: 'odd', line: 1, column: 1, text })).toEqual({ shown: { message: 'odd', line: 1, column: 1 } });
    expect(bodyProblems(text, undefined)).toEqual({});
  });

  it('takes whole-value variables as values: nothing blocks, and Monaco\'s complaint about them is not shown', () => {
    const text = '{"n": {{size}}}';
    expect(bodyProblems(text, { message: 'Property expected', line: 1, column: 8, text })).toEqual({});
    expect(bodyProblems('{"n": {{size}},}', undefined).blocking).toMatchObject({ message: 'trailing comma' });
  });
});
