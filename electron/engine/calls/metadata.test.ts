import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { fromGrpcMetadata, toGrpcMetadata } from './metadata';

describe('metadata', () => {
  it('round-trips text and binary entries', () => {
    const result = toGrpcMetadata([
      { key: 'X-Request-Id', value: '42' },
      { key: 'x-multi', value: 'a' },
      { key: 'x-multi', value: 'b' },
      { key: 'trace-bin', value: 'AAEC/w==' },
      { key: 'url-bin', value: '-_8' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.get('trace-bin')).toEqual([Buffer.from([0, 1, 2, 255])]);
    expect(fromGrpcMetadata(result.value)).toEqual([
      { key: 'x-request-id', value: '42' },
      { key: 'x-multi', value: 'a' },
      { key: 'x-multi', value: 'b' },
      { key: 'trace-bin', value: 'AAEC/w==' },
      { key: 'url-bin', value: '+/8=' },
    ]);
  });

  it.each([
    [{ key: 'bad key', value: 'x' }, 'keys may only contain'],
    [{ key: 'grpc-timeout', value: '1S' }, 'reserved'],
    [{ key: 'data-bin', value: 'not base64!' }, 'must be base64'],
    [{ key: 'data-bin', value: 'abcde' }, 'must be base64'],
    [{ key: 'x-text', value: 'caf\u00e9' }, 'printable ASCII'],
  ])('rejects %j naming the key', (entry, why) => {
    const result = toGrpcMetadata([entry]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_INPUT');
    expect(result.error.message).toContain(`"${entry.key}"`);
    expect(result.error.message).toContain(why);
  });

  it('reads binary values received from grpc-js as base64', () => {
    const metadata = new grpc.Metadata();
    metadata.add('echo-data-bin', Buffer.from('hi'));
    expect(fromGrpcMetadata(metadata)).toEqual([{ key: 'echo-data-bin', value: 'aGk=' }]);
  });
});
