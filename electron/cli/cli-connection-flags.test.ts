/** Connection flags `ferry call` must refuse (exit 2, naming the flag) rather than hang or change them. Real CLI runs. */
import { describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../engine/testing/bench-server';
import { serializeRequestFile } from '../engine/workspace';
import { runFerry } from './cli-test-kit';
import { HANG_KILL_MS, useCliBench } from './testing/cli-bench';

const ECHO = 'ferry.testing.v1.Bench/Echo';

const bench = useCliBench();
const { call, file } = bench;

describe('headers gRPC cannot send as given', () => {
  it.each(['connection: close', 'Keep-Alive: 5', 'transfer-encoding: chunked', 'upgrade: h2c', 'proxy-connection: keep-alive'])(
    '-H %j exits 2 at once, naming the header',
    async (header) => {
      const run = await call(ECHO, '-H', header, '-d', '{}');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`ferry: -H "${header}": HTTP/2 forbids connection-specific headers (connection, keep-alive, proxy-connection, transfer-encoding, upgrade, http2-settings), so gRPC cannot send it\n`);
    },
  );

  it('the same in --reflect-header and with files as the schema', async () => {
    const reflect = await call(ECHO, '--reflect-header', 'connection: close');
    expect(reflect.code).toBe(2);
    expect(reflect.stderr).toContain('--reflect-header "connection: close": HTTP/2 forbids');
    const files = await call('--proto', BENCH_PROTO_FILE, '-I', BENCH_PROTO_ROOT, ECHO, '-H', 'upgrade: websocket', '-d', '{}');
    expect(files.code).toBe(2);
  });

  it('ferry run refuses them in a saved request, exit 2 at once', async () => {
    const saved = file('keep-alive.ferry.json', serializeRequestFile({
      formatVersion: 1, name: 'Keep alive', target: bench.server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' },
      method: ECHO, metadata: [{ key: 'connection', value: 'keep-alive', enabled: true }], messages: ['{}'], assertions: [],
    }));
    const run = await runFerry(['run', saved], { killAfterMs: HANG_KILL_MS });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain('metadata "connection": HTTP/2 forbids connection-specific headers');
  });

  it.each([
    ['content-type: text/plain', 'the protocol sets content-type itself (application/grpc, or its web variant); remove it'],
    ['te: trailers', 'gRPC sends te: trailers itself; remove it'],
    ['grpc-timeout: 1S', 'keys starting with "grpc-" are reserved for gRPC itself'],
  ])('-H %j is refused rather than replaced', async (header, why) => {
    const run = await call(ECHO, '-H', header, '-d', '{}');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ferry: -H "${header}": ${why}\n`);
  });

  it('--reflect-header user-agent points at -H, which sets the connection user agent', async () => {
    const run = await call(ECHO, '--reflect-header', 'user-agent: x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("once per connection, not per call (gRPC would replace a per-call value); remove it; -H 'user-agent: …' sets it");
  });

  it('a header HTTP/2 allows once, given twice', async () => {
    const run = await call(ECHO, '-H', 'authorization: a', '-H', 'authorization: b');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ferry: metadata "authorization" is given twice, but HTTP/2 allows this header once\n');
  });
});

describe('other connection flags', () => {
  it('--authority with CR/LF is refused', async () => {
    const run = await call(ECHO, '--authority', 'api.example.com\r\nx-evil: 1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('authority "api.example.com\\r\\nx-evil: 1" must be a host name with an optional port');
  });

  it.each(['connect-timeout', 'max-time', 'keepalive-time'])('--%s longer than a timer holds is refused, not an instant timeout', async (flag) => {
    const run = await call(ECHO, `--${flag}`, '3000000', '-d', '{}');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ferry: --${flag} 3000000 is too long: at most 2147483 seconds (about 24 days)\n`);
  });

});
