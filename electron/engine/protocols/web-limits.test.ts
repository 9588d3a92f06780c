import { describe, expect, test } from 'vitest';
import { HTTP_VERSIONS, useConnectBench, VARIANTS } from './web-protocol-variants';
import { runWebCall } from './web-test-kit';

const bench = useConnectBench();

const FOUR_MB = 4_000_000;

describe.each(VARIANTS)('$name', (variant) => {
  describe.each(HTTP_VERSIONS)('over HTTP/%s', (http) => {
    const client = (extra = {}) => bench.client(variant, http, extra);
    const schema = () => bench.schema();
    const server = () => bench.server();

    test('a 4 MB message', async () => {
      // The receive limit (4 MiB, grpc-js's default) counts wire bytes: as JSON text the payload is base64, 5.3 MB.
      const limit = variant.codec === 'json' ? { maxReceiveMessageBytes: 6_000_000 } : {};
      const run = await runWebCall(client(limit), schema(), 'Echo', [{ message: 'big', payloadSize: FOUR_MB }]);
      expect(run.code).toBe(0);
      // payload: tag (1) + length varint (4) + 4,000,000; message: tag (1) + length (1) + "big" (3).
      expect(run.sizes).toEqual([FOUR_MB + 10]);
      expect(Buffer.from((run.messages[0] as { payload: string }).payload, 'base64').equals(Buffer.alloc(FOUR_MB, 0x61))).toBe(true);
    });

    test('a 10,000-message server stream', async () => {
      const run = await runWebCall(client(), schema(), 'ServerStream', [{ message: 'm', count: 10_000, payloadSize: 16 }]);
      expect(run.code).toBe(0);
      expect(run.messages).toHaveLength(10_000);
      expect(run.messages[9_999]).toMatchObject({ index: 9_999 });
    });

    test('a message over the receive limit ends the call with RESOURCE_EXHAUSTED', async () => {
      const run = await runWebCall(client({ maxReceiveMessageBytes: 1000 }), schema(), 'Echo', [{ message: 'big', payloadSize: 2000 }]);
      expect(run.code).toBe(8);
      expect(run.message).toMatch(/^Received message larger than max/);
      expect(run.messages).toEqual([]);
    });

    test('gzip-compressed requests and responses', async () => {
      const before = server().stats.gzipRequests;
      const run = await runWebCall(client({ compression: 'gzip' }), schema(), 'Echo', [{ message: 'zip', payloadSize: 50_000 }]);
      expect(run.code).toBe(0);
      expect(server().stats.gzipRequests).toBe(before + 1);
      expect(run.sizes).toEqual([50_000 + 9]);
    });
  });
});
