/**
 * Faults every front end meets through the engine (desktop IPC, `ferry serve`, tests): headers HTTP/2 cannot
 * carry, and servers that misbehave on the wire. Each server fault is a small hostile server on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { CallStatus, ConnectionConfig } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from './testing/bench-server';
import { grpcAnswers, startHttp1Server, startHttp2Server, startTcpServer, type HostileServer } from './testing/hostile-servers';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const fromFiles = (target: string): ConnectionConfig => ({
  target,
  tls: { mode: 'plaintext' },
  schema: { kind: 'proto-files', files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] },
});

let engine: Engine;
afterEach(() => engine?.dispose());

function endOf(callId: string): Promise<CallStatus> {
  return new Promise((resolve) => {
    const stop = engine.onEvent((event: FerryEvent) => {
      if (event.type !== 'call.events' || event.callId !== callId) return;
      const ended = event.events.find((e) => e.type === 'call.ended');
      if (ended?.type !== 'call.ended') return;
      stop();
      resolve(ended.status);
    });
  });
}

async function statusFrom(server: HostileServer): Promise<CallStatus> {
  try {
    engine = createEngine();
    const opened = await engine.openConnection(fromFiles(server.target));
    if (!opened.ok) throw new Error(opened.error.message);
    const started = await engine.startCall({ connectionId: opened.value.connectionId, method: ECHO, metadata: [], body: '{}' });
    if (!started.ok) throw new Error(started.error.message);
    return await endOf(started.value.callId);
  } finally {
    await server.close();
  }
}

describe('connection-specific headers are refused before anything is sent', () => {
  let bench: BenchServer;
  beforeAll(async () => {
    bench = await startBenchServer();
  });
  afterAll(() => bench.close());

  it.each(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])('refuses %s in call metadata', async (key) => {
    engine = createEngine();
    const opened = await engine.openConnection(fromFiles(bench.target));
    if (!opened.ok) throw new Error(opened.error.message);
    const started = await engine.startCall({ connectionId: opened.value.connectionId, method: ECHO, metadata: [{ key, value: 'x' }], body: '{}' });
    expect(!started.ok && started.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(`"${key}"`) });
  });

  it('refuses them in the metadata sent with reflection when connecting', async () => {
    engine = createEngine();
    const config: ConnectionConfig = { target: bench.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, metadata: [{ key: 'Connection', value: 'close' }] };
    const opened = await engine.openConnection(config);
    expect(!opened.ok && opened.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('HTTP/2 forbids connection-specific headers') });
  });
});

describe('servers that break the protocol end the call with a status that says so', () => {
  it.each([
    ['abc', 'a grpc-status that is not a number; its message: hostile server'],
    ['99', 'grpc-status 99, which is not a gRPC status code (0-16); its message: hostile server'],
    ['-1', 'grpc-status -1, which is not a gRPC status code (0-16); its message: hostile server'],
  ])('grpc-status: %s is UNKNOWN', async (grpcStatus, said) => {
    const status = await statusFrom(await startHttp2Server(grpcAnswers.status(grpcStatus)));
    expect(status).toMatchObject({ code: 2, name: 'UNKNOWN', message: `the server sent ${said}` });
  });

  it('a compressed message without grpc-encoding is UNKNOWN, saying it could not be decompressed', async () => {
    const status = await statusFrom(await startHttp2Server(grpcAnswers.compressedWithoutEncoding()));
    expect(status).toMatchObject({ code: 2, name: 'UNKNOWN', message: expect.stringContaining('could not be decompressed') });
  });

  it('an HTML answer names its content type instead of a 1.7 GB message', async () => {
    const server = await startHttp2Server(grpcAnswers.contentType('text/html; charset=utf-8', '<html><body>Not here</body></html>'));
    const status = await statusFrom(server);
    expect(status.name).toBe('UNKNOWN');
    expect(status.message).toBe(`${server.target} answered with content-type "text/html; charset=utf-8": it does not speak gRPC (a web server, or a proxy's error page?)`);
  });

  it.each([
    ['an HTTP/1.1 server', () => startHttp1Server()],
    ['a junk TCP server', () => startTcpServer('SSH-2.0-OpenSSH_9.2\r\n')],
  ])('%s does not speak gRPC (HTTP/2)', async (_what, start) => {
    const server = await start();
    const status = await statusFrom(server);
    expect(status.name).toBe('UNAVAILABLE');
    expect(status.message).toMatch(new RegExp(`^${server.target.replace(/\./g, '\\.')} does not speak gRPC \\(HTTP/2\\)`));
  });
});
