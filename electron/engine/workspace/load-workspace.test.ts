import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFerryError } from '../../../shared/errors';
import { CONFLICT, hashText, saveEnvironment, saveManifest, saveRequest } from './checked-save';
import { exportCollection } from './export-collection';
import { serializeRequestFile } from './formats/request-file';
import { findWorkspaceRoot, loadWorkspace } from './load-workspace';
import { createEnvSecretStore } from './secret-store';
import { resolveRequest } from './resolve-request';
import { sampleEnvironment, sampleRequest } from './workspace-test-kit';
import { tempDir } from '../../../tests/kit/temp-dir';

function write(root: string, relative: string, text: string): string {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Every file below `dir`, recursively, with its text. */
function allFiles(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

describe('loadWorkspace', () => {
  it('loads the good files, reports the corrupt one with file and line, and sorts in run order', async () => {
    const root = tempDir();
    write(root, 'ferry.workspace.json', '{\n  "formatVersion": 1,\n  "name": "Demo"\n}\n');
    write(root, 'b/second.ferry.json', serializeRequestFile(sampleRequest({ name: 'b2', order: undefined })));
    write(root, 'b/first.ferry.json', serializeRequestFile(sampleRequest({ name: 'b1', order: 1 })));
    write(root, 'a/z.ferry.json', serializeRequestFile(sampleRequest({ name: 'a', order: undefined })));
    write(root, 'root.ferry.json', serializeRequestFile(sampleRequest({ name: 'root', order: undefined })));
    const broken = write(root, 'b/broken.ferry.json', '{\n  "formatVersion": 1,\n  "name": "x"\n  "target": "y"\n}\n');
    write(root, '.git/objects/x.ferry.json', 'not json');
    write(root, 'b/.second.ferry.json.abc.ferry-tmp', 'half a file');
    write(root, 'environments/local.ferry-env.json', '{"formatVersion": 1, "variables": []}');
    write(root, 'environments/bad.ferry-env.json', '[');

    const snapshot = await loadWorkspace(root);
    expect(snapshot.manifest?.name).toBe('Demo');
    expect(snapshot.requests.map((r) => r.relativePath)).toEqual(['root.ferry.json', 'a/z.ferry.json', 'b/first.ferry.json', 'b/second.ferry.json']);
    expect(snapshot.requests.map((r) => r.collection)).toEqual(['', 'a', 'b', 'b']);
    expect(snapshot.environments.map((e) => e.name)).toEqual(['local']);
    expect(snapshot.errors).toHaveLength(2);
    const requestError = snapshot.errors.find((e) => e.details?.file === broken)!;
    expect(requestError.details?.line).toBe(4);
    expect(describeFerryError(requestError)).toContain(`${broken}:4:3`);
  });

  it('finds the workspace root above a collection folder', () => {
    const root = tempDir();
    write(root, 'ferry.workspace.json', '{"formatVersion":1,"name":"x"}');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    expect(findWorkspaceRoot(join(root, 'a', 'b'))).toBe(root);
  });
});

describe('saving', () => {
  it('saves a new file, then refuses to overwrite a file changed on disk since it was read', async () => {
    const root = tempDir();
    const path = join(root, 'greet.ferry.json');
    const created = await saveRequest(path, sampleRequest());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.hash).toBe(hashText(readFileSync(path)));

    expect((await saveRequest(path, sampleRequest())).ok).toBe(false); // exists, and nobody read it

    const edited = await saveRequest(path, sampleRequest({ name: 'v2' }), { expectedHash: created.value.hash });
    expect(edited.ok).toBe(true);
    writeFileSync(path, serializeRequestFile(sampleRequest({ name: 'changed by git pull' })));
    const stale = await saveRequest(path, sampleRequest({ name: 'v3' }), { expectedHash: edited.ok ? edited.value.hash : '' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe(CONFLICT);
      expect(stale.error.message).toContain('changed on disk since it was read');
    }
    expect(readFileSync(path, 'utf8')).toContain('changed by git pull');
  });

  it('detects a change by modification time when no hash is given', async () => {
    const path = join(tempDir(), 'greet.ferry.json');
    await saveRequest(path, sampleRequest());
    const { mtimeMs } = statSync(path);
    expect((await saveRequest(path, sampleRequest({ name: 'ok' }), { expectedMtimeMs: mtimeMs })).ok).toBe(true);
    expect((await saveRequest(path, sampleRequest({ name: 'late' }), { expectedMtimeMs: mtimeMs - 5000 })).ok).toBe(false);
  });

  it('never writes a secret value into any workspace file', async () => {
    const root = tempDir();
    const secret = 'sk_live_do_not_commit_4242';
    const secrets = createEnvSecretStore({ FERRY_VAR_TOKEN: secret });
    const environment = sampleEnvironment();
    // A caller holding the resolved value by mistake: the serializer must still drop it.
    environment.variables = environment.variables.map((v) => (v.secret ? { ...v, value: secret } : v));
    await saveManifest(join(root, 'ferry.workspace.json'), { formatVersion: 1, name: 'Demo', defaultEnvironment: 'local' });
    mkdirSync(join(root, 'environments'));
    await saveEnvironment(join(root, 'environments', 'local.ferry-env.json'), environment);
    await saveRequest(join(root, 'greet.ferry.json'), sampleRequest());
    const resolved = resolveRequest(sampleRequest(), { environment: { name: 'local', file: environment }, secrets });
    expect(resolved.ok && resolved.value.metadata[0]!.value).toBe(`Bearer ${secret}`);

    const files = allFiles(root);
    expect(files.length).toBe(3);
    for (const file of files) expect(file.text, file.path).not.toContain(secret);
  });
});

describe('exportCollection', () => {
  it('copies only Ferry files, keeping the folder structure, and refuses a non-empty target', async () => {
    const root = tempDir();
    write(root, 'api/a.ferry.json', serializeRequestFile(sampleRequest()));
    write(root, 'api/deep/b.ferry.json', serializeRequestFile(sampleRequest()));
    write(root, 'api/notes.txt', 'local notes');
    write(root, 'api/.hidden.ferry.json', '{}');
    const destination = join(tempDir(), 'out');
    expect(await exportCollection(join(root, 'api'), destination)).toEqual({ ok: true, value: 2 });
    expect(existsSync(join(destination, 'deep', 'b.ferry.json'))).toBe(true);
    expect(existsSync(join(destination, 'notes.txt'))).toBe(false);
    expect(existsSync(join(destination, '.hidden.ferry.json'))).toBe(false);
    expect((await exportCollection(join(root, 'api'), destination)).ok).toBe(false);
  });
});
