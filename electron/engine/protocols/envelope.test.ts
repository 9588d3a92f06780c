import { describe, expect, test } from 'vitest';
import { FerryFailure } from '../../../shared/errors';
import { createEnvelopeReader, encodeEnvelope, FLAG_COMPRESSED, FLAG_TRAILERS } from './envelope';

function readAll(chunks: Buffer[], max = 1 << 20): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const reader = createEnvelopeReader((flags, payload) => out.push([flags, payload.toString()]), max);
  for (const chunk of chunks) reader.push(chunk);
  expect(reader.pendingBytes).toBe(0);
  return out;
}

describe('envelopes', () => {
  const body = Buffer.concat([encodeEnvelope(0, Buffer.from('one')), encodeEnvelope(FLAG_COMPRESSED, Buffer.from('')), encodeEnvelope(FLAG_TRAILERS, Buffer.from('grpc-status: 0\r\n'))]);
  const expected: Array<[number, string]> = [[0, 'one'], [FLAG_COMPRESSED, ''], [FLAG_TRAILERS, 'grpc-status: 0\r\n']];

  test('writes flags, a big-endian length and the payload', () => {
    expect([...encodeEnvelope(0x80, Buffer.from('ab'))]).toEqual([0x80, 0, 0, 0, 2, 0x61, 0x62]);
  });

  test('reads envelopes from one chunk', () => {
    expect(readAll([body])).toEqual(expected);
  });

  test('reads envelopes however the body is split, down to single bytes', () => {
    for (const size of [1, 2, 3, 4, 5, 6, 7, 11]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.byteLength; i += size) chunks.push(body.subarray(i, i + size));
      expect(readAll(chunks), `chunks of ${size}`).toEqual(expected);
    }
  });

  test('hands out copies: a kept payload does not change when the read chunk is reused', () => {
    const chunk = Buffer.concat([encodeEnvelope(0, Buffer.from('abc')), encodeEnvelope(0, Buffer.from('def'))]);
    const payloads: Buffer[] = [];
    createEnvelopeReader((_flags, payload) => payloads.push(payload), 100).push(chunk);
    chunk.fill(0);
    expect(payloads.map(String)).toEqual(['abc', 'def']);
  });

  test('reports an unfinished envelope as pending bytes', () => {
    const reader = createEnvelopeReader(() => {}, 100);
    reader.push(encodeEnvelope(0, Buffer.from('abcdef')).subarray(0, 8));
    expect(reader.pendingBytes).toBe(8);
  });

  test('refuses a message over the limit from its header alone, but not a trailer frame', () => {
    const reader = createEnvelopeReader(() => {}, 4);
    const header = encodeEnvelope(0, Buffer.alloc(5)).subarray(0, 5);
    expect(() => reader.push(header)).toThrow(FerryFailure);
    expect(() => reader.push(header)).toThrow('Received message larger than max (5 vs. 4)');
    expect(readAll([encodeEnvelope(FLAG_TRAILERS, Buffer.from('grpc-status: 0'))], 4)).toEqual([[FLAG_TRAILERS, 'grpc-status: 0']]);
  });
});
