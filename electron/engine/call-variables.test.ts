import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionConfig, EnvironmentFile } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { unwrap } from '../../shared/errors';
import { collectCall } from './testing/engine-test-kit';
import { serializeEnvironmentFile } from './workspace';
import { tempDir } from '../../tests/kit/temp-dir';
import { waitUntil } from '../../tests/kit/until';

const LOCAL: EnvironmentFile = {
  formatVersion: 1,
  variables: [
    { name: 'code', value: 'abc-123', secret: false },
    { name: 'greeting', value: 'hello "there"', secret: false },
    { name: 'size', value: 5, secret: false },
    { name: 'token', secret: true },
  ],
};

describe('variables on Send: the engine substitutes the named environment', () => {
  let server: BenchServer;
  let engine: Engine;
  let root: string;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  async function openWorkspace(env: EnvironmentFile, options: { dataDir?: string } = {}): Promise<void> {
    root = tempDir();
    mkdirSync(join(root, 'environments'));
    writeFileSync(join(root, 'environments', 'local.ferry-env.json'), serializeEnvironmentFile({ ...env, variables: [...env.variables, { name: 'host', value: server.target, secret: false }] }));
    engine = createEngine({ secrets: { get: (name) => (name === 'token' ? 's3cret-value' : undefined), hint: (name) => `set FERRY_VAR_${name.toUpperCase()}` }, ...options });
    unwrap(await engine.openWorkspace(root));
  }

  const config = (target: string): ConnectionConfig => ({ target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, variables: { environment: 'local' } });

  it('resolves the target, metadata and a whole-value body variable, and sends the result', async () => {
    await openWorkspace(LOCAL);
    const info = unwrap(await engine.openConnection(config('{{host}}')));
    expect(info.target).toBe(server.target);
    const { callId } = unwrap(
      await engine.startCall({
        connectionId: info.connectionId,
        method: 'ferry.testing.v1.Bench/Echo',
        metadata: [{ key: 'x-code', value: '{{code}}' }],
        body: '{"message": "{{greeting}}", "payloadSize": {{size}}}',
        variables: { environment: 'local' },
      }),
    );
    const events = await collectCall(engine, callId);
    const headers = events.find((e) => e.type === 'call.headers-received');
    expect(headers?.type === 'call.headers-received' && headers.metadata).toContainEqual({ key: 'echo-x-code', value: 'abc-123' });
    const response = JSON.parse(unwrap(await engine.getMessage(callId, 'received', 0)).json);
    expect(response.message).toBe('hello "there"');
    expect(Buffer.from(response.payload, 'base64')).toHaveLength(5);
  });

  it('resolves later messages of a stream with the environment the call started with', async () => {
    await openWorkspace(LOCAL);
    const { connectionId } = unwrap(await engine.openConnection(config('{{host}}')));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [], variables: { environment: 'local' } }));
    const done = collectCall(engine, callId);
    unwrap(await engine.sendMessage(callId, '{"message": "{{code}}"}'));
    unwrap(await engine.halfClose(callId));
    await done;
    expect(JSON.parse(unwrap(await engine.getMessage(callId, 'received', 0)).json).message).toBe('abc-123');
  });

  it('sends text as written without `variables`, and names an unknown variable and where it was used', async () => {
    await openWorkspace(LOCAL);
    const { connectionId } = unwrap(await engine.openConnection({ ...config(server.target), variables: undefined }));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message": "{{code}}"}' }));
    await collectCall(engine, callId);
    expect(JSON.parse(unwrap(await engine.getMessage(callId, 'received', 0)).json).message).toBe('{{code}}');

    const unknown = await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x', value: '{{nope}}' }], body: '{}', variables: { environment: 'local' } });
    expect(unknown.ok || unknown.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('unknown variable {{nope}} in metadata[0].value') });
    const none = await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message": "{{code}}"}', variables: {} });
    expect(none.ok || none.error).toMatchObject({ code: 'BAD_INPUT', details: { hint: expect.stringContaining('choose an Environment') } });
  });

  it('takes secrets from the engine, never the caller, and keeps them out of the history', async () => {
    const dataDir = tempDir('ferry-data-');
    await openWorkspace(LOCAL, { dataDir });
    const { connectionId } = unwrap(await engine.openConnection(config('{{host}}')));
    const { callId } = unwrap(
      await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-note', value: 'Bearer {{token}}' }], body: '{"message": "{{token}}"}', variables: { environment: 'local' } }),
    );
    const events = await collectCall(engine, callId);
    const headers = events.find((e) => e.type === 'call.headers-received');
    expect(headers?.type === 'call.headers-received' && headers.metadata).toContainEqual({ key: 'echo-x-note', value: 'Bearer s3cret-value' });
    // The entry is written just after the call ends (history appends are batched).
    const history = await waitUntil(async () => unwrap(await engine.listHistory({})), (entries) => entries.length > 0, { what: 'the call in the history' });
    expect(JSON.stringify(history)).not.toContain('s3cret-value');
    expect(history[0]?.request.metadata).toEqual([{ key: 'x-note', value: 'Bearer ***' }]);
  });

  it('takes captures from a finished call; captured values win over the environment and a secret one stays out of the history', async () => {
    const dataDir = tempDir('ferry-data-');
    await openWorkspace(LOCAL, { dataDir });
    const { connectionId } = unwrap(await engine.openConnection(config('{{host}}')));
    const first = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-session', value: 'sess-77' }], body: '{"message": "order-9"}' }));
    await collectCall(engine, first.callId);
    const captures = unwrap(
      await engine.captureValues(
        [
          { variable: 'code', from: 'jsonPath', path: '$.message', secret: false },
          { variable: 'session', from: 'header', path: 'echo-x-session', secret: true },
          { variable: 'missing', from: 'jsonPath', path: '$.nope', secret: false },
        ],
        first.callId,
      ),
    );
    expect(captures.map(({ value, failure }) => value ?? failure)).toEqual(['order-9', 'sess-77', 'nothing at $.nope']);

    const captured = [
      { name: 'code', value: captures[0]!.value, secret: false },
      { name: 'session', value: captures[1]!.value, secret: true },
    ];
    const second = unwrap(
      await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-session', value: '{{session}}' }], body: '{"message": "{{code}}"}', variables: { environment: 'local', captured } }),
    );
    await collectCall(engine, second.callId);
    expect(JSON.parse(unwrap(await engine.getMessage(second.callId, 'received', 0)).json).message).toBe('order-9');
    const history = await waitUntil(async () => unwrap(await engine.listHistory({})), (entries) => entries.length > 1, { what: 'both calls in the history' });
    expect(history[0]?.request.metadata).toEqual([{ key: 'x-session', value: '***' }]);
    expect(await engine.captureValues([], 'no-such-call')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sends the environment\'s metadata with every call and with reflection, a request\'s own entry of the same key winning', async () => {
    const guarded = await startBenchServer({ reflectionRequires: { key: 'x-tenant', value: 'abc-123' } });
    try {
      await openWorkspace({
        ...LOCAL,
        variables: [...LOCAL.variables, { name: 'guarded', value: guarded.target, secret: false }],
        metadata: [
          { key: 'x-tenant', value: '{{code}}', enabled: true },
          { key: 'x-auth', value: 'Bearer {{token}}', enabled: true },
          { key: 'x-off', value: 'not sent', enabled: false },
        ],
      });
      // Reflection behind the header works only because the environment sends it.
      const { connectionId } = unwrap(await engine.openConnection(config('{{guarded}}')));
      const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-auth', value: 'mine' }], body: '{}', variables: { environment: 'local' } }));
      const headers = (await collectCall(engine, callId)).find((e) => e.type === 'call.headers-received');
      const echoed = headers?.type === 'call.headers-received' ? headers.metadata.filter((e) => e.key.startsWith('echo-x-')) : [];
      expect(echoed).toEqual([
        { key: 'echo-x-tenant', value: 'abc-123' },
        { key: 'echo-x-auth', value: 'mine' },
      ]);
      // A request that goes without the environment's metadata sends only its own.
      const without = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-auth', value: 'mine' }], body: '{}', variables: { environment: 'local', environmentMetadata: false } }));
      const alone = (await collectCall(engine, without.callId)).find((e) => e.type === 'call.headers-received');
      expect(alone?.type === 'call.headers-received' ? alone.metadata.filter((e) => e.key.startsWith('echo-x-')) : []).toEqual([{ key: 'echo-x-auth', value: 'mine' }]);
    } finally {
      await guarded.close();
    }
  });

  it('takes a capture whose value holds a secret of its call as a secret capture', async () => {
    await openWorkspace(LOCAL);
    const { connectionId } = unwrap(await engine.openConnection(config('{{host}}')));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [{ key: 'x-auth', value: 'Bearer {{token}}' }], body: '{}', variables: { environment: 'local' } }));
    await collectCall(engine, callId);
    const [echoed, plain] = unwrap(
      await engine.captureValues(
        [
          { variable: 'echoed', from: 'header', path: 'echo-x-auth', secret: false },
          { variable: 'plain', from: 'header', path: 'content-type', secret: false },
        ],
        callId,
      ),
    );
    expect(echoed).toMatchObject({ value: 'Bearer s3cret-value', capture: { secret: true } });
    expect(plain?.capture.secret).toBe(false);
  });
});
