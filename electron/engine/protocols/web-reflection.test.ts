import { describe, expect, test } from 'vitest';
import { FerryFailure } from '../../../shared/errors';
import { discoverByReflection } from '../reflection';
import type { WebClient } from './web-client';
import { openWebReflectionStream } from './web-reflection-stream';
import { HTTP_VERSIONS, useConnectBench, VARIANTS } from './web-protocol-variants';
import { runWebCall } from './web-test-kit';

const bench = useConnectBench();
const bare = useConnectBench({ reflection: false });

const discover = (client: WebClient) =>
  discoverByReflection({ openStream: (version, deadline) => openWebReflectionStream(client, version, [], deadline) });

describe.each(VARIANTS)('reflection over $name', (variant) => {
  // connect-node serves bidi methods (reflection is one) only over HTTP/2; the proxy forwards gRPC over HTTP/2.
  const versions = variant.viaProxy ? HTTP_VERSIONS : (['2'] as const);
  test.each(versions)('HTTP/%s: the schema is discovered and a call made with it', async (http) => {
    const client = bench.client(variant, http);
    const registry = await discover(client);
    expect(registry.listServices().map((s) => s.fullName)).toContain('ferry.testing.v1.Bench');
    expect(registry.reflectionVersion).toBe('v1');
    const run = await runWebCall(client, registry, 'ServerStream', [{ message: 'found', count: 2 }]);
    expect(run).toMatchObject({ code: 0, messages: [{ message: 'found' }, { message: 'found', index: 1 }] });
  });
});

test('connect-node over HTTP/1.1 refuses reflection\'s bidi stream, and the error says to use HTTP/2', async () => {
  const client = bench.client(VARIANTS[0]!, '1.1');
  await expect(discover(client)).rejects.toThrow('reflection (v1) over grpc-web failed: UNKNOWN: HTTP 505 HTTP Version Not Supported (the server needs HTTP/2 for this method; try HTTP/2)');
});

test('a server without reflection: the error says to load .proto files or a descriptor set', async () => {
  const client = bare.client(VARIANTS[0]!, '1.1');
  const failure = await discover(client).catch((reason: unknown) => reason);
  expect(failure).toBeInstanceOf(FerryFailure);
  expect((failure as FerryFailure).error).toEqual({ code: 'NO_REFLECTION', message: 'server does not support reflection; load .proto files or a descriptor set' });
});
