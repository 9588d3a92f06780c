import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/errors';
import type { RequestFile } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from './testing/bench-server';
import { startConnectProxy } from './testing/connect-proxy';
import { serializeEnvironmentFile, serializeRequestFile } from './workspace';
import { tempDir } from '../../tests/kit/temp-dir';
import { waitUntil } from '../../tests/kit/until';

const BENCH = 'ferry.testing.v1.Bench';

function request(method: string, body: string, overrides: Partial<RequestFile> = {}): RequestFile {
  return { formatVersion: 3, name: method, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: `${BENCH}/${method}`, metadata: [], messages: [body], assertions: [], ...overrides };
}

describe('runSavedRequest: a saved request run from the app as ferry run runs it', () => {
  let server: BenchServer;
  let engine: Engine;
  let root: string;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  async function workspace(requests: Record<string, RequestFile>, options: { dataDir?: string } = {}): Promise<void> {
    root = tempDir('ferry-saved-run-');
    mkdirSync(join(root, 'environments'));
    const variables = [{ name: 'host', value: server.target, secret: false }, { name: 'token', secret: true }];
    writeFileSync(join(root, 'environments', 'local.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    for (const [path, file] of Object.entries(requests)) writeFileSync(join(root, path), serializeRequestFile(file));
    engine = createEngine({ secrets: { get: (name) => (name === 'token' ? 's3cret-value' : undefined), hint: () => 'set FERRY_VAR_TOKEN' }, ...options });
    unwrap(await engine.openWorkspace(root));
  }

  it('checks assertions with the implied OK, takes captures, and uses captured values the caller hands back', async () => {
    const dataDir = tempDir('ferry-data-');
    await workspace(
      {
        'create.ferry.json': request('Echo', '{"message": "order-7"}', { captures: [{ variable: 'orderId', from: 'jsonPath', path: '$.message', secret: false }] }),
        'get.ferry.json': request('Echo', '{"message": "got {{orderId}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'got order-7' }] }),
      },
      { dataDir },
    );
    const created = unwrap(await engine.runSavedRequest({ path: 'create.ferry.json', variables: { environment: 'local' }, runId: 'r1' }));
    expect(created).toMatchObject({ target: server.target, status: { name: 'OK' }, responses: 1, passed: true });
    expect(created.assertions.map((a) => a.description)).toEqual(['status is OK']);
    expect(created.captures.map((c) => c.value)).toEqual(['order-7']);

    const captured = [{ name: 'orderId', value: created.captures[0]!.value, secret: false }];
    const got = unwrap(await engine.runSavedRequest({ path: 'get.ferry.json', variables: { environment: 'local', captured }, runId: 'r2' }));
    expect(got.passed).toBe(true);
    // Both calls are in the history, as a Send's would be.
    await waitUntil(async () => unwrap(await engine.listHistory({})), (entries) => entries.length === 2, { what: 'both runs in the history' });
  });

  it("reaches the file's server through the front end's proxy, which a request file does not carry", async () => {
    const proxy = await startConnectProxy({ credentials: 'ada:pr0xy' });
    try {
      await workspace({ 'echo.ferry.json': request('Echo', '{"message": "proxied"}') });
      const through = { path: 'echo.ferry.json', variables: { environment: 'local' } };
      const run = unwrap(await engine.runSavedRequest({ ...through, runId: 'r1', transport: { proxy: `http://ada:pr0xy@127.0.0.1:${proxy.port}` } }));
      expect(run).toMatchObject({ status: { name: 'OK' }, passed: true });
      expect(proxy.tunnels).toEqual([server.target]);
      const refused = unwrap(await engine.runSavedRequest({ ...through, runId: 'r2', transport: { proxy: proxy.url } }));
      expect(refused.passed).toBe(false);
      // The schema comes by reflection, so the refusal comes as the connection opens, before any call.
      expect(refused.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('407 Proxy Authentication Required') });
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('answers the last responses as ProtoJSON when asked, all of them or the last few', async () => {
    await workspace({ 'stream.ferry.json': request('ServerStream', '{"count": 4}') });
    const run = async (options: { responses?: boolean; lastResponses?: number }) => unwrap(await engine.runSavedRequest({ path: 'stream.ferry.json', variables: { environment: 'local' }, runId: 'r', ...options }));
    const indexes = (answered: Awaited<ReturnType<typeof run>>) => answered.responseMessages?.map((m) => (m as { index?: number }).index ?? 0);
    expect((await run({})).responseMessages).toBeUndefined();
    const last = await run({ lastResponses: 1 });
    expect(last.responses).toBe(4);
    expect(indexes(last)).toEqual([3]);
    expect(indexes(await run({ lastResponses: 9 }))).toEqual([0, 1, 2, 3]);
    expect(indexes(await run({ responses: true, lastResponses: 1 }))).toEqual([0, 1, 2, 3]);
  });

  it('loads the schema from .proto files relative to the workspace root', async () => {
    await workspace({ 'proto.ferry.json': request('ClientStream', '{"message": "a"}', { schema: { kind: 'proto-files', files: ['protos'], importPaths: ['protos'] }, messages: ['{"message": "a"}', '{"message": "b"}'] }) });
    cpSync(BENCH_PROTO_ROOT, join(root, 'protos'), { recursive: true });
    const run = unwrap(await engine.runSavedRequest({ path: 'proto.ferry.json', variables: { environment: 'local' }, runId: 'r1' }));
    expect(run.error).toBeUndefined();
    expect(run.status?.name).toBe('OK');
  });

  it('answers what went wrong as the run\'s error, with no secret value in its words', async () => {
    await workspace({
      'unknown.ferry.json': request('Echo', '{"message": "{{nope}}"}'),
      'leaky.ferry.json': request('Echo', '{"message": "token={{token}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'other' }] }),
    });
    const unknown = unwrap(await engine.runSavedRequest({ path: 'unknown.ferry.json', variables: { environment: 'local' }, runId: 'r1' }));
    expect(unknown).toMatchObject({ passed: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('unknown variable {{nope}} in messages[0] of unknown.ferry.json') } });
    const leaky = unwrap(await engine.runSavedRequest({ path: 'leaky.ferry.json', variables: { environment: 'local' }, runId: 'r2' }));
    expect(leaky.assertions[1]?.failure).toBe('got "token=***"');
    expect(JSON.stringify(leaky)).not.toContain('s3cret-value');
    expect(await engine.runSavedRequest({ path: '../outside.ferry.json', variables: {}, runId: 'r3' })).toMatchObject({ ok: true, value: { error: { code: 'BAD_INPUT' } } });  });

  it('places a body that does not fit its type at the field in the request file, naming the message of a stream', async () => {
    await workspace({
      'typo.ferry.json': request('Echo', '{\n  "message": "hi",\n  "mesage": "typo"\n}'),
      'stream.ferry.json': request('ClientStream', '', { messages: ['{"message": "a"}', '{"message": 5}'] }),
    });
    const typo = unwrap(await engine.runSavedRequest({ path: 'typo.ferry.json', variables: { environment: 'local' }, runId: 'r1' }));
    const line = readFileSync(join(root, 'typo.ferry.json'), 'utf8').split('\n').findIndex((text) => text.includes('"mesage"')) + 1;
    expect(typo.error).toMatchObject({ code: 'BAD_INPUT', details: { file: 'typo.ferry.json', line, column: 7, fieldPath: 'mesage' } });
    const stream = unwrap(await engine.runSavedRequest({ path: 'stream.ferry.json', variables: { environment: 'local' }, runId: 'r2' }));
    expect(stream.error?.message).toMatch(/^message 2 of 2: message: /);
    expect(stream.error?.details).toMatchObject({ file: 'stream.ferry.json', fieldPath: 'message' });
  });

  it('cancels the call of a running run; cancelling a run that is not running does nothing', async () => {
    await workspace({ 'slow.ferry.json': request('Slow', '{"delayMs": 30000}') });
    const { cancelled, calls } = server.stats;
    const running = engine.runSavedRequest({ path: 'slow.ferry.json', variables: { environment: 'local' }, runId: 'r1' });
    await waitUntil(() => server.stats.calls, (n) => n > calls, { what: 'the slow call to reach the server' });
    unwrap(await engine.cancelSavedRequest('r1'));
    expect(unwrap(await running)).toMatchObject({ passed: false, status: { name: 'CANCELLED' } });
    await waitUntil(() => server.stats.cancelled, (n) => n > cancelled, { what: 'the server to see the cancellation' });
    unwrap(await engine.cancelSavedRequest('no-such-run'));
  });
});
