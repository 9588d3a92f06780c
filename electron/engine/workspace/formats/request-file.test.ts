import { describe, expect, it } from 'vitest';
import { describeFerryError, type FerryError } from '../../../../shared/errors';
import type { RequestFile } from '../../../../shared/model';
import { sampleRequest } from '../workspace-test-kit';
import { parseRequestFile, serializeRequestFile } from './request-file';

function parsed(text: string, path = 'api/greet.ferry.json'): RequestFile {
  const result = parseRequestFile(text, path);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function failure(text: string, path = 'api/bad.ferry.json'): FerryError {
  const result = parseRequestFile(text, path);
  if (result.ok) throw new Error('expected a parse error');
  return result.error;
}

function changedLines(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  expect(right.length).toBe(left.length);
  return left.filter((line, i) => line !== right[i]).length;
}

describe('request files', () => {
  it('round-trips: parse(serialize(x)) equals x, and serialize(parse(text)) is byte-identical', () => {
    const request = sampleRequest();
    const text = serializeRequestFile(request);
    expect(parsed(text)).toEqual(request);
    expect(serializeRequestFile(parsed(text))).toBe(text);
  });

  it('writes keys in a fixed order with 2-space indentation and a final newline', () => {
    const text = serializeRequestFile(sampleRequest());
    const keys = [...text.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]);
    expect(keys).toEqual(['formatVersion', 'name', 'order', 'target', 'tls', 'schema', 'method', 'metadata', 'deadlineMs', 'messages', 'assertions']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('stores a canonical body inline as JSON and any other body as its lines', () => {
    const text = serializeRequestFile(sampleRequest());
    expect(text).toContain('"messages": [\n    {\n      "name": "Ada",');
    expect(text).toContain('"  \\"count\\": {{n}}"');
  });

  it.each([
    ['the deadline', { deadlineMs: 3000 }],
    ['a metadata value', { metadata: [{ key: 'authorization', value: 'Bearer {{other}}', enabled: true }, { key: 'x-debug', value: '1', enabled: false }] }],
    ['a metadata switch', { metadata: [{ key: 'authorization', value: 'Bearer {{token}}', enabled: true }, { key: 'x-debug', value: '1', enabled: true }] }],
    ['one field of an inline body', { messages: ['{\n  "name": "Bob",\n  "tags": [\n    "a",\n    "b"\n  ]\n}', sampleRequest().messages[1]!] }],
    ['one line of a text body', { messages: [sampleRequest().messages[0]!, '{\n  "name": "{{user}}",\n  "count": {{m}}\n}'] }],
  ])('changing %s is a one-line diff', (_what, change) => {
    const before = serializeRequestFile(sampleRequest());
    const after = serializeRequestFile(sampleRequest(change as Partial<RequestFile>));
    expect(changedLines(before, after)).toBe(1);
  });

  it('keeps integers beyond 2^53 exactly by storing such a body as text', () => {
    const body = '{\n  "id": 9007199254740993\n}';
    const text = serializeRequestFile(sampleRequest({ messages: [body] }));
    expect(parsed(text).messages).toEqual([body]);
  });

  it.each([
    ['a JSON syntax error', '{\n  "formatVersion": 1,\n  "name": "x",\n}', 3, undefined, /trailing comma/],
    ['a duplicate key', '{\n  "formatVersion": 1,\n  "name": "x",\n  "name": "y"\n}', 4, undefined, /duplicate key "name" \(first at line 3, column 3\)/],
    ['a wrong type', '{\n  "formatVersion": 1,\n  "name": 7\n}', 3, 'name', /expected a string, found number 7/],
    ['an unknown field', '{\n  "formatVersion": 1,\n  "name": "x",\n  "metdata": []\n}', 4, 'metdata', /unknown field "metdata"/],
    ['a bad metadata key', '{\n  "formatVersion": 1,\n  "name": "x",\n  "target": "h:1",\n  "method": "a.B/C",\n  "metadata": [\n    {\n      "key": "Bad Key",\n      "value": "v"\n    }\n  ]\n}', 8, 'metadata[0].key', /not a valid metadata key/],
    ['a missing field', '{\n  "formatVersion": 1,\n  "target": "h:1"\n}', 1, 'name', /is required/],
    ['an unknown status', '{"formatVersion":1,"name":"x","target":"h:1","method":"a.B/C",\n"assertions":[{"status":"FINE"}]}', 2, 'assertions[0].status', /not a gRPC status/],
    ['a bad JSONPath', '{"formatVersion":1,"name":"x","target":"h:1","method":"a.B/C",\n"assertions":[\n{"jsonPath":"a.b","equals":1}]}', 3, 'assertions[0].jsonPath', /must start with \$/],
    ['a newer format', '{\n  "formatVersion": 9\n}', 2, 'formatVersion', /newer Ferry/],
  ])('names the file, line and field for %s', (_what, text, line, fieldPath, message) => {
    const error = failure(text);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.details?.file).toBe('api/bad.ferry.json');
    expect(error.details?.line).toBe(line);
    expect(error.details?.fieldPath).toBe(fieldPath);
    expect(error.message).toMatch(message);
    expect(describeFerryError(error)).toContain(`api/bad.ferry.json:${line}:`);
  });
});

describe('format version 0 (the unversioned draft shape)', () => {
  const v0 = `{
  "name": "Legacy hello",
  "host": "localhost:50051",
  "plaintext": true,
  "service": "helloworld.Greeter",
  "rpc": "SayHello",
  "protoFiles": ["protos/greeter.proto"],
  "importPaths": ["protos"],
  "headers": { "x-team": "ferry" },
  "body": [{ "name": "a" }, { "name": "b" }],
  "timeoutSeconds": 1.5
}`;

  it('migrates on read to the current model (plain gRPC), and saves as version 2 (it has no captures)', () => {
    const request = parsed(v0);
    expect(request).toEqual({
      formatVersion: 3,
      name: 'Legacy hello',
      target: 'localhost:50051',
      tls: { mode: 'plaintext' },
      schema: { kind: 'proto-files', files: ['protos/greeter.proto'], importPaths: ['protos'] },
      method: 'helloworld.Greeter/SayHello',
      metadata: [{ key: 'x-team', value: 'ferry', enabled: true }],
      deadlineMs: 1500,
      messages: ['{\n  "name": "a"\n}', '{\n  "name": "b"\n}'],
      assertions: [],
    });
    const current = serializeRequestFile(request);
    expect(current).toMatch(/^\{\n {2}"formatVersion": 2,/);
    expect(parsed(current)).toEqual(request);
  });

  it('reports v0 errors at the v0 field as written', () => {
    const error = failure(v0.replace('"rpc": "SayHello"', '"rpc": 5'));
    expect(error.details).toMatchObject({ line: 6, fieldPath: 'rpc' });
  });
});

describe('format version 2: the protocol', () => {
  const web = sampleRequest({ protocol: 'connect', httpVersion: '2', codec: 'json' });

  it('round-trips the protocol, HTTP version and codec, written right after the target', () => {
    const text = serializeRequestFile(web);
    expect(parsed(text)).toEqual(web);
    expect(serializeRequestFile(parsed(text))).toBe(text);
    const keys = [...text.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]);
    expect(keys.slice(0, 8)).toEqual(['formatVersion', 'name', 'order', 'target', 'protocol', 'httpVersion', 'codec', 'tls']);
  });

  it('choosing a protocol adds one line; plain gRPC writes none', () => {
    const grpc = serializeRequestFile(sampleRequest());
    const grpcWeb = serializeRequestFile(sampleRequest({ protocol: 'grpc-web' }));
    expect(grpc).not.toContain('"protocol"');
    expect(grpcWeb.split('\n').filter((line) => !grpc.split('\n').includes(line))).toEqual(['  "protocol": "grpc-web",']);
  });

  it('writes environmentMetadata only when a request goes without the environment\'s metadata, as version 3', () => {
    const without = sampleRequest({ environmentMetadata: false });
    const text = serializeRequestFile(without);
    expect(parsed(text)).toEqual(without);
    expect(text).toContain('"formatVersion": 3');
    expect(text).toContain('  "environmentMetadata": false,\n');
    const keys = [...text.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]);
    expect(keys.slice(keys.indexOf('metadata'), keys.indexOf('metadata') + 3)).toEqual(['metadata', 'environmentMetadata', 'deadlineMs']);
    expect(serializeRequestFile(sampleRequest())).not.toContain('environmentMetadata');
    // A version 2 file cannot say it: a Ferry that reads only version 2 would send the metadata anyway.
    expect(failure(text.replace('"formatVersion": 3', '"formatVersion": 2')).message).toContain('environmentMetadata');
    expect(failure(text.replace('"environmentMetadata": false', '"environmentMetadata": "no"')).message).toContain('environmentMetadata');
  });

  it('reads a version 1 file as plain gRPC; saving changes only the version line', () => {
    const v1 = serializeRequestFile(sampleRequest()).replace('"formatVersion": 2', '"formatVersion": 1');
    const request = parsed(v1);
    expect(request.protocol).toBeUndefined();
    expect(changedLines(v1, serializeRequestFile(request))).toBe(1);
  });

  it.each([
    ['a protocol in a version 1 file', '{\n  "formatVersion": 1,\n  "name": "x",\n  "protocol": "connect"\n}', 4, 'protocol', /unknown field "protocol"/],
    ['an unknown protocol', '{\n  "formatVersion": 2,\n  "name": "x",\n  "target": "h:1",\n  "protocol": "grpcweb"\n}', 5, 'protocol', /unknown protocol "grpcweb"/],
    ['an HTTP version for gRPC', '{\n  "formatVersion": 2,\n  "name": "x",\n  "target": "h:1",\n  "httpVersion": "1.1"\n}', 5, 'httpVersion', /applies to the web protocols only/],
    ['a codec for gRPC-Web', '{\n  "formatVersion": 2,\n  "name": "x",\n  "target": "h:1",\n  "protocol": "grpc-web",\n  "codec": "json"\n}', 6, 'codec', /applies to the connect protocol only/],
  ])('rejects %s, naming the line and field', (_what, text, line, fieldPath, message) => {
    const error = failure(text);
    expect(error.details).toMatchObject({ line, fieldPath });
    expect(error.message).toMatch(message);
  });
});

describe('format version 3: captures', () => {
  const capturing = sampleRequest({
    captures: [
      { variable: 'orderId', from: 'jsonPath', path: '$.order.id', secret: false },
      { variable: 'session', from: 'header', path: 'x-session-id', secret: true },
    ],
  });

  it('round-trips captures as the last key, as version 3, in their short form', () => {
    const text = serializeRequestFile(capturing);
    expect(parsed(text)).toEqual(capturing);
    expect(serializeRequestFile(parsed(text))).toBe(text);
    expect(text).toContain('"formatVersion": 3');
    expect(text).toContain('  "captures": [\n    {\n      "variable": "orderId",\n      "jsonPath": "$.order.id"\n    },\n    {\n      "variable": "session",\n      "header": "x-session-id",\n      "secret": true\n    }\n  ]\n}\n');
  });

  it('writes a request without captures as version 2, which a Ferry that predates them reads', () => {
    const text = serializeRequestFile(sampleRequest({ captures: [] }));
    expect(text).toContain('"formatVersion": 2');
    expect(text).not.toContain('captures');
  });

  const v3 = (captures: string) => `{\n  "formatVersion": 3,\n  "name": "x",\n  "target": "h:1",\n  "method": "a.S/M",\n  "captures": [\n    ${captures}\n  ]\n}`;
  it.each([
    ['captures in a version 2 file', v3('{"variable": "id", "jsonPath": "$.id"}').replace('"formatVersion": 3', '"formatVersion": 2'), 6, 'captures', /unknown field "captures"/],
    ['a capture with neither source', v3('{"variable": "id"}'), 7, 'captures[0]', /exactly one of jsonPath or header/],
    ['a capture with both sources', v3('{"variable": "id", "jsonPath": "$.id", "header": "x-id"}'), 7, 'captures[0]', /exactly one of jsonPath or header/],
    ['a bad variable name', v3('{"variable": "2nd", "jsonPath": "$.id"}'), 7, 'captures[0].variable', /"2nd" is not a valid variable name/],
    ['a bad JSONPath', v3('{"variable": "id", "jsonPath": "order.id"}'), 7, 'captures[0].jsonPath', /invalid JSONPath "order.id" at character 1/],
    ['a bad header name', v3('{"variable": "id", "header": "X-Id"}'), 7, 'captures[0].header', /"X-Id" is not a header name/],
    ['a variable captured twice', v3('{"variable": "id", "jsonPath": "$.a"},\n    {"variable": "id", "header": "x-id"}'), 8, 'captures[1].variable', /variable "id" is captured twice/],
  ])('rejects %s, naming the line and field', (_what, text, line, fieldPath, message) => {
    const error = failure(text);
    expect(error.details).toMatchObject({ line, fieldPath });
    expect(error.message).toMatch(message);
  });
});

describe('format version 4: a PKCS#12 bundle and a passphrase', () => {
  const bundle = sampleRequest({ tls: { mode: 'tls', caCertPath: 'certs/ca.pem', pfxPath: 'certs/client.p12', passphrase: '{{keyPass}}', authority: 'api.example.com' } });

  it('round-trips pfxPath and passphrase byte for byte, in the TLS key order, as version 4', () => {
    const text = serializeRequestFile(bundle);
    expect(parsed(text)).toEqual(bundle);
    expect(serializeRequestFile(parsed(text))).toBe(text);
    expect(text).toMatch(/^\{\n {2}"formatVersion": 4,/);
    expect(text).toContain('  "tls": {\n    "mode": "tls",\n    "caCertPath": "certs/ca.pem",\n    "pfxPath": "certs/client.p12",\n    "passphrase": "{{keyPass}}",\n    "authority": "api.example.com"\n  },\n');
    // The order of every TLS key, all set at once.
    const all = sampleRequest({ tls: { mode: 'tls', caCertPath: 'c', certPath: 'p', keyPath: 'k', pfxPath: 'b', passphrase: '{{a}}{{b}}', insecureSkipVerify: true, authority: 'x' } });
    const tls = /"tls": \{\n([\s\S]*?)\n {2}\}/.exec(serializeRequestFile(all))![1]!;
    expect([...tls.matchAll(/"(\w+)":/g)].map((m) => m[1])).toEqual(['mode', 'caCertPath', 'certPath', 'keyPath', 'pfxPath', 'passphrase', 'insecureSkipVerify', 'authority']);
  });

  it('writes an encrypted key\'s passphrase alone as version 4 too; a request without either stays at 2 or 3', () => {
    expect(serializeRequestFile(sampleRequest({ tls: { mode: 'tls', certPath: 'c.pem', keyPath: 'k.pem', passphrase: '{{keyPass}}' } }))).toContain('"formatVersion": 4');
    expect(serializeRequestFile(sampleRequest())).toContain('"formatVersion": 2');
    expect(serializeRequestFile(sampleRequest({ environmentMetadata: false }))).toContain('"formatVersion": 3');
  });

  it('refuses pfxPath and passphrase in an older version, which a Ferry that predates them would dial without', () => {
    const text = serializeRequestFile(bundle).replace('"formatVersion": 4', '"formatVersion": 3');
    const error = failure(text);
    expect(error.details).toMatchObject({ fieldPath: 'tls.pfxPath', line: 9 });
    expect(error.message).toContain('unknown field "pfxPath"');
  });

  it.each([['hunter2'], ['pre{{keyPass}}'], ['{{keyPass}} and more'], ['']])('refuses the literal passphrase %j, naming file, line, column and field, without quoting it', (passphrase) => {
    const text = serializeRequestFile(bundle).replace('"{{keyPass}}"', JSON.stringify(passphrase));
    const error = failure(text);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.details).toEqual({
      file: 'api/bad.ferry.json',
      line: 10,
      column: 5,
      fieldPath: 'tls.passphrase',
      expected: 'a {{variable}} (a secret one): a request file never holds the passphrase',
    });
    expect(error.message).toBe('api/bad.ferry.json:10:5: tls.passphrase: expected a {{variable}} (a secret one): a request file never holds the passphrase');
    if (passphrase !== '') expect(JSON.stringify(error)).not.toContain(passphrase);
  });

  it('accepts a passphrase made of several variables', () => {
    const text = serializeRequestFile(bundle).replace('"{{keyPass}}"', '"{{keyPassA}}{{keyPassB}}"');
    expect(parsed(text).tls).toMatchObject({ passphrase: '{{keyPassA}}{{keyPassB}}' });
  });
});
