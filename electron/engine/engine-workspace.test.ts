import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { RequestFile } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { serializeEnvironmentFile } from './workspace';
import { unwrap } from '../../shared/errors';
import { tempDir } from '../../tests/kit/temp-dir';
import { waitUntil } from '../../tests/kit/until';

async function errorCode(result: Promise<{ ok: boolean; error?: { code: string } }>): Promise<string | undefined> {
  return (await result).error?.code;
}

function request(overrides: Partial<RequestFile> = {}): RequestFile {
  return {
    formatVersion: 1,
    name: 'Echo',
    target: '{{host}}',
    tls: { mode: 'plaintext' },
    schema: { kind: 'reflection' },
    method: 'ferry.testing.v1.Bench/Echo',
    metadata: [],
    messages: ['{"message": "hi"}'],
    assertions: [{ type: 'status', status: 'OK' }],
    ...overrides,
  };
}

function writeEnvironment(root: string, name: string, host: string): void {
  mkdirSync(join(root, 'environments'), { recursive: true });
  writeFileSync(join(root, 'environments', `${name}.ferry-env.json`), serializeEnvironmentFile({ formatVersion: 1, variables: [{ name: 'host', value: host, secret: false }] }));
}

describe('engine workspace commands (real temp folders)', () => {
  let engine: Engine;
  afterEach(() => engine?.dispose());

  it('saves, lists, renames and deletes requests inside the open workspace', async () => {
    engine = createEngine();
    const root = tempDir();
    expect(await errorCode(engine.saveRequest('a.ferry.json', request(), {}))).toBe('FAILED_PRECONDITION');
    expect((unwrap(await engine.openWorkspace(root))).requests).toEqual([]);
    const stamp = unwrap(await engine.saveRequest('echo/hello.ferry.json', request(), {}));
    const snapshot = unwrap(await engine.openWorkspace(root));
    expect(snapshot.requests.map((r) => [r.relativePath, r.file.name, r.stamp.hash])).toEqual([['echo/hello.ferry.json', 'Echo', stamp.hash]]);

    unwrap(await engine.renameRequest('echo/hello.ferry.json', 'other/hi.ferry.json'));
    expect(existsSync(join(root, 'other/hi.ferry.json'))).toBe(true);
    unwrap(await engine.deleteRequest('other/hi.ferry.json'));
    expect((unwrap(await engine.openWorkspace(root))).requests).toEqual([]);
    expect(await errorCode(engine.deleteRequest('other/hi.ferry.json'))).toBe('NOT_FOUND');
  });

  it('refuses to write a request that would not read back, naming the field, and writes nothing', async () => {
    engine = createEngine();
    const root = tempDir();
    unwrap(await engine.openWorkspace(root));
    const bad = { ...request(), captures: [{ variable: '2nd', from: 'jsonPath' as const, path: '$.id', secret: false }] };
    const saved = await engine.saveRequest('bad.ferry.json', bad, {});
    expect(saved.ok || saved.error).toMatchObject({ code: 'BAD_INPUT', details: { fieldPath: 'captures[0].variable' }, message: expect.stringContaining('"2nd" is not a valid variable name') });
    expect(existsSync(join(root, 'bad.ferry.json'))).toBe(false);
  });

  it('refuses paths that escape the workspace or are not request files', async () => {
    engine = createEngine();
    unwrap(await engine.openWorkspace(tempDir()));
    expect(await errorCode(engine.saveRequest('../evil.ferry.json', request(), {}))).toBe('BAD_INPUT');
    expect(await errorCode(engine.saveRequest('/etc/evil.ferry.json', request(), {}))).toBe('BAD_INPUT');
    expect(await errorCode(engine.saveRequest('notes.txt', request(), {}))).toBe('BAD_INPUT');
    expect(await errorCode(engine.openWorkspace(join(tempDir(), 'missing')))).toBe('BAD_INPUT');
  });

  it('does not save, rename or delete through a symbolic link that leads out of the workspace', async () => {
    engine = createEngine();
    const root = tempDir();
    const outside = tempDir('ferry-outside-');
    writeFileSync(join(outside, 'kept.ferry.json'), 'outside');
    symlinkSync(outside, join(root, 'escape'));
    unwrap(await engine.openWorkspace(root));
    unwrap(await engine.saveRequest('inside.ferry.json', request(), {}));
    expect(await errorCode(engine.saveRequest('escape/evil.ferry.json', request(), {}))).toBe('BAD_INPUT');
    expect(await errorCode(engine.saveRequest('escape/sub/evil.ferry.json', request(), {}))).toBe('BAD_INPUT');
    expect(await errorCode(engine.renameRequest('inside.ferry.json', 'escape/moved.ferry.json'))).toBe('BAD_INPUT');
    expect(await errorCode(engine.renameRequest('escape/kept.ferry.json', 'stolen.ferry.json'))).toBe('BAD_INPUT');
    expect(await errorCode(engine.deleteRequest('escape/kept.ferry.json'))).toBe('BAD_INPUT');
    expect(readdirSync(outside)).toEqual(['kept.ferry.json']);
    expect(readFileSync(join(outside, 'kept.ferry.json'), 'utf8')).toBe('outside');
  });

  it('removes temp files a crash left behind when a workspace is opened', async () => {
    engine = createEngine();
    const root = tempDir();
    mkdirSync(join(root, 'orders'));
    const leftover = join(root, 'orders', '.get.ferry.json.0123456789ab.ferry-tmp');
    const fresh = join(root, '.new.ferry.json.ba9876543210.ferry-tmp');
    const notOurs = join(root, 'notes.ferry-tmp');
    for (const path of [leftover, fresh, notOurs]) writeFileSync(path, 'partial');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, anHourAgo, anHourAgo);
    utimesSync(notOurs, anHourAgo, anHourAgo);
    unwrap(await engine.openWorkspace(root));
    expect(existsSync(leftover)).toBe(false);
    // A fresh one may be another window's save in progress; a file we did not name is not ours to delete.
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
  });

  it('answers CONFLICT when the file changed on disk, and overwrites only when asked', async () => {
    engine = createEngine();
    const root = tempDir();
    unwrap(await engine.openWorkspace(root));
    const first = unwrap(await engine.saveRequest('r.ferry.json', request(), {}));
    expect(await errorCode(engine.saveRequest('r.ferry.json', request(), {}))).toBe('CONFLICT');
    writeFileSync(join(root, 'r.ferry.json'), JSON.stringify(request({ name: 'edited elsewhere' })));
    expect(await errorCode(engine.saveRequest('r.ferry.json', request({ name: 'mine' }), { expectedHash: first.hash }))).toBe('CONFLICT');
    unwrap(await engine.saveRequest('r.ferry.json', request({ name: 'mine' }), { expectedHash: first.hash, overwrite: true }));
    expect((unwrap(await engine.openWorkspace(root))).requests[0]?.file.name).toBe('mine');
  });

  it('resolves the target per environment and copies and imports grpcurl commands', async () => {
    engine = createEngine();
    const root = tempDir();
    writeEnvironment(root, 'local', 'localhost:50051');
    writeEnvironment(root, 'staging', 'staging.example.com:443');
    const snapshot = unwrap(await engine.openWorkspace(root));
    expect(snapshot.environments.map((e) => e.name)).toEqual(['local', 'staging']);
    expect(unwrap(await engine.resolveTarget(request(), { environment: 'local' }))).toBe('localhost:50051');
    expect(unwrap(await engine.resolveTarget(request(), { environment: 'staging' }))).toBe('staging.example.com:443');
    expect(await errorCode(engine.resolveTarget(request(), {}))).toBe('BAD_INPUT');

    const command = unwrap(await engine.copyAsGrpcurl(request(), { environment: 'local' }));
    expect(command).toContain('localhost:50051 ferry.testing.v1.Bench/Echo');
    const imported = unwrap(await engine.importGrpcurl(command));
    expect(imported).toMatchObject({ target: 'localhost:50051', method: 'ferry.testing.v1.Bench/Echo', messages: ['{"message": "hi"}'] });
    expect(await errorCode(engine.importGrpcurl('curl http://x'))).toBe('BAD_INPUT');
  });

  it('copies a request whose schema is a folder as grpcurl and buf curl commands naming its files', async () => {
    engine = createEngine();
    const root = tempDir();
    for (const name of ['acme/v1/b.proto', 'acme/v1/a.proto']) {
      mkdirSync(join(root, 'protos', 'acme', 'v1'), { recursive: true });
      writeFileSync(join(root, 'protos', name), 'syntax = "proto3";\n');
    }
    unwrap(await engine.openWorkspace(root));
    const folder = request({ target: 'localhost:50051', schema: { kind: 'proto-files', files: ['protos'], importPaths: ['protos'] } });
    const grpcurl = unwrap(await engine.copyAsGrpcurl(folder, {}));
    expect(grpcurl).toContain("-import-path protos \\\n  -proto protos/acme/v1/a.proto \\\n  -proto protos/acme/v1/b.proto \\\n");
    const buf = unwrap(await engine.copyAsGrpcurl({ ...folder, protocol: 'connect' }, {}));
    expect(buf).toContain('--schema protos/acme/v1/a.proto \\\n  --schema protos/acme/v1/b.proto');
    const empty = request({ schema: { kind: 'proto-files', files: ['environments'], importPaths: [] } });
    mkdirSync(join(root, 'environments'));
    expect(await errorCode(engine.copyAsGrpcurl(empty, {}))).toBe('BAD_INPUT');
  });

  it('reports external changes as workspace.changed events', async () => {
    engine = createEngine();
    const root = tempDir();
    unwrap(await engine.openWorkspace(root));
    const changed = new Promise<FerryEvent>((resolve) => engine.onEvent((event) => event.type === 'workspace.changed' && resolve(event)));
    writeFileSync(join(root, 'x.ferry.json'), JSON.stringify(request()));
    expect(await changed).toEqual({ type: 'workspace.changed', root, paths: [join(root, 'x.ferry.json')] });
  });
});

