import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { describeStatus } from './call-status';

const context = { kind: 'unary' as const, target: 'dns:///example.test:443', responses: 1, sawHeaders: false, details: [] };
const status = (code: grpc.status, details: string): grpc.StatusObject => ({ code, details, metadata: new grpc.Metadata() });

describe('describeStatus', () => {
  it('keeps a server status as it is', () => {
    expect(describeStatus(status(grpc.status.NOT_FOUND, 'no such thing'), { ...context, sawHeaders: true })).toEqual({
      code: 5, name: 'NOT_FOUND', message: 'no such thing', details: [],
    });
  });

  it('tidies a TLS failure from grpc-js and says what to change', () => {
    const raw = 'No connection established. Last error: 80EC278F6D7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n (2026-11-29T02:58:51.428Z). Resolution note: ';
    expect(describeStatus(status(grpc.status.UNAVAILABLE, raw), context).message).toBe(
      'TLS handshake with example.test:443 failed (SSL: tlsv13 alert certificate required); the server wants a client certificate it trusts: pass --cert and --key',
    );
  });

  it('explains an unreachable target', () => {
    const raw = 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ';
    expect(describeStatus(status(grpc.status.UNAVAILABLE, raw), context).message).toBe('cannot reach example.test:443: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('checks the response count of unary and client-stream calls, as grpc-js does', () => {
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, responses: 0 })).toMatchObject({ name: 'UNIMPLEMENTED', message: 'No message received' });
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, kind: 'client-stream', responses: 2 })).toMatchObject({ name: 'UNIMPLEMENTED' });
    expect(describeStatus(status(grpc.status.OK, 'OK'), { ...context, kind: 'server-stream', responses: 0 }).name).toBe('OK');
  });
});
