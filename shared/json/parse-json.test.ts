import { describe, it, expect } from 'vitest';
import { failureOf } from '../../tests/kit/failure-of';
import { describeJsonProblem, findJsonProblem, jsonPathAt, locateJsonPath, parseJson, parseJsonSequence, parseJsonSequenceAt } from './parse-json';
import { positionOf } from './text-position';

describe('parseJson', () => {
  it('parses what JSON.parse parses, the same way', () => {
    const samples = [
      '{"a": [1, -2.5, 3e2, 0, -0.125E-2, true, false, null], "b": {"c": ""}}',
      '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"',
      '  [ ]  ',
      '{}',
      '-0',
      '9007199254740991',
      '-9007199254740991',
      '1.5e400',
      '[0, -0.0, 10, 2.5E-3, 1e+2, 7]',
      '"héllo ☃"',
    ];
    for (const text of samples) expect(parseJson(text)).toStrictEqual(JSON.parse(text));
  });

  it('keeps integers beyond the safe range as exact decimal strings', () => {
    expect(parseJson('9007199254740993')).toBe('9007199254740993');
    expect(parseJson('{"id": -9223372036854775808}')).toStrictEqual({ id: '-9223372036854775808' });
    expect(parseJson('[18446744073709551615]')).toStrictEqual(['18446744073709551615']);
  });

  it('leaves non-integer literals as numbers even when large', () => {
    expect(parseJson('9007199254740993.0')).toBe(9007199254740992);
    expect(parseJson('1e300')).toBe(1e300);
  });

  it('keeps "__proto__" as an own key instead of setting the prototype', () => {
    const value = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toStrictEqual(['__proto__']);
  });

  it('reports a syntax error with its line and column', () => {
    const text = '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}';
    const error = failureOf(() => parseJson(text, { file: 'req.json' }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(`invalid JSON at line 4, column 3: expected ',' or '}' but found '"'`);
    expect(error.details).toStrictEqual({ file: 'req.json', line: 4, column: 3, expected: "',' or '}'" });
  });

  it('reports a duplicate key at the second occurrence, naming it and where the first one is', () => {
    const error = failureOf(() => parseJson('{"a": 1,\n "b": {"x": 1, "x": 2}}'));
    expect(error.message).toBe('invalid JSON at line 2, column 16: duplicate key "x" (first at line 2, column 8)');
    expect(error.details).toMatchObject({ line: 2, column: 16, expected: 'each key at most once in an object' });
    expect(failureOf(() => parseJson('{"a":1,"a":2}')).message).toBe('invalid JSON at line 1, column 8: duplicate key "a" (first at line 1, column 2)');
    expect(failureOf(() => parseJson('{"__proto__":1,"__proto__":2}')).message).toMatch(/duplicate key "__proto__"/);
  });

  it('allows the same key in different objects', () => {
    expect(parseJson('[{"a": 1}, {"a": 2}]')).toStrictEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([
    ['', 1, 1, 'expected a JSON value but found end of input'],
    ['{"a": }', 1, 7, "expected a JSON value but found '}'"],
    ['[1, 2', 1, 6, "expected ',' or ']' but found end of input"],
    ['{"a" 1}', 1, 6, "expected ':' but found '1'"],
    ['{a: 1}', 1, 2, `expected '"' (a key in double quotes) but found 'a'`],
    ['[1,]', 1, 3, 'trailing comma'],
    ['{"a": 1 ,\n }', 1, 9, 'trailing comma'],
    ['"abc', 1, 5, 'unterminated string'],
    ['"ab\ncd"', 1, 4, 'unterminated string'],
    ['"a\tb"', 1, 3, 'control character in a string (write it as an escape, e.g. \\t or \\u0000)'],
    ['"\\x"', 1, 3, "expected an escape character (one of \" \\ / b f n r t u) but found 'x'"],
    ['"\\u12g4"', 1, 3, 'invalid \\u escape'],
    ['01', 1, 2, 'leading zeros are not allowed'],
    ['-x', 1, 2, "expected a digit but found 'x'"],
    ['-', 1, 2, 'expected a digit but found end of input'],
    ['1.', 1, 3, "expected a digit after '.' but found end of input"],
    ['[1.e3]', 1, 4, "expected a digit after '.' but found 'e'"],
    ['1e+', 1, 4, 'expected a digit in the exponent but found end of input'],
    ['-01', 1, 3, 'leading zeros are not allowed'],
    ['{} {}', 1, 4, "expected end of input but found '{'"],
    ['tru', 1, 1, "expected a JSON value but found 't'"],
    ["{'a': 1}", 1, 2, `expected '"' (a key in double quotes) but found '''`],
    ['{"n": {{size}}}', 1, 8, `expected '"' (a key in double quotes) but found '{'`],
  ])('rejects %j at line %i, column %i', (text, line, column, what) => {
    const error = failureOf(() => parseJson(text));
    expect(error.message).toBe(`invalid JSON at line ${line}, column ${column}: ${what}`);
    expect(error.details).toMatchObject({ line, column });
  });

  it('counts columns from the start of the line after several newlines', () => {
    const error = failureOf(() => parseJson('\r\n\n   [1 2]'));
    expect(error.details).toMatchObject({ line: 3, column: 7 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const error = failureOf(() => parseJson('['.repeat(5000) + ']'.repeat(5000)));
    expect(error.message).toMatch(/nested too deeply/);
  });
});

describe('parseJsonSequence', () => {
  it('returns no values for empty or blank text', () => {
    expect(parseJsonSequence('')).toStrictEqual([]);
    expect(parseJsonSequence(' \n\t ')).toStrictEqual([]);
  });

  it('splits values separated by whitespace or adjacent', () => {
    expect(parseJsonSequence('{"a": 1}\n{"a": 2} {"a": 3}{"a": 4}')).toStrictEqual([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]);
    expect(parseJsonSequence('1 "two" [3] 12345678901234567890')).toStrictEqual([1, 'two', [3], '12345678901234567890']);
  });

  it('points an error at the value where it occurs', () => {
    const error = failureOf(() => parseJsonSequence('{"a": 1}\n{"a": 2,}', { file: 'stream.json' }));
    expect(error.details).toMatchObject({ file: 'stream.json', line: 2, column: 8 });
    expect(error.message).toBe('message 2: invalid JSON at line 2, column 8: trailing comma');
  });

  it('says where each value starts', () => {
    const text = ' {"a": 1}\n  [2]3';
    expect(parseJsonSequenceAt(text)).toStrictEqual([
      { value: { a: 1 }, start: 1 },
      { value: [2], start: 12 },
      { value: 3, start: 15 },
    ]);
  });
});

describe('findJsonProblem', () => {
  it('answers undefined for JSON, including int64 literals beyond 2^53 and escapes', () => {
    for (const ok of ['{"id": 123456789012345678901}', '[]', ' {"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]} ', '"x"']) {
      expect(findJsonProblem(ok)).toBeUndefined();
    }
  });

  it('names the problem and its line and column, as the editor shows it', () => {
    const problem = findJsonProblem('{\n  "a": 1,\n  "b": }');
    expect(problem).toEqual({ line: 3, column: 8, message: "expected a JSON value but found '}'", expected: 'a JSON value' });
    expect(describeJsonProblem(problem!)).toBe("invalid JSON at line 3, column 8: expected a JSON value but found '}'");
    expect(findJsonProblem('{"a":1,"a":2}')).toMatchObject({ line: 1, column: 8, message: 'duplicate key "a" (first at line 1, column 2)' });
  });

  it('takes whole-value {{variables}} as values and keys when asked, and still finds real mistakes', () => {
    expect(findJsonProblem('{"n": {{size}}, "list": [{{ a.b }}, 1], {{key}}: true}', { placeholders: true })).toBeUndefined();
    expect(findJsonProblem('{"n": {{size}}}')).toBeDefined();
    expect(findJsonProblem('{"n": {{1x}}}', { placeholders: true })).toBeDefined();
    expect(findJsonProblem('{"n": {{size}},\n"m": }', { placeholders: true })).toMatchObject({ line: 2, column: 6 });
    expect(findJsonProblem('{"n": {{size}},}', { placeholders: true })).toMatchObject({ message: 'trailing comma' });
    expect(parseJson('{"a": "{{x}}", "b": {{y}}}', { placeholders: true })).toStrictEqual({ a: '{{x}}', b: '{{y}}' });
  });
});

describe('locateJsonPath', () => {
  const text = '{\n  "name": "x",\n  "metadata": [\n    {"key": "a"},\n    {"key": "b", "value": 3}\n  ]\n}';

  it('finds the key of an object member and the start of an array element', () => {
    expect(locateJsonPath(text, ['name'])).toEqual({ line: 2, column: 3 });
    expect(locateJsonPath(text, ['metadata', 1])).toEqual({ line: 5, column: 5 });
    expect(locateJsonPath(text, ['metadata', 1, 'value'])).toEqual({ line: 5, column: 18 });
  });

  it('falls back to the deepest part of the path that exists, then to the root', () => {
    expect(locateJsonPath(text, ['metadata', 0, 'value'])).toEqual({ line: 4, column: 5 });
    expect(locateJsonPath(text, ['missing'])).toEqual({ line: 1, column: 1 });
    expect(locateJsonPath('  \n [1]', [])).toEqual({ line: 2, column: 2 });
  });

  it('does not count brackets or quotes inside strings', () => {
    expect(locateJsonPath('{"a": "}]\\"{", "b": 1}', ['b'])).toEqual({ line: 1, column: 16 });
  });
});

describe('positionOf', () => {
  it('counts lines at \\n and columns from 1', () => {
    expect(positionOf('ab\ncd\r\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd\r\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(positionOf('ab\ncd\r\nef', 7)).toEqual({ line: 3, column: 1 });
    expect(positionOf('ab', 5)).toEqual({ line: 1, column: 6 });
  });
});

describe('jsonPathAt', () => {
  const text = '{\n  "order": {\n    "id": "o-7",\n    "lines": [{ "sku": "a" }, { "sku": "b" }]\n  },\n  "odd key": 2\n}';
  const at = (snippet: string, from = 0) => jsonPathAt(text, text.indexOf(snippet, from));
  it('finds the innermost member or element at an offset', () => {
    expect(at('"o-7"')).toEqual(['order', 'id']);
    expect(at('"id"')).toEqual(['order', 'id']);
    expect(at('"b"')).toEqual(['order', 'lines', 1, 'sku']);
    expect(at('2\n}')).toEqual(['odd key']);
    expect(at('{\n  "order"')).toEqual([]);
  });
});
