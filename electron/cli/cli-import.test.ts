import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../engine';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { insomniaV4Export } from '../engine/testing/insomnia-export';
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

describe('ferry import insomnia', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  /** An export whose request calls the bench server's Echo with the .proto file it carries. */
  function exportFile(): string {
    const file = join(tempDir('insomnia-'), 'orders.json');
    const protoText = 'syntax = "proto3";\npackage ferry.testing.v1;\nmessage EchoRequest { string message = 1; }\nmessage EchoResponse { string message = 1; }\nservice Bench { rpc Echo(EchoRequest) returns (EchoResponse); }\n';
    writeFileSync(file, insomniaV4Export({ protoText, method: '/ferry.testing.v1.Bench/Echo', body: '{"message": "for {{ _.tenant }}"}', staging: { host: server.target } }));
    return file;
  }

  it('writes a workspace that ferry run runs as it is: folders, environments, the .proto file, no secret in it', async () => {
    const into = tempDir('ferry-import-');
    const { io, captured } = captureIo();
    expect(await runImport(['insomnia', exportFile(), '--into', into], io)).toBe(0);
    expect(captured.out).toContain('imported 1 request(s) and 1 environment(s)');
    expect(captured.out).toContain('  insomnia/orders-api/users/admin-tools/get-user.ferry.json\n  environments/staging.ferry-env.json\n  protos/proto/users.proto\n  ferry.workspace.json\n');
    expect(captured.err).toContain('ferry import: warning: 1 request(s) that are not gRPC');
    const snapshot = await loadWorkspace(into);
    expect(snapshot.errors).toEqual([]);
    const written = [...snapshot.requests.map((r) => readFileSync(r.path, 'utf8')), readFileSync(join(into, 'environments', 'staging.ferry-env.json'), 'utf8')].join('');
    expect(written).not.toContain('abc.def.ghi');
    expect(written).not.toContain('k-123');

    const run = await runFerry(['run', into, '--env', 'staging', '--reporter', 'json'], { env: { FERRY_VAR_AUTHORIZATION: 'Bearer-less token', FERRY_VAR_APIKEY: 'unused' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).requests.map((r: { name: string; passed: boolean }) => [r.name, r.passed])).toEqual([['Get user', true]]);
  });

  it('reads a v5 YAML export through the ferry binary, which loads the YAML parser from node_modules', async () => {
    const dir = tempDir('insomnia-');
    const yaml = ['type: collection.insomnia.rest/5.0', 'name: Payments', 'collection:', '  - url: grpcs://payments.example.com:443', '    name: Create refund', '    protoMethodName: /payments.v1.Refunds/Create', '    reflectionApi:', '      enabled: false'];
    writeFileSync(join(dir, 'payments.yaml'), `${yaml.join('\n')}\n`);
    const run = await runFerry(['import', 'insomnia', join(dir, 'payments.yaml'), '--into', join(dir, 'out')]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'out', 'insomnia', 'payments', 'create-refund.ferry.json'), 'utf8'))).toMatchObject({ target: 'payments.example.com:443', tls: { mode: 'tls' }, method: 'payments.v1.Refunds/Create' });
  });

  it('names a file it cannot read or that is no export, and needs a file', async () => {
    await expect(runImport(['insomnia', '/nonexistent/x.json'], captureIo().io)).rejects.toMatchObject({ error: { code: 'IO_ERROR', message: expect.stringContaining('cannot read /nonexistent/x.json') } });
    const notExport = join(tempDir(), 'x.json');
    writeFileSync(notExport, '{"info": {}}');
    await expect(runImport(['insomnia', notExport, '--into', tempDir()], captureIo().io)).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('is not an Insomnia export') } });
    await expect(runImport(['insomnia'], captureIo().io)).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('insomnia FILE') } });
  });
});
