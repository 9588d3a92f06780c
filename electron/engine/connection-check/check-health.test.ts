import { describe, expect, it } from 'vitest';
import { decodeHealthStatus, encodeHealthRequest } from './check-health';

describe('the health messages, by hand', () => {
  it('asks about the whole server with no bytes at all, and about a service by its name', () => {
    expect(encodeHealthRequest()).toEqual(new Uint8Array(0));
    expect(encodeHealthRequest('ferry.testing.v1.Bench')).toEqual(Uint8Array.from([0x0a, 22, ...Buffer.from('ferry.testing.v1.Bench')]));
    expect(encodeHealthRequest('x'.repeat(200)).subarray(0, 3)).toEqual(Uint8Array.from([0x0a, 0xc8, 0x01]));
  });

  it('reads the status, UNKNOWN (0) when absent, past fields it does not know', () => {
    expect(decodeHealthStatus(Uint8Array.from([0x08, 0x01]))).toBe(1);
    expect(decodeHealthStatus(new Uint8Array(0))).toBe(0);
    // A string field 2, a fixed64 field 3, then the status.
    const unknown = [0x12, 0x02, 0x68, 0x69, 0x19, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(decodeHealthStatus(Uint8Array.from([...unknown, 0x08, 0x03]))).toBe(3);
  });

  it('refuses bytes that are no message', () => {
    expect(() => decodeHealthStatus(Uint8Array.from([0x08, 0x80]))).toThrow('a varint runs past the end');
    expect(() => decodeHealthStatus(Uint8Array.from([0x0b]))).toThrow('wire type 3');
  });
});
