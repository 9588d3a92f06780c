/** A workspace's mock responses through the engine: listed with their text, saved with conflicts checked, deleted, kept inside the folder. */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/errors';
import { tempDir } from '../../tests/kit/temp-dir';
import { createEngine, type Engine } from './create-engine';

const RESPONSES = '{\n  "acme.v1.Orders/Get": { "response": { "id": "o-1" } }\n}\n';

let engine: Engine;
afterEach(() => engine?.dispose());

async function openWorkspace(files: Record<string, string> = {}) {
  const root = tempDir('ferry-mock-files-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  engine = createEngine({ watchWorkspace: false });
  return { root, snapshot: unwrap(await engine.openWorkspace(root)) };
}

describe('mock files of a workspace', () => {
  it('lists mocks/*.ferry-mock.json with their text, and names one that is not a JSON object while still listing it', async () => {
    const { snapshot, root } = await openWorkspace({ 'mocks/orders.ferry-mock.json': RESPONSES, 'mocks/broken.ferry-mock.json': '{\n  "a": [\n}', 'mocks/notes.txt': 'x' });
    expect(snapshot.mocks.map((mock) => [mock.name, mock.path])).toEqual([
      ['broken', join(root, 'mocks', 'broken.ferry-mock.json')],
      ['orders', join(root, 'mocks', 'orders.ferry-mock.json')],
    ]);
    expect(snapshot.mocks[1]).toMatchObject({ text: RESPONSES, stamp: { hash: expect.any(String) } });
    expect(snapshot.errors).toEqual([expect.objectContaining({ code: 'BAD_INPUT', details: expect.objectContaining({ file: join(root, 'mocks', 'broken.ferry-mock.json'), line: 3 }) })]);
  });

  it('saves a new file, refuses one already there or changed on disk since read, and overwrites when asked', async () => {
    const { root } = await openWorkspace();
    const stamp = unwrap(await engine.saveMock('orders', RESPONSES, {}));
    const path = join(root, 'mocks', 'orders.ferry-mock.json');
    expect(readFileSync(path, 'utf8')).toBe(RESPONSES);
    // A workspace that is saved into is a workspace: ferry run and ferry mock find it.
    expect(existsSync(join(root, 'ferry.workspace.json'))).toBe(true);
    const again = await engine.saveMock('orders', '{}', {});
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    writeFileSync(path, '{"changed": {}}');
    const stale = await engine.saveMock('orders', '{}', { expectedHash: stamp.hash });
    expect(!stale.ok && stale.error.message).toContain('changed on disk since it was read');
    unwrap(await engine.saveMock('orders', '{}', { overwrite: true }));
    expect(readFileSync(path, 'utf8')).toBe('{}');
  });

  it('refuses text that is not a JSON object, a name that leaves the folder, and a mocks folder linked outside', async () => {
    const { root } = await openWorkspace();
    const notJson = await engine.saveMock('orders', '{\n  "a": }', {});
    expect(!notJson.ok && notJson.error).toMatchObject({ code: 'BAD_INPUT', details: { file: 'mocks/orders.ferry-mock.json', line: 2 } });
    const array = await engine.saveMock('orders', '[]', {});
    expect(!array.ok && array.error.message).toBe('mocks/orders.ferry-mock.json: expected a JSON object of methods and their answers');
    const escaping = await engine.saveMock('../orders', '{}', {});
    expect(!escaping.ok && escaping.error.message).toBe('"../orders" is not a mock name');
    const outside = tempDir('ferry-mock-outside-');
    symlinkSync(outside, join(root, 'mocks'));
    const linked = await engine.saveMock('orders', '{}', {});
    expect(!linked.ok && linked.error.message).toContain('through a symbolic link');
    expect(existsSync(join(outside, 'orders.ferry-mock.json'))).toBe(false);
  });

  it('deletes a mock file, and says which does not exist', async () => {
    const { root } = await openWorkspace({ 'mocks/orders.ferry-mock.json': RESPONSES });
    unwrap(await engine.deleteMock('orders'));
    expect(existsSync(join(root, 'mocks', 'orders.ferry-mock.json'))).toBe(false);
    const missing = await engine.deleteMock('orders');
    expect(!missing.ok && missing.error).toMatchObject({ code: 'NOT_FOUND', message: 'mock "orders" does not exist' });
  });
});
