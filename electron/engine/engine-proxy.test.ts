/**
 * gRPC connections through an HTTP proxy, end to end through createEngine: a real bench server, a real
 * tunneling proxy (testing/connect-proxy.ts), reflection and calls, the proxy's refusals worded, and the
 * proxy environment variables (set here and restored: each test file runs in a process of its own).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/errors';
import type { CallEvent, CallStatus, ConnectionConfig, TlsSettings } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { configureTrace } from './diagnostics/trace';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from './testing/bench-server';
import { startConnectProxy, type ConnectProxy } from './testing/connect-proxy';
import { collectCall } from './testing/engine-test-kit';
import { makeTestCertificates, type TestCertificates } from './testing/make-certs';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const PROXY_VARIABLES = ['grpc_proxy', 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_grpc_proxy', 'no_proxy', 'NO_PROXY'];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

let bench: BenchServer;
let open: ConnectProxy;
let guarded: ConnectProxy;
let engine: Engine;

beforeAll(async () => {
  bench = await startBenchServer();
  open = await startConnectProxy();
  guarded = await startConnectProxy({ credentials: 'ada:s3cret-pw', refuse: ['127.0.0.1:1'] });
});
afterAll(async () => {
  await Promise.all([bench.close(), open.close(), guarded.close()]);
});
beforeEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
});
afterEach(() => {
  engine?.dispose();
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

function config(target: string, proxy: string | undefined, options: { tls?: TlsSettings; reflection?: boolean } = {}): ConnectionConfig {
  return {
    target,
    tls: options.tls ?? { mode: 'plaintext' },
    schema: options.reflection === false ? { kind: 'proto-files', files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] } : { kind: 'reflection' },
    connectTimeoutMs: 5_000,
    ...(proxy !== undefined && { transport: { proxy } }),
  };
}

async function echo(connection: ConnectionConfig, message = 'through'): Promise<{ status: CallStatus; events: CallEvent[] }> {
  const { connectionId } = unwrap(await engine.openConnection(connection));
  const { callId } = unwrap(await engine.startCall({ connectionId, method: ECHO, metadata: [], body: JSON.stringify({ message }) }));
  const events = await collectCall(engine, callId);
  const ended = events.find((event) => event.type === 'call.ended');
  if (ended?.type !== 'call.ended') throw new Error('the call did not end');
  return { status: ended.status, events };
}

describe('gRPC through an HTTP proxy', () => {
  it('loads the schema by reflection and calls through the proxy setting, naming the server as the target', async () => {
    engine = createEngine();
    const { status, events } = await echo(config(bench.target, open.url));
    expect(status.name).toBe('OK');
    expect(open.tunnels).toContain(bench.target);
    expect(events[0]).toMatchObject({ type: 'call.started', target: `dns:///${bench.target}` });
  });

  it('verifies a TLS server\'s certificate against the real host name through the tunnel', async () => {
    const certs: TestCertificates = makeTestCertificates();
    const server = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    try {
      engine = createEngine();
      const target = `localhost:${server.port}`;
      const { status } = await echo(config(target, open.url, { tls: { mode: 'tls', caCertPath: certs.path('ca-cert') } }));
      expect(status.name).toBe('OK');
      expect(open.tunnels).toContain(target);
      // A CA that signed nothing here still fails, and says the proxy let the connection through.
      engine.dispose();
      engine = createEngine();
      const refused = await engine.openConnection(config(target, open.url, { tls: { mode: 'tls', caCertPath: certs.path('other-ca-cert') } }));
      expect(!refused.ok && refused.error.message).toMatch(
        new RegExp(`^cannot reach ${target} through proxy 127\\.0\\.0\\.1:${open.port} \\(the Proxy setting\\): TLS handshake with ${target} failed \\(.+\\); the server certificate is not signed by a CA you trust`),
      );
    } finally {
      await server.close();
      certs.dispose();
    }
  });

  it('sends the user and password of the proxy URL to a proxy that asks for them', async () => {
    engine = createEngine();
    const { status } = await echo(config(bench.target, `http://ada:s3cret-pw@127.0.0.1:${guarded.port}`));
    expect(status.name).toBe('OK');
    expect(guarded.tunnels).toContain(bench.target);
  });
});

describe('a proxy that gives no tunnel', () => {
  it('says reflection needs the proxy\'s user and password (407)', async () => {
    engine = createEngine();
    const opened = await engine.openConnection(config(bench.target, guarded.url));
    expect(!opened.ok && opened.error).toEqual({
      code: 'UNAVAILABLE',
      message: `proxy 127.0.0.1:${guarded.port} (the Proxy setting) refused to open a tunnel to ${bench.target}: 407 Proxy Authentication Required; it wants a user name and password: give them in the proxy URL (http://user:password@127.0.0.1:${guarded.port})`,
    });
  });

  it('ends a call UNAVAILABLE with the proxy\'s refusal, and never writes the password anywhere', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-proxy-data-'));
    const traced: string[] = [];
    const restoreTrace = configureTrace({ sink: (line) => traced.push(line), setting: 'all' });
    try {
      engine = createEngine({ dataDir, schemaCache: null });
      const { status } = await echo(config(bench.target, `http://ada:wrong-pw-7f3a@127.0.0.1:${guarded.port}`, { reflection: false }));
      expect(status).toMatchObject({ code: 14, name: 'UNAVAILABLE' });
      expect(status.message).toBe(
        `proxy 127.0.0.1:${guarded.port} (the Proxy setting) refused to open a tunnel to ${bench.target}: 407 Proxy Authentication Required; it did not accept the user name and password in the proxy URL`,
      );
      await engine.close();
      const written = filesUnder(dataDir).map((file) => readFileSync(file, 'utf8'));
      expect(written.join('\n')).toContain('407 Proxy Authentication Required');
      expect(written.some((text) => text.includes('wrong-pw-7f3a'))).toBe(false);
      expect(traced.join('\n')).toContain(`through proxy 127.0.0.1:${guarded.port} (the Proxy setting)`);
      expect(traced.join('\n')).not.toContain('wrong-pw-7f3a');
    } finally {
      restoreTrace();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says when the proxy forbids the destination (403) or cannot be reached', async () => {
    engine = createEngine();
    const forbidden = await echo(config('127.0.0.1:1', `http://ada:s3cret-pw@127.0.0.1:${guarded.port}`, { reflection: false }));
    expect(forbidden.status.message).toBe(`proxy 127.0.0.1:${guarded.port} (the Proxy setting) refused to open a tunnel to 127.0.0.1:1: 403 Forbidden; the proxy does not allow this destination (or this port)`);
    const nobody = await engine.openConnection(config(bench.target, 'http://127.0.0.1:1'));
    expect(!nobody.ok && nobody.error.message).toBe(
      "cannot reach proxy 127.0.0.1:1 (the Proxy setting): ECONNREFUSED; set Proxy (the connection's Advanced settings) to a proxy that answers, or to direct to dial without one",
    );
  });

  it('refuses a malformed proxy URL before dialing', async () => {
    engine = createEngine();
    const opened = await engine.openConnection(config(bench.target, 'http://me:hidden@[bad'));
    expect(!opened.ok && opened.error.code).toBe('BAD_INPUT');
    expect(!opened.ok && opened.error.message).toMatch(/^the Proxy setting: "http:\/\/me:\*\*\*@\[bad" is not a proxy URL/);
  });
});

describe('the proxy environment variables', () => {
  it('route calls through https_proxy when the connection sets no proxy', async () => {
    process.env.https_proxy = open.url;
    engine = createEngine();
    const before = open.tunnels.length;
    expect((await echo(config(bench.target, undefined))).status.name).toBe('OK');
    expect(open.tunnels.slice(before)).toContain(bench.target);
  });

  it('are bypassed by direct, and for hosts no_proxy names', async () => {
    process.env.https_proxy = guarded.url;
    const asked = guarded.asked.length;
    engine = createEngine();
    expect((await echo(config(bench.target, 'direct'))).status.name).toBe('OK');
    process.env.no_proxy = 'localhost,127.0.0.1';
    expect((await echo(config(bench.target, undefined), 'no proxy')).status.name).toBe('OK');
    expect(guarded.asked.length).toBe(asked);
  });

  it('name the variable a refusing proxy came from', async () => {
    process.env.grpc_proxy = guarded.url;
    engine = createEngine();
    const opened = await engine.openConnection(config(bench.target, undefined));
    expect(!opened.ok && opened.error.message).toMatch(new RegExp(`^proxy 127\\.0\\.0\\.1:${guarded.port} \\(grpc_proxy\\) refused to open a tunnel to ${bench.target}: 407 `));
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
