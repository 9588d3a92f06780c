import { describe, expect, it } from 'vitest';
import { parseTarget } from './parse-target';
import { failureOf } from '../../../tests/kit/failure-of';

describe('parseTarget', () => {
  it.each([
    ['localhost:50051', { kind: 'tcp', host: 'localhost', port: 50051, grpcTarget: 'dns:///localhost:50051' }],
    ['dns:///example.com:443', { kind: 'tcp', host: 'example.com', port: 443, grpcTarget: 'dns:///example.com:443' }],
    ['[::1]:50051', { kind: 'tcp', host: '::1', port: 50051, grpcTarget: 'dns:///[::1]:50051' }],
    [' 127.0.0.1:8080 ', { kind: 'tcp', host: '127.0.0.1', port: 8080, grpcTarget: 'dns:///127.0.0.1:8080' }],
    ['unix:///tmp/ferry.sock', { kind: 'unix', path: '/tmp/ferry.sock', grpcTarget: 'unix:/tmp/ferry.sock' }],
    ['unix:/tmp/ferry.sock', { kind: 'unix', path: '/tmp/ferry.sock', grpcTarget: 'unix:/tmp/ferry.sock' }],
  ])('parses %s', (input, expected) => {
    expect(parseTarget(input)).toEqual(expected);
  });

  it.each([
    ['localhost', 'a port is required'],
    ['', 'empty'],
    [':50051', 'host is empty'],
    ['localhost:http', 'is not a port'],
    ['localhost:70000', 'is not a port'],
    ['::1:50051', 'brackets'],
    ['[::1', 'closing'],
    ['http://localhost:80', 'scheme "http"'],
    ['dns://8.8.8.8/example.com:443', 'DNS authority'],
    ['unix://relative.sock', 'absolute path'],
  ])('rejects %j naming the target and the expected forms', (input, why) => {
    const error = failureOf(() => parseTarget(input));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(`"${input.trim()}"`);
    expect(error.message).toContain(why);
    expect(error.details?.expected).toContain('host:port');
  });
});
