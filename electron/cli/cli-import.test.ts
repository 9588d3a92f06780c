import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../engine';
import { tempDir } from '../../tests/kit/temp-dir';
import { captureIo, runFerry } from './cli-test-kit';
import { bloomRpcDataDir, runImport } from './commands/import';

/** A BloomRPC data folder with two tabs of one service and an environment. */
function bloomRpcFolder(): string {
  const dir = tempDir('bloomrpc-');
  const tab = (method: string, key: string) => ({ protoPath: '/home/me/protos/greeter.proto', methodName: method, serviceName: 'helloworld.Greeter', tabKey: key });
  writeFileSync(
    join(dir, 'editor.json'),
    JSON.stringify({
      tabs: { activeKey: 'a', tabs: [tab('SayHello', 'a'), tab('SayHello', 'b')] },
      requests: [{ id: 'a', url: 'localhost:50051', data: '{"name": "Ada"}', metadata: '{"authorization": "Bearer s3cret"}', environment: 'staging' }],
    }),
  );
  writeFileSync(join(dir, 'environments.json'), JSON.stringify({ environments: [{ name: 'staging', url: 'staging:443', metadata: '{}' }] }));
  return dir;
}

describe('ferry import bloomrpc', () => {
  it('writes each tab as a request and each environment as a file, a workspace Ferry loads, no secret in it', async () => {
    const into = tempDir('ferry-import-');
    const { io, captured } = captureIo();
    expect(await runImport(['bloomrpc', bloomRpcFolder(), '--into', into], io)).toBe(0);
    expect(captured.out).toContain('imported 2 request(s) and 1 environment(s)');
    expect(captured.out).toContain('  bloomrpc/greeter-sayhello.ferry.json\n  bloomrpc/greeter-sayhello-2.ferry.json\n  environments/staging.ferry-env.json\n  ferry.workspace.json\n');
    expect(captured.err).toContain('ferry import: warning: helloworld.Greeter.SayHello: the value of authorization is a secret and was not written');
    const snapshot = await loadWorkspace(into);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.manifest?.name).toBe(basename(into));
    expect(snapshot.requests.map((r) => [r.relativePath, r.file.target, r.file.metadata[0]?.value])).toEqual([
      ['bloomrpc/greeter-sayhello-2.ferry.json', 'localhost:50051', undefined],
      ['bloomrpc/greeter-sayhello.ferry.json', '{{url}}', 'Bearer {{authorization}}'],
    ]);
    expect(snapshot.environments[0]?.file.variables).toContainEqual({ name: 'authorization', secret: true });
    const everything = snapshot.requests.map((r) => readFileSync(r.path, 'utf8')).join('') + readFileSync(join(into, 'environments', 'staging.ferry-env.json'), 'utf8');
    expect(everything).not.toContain('s3cret');
  });

  it('writes nothing when a name is taken, and says which', async () => {
    const into = tempDir('ferry-import-');
    mkdirSync(join(into, 'environments'));
    writeFileSync(join(into, 'environments', 'staging.ferry-env.json'), 'mine');
    await expect(runImport(['bloomrpc', bloomRpcFolder(), '--into', into], captureIo().io)).rejects.toMatchObject({
      error: { code: 'BAD_INPUT', message: expect.stringContaining('nothing was written: environments/staging.ferry-env.json already exists') },
    });
    expect(existsSync(join(into, 'bloomrpc'))).toBe(false);
    expect(readFileSync(join(into, 'environments', 'staging.ferry-env.json'), 'utf8')).toBe('mine');
  });

  it('says when the folder holds no BloomRPC files, refuses another source, and knows where BloomRPC kept its data', async () => {
    await expect(runImport(['bloomrpc', tempDir(), '--into', tempDir()], captureIo().io)).rejects.toMatchObject({ error: { code: 'IO_ERROR', message: expect.stringContaining('no BloomRPC editor.json') } });
    await expect(runImport(['postman'], captureIo().io)).rejects.toMatchObject({ error: { code: 'BAD_INPUT' } });
    expect(bloomRpcDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/BloomRPC');
    expect(bloomRpcDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toMatch(/BloomRPC$/);
    expect(bloomRpcDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/BloomRPC$/);
  });

  it('is a command of the ferry binary, listed in its help', async () => {
    expect((await runFerry(['import', '--help'])).stdout).toContain('Usage: ferry import bloomrpc [DIR] [--into WORKSPACE]');
    expect((await runFerry(['--help'])).stdout).toContain('ferry import   bloomrpc [DIR]');
  });
});