describe('engine call history (real bench server)', () => {
  let server: BenchServer;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  it('records each call with status and redacted metadata when a data folder is set', async () => {
    engine = createEngine({ dataDir: tempDir('ferry-data-') });
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const appended = new Promise<string>((resolve) => engine.onEvent((event) => event.type === 'history.changed' && event.entryId !== undefined && resolve(event.entryId)));
    const metadata = [{ key: 'authorization', value: 'Bearer s3cret' }];
    unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata, body: '{"message":"history please"}' }));
    // The event comes once the entry is on disk: listing right after it finds the entry, with no polling.
    const entryId = await appended;
    const [entry] = unwrap(await engine.listHistory({ query: 'history please' }));
    expect(entry?.id).toBe(entryId);
    expect(entry).toMatchObject({ method: 'ferry.testing.v1.Bench/Echo', target: server.target, status: { name: 'OK' }, response: { messageCount: 1 } });
    expect(entry?.request.metadata).toEqual([{ key: 'authorization', value: '***' }]);
    expect(entry?.response.messages[0]).toContain('history please');
    expect(unwrap(await engine.listHistory({ query: 'nothing-matches-this' }))).toEqual([]);

    const cleared = new Promise<FerryEvent>((resolve) => engine.onEvent((event) => event.type === 'history.changed' && resolve(event)));
    unwrap(await engine.clearHistory());
    expect(await cleared).toEqual({ type: 'history.changed' });
    expect(unwrap(await engine.listHistory({}))).toEqual([]);
  });

  it('writes the last calls before close resolves, so a shutdown right after a call loses none', async () => {
    const dataDir = tempDir('ferry-data-');
    engine = createEngine({ dataDir });
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const ended = new Promise<void>((resolve) =>
      engine.onEvent((event) => event.type === 'call.events' && event.events.some((e) => e.type === 'call.ended') && resolve()),
    );
    unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"last before quit"}' }));
    await ended;
    // The entry's batch waits 20 ms for others to join it; closing must not leave it unwritten.
    await engine.close();
    expect(readFileSync(join(dataDir, 'history.jsonl'), 'utf8')).toContain('last before quit');
  });

  it('keeps as many response bodies of a stream as the history store keeps, and the full count', async () => {
    engine = createEngine({ dataDir: tempDir('ferry-data-') });
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body: '{"message":"many","count":7}' }));
    const [entry] = await waitUntil(async () => unwrap(await engine.listHistory({})), (entries) => entries.length === 1, { what: 'the stream in the history' });
    expect(entry?.response.messageCount).toBe(7);
    expect(entry?.response.messages.map((m) => (JSON.parse(m) as { index?: number }).index ?? 0)).toEqual([0, 1, 2, 3, 4]);
  });

  it('checks assertions against a finished call, one result per assertion', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const ended = new Promise<void>((resolve) =>
      engine.onEvent((event) => event.type === 'call.events' && event.events.some((e) => e.type === 'call.ended') && resolve()),
    );
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"checked"}' }));
    await ended;
    const results = unwrap(await 
      engine.checkAssertions(
        [
          { type: 'jsonPath', path: '$.message', op: 'equals', expected: 'checked' },
          { type: 'jsonPath', path: '$.message', op: 'equals', expected: 'other' },
          { type: 'messageCount', count: 1 },
        ],
        callId,
      ),
    );
    expect(results.map((r) => [r.passed, r.failure])).toEqual([
      [true, undefined],
      [false, 'got "checked"'],
      [true, undefined],
    ]);
    expect(await errorCode(engine.checkAssertions([], 'no-such-call'))).toBe('NOT_FOUND');
  });

  it('keeps no history without a data folder', async () => {
    engine = createEngine();
    expect(unwrap(await engine.listHistory({}))).toEqual([]);
  });
});
