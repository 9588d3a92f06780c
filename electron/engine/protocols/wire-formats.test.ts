import { describe, expect, test } from 'vitest';
import { endFromConnectError, endFromErrorResponse, parseEndStream, statusDetailsBytes } from './connect-error';
import { connectTimeout } from './connect-stream-wire';
import { grpcTimeout } from './grpc-web-wire';
import { parseTrailerFrame, statusFromGrpcHeaders } from './grpc-web-trailers';
import { decodeStatusDetails } from '../calls/status-details';
import { decodeToProtoJson } from '../codec';
import { loadBenchSchema } from './web-test-kit';
import { metadataFromHeaders, requestHeaders } from './web-metadata';
import { createJsonWire } from './json-wire';
import { failureOf } from '../../../tests/kit/failure-of';

describe('gRPC-Web trailers', () => {
  test('reads the trailer frame: names lower-cased, the status apart, details kept as a trailer', () => {
    const pairs = parseTrailerFrame(Buffer.from('Grpc-Status: 5\r\ngrpc-message: not%20here%3A%20%E2%9C%93\r\nx-id: 7\r\ngrpc-status-details-bin: CAU\r\n'));
    const end = statusFromGrpcHeaders(pairs)!;
    expect(end.code).toBe(5);
    expect(end.message).toBe('not here: ✓');
    expect(end.trailers).toEqual([{ key: 'x-id', value: '7' }, { key: 'grpc-status-details-bin', value: 'CAU=' }]);
    expect([...end.statusDetails!]).toEqual([8, 5]);
  });

  test('no grpc-status means no status; a bad one is UNKNOWN naming it', () => {
    expect(statusFromGrpcHeaders([['x', '1']])).toBeUndefined();
    expect(statusFromGrpcHeaders([['grpc-status', 'oops']])).toMatchObject({ code: 2, message: 'the server sent an invalid grpc-status "oops"' });
  });
});

