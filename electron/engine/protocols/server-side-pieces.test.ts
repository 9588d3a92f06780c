/** The pieces `ferry mock`'s web listener writes and parses, read back by the client's own readers. */
import { describe, expect, test } from 'vitest';
import { GRPC_STATUS_NAMES } from '../../../shared/util';
import { connectTimeout, parseConnectTimeout } from './connect-stream-wire';
import { parseTrailerFrame, statusFromGrpcHeaders, trailerFramePayload } from './grpc-web-trailers';
import { grpcTimeout, parseGrpcTimeout } from './grpc-web-wire';
import { codeForConnectName, connectCodeName, httpStatusForConnectCode } from './status-codes';

describe('server-side pieces, read back by the client', () => {
  test('every status code\'s Connect name reads back as the code; "canceled" has one l', () => {
    GRPC_STATUS_NAMES.forEach((_name, code) => expect(codeForConnectName(connectCodeName(code))).toBe(code));
    expect(connectCodeName(1)).toBe('canceled');
    expect(connectCodeName(9)).toBe('failed_precondition');
  });

  test('Connect\'s HTTP statuses for errors, 500 for the rest', () => {
    expect([5, 3, 14, 12, 16, 4, 1, 2, 13].map(httpStatusForConnectCode)).toEqual([404, 400, 503, 501, 401, 504, 499, 500, 500]);
  });

  test('a trailer frame reads back as its status, the message percent-encoded on the wire', () => {
    const payload = trailerFramePayload(5, 'no order 100% ü\r\nnext');
    expect(payload.toString('latin1')).toBe('grpc-status:5\r\ngrpc-message:no order 100%25 %C3%BC%0D%0Anext\r\n');
    expect(statusFromGrpcHeaders(parseTrailerFrame(payload))).toEqual({ code: 5, message: 'no order 100% ü\r\nnext', trailers: [] });
    // Trailers follow the status, details as grpc-status-details-bin (base64), as the client reads them.
    const withTrailers = trailerFramePayload(3, 'bad', [['x-cost', '7'], ['grpc-status-details-bin', 'CAMSA2JhZA==']]);
    expect(statusFromGrpcHeaders(parseTrailerFrame(withTrailers))).toEqual({
      code: 3,
      message: 'bad',
      trailers: [{ key: 'x-cost', value: '7' }, { key: 'grpc-status-details-bin', value: 'CAMSA2JhZA==' }],
      statusDetails: Buffer.from('CAMSA2JhZA==', 'base64'),
    });
  });

  test('timeouts as the client writes them parse back (grpc-timeout in coarser units past 8 digits); malformed ones are none', () => {
    expect(parseGrpcTimeout(grpcTimeout(1500))).toBe(1500);
    expect(parseGrpcTimeout(grpcTimeout(2e8))).toBe(2e8);
    expect(parseGrpcTimeout('3S')).toBe(3000);
    expect(parseGrpcTimeout('10u')).toBeCloseTo(0.01);
    expect([parseGrpcTimeout('1500'), parseGrpcTimeout('123456789m'), parseGrpcTimeout(undefined)]).toEqual([undefined, undefined, undefined]);
    expect(parseConnectTimeout(connectTimeout(250.2))).toBe(251);
    expect([parseConnectTimeout('-5'), parseConnectTimeout('12345678901'), parseConnectTimeout('1e3')]).toEqual([undefined, undefined, undefined]);
  });
});
