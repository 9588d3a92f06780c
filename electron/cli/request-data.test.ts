import { describe, expect, it } from 'vitest';
import { invalidUtf8Offset } from './request-data';

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
