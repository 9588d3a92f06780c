import { describe, it, expect } from 'vitest';
import { parseJsonLossless, parseJsonSequence } from './parse-json-lossless';
import { failureOf } from './test-schema';

describe('parseJsonLossless', () => {
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
      '"héllo ☃"',
    ];
    for (const text of samples) expect(parseJsonLossless(text)).toStrictEqual(JSON.parse(text));
  });

  it('keeps integers beyond the safe range as exact decimal strings', () => {
    expect(parseJsonLossless('9007199254740993')).toBe('9007199254740993');
    expect(parseJsonLossless('{"id": -9223372036854775808}')).toStrictEqual({ id: '-9223372036854775808' });
    expect(parseJsonLossless('[18446744073709551615]')).toStrictEqual(['18446744073709551615']);
  });

  it('leaves non-integer literals as numbers even when large', () => {
    expect(parseJsonLossless('9007199254740993.0')).toBe(9007199254740992);
    expect(parseJsonLossless('1e300')).toBe(1e300);
  });

  it('keeps "__proto__" as an own key instead of setting the prototype', () => {
    const value = parseJsonLossless('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toStrictEqual(['__proto__']);
  });

  it('reports a syntax error with its line and column', () => {
    const text = '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}';
    const error = failureOf(() => parseJsonLossless(text, { file: 'req.json' }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(`invalid JSON at line 4, column 3: expected ',' or '}' but found '"'`);
    expect(error.details).toStrictEqual({ file: 'req.json', line: 4, column: 3, expected: "',' or '}'" });
  });

  it('reports a duplicate key at the second occurrence, naming it', () => {
    const error = failureOf(() => parseJsonLossless('{"a": 1,\n "b": {"x": 1, "x": 2}}'));
    expect(error.message).toBe('invalid JSON at line 2, column 16: duplicate key "x"');
    expect(error.details).toMatchObject({ line: 2, column: 16 });
  });

  it('allows the same key in different objects', () => {
    expect(parseJsonLossless('[{"a": 1}, {"a": 2}]')).toStrictEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([
    ['', 1, 1, 'expected a JSON value but found end of input'],
    ['{"a": }', 1, 7, "expected a JSON value but found '}'"],
    ['[1, 2', 1, 6, "expected ',' or ']' but found end of input"],
    ['{"a" 1}', 1, 6, "expected ':' but found '1'"],
    ['{a: 1}', 1, 2, `expected '"' (a key) but found 'a'`],
    ['[1,]', 1, 4, "expected a JSON value but found ']'"],
    ['"abc', 1, 5, `expected '"' to close the string but found end of input`],
    ['"a\tb"', 1, 3, "expected a character (control characters must be escaped) but found '\t'"],
    ['"\\x"', 1, 3, "expected an escape character (one of \" \\ / b f n r t u) but found 'x'"],
    ['"\\u12g4"', 1, 3, 'invalid \\u escape'],
    ['01', 1, 2, 'leading zeros are not allowed'],
    ['-x', 1, 2, "expected a digit but found 'x'"],
    ['{} {}', 1, 4, "expected end of input but found '{'"],
    ['tru', 1, 1, "expected a JSON value but found 't'"],
    ["{'a': 1}", 1, 2, `expected '"' (a key) but found '''`],
  ])('rejects %j at line %i, column %i', (text, line, column, what) => {
    const error = failureOf(() => parseJsonLossless(text));
    expect(error.message).toBe(`invalid JSON at line ${line}, column ${column}: ${what}`);
    expect(error.details).toMatchObject({ line, column });
  });

  it('counts columns from the start of the line after several newlines', () => {
    const error = failureOf(() => parseJsonLossless('\r\n\n   [1 2]'));
    expect(error.details).toMatchObject({ line: 3, column: 7 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const error = failureOf(() => parseJsonLossless('['.repeat(5000) + ']'.repeat(5000)));
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
    expect(error.details).toMatchObject({ file: 'stream.json', line: 2, column: 9 });
    expect(error.message).toMatch(/^message 2: /);
  });
});
