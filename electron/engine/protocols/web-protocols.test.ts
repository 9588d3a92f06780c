import { describe, expect, test } from 'vitest';
import { HTTP_VERSIONS, useConnectBench, VARIANTS } from './web-protocol-variants';
import { runWebCall } from './web-test-kit';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { until } from '../../../tests/kit/until';

const bench = useConnectBench();

describe.each(VARIANTS)('$name', (variant) => {
  describe.each(HTTP_VERSIONS)('over HTTP/%s', (http) => {
    const client = () => bench.client(variant, http);
    const schema = () => bench.schema();
    const server = () => bench.server();

    test('unary: the response, and metadata both ways (text and -bin) as headers and trailers', async () => {
      const metadata = [{ key: 'x-token', value: 'abc' }, { key: 'x-blob-bin', value: 'AAEC/w==' }];
      const run = await runWebCall(client(), schema(), 'Echo', [{ message: 'hello', payloadSize: 3 }], { metadata });
      expect(run).toMatchObject({ code: 0, messages: [{ message: 'hello', payload: 'YWFh' }] });
      expect(run.headers).toEqual(expect.arrayContaining([{ key: 'echo-x-token', value: 'abc' }, { key: 'echo-x-blob-bin', value: 'AAEC/w==' }]));
      expect(run.trailers).toEqual(expect.arrayContaining([{ key: 'trailer-echo-x-token', value: 'abc' }, { key: 'trailer-echo-x-blob-bin', value: 'AAEC/w==' }]));
    });

    test('server stream: every message in order, then OK', async () => {
      const run = await runWebCall(client(), schema(), 'ServerStream', [{ message: 'tick', count: 5 }]);
      expect(run.code).toBe(0);
      expect(run.messages.map((m) => (m as { index?: number }).index ?? 0)).toEqual([0, 1, 2, 3, 4]);
    });

    test('a status error with rich details decoded like grpc-status-details-bin', async () => {
      const run = await runWebCall(client(), schema(), 'Fail', [{ code: 9, message: 'not now' }]);
      expect(run).toMatchObject({ code: 9, message: 'not now', messages: [] });
      expect(run.details).toEqual(expect.arrayContaining([
        { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', type: 'google.rpc.ErrorInfo', value: { reason: 'BENCH_FAILURE', domain: 'bench.ferry.test', metadata: { attempt: '1' } } },
        { typeUrl: 'type.googleapis.com/ferry.testing.v1.Node', type: 'ferry.testing.v1.Node', value: { name: 'custom-detail' } },
      ]));
    });

    test('deadline exceeded', async () => {
      const run = await runWebCall(client(), schema(), 'Slow', [{ delayMs: 5000 }], { deadlineMs: 100 });
      expect(run.code).toBe(4);
    });

    test('cancel stops the stream and the server sees it', async () => {
      const before = server().stats.cancelled;
      const run = await runWebCall(client(), schema(), 'ServerStream', [{ message: 'slow', count: 1000, intervalMs: 5 }], { cancelAfter: 2 });
      expect(run).toMatchObject({ code: 1, message: 'Cancelled on client' });
      expect(run.messages).toHaveLength(2);
      await until(() => server().stats.cancelled > before, 'the server to see the cancel');
    });

    if (http === '2' && variant.clientStreams) {
      test('client stream and bidi over HTTP/2', async () => {
        const requests = [{ message: 'a' }, { message: 'b' }, { message: 'c' }];
        expect(await runWebCall(client(), schema(), 'ClientStream', requests)).toMatchObject({ code: 0, messages: [{ message: 'a,b,c', index: 3 }] });
        const bidi = await runWebCall(client(), schema(), 'Bidi', requests);
        expect(bidi).toMatchObject({ code: 0, messages: [{ message: 'a' }, { message: 'b', index: 1 }, { message: 'c', index: 2 }] });
      });
    } else if (http === '1.1') {
      test('client and bidi streams fail up front, naming the protocol and what would work', async () => {
        for (const name of ['ClientStream', 'Bidi']) {
          const calls = server().stats.calls;
          expect(await rejectionOf(runWebCall(client(), schema(), name, []))).toEqual({
            code: 'FAILED_PRECONDITION',
            message: `ferry.testing.v1.Bench/${name} is a ${name === 'Bidi' ? 'bidi' : 'client-stream'} method: ${variant.protocol} cannot carry client or bidi streams over HTTP/1.1; use HTTP/2 (--http2), or call it with --protocol grpc`,
          });
          expect(server().stats.calls).toBe(calls);
        }
      });
    }
  });
});
