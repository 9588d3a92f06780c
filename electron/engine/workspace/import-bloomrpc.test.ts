import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBloomRpcFolder } from './import-bloomrpc';
import { tempDir } from '../../../tests/kit/temp-dir';


// A small fixture in the shape BloomRPC 1.5's electron-store wrote (see import-bloomrpc.ts for the subset).
const EDITOR = {
  url: '0.0.0.0:3009',
  protos: ['/home/me/protos/greeter.proto'],
  tabs: {
    activeKey: 'helloworld.Greeter.SayHello0',
    tabs: [
      { protoPath: '/home/me/protos/greeter.proto', methodName: 'SayHello', serviceName: 'helloworld.Greeter', tabKey: 'helloworld.Greeter.SayHello0' },
      { protoPath: '/home/me/protos/greeter.proto', methodName: 'SayHelloAgain', serviceName: 'helloworld.Greeter', tabKey: 'helloworld.Greeter.SayHelloAgain1' },
    ],
  },
  requests: [
    {
      id: 'helloworld.Greeter.SayHello0',
      url: 'localhost:50051',
      data: '{\n  "name": "Hello"\n}',
      metadata: '{\n  "x-team": "ferry",\n  "Authorization": "Bearer abc"\n}',
      interactive: false,
      environment: 'staging',
      tlsCertificate: { rootCert: { fileName: 'ca.pem', filePath: '/certs/ca.pem' }, certChain: { fileName: 'c.pem', filePath: '/certs/c.pem' }, privateKey: { fileName: 'c.key', filePath: '/certs/c.key' }, sslTargetHost: 'api.local' },
      createdAt: '2021-05-01T10:00:00.000Z',
    },
    { id: 'helloworld.Greeter.SayHelloAgain1', url: 'localhost:50051', data: '{}', metadata: 'not json', grpcWeb: true, createdAt: '2021-05-01T10:00:00.000Z' },
  ],
};
const ENVIRONMENTS = { environments: [{ name: 'staging', url: 'staging:443', metadata: '{"x-team": "ferry", "bad key!": "v", "x-api-key": "k-123"}', interactive: false }] };

describe('importBloomRpcFolder', () => {
  it('turns tabs into requests and environments into environments, with warnings for what is lost', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'editor.json'), JSON.stringify(EDITOR, null, 2));
    writeFileSync(join(dir, 'environments.json'), JSON.stringify(ENVIRONMENTS));
    const result = await importBloomRpcFolder(dir);
    if (!result.ok) throw new Error(result.error.message);
    const [first, second] = result.value.requests;
    expect(first).toEqual({
      formatVersion: 3,
      name: 'Greeter SayHello',
      target: '{{url}}',
      tls: { mode: 'tls', caCertPath: '/certs/ca.pem', certPath: '/certs/c.pem', keyPath: '/certs/c.key', authority: 'api.local' },
      schema: { kind: 'proto-files', files: ['/home/me/protos/greeter.proto'], importPaths: [] },
      method: 'helloworld.Greeter/SayHello',
      // The token is not written into a file that goes to git: it becomes a secret variable.
      metadata: [{ key: 'x-team', value: 'ferry', enabled: true }, { key: 'authorization', value: 'Bearer {{authorization}}', enabled: true }],
      messages: ['{\n  "name": "Hello"\n}'],
      assertions: [],
    });
    expect(second).toMatchObject({ target: 'localhost:50051', protocol: 'grpc-web', tls: { mode: 'plaintext' }, metadata: [] });
    expect(result.value.environments).toEqual([
      {
        name: 'staging',
        file: {
          formatVersion: 1,
          variables: [
            { name: 'url', value: 'staging:443', secret: false },
            { name: 'x-team', value: 'ferry', secret: false },
            { name: 'x-api-key', secret: true },
            { name: 'authorization', secret: true },
          ],
        },
      },
    ]);
    expect(JSON.stringify(result.value)).not.toMatch(/Bearer abc|k-123/);
    expect(result.value.warnings).toEqual([
      'helloworld.Greeter.SayHello: the value of authorization is a secret and was not written; the request sends {{authorization}}, whose value comes from FERRY_VAR_AUTHORIZATION',
      'helloworld.Greeter.SayHelloAgain: its metadata is not a JSON object; left out',
      'environment staging: metadata key "bad key!" is not a valid variable name; left out',
      'environment staging: the value of x-api-key is a secret and was not written; it comes from FERRY_VAR_X_API_KEY',
    ]);
  });

  it('says clearly when the folder holds no BloomRPC files, and names a corrupt one', async () => {
    const empty = await importBloomRpcFolder(tempDir());
    expect(!empty.ok && empty.error.message).toContain('no BloomRPC editor.json');
    const dir = tempDir();
    writeFileSync(join(dir, 'editor.json'), '{"tabs": ');
    const corrupt = await importBloomRpcFolder(dir);
    expect(!corrupt.ok && corrupt.error.details?.file).toBe(join(dir, 'editor.json'));
  });
});
