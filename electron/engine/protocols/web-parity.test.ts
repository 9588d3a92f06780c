import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HTTP_VERSIONS, useConnectBench, VARIANTS } from './web-protocol-variants';
import { runGrpcCall, runWebCall, type CallRun } from './web-test-kit';

/** Every field kind and well-known type the codec handles, so a transcoding slip would show. */
const EVERYTHING = {
  doubleValue: 1.5, floatValue: -2.25, int32Value: -7, int64Value: '-9007199254740993', uint32Value: 7, uint64Value: '18446744073709551615',
  sint32Value: -3, sint64Value: '-4', fixed32Value: 5, fixed64Value: '6', sfixed32Value: -8, sfixed64Value: '-9', boolValue: true,
  stringValue: 'héllo ✓', bytesValue: 'AAEC/w==', color: 'COLOR_GREEN', tags: ['a', 'b'], counts: { x: '1' }, labels: { '-5': 'neg' },
  nodes: { n: { name: 'leaf' } }, choiceNumber: 4, maybe: 0, root: { name: 'r', children: [{ name: 'c' }] },
  createdAt: '2024-02-29T12:00:00.500Z', timeout: '1.500s', mask: 'a.b,cD', attributes: { k: [1, 'two', null, { z: false }] },
  value: 3, list: ['x'], wrappedInt64: '12', wrappedString: '', wrappedBool: false,
  any: { '@type': 'type.googleapis.com/ferry.testing.v1.Node', name: 'in any' }, empty: {},
};

/** The calls compared; client streams only where the protocol and HTTP version carry them. */
const CALLS: Array<{ name: string; requests: unknown[]; clientStream?: boolean }> = [
  { name: 'Echo', requests: [{ message: 'parity', payloadSize: 10 }] },
  { name: 'ServerStream', requests: [{ message: 's', count: 3, payloadSize: 2 }] },
  { name: 'Inspect', requests: [EVERYTHING] },
  { name: 'Fail', requests: [{ code: 7, message: 'denied' }] },
  { name: 'ClientStream', requests: [{ message: 'x' }, { message: 'y' }], clientStream: true },
];

const bench = useConnectBench();
let grpcClient: grpc.Client;
const reference = new Map<string, CallRun>();

const comparable = (run: CallRun) => ({ messages: run.messages, sizes: run.sizes, code: run.code, message: run.message, details: run.details });

beforeAll(async () => {
  grpcClient = new grpc.Client(bench.server().grpcTarget, grpc.credentials.createInsecure());
  for (const call of CALLS) reference.set(call.name, await runGrpcCall(grpcClient, bench.schema(), call.name, call.requests));
});
afterAll(() => grpcClient.close());

test('the plain gRPC reference itself went through', () => {
  expect(reference.get('Inspect')).toMatchObject({ code: 0, messages: [EVERYTHING] });
  expect(reference.get('Fail')!.details.length).toBeGreaterThan(3);
});

describe.each(VARIANTS)('$name gives the same JSON as plain gRPC', (variant) => {
  test.each(HTTP_VERSIONS)('over HTTP/%s', async (http) => {
    const client = bench.client(variant, http);
    for (const call of CALLS.filter((c) => !c.clientStream || (http === '2' && variant.clientStreams))) {
      const run = await runWebCall(client, bench.schema(), call.name, call.requests);
      expect(comparable(run), call.name).toEqual(comparable(reference.get(call.name)!));
    }
  });
});
