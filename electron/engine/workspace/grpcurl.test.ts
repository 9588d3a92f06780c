import { describe, expect, it } from 'vitest';
import type { RequestFile } from '../../../shared/model';
import { fromGrpcurlCommand } from './from-grpcurl';
import { createEnvSecretStore } from './secret-store';
import { shellQuote, splitShellWords } from './shell-words';
import { toGrpcurlCommand } from './to-grpcurl';
import { sampleEnvironment, sampleRequest } from './workspace-test-kit';

function exported(request: RequestFile, env?: Parameters<typeof toGrpcurlCommand>[1]): string {
  const result = toGrpcurlCommand(request, env);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function imported(text: string, name?: string): RequestFile {
  const result = fromGrpcurlCommand(text, name === undefined ? {} : { name });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** What a grpcurl command can carry: no name, order, assertions or disabled metadata. */
function portable(request: RequestFile): RequestFile {
  const { order: _order, ...rest } = request;
  return { ...rest, metadata: request.metadata.filter((m) => m.enabled), assertions: [] };
}

describe('grpcurl export and import', () => {
  it.each<[string, Partial<RequestFile>]>([
    ['TLS files, metadata, proto files and two messages', {}],
    ['plaintext with reflection and no body', { tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, messages: [], deadlineMs: undefined }],
    ['insecure TLS with a descriptor set', { tls: { mode: 'tls', insecureSkipVerify: true }, schema: { kind: 'descriptor-set', files: ['out/api.protoset'] } }],
    ['quotes and backslashes in values', { metadata: [{ key: 'x-quote', value: `it's "quoted" \\ $HOME`, enabled: true }], messages: [`{\n  "text": "it's a \\"test\\""\n}`] }],
  ])('round-trips %s', (_what, overrides) => {
    const request = sampleRequest(overrides);
    expect(imported(exported(request), request.name)).toEqual(portable(request));
  });

  it('refuses a request whose client identity grpcurl cannot read (a PKCS#12 bundle, an encrypted key), saying what to run', () => {
    const bundle = toGrpcurlCommand(sampleRequest({ tls: { mode: 'tls', pfxPath: 'certs/me.p12', passphrase: '{{keyPass}}' } }));
    expect(!bundle.ok && bundle.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^this request's client certificate is a PKCS#12 bundle, which grpcurl and buf curl cannot read/) });
    const encrypted = toGrpcurlCommand(sampleRequest({ tls: { mode: 'tls', certPath: 'me.pem', keyPath: 'me-encrypted.key', passphrase: '{{keyPass}}' } }));
    expect(!encrypted.ok && encrypted.error.message).toMatch(/is an encrypted client key, .*--pass-env NAME instead$/);
  });

  it('writes one flag per line with continuations, grpcurl-style', () => {
    const text = exported(sampleRequest({ messages: ['{"name": "a"}'], metadata: [{ key: 'x-team', value: 'ferry', enabled: true }] }));
    expect(text).toBe(
      [
        'grpcurl',
        '  -cacert certs/ca.pem',
        '  -cert certs/client.pem',
        '  -key certs/client.key',
        '  -authority api.example.com',
        '  -import-path protos',
        '  -import-path third_party',
        '  -proto protos/greeter.proto',
        "  -H 'x-team: ferry'",
        '  -max-time 2.5',
        `  -d '{"name": "a"}'`,
        "  '{{host}}' helloworld.Greeter/SayHello",
      ].join(' \\\n'),
    );
  });

  it('substitutes variables when given an environment', () => {
    const env = { environment: { name: 'local', file: sampleEnvironment() }, secrets: createEnvSecretStore({ FERRY_VAR_TOKEN: 't0k' }) };
    const text = exported(sampleRequest(), env);
    expect(text).toContain('localhost:50051 helloworld.Greeter/SayHello');
    expect(text).toContain("-H 'authorization: Bearer t0k'");
    expect(text).toContain('"count": 3');
    const missing = toGrpcurlCommand(sampleRequest(), { environment: env.environment });
    expect(!missing.ok && missing.error.message).toContain('{{token}}');
  });

  it('imports a hand-written command: double quotes, --flags, -flag=value, $VARS, comments', () => {
    const request = imported(`# from the runbook
grpcurl --plaintext -max-time=3 \\
  -H "authorization: Bearer $TOKEN" -H 'x-id: 7' \\
  -d '{"message": "a"} {"message": "b"}' \\
  localhost:50051 ferry.testing.v1.Bench.ClientStream`);
    expect(request).toMatchObject({
      name: 'ClientStream',
      target: 'localhost:50051',
      tls: { mode: 'plaintext' },
      method: 'ferry.testing.v1.Bench/ClientStream',
      deadlineMs: 3000,
      metadata: [{ key: 'authorization', value: 'Bearer {{TOKEN}}', enabled: true }, { key: 'x-id', value: '7', enabled: true }],
      messages: ['{"message": "a"}', '{"message": "b"}'],
    });
  });

  it.each([
    ['grpcurl -reflect-header "a: b" h:1 a.B/C', /-reflect-header is not supported/],
    ['grpcurl -plaintext h:1 list', /not a call/],
    ['grpcurl -plaintext -cacert ca.pem h:1 a.B/C', /cannot be combined/],
    ['grpcurl -d @ h:1 a.B/C', /standard input/],
    ['grpcurl -d \'{"a": 1\' h:1 a.B/C', /not closed/],
    ['curl http://x', /starting with grpcurl/],
    ["grpcurl -d '{}", /unterminated ' quote/],
    ['grpcurl -d "$(cat x)" h:1 a.B/C', /needs a shell/],
  ])('rejects %s clearly', (text, message) => {
    const result = fromGrpcurlCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('quotes only what needs quoting, and splitting undoes quoting', () => {
    const words = ['plain', 'a b', "it's", '"q"', '$x', 'tab\there', '', 'x:y/z'];
    expect(words.map(shellQuote)).toEqual(['plain', "'a b'", `'it'\\''s'`, `'"q"'`, "'$x'", "'tab\there'", "''", 'x:y/z']);
    expect(splitShellWords(words.map(shellQuote).join(' '))).toEqual(words);
  });
});

describe('web-protocol requests export as buf curl', () => {
  it('says why, and writes the protocol, TLS, schema, metadata, timeout, body and the method URL', () => {
    const request = sampleRequest({ protocol: 'grpc-web', target: 'https://api.example.com/rpc', messages: ['{"name": "a"}'], metadata: [{ key: 'x-team', value: 'ferry', enabled: true }] });
    expect(exported(request)).toBe(
      [
        '# grpcurl cannot call gRPC-Web or Connect endpoints; this is the same request as a buf curl command.',
        'buf curl \\',
        '  --protocol grpcweb \\',
        '  --cacert certs/ca.pem \\',
        '  --cert certs/client.pem \\',
        '  --key certs/client.key \\',
        '  --servername api.example.com \\',
        '  --schema protos/greeter.proto \\',
        "  -H 'x-team: ferry' \\",
        '  --timeout 2.5s \\',
        `  -d '{"name": "a"}' \\`,
        '  https://api.example.com/rpc/helloworld.Greeter/SayHello',
      ].join('\n'),
    );
  });

  it('plaintext host:port becomes an http URL; HTTP/2 there needs prior knowledge; what buf curl lacks is noted', () => {
    const request = sampleRequest({ protocol: 'connect', codec: 'json', httpVersion: '2', target: 'localhost:8080', tls: { mode: 'plaintext' }, schema: { kind: 'descriptor-set', files: ['api.protoset'] }, messages: [], metadata: [], deadlineMs: undefined });
    expect(exported(request)).toBe(
      [
        '# grpcurl cannot call gRPC-Web or Connect endpoints; this is the same request as a buf curl command.',
        '# buf curl sends Connect with the proto codec; this request uses json.',
        'buf curl \\',
        '  --protocol connect \\',
        '  --http2-prior-knowledge \\',
        "  --schema 'api.protoset#format=binpb' \\",
        '  http://localhost:8080/helloworld.Greeter/SayHello',
      ].join('\n'),
    );
  });

  it('substitutes variables in the URL like in a grpcurl command', () => {
    const text = exported(sampleRequest({ protocol: 'grpc-web-text', tls: { mode: 'tls' }, schema: { kind: 'reflection' }, messages: [] }), { environment: { name: 'local', file: sampleEnvironment() }, secrets: createEnvSecretStore({ FERRY_VAR_TOKEN: 't' }) });
    expect(text).toContain('# buf curl speaks binary gRPC-Web only');
    expect(text.endsWith('  https://localhost:50051/helloworld.Greeter/SayHello')).toBe(true);
  });
});
