import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnvironmentFile } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { unwrap } from '../../shared/errors';
import { findWorkspaceRoot } from './workspace';
import { tempDir } from '../../tests/kit/temp-dir';
import { sampleRequest } from './workspace/workspace-test-kit';

async function failure(result: Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<{ code: string; message: string } | undefined> {
  return (await result).error;
}

const LOCAL: EnvironmentFile = {
  formatVersion: 1,
  variables: [
    { name: 'host', value: 'localhost:50051', secret: false },
    { name: 'size', value: 3, secret: false },
    // A value handed in for a secret is never written.
    { name: 'token', value: 'typed-by-mistake', secret: true },
  ],
};

describe('environments, manifests and picked files through the engine (real temp folders)', () => {
  let engine: Engine;
  afterEach(() => engine?.dispose());

  it('creates, edits and deletes an environment, never writing a secret value', async () => {
    engine = createEngine();
    const root = tempDir();
    unwrap(await engine.openWorkspace(root));
    const stamp = unwrap(await engine.saveEnvironment('local', LOCAL, {}));
    const path = join(root, 'environments', 'local.ferry-env.json');
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('typed-by-mistake');
    expect(JSON.parse(text).variables).toEqual([{ name: 'host', value: 'localhost:50051' }, { name: 'size', value: 3 }, { name: 'token', secret: true }]);
    expect(unwrap(await engine.openWorkspace(root)).environments.map((e) => e.name)).toEqual(['local']);

    // Saving as new over an existing file, or with a stale stamp, is a conflict; the right stamp saves.
    expect((await failure(engine.saveEnvironment('local', LOCAL, {})))?.code).toBe('CONFLICT');
    const edited = { ...LOCAL, variables: [{ name: 'host', value: 'staging:443', secret: false }] };
    unwrap(await engine.saveEnvironment('local', edited, { expectedHash: stamp.hash }));
    expect((await failure(engine.saveEnvironment('local', LOCAL, { expectedHash: stamp.hash })))?.code).toBe('CONFLICT');
    expect(JSON.parse(readFileSync(path, 'utf8')).variables).toEqual([{ name: 'host', value: 'staging:443' }]);

    unwrap(await engine.deleteEnvironment('local'));
    expect(existsSync(path)).toBe(false);
    expect((await failure(engine.deleteEnvironment('local')))?.code).toBe('NOT_FOUND');
  });

  it('refuses environments ferry run could not read back, and names outside the folder', async () => {
    engine = createEngine();
    const root = tempDir();
    unwrap(await engine.openWorkspace(root));
    const twice = { formatVersion: 1, variables: [LOCAL.variables[0]!, LOCAL.variables[0]!] };
    expect(await failure(engine.saveEnvironment('local', twice, {}))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('"host" is defined twice') });
    const badName = { formatVersion: 1, variables: [{ name: '1st', value: 1, secret: false }] };
    expect(await failure(engine.saveEnvironment('local', badName, {}))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('"1st" is not a valid variable name') });
    expect((await failure(engine.saveEnvironment('../up', LOCAL, {})))?.code).toBe('BAD_INPUT');
    expect((await failure(engine.saveEnvironment('.hidden', LOCAL, {})))?.code).toBe('BAD_INPUT');
    const outside = tempDir('ferry-outside-');
    symlinkSync(outside, join(root, 'environments'));
    expect((await failure(engine.saveEnvironment('local', LOCAL, {})))?.code).toBe('BAD_INPUT');
    expect(existsSync(join(outside, 'local.ferry-env.json'))).toBe(false);
  });

  it('makes a folder a workspace on request, or on its first save, so ferry run finds its root', async () => {
    engine = createEngine();
    const asked = tempDir();
    const snapshot = unwrap(await engine.createWorkspace(asked));
    expect(snapshot.manifest?.name).toBe(asked.split('/').at(-1));
    writeFileSync(join(asked, 'ferry.workspace.json'), '{"formatVersion": 1, "name": "kept", "defaultEnvironment": "local"}\n');
    expect(unwrap(await engine.createWorkspace(asked)).manifest).toEqual({ formatVersion: 1, name: 'kept', defaultEnvironment: 'local' });

    const saved = tempDir();
    expect(unwrap(await engine.openWorkspace(saved)).manifest).toBeUndefined();
    unwrap(await engine.saveRequest('orders/get.ferry.json', sampleRequest(), {}));
    expect(existsSync(join(saved, 'ferry.workspace.json'))).toBe(true);
    expect(findWorkspaceRoot(join(saved, 'orders', 'get.ferry.json'))).toBe(saved);
    expect((await failure(engine.createWorkspace(join(saved, 'missing'))))?.code).toBe('BAD_INPUT');
  });

  it('stages picked files in a folder of its own and answers their paths', async () => {
    engine = createEngine();
    const [proto, imported] = unwrap(
      await engine.stageFiles([
        { name: 'greeter.proto', contentBase64: Buffer.from('syntax = "proto3";').toString('base64') },
        { name: 'common/types.proto', contentBase64: Buffer.from('package common;').toString('base64') },
      ]),
    );
    expect(readFileSync(proto!, 'utf8')).toBe('syntax = "proto3";');
    expect(readFileSync(imported!, 'utf8')).toBe('package common;');
    expect(imported).toBe(join(proto!, '..', 'common', 'types.proto'));
    const again = unwrap(await engine.stageFiles([{ name: 'greeter.proto', contentBase64: '' }]));
    expect(again[0]).not.toBe(proto);
    for (const name of ['../escape.proto', '/etc/passwd', 'a/./b', '']) {
      expect((await failure(engine.stageFiles([{ name, contentBase64: '' }])))?.code).toBe('BAD_INPUT');
    }
    expect((await failure(engine.stageFiles([])))?.code).toBe('BAD_INPUT');
  });
});
