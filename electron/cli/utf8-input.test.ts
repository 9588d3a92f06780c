import { describe, expect, it } from 'vitest';
import { failureOf, rejectionOf } from '../../tests/kit/failure-of';
import { invalidUtf8Offset, utf8Chunks, utf8Text } from './utf8-input';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('invalidUtf8Offset', () => {
  it('finds nothing in valid UTF-8, multi-byte characters included', () => {
    expect(invalidUtf8Offset(bytes('{"name":"Zoë 東京 🚢"}'))).toBeUndefined();
    expect(invalidUtf8Offset(bytes(''))).toBeUndefined();
  });

  it.each([
    ['a Latin-1 byte', bytes('{"a":"caf', [0xe9], '"}'), 9],
    ['a stray continuation byte', bytes('ab', [0x80], 'c'), 2],
    ['an overlong encoding', bytes('x', [0xc0, 0xaf]), 1],
    ['an encoded surrogate', bytes('xy', [0xed, 0xa0, 0x80]), 2],
    ['a sequence cut short by the end', bytes('abc', [0xe6, 0x9d]), 3],
    ['a sequence cut short by ASCII', bytes([0xf0, 0x9f, 0x9a], 'a'), 0],
    ['a byte past U+10FFFF', bytes('ok', [0xf5, 0x80, 0x80, 0x80]), 2],
  ])('points at %s', (_what, input, offset) => {
    expect(invalidUtf8Offset(input)).toBe(offset);
  });
});

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* parts;
}

async function decoded(input: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const text of utf8Chunks(input, '<stdin>')) out.push(text);
  return out;
}

describe('utf8Chunks', () => {
  it('passes each chunk on as it comes, joining a character split between chunks', async () => {
    const ship = Buffer.from('🚢');
    expect(await decoded(chunks(bytes('{"a":"'), ship.subarray(0, 1), ship.subarray(1, 3), bytes([ship[3]!], '"}')))).toEqual(['{"a":"', '🚢"}']);
  });

  it('names the offset in the whole input and the line of a bad byte in a later chunk', async () => {
    const failure = await rejectionOf(decoded(chunks(bytes('{"a":1}\n'), bytes('{"b":"caf', [0xe9], '"}'))));
    expect(failure).toMatchObject({ code: 'BAD_INPUT', message: 'not valid UTF-8: byte 0xe9 at offset 17', details: { file: '<stdin>', line: 2 } });
  });

  it('refuses input that ends inside a sequence', async () => {
    const failure = await rejectionOf(decoded(chunks(bytes('ab', [0xe6, 0x9d]))));
    expect(failure).toMatchObject({ code: 'BAD_INPUT', message: 'not valid UTF-8: a truncated sequence at offset 2' });
  });
});

describe('utf8Text', () => {
  it('refuses a bad byte naming its offset and line', () => {
    const failure = failureOf(() => utf8Text(bytes('{}\n{"a":"', [0xff], '"}'), '<stdin>'));
    expect(failure).toMatchObject({ code: 'BAD_INPUT', message: 'not valid UTF-8: byte 0xff at offset 9', details: { file: '<stdin>', line: 2 } });
  });
});
