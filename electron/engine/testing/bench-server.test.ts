import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchServer, type BenchServer } from './bench-server';

// The bench is itself code the other tests trust: check its contract with a raw grpc-js client.
const passThrough = { requestSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b };

describe('bench server', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('answers Echo with headers echoing request metadata', async () => {
    const client = new grpc.Client(server.target, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('x-probe', 'hello');
    const headers = await new Promise<grpc.Metadata>((resolve, reject) => {
      const call = client.makeUnaryRequest('/ferry.testing.v1.Bench/Echo', passThrough.requestSerialize, passThrough.responseDeserialize,
        Buffer.from([0x0a, 0x02, 0x68, 0x69]), metadata, (error) => error && reject(error));
      call.on('metadata', resolve);
    });
    expect(headers.get('echo-x-probe')).toEqual(['hello']);
    client.close();
  });
});
