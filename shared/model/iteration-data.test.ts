import { describe, expect, it } from 'vitest';
import { failureOf } from '../../tests/kit/failure-of';
import { iterationsOf, parseIterationData } from './iteration-data';

const rows = (name: string, text: string) => parseIterationData(text, name).map((row) => Object.fromEntries(row));

describe('parseIterationData', () => {
  it('reads CSV: a header of names, values as JSON when JSON, quoted commas, quotes and line breaks', () => {
    expect(rows('data.csv', '\uFEFFname,count,flag,note\r\nAda,3,true,"a, b"\r\n"Grace ""G"" H",007,x,"two\nlines"\n\n')).toEqual([
      { name: 'Ada', count: 3, flag: true, note: 'a, b' },
      { name: 'Grace "G" H', count: '007', flag: 'x', note: 'two\nlines' },
    ]);
  });

  it('reads a JSON array of objects', () => {
    expect(rows('data.json', '[{"id": "1", "n": 2}, {"id": "2", "nested": {"a": [1]}}]')).toEqual([{ id: '1', n: 2 }, { id: '2', nested: { a: [1] } }]);
  });

  it.each([
    ['a CSV row of the wrong length', 'data.csv', 'a,b\n1,2\n3\n', /data\.csv:3: 1 values, but the header names 2 variables/],
    ['a quoted CSV value never closed', 'data.csv', 'a\n"open\n', /data\.csv:2: a quoted value is never closed/],
    ['a header that is not a variable name', 'data.csv', 'a,2b\n1,2\n', /the header row: "2b" is not a variable name/],
    ['JSON that is not an array', 'data.json', '{"a": 1}', /expected a JSON array of objects/],
    ['a JSON row that is not an object', 'data.json', '[{"a": 1}, 2]', /row 2 is not an object of variables/],
    ['JSON that does not parse', 'data.json', '[{"a": 1,}]', /line 1, column 9.*"file":"data\.json"/],
    ['no rows', 'data.csv', 'a,b\n', /has no rows/],
  ])('refuses %s, saying where', (_what, name, text, message) => {
    const error = failureOf(() => parseIterationData(text, name));
    expect(error.code).toBe('BAD_INPUT');
    expect(`${error.message} ${JSON.stringify(error.details)}`).toMatch(message);
  });
});

describe('iterationsOf', () => {
  const rows = [new Map([['who', 'ada']]), new Map([['who', 'grace']])];
  it('is one iteration without data, one per row with data, and `count` otherwise, cycling through the rows', () => {
    expect(iterationsOf(undefined, undefined)).toEqual([undefined]);
    expect(iterationsOf(rows, undefined)).toEqual(rows);
    expect(iterationsOf(undefined, 3)).toEqual([undefined, undefined, undefined]);
    expect(iterationsOf(rows, 5).map((row) => row?.get('who'))).toEqual(['ada', 'grace', 'ada', 'grace', 'ada']);
    expect(iterationsOf(rows, 1)).toEqual([rows[0]]);
  });
});
