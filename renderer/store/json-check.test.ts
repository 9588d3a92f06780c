import { describe, expect, it } from 'vitest';
import { checkJsonText, describeJsonProblem } from './json-check';

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
