import { afterEach, describe, expect, it } from 'vitest';
import { RECEIVE_WINDOW_BYTES } from '../channels/credentials';
import { grpcAnswers, grpcFrame, startHttp2Server, type HostileServer, type SeenRequest } from '../testing/hostile-servers';
import { createHttpOrigin, type HttpOrigin } from './http-origin';
import { parseWebTarget } from './web-target';

let server: HostileServer | undefined;
let origin: HttpOrigin | undefined;
afterEach(async () => {
  origin?.close();
  await server?.close();
});

/** One request over the origin, resolving when its response ended. */
function exchange(open: HttpOrigin): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = grpcFrame(new Uint8Array(0));
    open.open(
      { path: '/ferry.testing.v1.Bench/Echo', headers: [['content-type', 'application/grpc-web+proto']], body },
      { onResponse: () => {}, onData: () => {}, onTrailers: () => {}, onEnd: resolve, onError: (code, message) => reject(new Error(`${code}: ${message}`)) },
    );
  });
}

describe('HTTP/2 origin', () => {
  it('offers the server the same 4 MiB flow-control window as gRPC channels', async () => {
    const seen: SeenRequest[] = [];
    server = await startHttp2Server(grpcAnswers.recording(seen));
    origin = createHttpOrigin({ target: parseWebTarget(server.target, false), http: '2' });
    await exchange(origin);
    expect(seen[0]!.clientStreamWindow).toBe(RECEIVE_WINDOW_BYTES);
    expect(seen[0]!.clientConnectionWindow).toBe(RECEIVE_WINDOW_BYTES);
  });
});
