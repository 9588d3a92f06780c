import { describe, expect, it } from 'vitest';
import { bodyProblems, checkJsonText, describeJsonProblem } from './json-check';

describe('checkJsonText', () => {
  it('accepts JSON, including int64 literals beyond 2^53 and escapes', () => {
    for (const ok of ['{"id": 123456789012345678901}', '[]', ' {"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]} ', '"x"']) {
      expect(checkJsonText(ok)).toBeUndefined();
    }
  });

  it('points at the line and column of the first error', () => {
    const problem = checkJsonText('{\n  "a": 1,\n  "b": }');
    expect(problem).toEqual({ line: 3, column: 8, message: "expected a JSON value, found '}'" });
    expect(describeJsonProblem(problem!)).toBe("Invalid JSON at line 3, column 8: expected a JSON value, found '}'");
  });

  it('names trailing commas, unquoted keys, truncation and trailing text', () => {
    expect(checkJsonText('{\n  "a": 1,\n}')).toMatchObject({ line: 2, column: 9, message: 'trailing comma' });
    expect(checkJsonText('{a: 1}')).toMatchObject({ column: 2, message: "expected a property name in double quotes, found 'a'" });
    expect(checkJsonText('{"a": [1, 2')).toMatchObject({ message: "expected ',' or ']', found end of text" });
    expect(checkJsonText('{} x')).toMatchObject({ column: 4, message: "expected end of text, found 'x'" });
    expect(checkJsonText('{"a": 01}')).toMatchObject({ message: "expected ',' or '}', found '1'" });
  });
});

describe('bodyProblems', () => {
  const stale = { message: 'Trailing comma', line: 2, column: 17, text: '{"message": "hi",\n"payloadSize": 3,}' };

  it('ignores a Monaco marker computed for text the user has since fixed', () => {
    expect(bodyProblems('{"message": "hi",\n"payloadSize": 3}', stale)).toEqual({});
  });

  it('shows a marker that still describes the current text, and blocks on the renderer check', () => {
    const result = bodyProblems(stale.text, stale);
    expect(result.shown).toEqual({ message: 'Trailing comma', line: 2, column: 17 });
    expect(result.blocking).toEqual({ message: 'trailing comma', line: 2, column: 17 });
  });

  it('blocks on the current text, not on a stale marker for other text', () => {
    const result = bodyProblems('{"a": }', stale);
    expect(result.shown).toBeUndefined();
    expect(result.blocking).toMatchObject({ line: 1, column: 7, message: "expected a JSON value, found '}'" });
  });

  it('lets the renderer check decide even when Monaco flags the current text', () => {
    const text = '{"a": 1}';
    expect(bodyProblems(text, { message: 'odd', line: 1, column: 1, text })).toEqual({ shown: { message: 'odd', line: 1, column: 1 } });
    expect(bodyProblems(text, undefined)).toEqual({});
  });
});
