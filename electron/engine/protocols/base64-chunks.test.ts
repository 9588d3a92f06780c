import { expect, test } from 'vitest';
import { createBase64ChunkDecoder } from './base64-chunks';

const decodeAll = (parts: string[]) => {
  const decoder = createBase64ChunkDecoder();
  const out = Buffer.concat(parts.map((part) => decoder.push(Buffer.from(part, 'latin1'))));
  return { text: out.toString(), pending: decoder.pendingChars };
};

test('decodes text split anywhere, keeping unfinished groups for the next chunk', () => {
  const encoded = Buffer.from('hello, gRPC-Web text').toString('base64');
  for (let cut = 0; cut <= encoded.length; cut++) {
    expect(decodeAll([encoded.slice(0, cut), encoded.slice(cut)])).toEqual({ text: 'hello, gRPC-Web text', pending: 0 });
  }
});

test('decodes bodies whose writes were encoded one by one, with padding mid-body', () => {
  const parts = ['a', 'bc', 'def', 'ghij'].map((s) => Buffer.from(s).toString('base64'));
  expect(parts.join('')).toContain('==');
  expect(decodeAll([parts.join('')]).text).toBe('abcdefghij');
  expect(decodeAll(parts.join('').split('')).text).toBe('abcdefghij');
});

test('ignores line breaks and reports a cut-short body as pending', () => {
  expect(decodeAll(['aGVs\r\nbG8=']).text).toBe('hello');
  expect(decodeAll(['aGVsbG8']).pending).toBe(3);
});

test('rejects text that is not base64', () => {
  expect(() => decodeAll(['not-base64!!'])).toThrow('not valid base64');
});