describe('Connect errors', () => {
  test('code names map to gRPC codes, "canceled" included', () => {
    expect(endFromConnectError({ code: 'not_found', message: 'gone' }, [], 2)).toEqual({ code: 5, message: 'gone', trailers: [] });
    expect(endFromConnectError({ code: 'canceled' }, [], 2).code).toBe(1);
    expect(endFromConnectError({ code: 'no_such_code' }, [], 14).code).toBe(14);
  });

  test('details become a google.rpc.Status that decodes like grpc-status-details-bin', async () => {
    const schema = await loadBenchSchema();
    const errorInfo = schema.findType('google.rpc.ErrorInfo')!;
    const value = Buffer.from(errorInfo.encode(errorInfo.fromObject({ reason: 'R', domain: 'd' })).finish()).toString('base64').replace(/=+$/, '');
    const bytes = statusDetailsBytes(3, 'bad', [{ type: 'google.rpc.ErrorInfo', value, debug: { reason: 'R' } }, { type: 'acme.Unknown', value: 'AQI' }])!;
    const details = decodeStatusDetails(bytes, schema, (type, b) => decodeToProtoJson(type, b));
    expect(details).toEqual([
      { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', type: 'google.rpc.ErrorInfo', value: { reason: 'R', domain: 'd' } },
      { typeUrl: 'type.googleapis.com/acme.Unknown', type: 'acme.Unknown', raw: 'AQI=' },
    ]);
    expect(statusDetailsBytes(3, 'bad', [])).toBeUndefined();
  });

  test('an error response without Connect JSON gets the code of its HTTP status and the start of its body', () => {
    expect(endFromErrorResponse(503, Buffer.from('<html>\n upstream down </html>'), [])).toEqual({ code: 14, message: 'HTTP 503 Service Unavailable: <html> upstream down </html>', trailers: [] });
    expect(endFromErrorResponse(415, Buffer.alloc(0), []).message).toBe('HTTP 415 Unsupported Media Type (the server does not accept Connect requests here; try another protocol)');
    expect(endFromErrorResponse(404, Buffer.from('{"code":"unimplemented","message":"no"}'), [])).toEqual({ code: 12, message: 'no', trailers: [] });
  });

  test('the end-stream message carries trailers as lists and maybe an error', () => {
    expect(parseEndStream(Buffer.from('{"metadata":{"X-A":["1","2"],"b-bin":["AQ"]}}'))).toEqual({ trailers: [['x-a', '1'], ['x-a', '2'], ['b-bin', 'AQ']] });
    expect(parseEndStream(Buffer.from('{"error":{"code":"internal","message":"m"}}'))).toEqual({ error: { code: 'internal', message: 'm' }, trailers: [] });
    expect(parseEndStream(Buffer.from('not json'))).toBeUndefined();
  });
});

describe('timeouts', () => {
  test('grpc-timeout keeps to 8 digits by moving to coarser units', () => {
    expect(grpcTimeout(250)).toBe('250m');
    expect(grpcTimeout(0.2)).toBe('1m');
    expect(grpcTimeout(99_999_999)).toBe('99999999m');
    expect(grpcTimeout(100_000_000)).toBe('100000S');
    expect(grpcTimeout(1e15)).toBe('99999999H');
  });

  test('connect-timeout-ms keeps to 10 digits', () => {
    expect(connectTimeout(1500.2)).toBe('1501');
    expect(connectTimeout(1e12)).toBe('9999999999');
  });
});

describe('metadata as headers', () => {
  test('request metadata follows gRPC rules, -bin values go as base64, protocol headers are refused', () => {
    expect(requestHeaders([{ key: 'X-Token', value: 'a' }, { key: 'k-bin', value: 'AQID' }])).toEqual([['x-token', 'a'], ['k-bin', 'AQID']]);
    expect(failureOf(() => requestHeaders([{ key: 'grpc-timeout', value: '1S' }])).code).toBe('BAD_INPUT');
    expect(failureOf(() => requestHeaders([{ key: 'content-type', value: 'text/plain' }])).message).toBe('metadata "content-type": the protocol sets content-type itself (application/grpc, or its web variant); remove it');
    expect(failureOf(() => requestHeaders([{ key: 'connect-timeout-ms', value: '1' }])).message).toBe('metadata "connect-timeout-ms": this header is set by the protocol and cannot be sent as metadata');
  });

  test('response headers drop HTTP framing and encodings, and normalise -bin values', () => {
    const entries = metadataFromHeaders([['content-type', 'application/proto'], ['content-length', '3'], ['grpc-encoding', 'gzip'], ['connection', 'keep-alive'], ['x-bin', 'AQ, AgM'], ['x', 'a, b']]);
    expect(entries).toEqual([{ key: 'content-type', value: 'application/proto' }, { key: 'x-bin', value: 'AQ==' }, { key: 'x-bin', value: 'AgM=' }, { key: 'x', value: 'a, b' }]);
  });
});

describe('Connect json on the wire', () => {
  test('a server\'s JSON becomes protobuf bytes exactly, big unquoted integers included; a misfit names the type', async () => {
    const schema = await loadBenchSchema();
    const everything = schema.findType('ferry.testing.v1.Everything')!;
    const wire = createJsonWire(everything, everything);
    const bytes = wire.fromWire(Buffer.from('{"int64Value": 9007199254740993, "stringValue": "x"}'));
    expect(decodeToProtoJson(everything, bytes)).toEqual({ int64Value: '9007199254740993', stringValue: 'x' });
    expect(JSON.parse(Buffer.from(wire.toWire(bytes)).toString())).toEqual({ int64Value: '9007199254740993', stringValue: 'x' });
    expect(() => wire.fromWire(Buffer.from('{"nope": 1}'))).toThrow(/the server's JSON message does not fit ferry\.testing\.v1\.Everything/);
  });
});
