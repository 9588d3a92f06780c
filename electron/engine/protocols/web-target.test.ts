import { expect, test } from 'vitest';
import { parseWebTarget } from './web-target';
import { failureOf } from '../../../tests/kit/failure-of';

test('URLs: the scheme decides the default port, the path is kept as a prefix', () => {
  expect(parseWebTarget('https://api.example.com/prefix/v1/', true)).toEqual({ secure: true, host: 'api.example.com', port: 443, prefix: '/prefix/v1', origin: 'https://api.example.com:443' });
  expect(parseWebTarget('http://[::1]:8080', false)).toEqual({ secure: false, host: '::1', port: 8080, prefix: '', origin: 'http://[::1]:8080' });
});

test('host:port takes TLS from the connection settings', () => {
  expect(parseWebTarget('localhost:8443', true)).toMatchObject({ origin: 'https://localhost:8443', prefix: '' });
  expect(parseWebTarget('localhost:8080', false)).toMatchObject({ origin: 'http://localhost:8080' });
  expect(parseWebTarget('dns:///localhost:8080', false)).toMatchObject({ origin: 'http://localhost:8080' });
});

test('contradictions and unusable targets are errors that say why', () => {
  expect(failureOf(() => parseWebTarget('https://a.example', false))).toMatchObject({ code: 'BAD_INPUT', message: 'invalid target "https://a.example": it is https:// but the connection is set to plaintext; make the scheme and the TLS setting agree' });
  expect(failureOf(() => parseWebTarget('ftp://a.example', false))).toMatchObject({ message: 'invalid target "ftp://a.example": scheme "ftp" is not supported' });
  expect(failureOf(() => parseWebTarget('unix:///tmp/s', false))).toMatchObject({ message: 'invalid target "unix:///tmp/s": web protocols need a host and port or a URL, not a unix socket' });
  expect(failureOf(() => parseWebTarget('https://a.example/x?y=1', true)).code).toBe('BAD_INPUT');
  expect(failureOf(() => parseWebTarget('localhost', false))).toMatchObject({ message: 'invalid target "localhost": a port is required' });
});
