import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { describeStatus } from './call-status';

const context = { kind: 'unary' as const, target: 'dns:///example.test:443', responses: 1, sawHeaders: false, details: [] };
const status = (code: grpc.status, message: string) => ({ code, message });

describe('describeStatus', () => {
  it('keeps a server status as it is', () => {
    expect(describeStatus(status(grpc.status.NOT_FOUND, 'no such thing'), { ...context, sawHeaders: true })).toEqual({
      code: 5, name: 'NOT_FOUND', message: 'no such thing', details: [],
    });
  });

  it('tidies a TLS failure from grpc-js and says what to change', () => {
    const raw = 'No connection established. Last error: 80EC278F6D7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n (2026-11-29T02:58:51.428Z). Resolution note: ';
    expect(describeStatus(status(grpc.status.UNAVAILABLE, raw), context).message).toBe(
      'TLS handshake with example.test:443 failed (SSL: tlsv13 alert certificate required); the server wants a client certificate it trusts: set a Client certificate path and Client key path the server trusts',
    );
  });

  it('says how to raise the client\'s own message size limit', () => {
    expect(describeStatus(status(grpc.status.RESOURCE_EXHAUSTED, 'Received message larger than max (5000005 vs 4194304)'), { ...context, sawHeaders: true }).message).toBe(
      "Received message larger than max (5000005 vs 4194304): raise Max message size (the connection's Advanced settings; 4 MiB unless set)",
    );
    // A server's own RESOURCE_EXHAUSTED (a quota) is the server's to explain.
    expect(describeStatus(status(grpc.status.RESOURCE_EXHAUSTED, 'quota exceeded'), { ...context, sawHeaders: true }).message).toBe('quota exceeded');
  });

  it('explains an unreachable target', () => {
    const raw = 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ';
    expect(describeStatus(status(grpc.status.UNAVAILABLE, raw), context).message).toBe('cannot reach example.test:443: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('makes a code outside 0-16 UNKNOWN, saying what came', () => {
    const odd = (code: unknown, message = '') => describeStatus({ code: code as number, message }, { ...context, sawHeaders: true });
    expect(odd(Number.NaN, 'x')).toMatchObject({ code: 2, name: 'UNKNOWN', message: 'the server sent a grpc-status that is not a number; its message: x' });
    expect(odd(17, '')).toMatchObject({ code: 2, message: 'the server sent grpc-status 17, which is not a gRPC status code (0-16)' });
    expect(odd(1.5, 'x').code).toBe(2);
    expect(odd(undefined).message).toMatch(/^a response could not be decompressed/);
  });

  it('names a content type that is not gRPC instead of what grpc-js made of the body', () => {
    const html = { ...context, sawHeaders: true, contentType: 'text/html' };
    expect(describeStatus(status(grpc.status.RESOURCE_EXHAUSTED, 'Received message larger than max (1752460652 vs 4194304)'), html)).toMatchObject({
      name: 'UNKNOWN',
      message: 'example.test:443 answered with content-type "text/html": it does not speak gRPC (a web server, or a proxy\'s error page?)',
    });
    const grpcWeb = { ...context, sawHeaders: true, contentType: 'application/grpc-web+proto' };
    expect(describeStatus(status(grpc.status.NOT_FOUND, 'gone'), grpcWeb).message).toBe('gone');
  });

  it('says a server that fails the HTTP/2 handshake does not speak gRPC', () => {
    expect(describeStatus(status(grpc.status.UNAVAILABLE, 'No connection established. Last error: Protocol error'), context).message).toBe(
      'example.test:443 does not speak gRPC (HTTP/2): Protocol error; is it an HTTP/1.1 server, or another protocol on this port?',
    );
  });

  it('checks the response count of unary and client-stream calls, as grpc-js does', () => {
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, responses: 0 })).toMatchObject({ name: 'UNIMPLEMENTED', message: 'No message received' });
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, kind: 'client-stream', responses: 2 })).toMatchObject({ name: 'UNIMPLEMENTED' });
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, kind: 'server-stream', responses: 0 }).name).toBe('OK');
  });
});
