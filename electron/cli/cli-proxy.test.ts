/**
 * `--proxy` and the proxy environment variables, through the real `ferry` binary: a bench server and a real
 * tunneling proxy (engine/testing/connect-proxy.ts) that records every tunnel it opened.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { startConnectProxy, type ConnectProxy } from '../engine/testing/connect-proxy';
import { serializeRequestFile } from '../engine/workspace';
import { tempDir } from '../../tests/kit/temp-dir';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';

let bench: BenchServer;
let open: ConnectProxy;
let guarded: ConnectProxy;

beforeAll(async () => {
  bench = await startBenchServer();
  open = await startConnectProxy();
  guarded = await startConnectProxy({ credentials: 'ada:s3cret-pw' });
});
afterAll(async () => {
  await Promise.all([bench.close(), open.close(), guarded.close()]);
});

/** The tunnels a proxy opens while `run` runs. */
async function tunnelsDuring(proxy: ConnectProxy, run: () => Promise<unknown>): Promise<string[]> {
  const before = proxy.tunnels.length;
  await run();
  return proxy.tunnels.slice(before);
}

describe('ferry call, list and bench through --proxy', () => {
  it('calls by reflection through the proxy', async () => {
    let run = { code: -1, stdout: '', stderr: '' };
    const tunnels = await tunnelsDuring(open, async () => (run = await runFerry(['call', '--proxy', open.url, '--plaintext', bench.target, ECHO, '-d', '{"message":"via proxy"}'])));
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'via proxy' });
    expect(tunnels).toContain(bench.target);
  });

  it('lists by reflection and load-tests through it, credentials from the URL', async () => {
    const proxy = `http://ada:s3cret-pw@127.0.0.1:${guarded.port}`;
    const tunnels = await tunnelsDuring(guarded, async () => {
      const list = await runFerry(['list', '--proxy', proxy, '--plaintext', bench.target]);
      expect(list.stdout).toContain('ferry.testing.v1.Bench');
      const load = await runFerry(['bench', '--proxy', proxy, '--plaintext', bench.target, ECHO, '-n', '3', '-c', '1', '--format', 'json']);
      expect(load.code).toBe(0);
    });
    expect(tunnels.filter((tunnel) => tunnel === bench.target).length).toBeGreaterThanOrEqual(2);
  });

  it('prints one line naming the 407 when the proxy wants a password, exiting as UNAVAILABLE does', async () => {
    const run = await runFerry(['call', '--proxy', guarded.url, '--plaintext', bench.target, ECHO]);
    expect(run.code).toBe(64 + 14);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `ferry: proxy 127.0.0.1:${guarded.port} (--proxy) refused to open a tunnel to ${bench.target}: 407 Proxy Authentication Required; it wants a user name and password: give them in the proxy URL (http://user:password@127.0.0.1:${guarded.port})\n`,
    );
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('advises --proxy when the proxy cannot be reached, never showing its password', async () => {
    const run = await runFerry(['call', '--proxy', 'http://me:hunter2-pw@127.0.0.1:1', '--plaintext', bench.target, ECHO]);
    expect(run.code).toBe(64 + 14);
    expect(run.stderr).toBe('ferry: cannot reach proxy 127.0.0.1:1 (--proxy): ECONNREFUSED; pass --proxy with a proxy that answers, or --proxy direct to dial without one\n');
  });

  it('refuses a malformed --proxy before dialing (bad input, exit 2)', async () => {
    const run = await runFerry(['call', '--proxy', 'http://proxy.corp', '--plaintext', '127.0.0.1:1', ECHO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the proxy URL http://proxy.corp needs a port, such as http://proxy.corp:3128');
    expect(hasStackTrace(run.stderr)).toBe(false);
    const empty = await runFerry(['call', '--proxy', '', '--plaintext', '127.0.0.1:1', ECHO]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--proxy needs http://[user:password@]host:port, or direct');
  });
});

describe('ferry mock --passthrough-to through --proxy', () => {
  it('forwards the calls no case answers through the proxy', async () => {
    const files = ['--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT];
    const args = ['mock', ...files, '--plaintext', '--passthrough-to', bench.target, '--proxy', open.url];
    const mock = spawn(process.execPath, [FERRY_BIN, ...args], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    try {
      const started = await new Promise<string>((resolve) => createInterface({ input: mock.stderr }).once('line', resolve));
      const port = /on 127\.0\.0\.1:(\d+) /.exec(started)?.[1];
      expect(port, started).toBeDefined();
      const tunnels = await tunnelsDuring(open, async () => {
        const run = await runFerry(['call', '--plaintext', `127.0.0.1:${port}`, ...files, ECHO, '-d', '{"message":"forwarded"}']);
        expect(JSON.parse(run.stdout)).toEqual({ message: 'forwarded' });
      });
      expect(tunnels).toContain(bench.target);
    } finally {
      mock.kill();
    }
  });
});

describe('ferry run through --proxy', () => {
  it("reaches every request's server through the proxy, which request files do not carry", async () => {
    const root = tempDir('ferry-run-proxy-');
    const echo = { formatVersion: 2, name: 'Echo', target: bench.target, tls: { mode: 'plaintext' as const }, schema: { kind: 'reflection' as const }, method: ECHO, metadata: [], messages: ['{"message": "run"}'], assertions: [] };
    writeFileSync(join(root, 'echo.ferry.json'), serializeRequestFile(echo));
    const proxy = `http://ada:s3cret-pw@127.0.0.1:${guarded.port}`;
    let run = { code: -1, stdout: '', stderr: '' };
    const tunnels = await tunnelsDuring(guarded, async () => (run = await runFerry(['run', root, '--proxy', proxy, '--reporter', 'json'])));
    expect(run.code).toBe(0);
    expect(tunnels).toEqual([bench.target]);
    expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
    const refused = await runFerry(['run', root, '--proxy', guarded.url]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('407 Proxy Authentication Required');
    expect(hasStackTrace(refused.stdout + refused.stderr)).toBe(false);
  });
});

describe('the proxy environment variables', () => {
  it('route a call through https_proxy, and --proxy direct ignores it', async () => {
    const viaEnv = await tunnelsDuring(open, async () => {
      const run = await runFerry(['call', '--plaintext', bench.target, ECHO, '-d', '{"message":"env"}'], { env: { https_proxy: open.url } });
      expect(JSON.parse(run.stdout)).toEqual({ message: 'env' });
    });
    expect(viaEnv).toContain(bench.target);
    const asked = guarded.asked.length;
    const direct = await runFerry(['call', '--proxy', 'direct', '--plaintext', bench.target, ECHO, '-d', '{"message":"direct"}'], { env: { https_proxy: guarded.url } });
    expect(JSON.parse(direct.stdout)).toEqual({ message: 'direct' });
    expect(guarded.asked.length).toBe(asked);
  });

  it('are honoured in grpcurl mode (which has no --proxy), no_proxy included', async () => {
    const viaEnv = await tunnelsDuring(open, async () => {
      const run = await runFerry(['-plaintext', '-d', '{"message":"grpcurl"}', bench.target, ECHO], { env: { https_proxy: open.url } });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ message: 'grpcurl' });
    });
    expect(viaEnv).toContain(bench.target);
    const asked = guarded.asked.length;
    const bypassed = await runFerry(['-plaintext', bench.target, 'list'], { env: { https_proxy: guarded.url, no_proxy: '127.0.0.1' } });
    expect(bypassed.stdout).toContain('ferry.testing.v1.Bench');
    expect(guarded.asked.length).toBe(asked);
    const refused = await runFerry(['-plaintext', bench.target, 'list'], { env: { https_proxy: guarded.url } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^Failed to dial target host "${bench.target}": proxy 127\\.0\\.0\\.1:${guarded.port} \\(https_proxy\\) refused to open a tunnel to ${bench.target}: 407 Proxy Authentication Required;.*\n$`));
  });
});
