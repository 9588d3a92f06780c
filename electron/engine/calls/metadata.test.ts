import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { checkMetadata, fromGrpcMetadata, toGrpcMetadata } from './metadata';
import { failureOf } from '../../../tests/kit/failure-of';

describe('metadata', () => {
  it('round-trips text and binary entries', () => {
    const result = toGrpcMetadata([
      { key: 'X-Request-Id', value: '42' },
      { key: 'x-multi', value: 'a' },
      { key: 'x-multi', value: 'b' },
      { key: 'trace-bin', value: 'AAEC/w==' },
      { key: 'url-bin', value: '-_8' },
    ]);
    expect(result.get('trace-bin')).toEqual([Buffer.from([0, 1, 2, 255])]);
    expect(fromGrpcMetadata(result)).toEqual([
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
    [{ key: 'Connection', value: 'close' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'keep-alive', value: '5' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'proxy-connection', value: 'x' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'transfer-encoding', value: 'chunked' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'upgrade', value: 'h2c' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'http2-settings', value: 'x' }, 'HTTP/2 forbids connection-specific headers'],
    [{ key: 'content-type', value: 'text/plain' }, 'the protocol sets content-type itself'],
    [{ key: 'te', value: 'trailers' }, 'gRPC sends te: trailers itself'],
    [{ key: 'content-length', value: '5' }, 'the protocol frames messages itself'],
    [{ key: 'user-agent', value: 'me/1' }, 'once per connection'],
    [{ key: ':authority', value: 'x' }, 'pseudo-headers are set by gRPC itself'],
  ])('rejects %j naming the key', (entry, why) => {
    const error = failureOf(() => toGrpcMetadata([entry]));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(`"${entry.key}"`);
    expect(error.message).toContain(why);
  });

  it('refuses a second value for a header HTTP/2 allows once, and keeps repeatable ones', () => {
    const twice = failureOf(() => checkMetadata([{ key: 'authorization', value: 'a' }, { key: 'Authorization', value: 'b' }]));
    expect(twice).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('"Authorization" is given twice') });
    expect(() => checkMetadata([{ key: 'x-multi', value: 'a' }, { key: 'x-multi', value: 'b' }])).not.toThrow();
  });

  it('reads binary values received from grpc-js as base64', () => {
    const metadata = new grpc.Metadata();
    metadata.add('echo-data-bin', Buffer.from('hi'));
    expect(fromGrpcMetadata(metadata)).toEqual([{ key: 'echo-data-bin', value: 'aGk=' }]);
  });
});
