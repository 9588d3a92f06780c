import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { decodeStatusDetails } from '../calls/status-details';
import { decodeToProtoJson } from '../codec';
import { loadProtoFiles, type SchemaRegistry } from '../schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { filledMetadata } from './mock-metadata';
import { matchesWhen, parseMockScript } from './mock-script';

let registry: SchemaRegistry;
beforeAll(async () => {
  registry = await loadProtoFiles({ files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] });
});

const ECHO = '/ferry.testing.v1.Bench/Echo';
const responsesOf = (text: string, path: string, request: unknown = {}) =>
  parseMockScript(text, 'mock.json', registry)
    .get(path)![0]!
    .responses.map((response) => decodeToProtoJson(registry.findMethod(path.slice(1)).responseType, typeof response === 'function' ? response(request) : response));

describe('mock responses files', () => {
  it('encodes each method\'s responses once, by any spelling of its name, with a status and a delay', () => {
    const text = JSON.stringify({
      'ferry.testing.v1.Bench/Echo': { response: { message: 'mocked', index: 2 }, delayMs: 5 },
      'Bench.ServerStream': { responses: [{ message: 'a' }, { message: 'b' }] },
      Fail: { status: { code: 'NOT_FOUND', message: 'gone' } },
      Slow: { status: { code: 14 } },
    });
    expect(responsesOf(text, ECHO)).toEqual([{ message: 'mocked', index: 2 }]);
    expect(responsesOf(text, '/ferry.testing.v1.Bench/ServerStream')).toEqual([{ message: 'a' }, { message: 'b' }]);
    const answers = parseMockScript(text, 'mock.json', registry);
    expect(answers.get(ECHO)?.[0]?.delayMs).toBe(5);
    expect(answers.get('/ferry.testing.v1.Bench/Fail')).toEqual([{ responses: [], status: { code: 5, message: 'gone' }, delayMs: 0 }]);
    expect(answers.get('/ferry.testing.v1.Bench/Slow')?.[0]?.status).toEqual({ code: 14, message: '' });
    // A method with neither answers its response type's example.
    expect(parseMockScript('{"Echo": {"delayMs": 1}}', 'mock.json', registry).get(ECHO)?.[0]?.responses).toHaveLength(1);
  });

  it('takes cases, each with the request fields (by any name) and metadata it is for', () => {
    const text = JSON.stringify({
      'Bench/Inspect': [
        { when: { int64_value: 5, root: { name: 'n' } }, metadata: { 'X-Tenant': 'acme' }, status: { code: 'NOT_FOUND' } },
        { response: {} },
      ],
    });
    const [first, fallback] = parseMockScript(text, 'mock.json', registry).get('/ferry.testing.v1.Bench/Inspect')!;
    expect(first).toMatchObject({ when: { int64Value: 5, root: { name: 'n' } }, metadata: { 'x-tenant': 'acme' } });
    expect(fallback?.when).toBeUndefined();
  });

  it('matches a request that has what `when` names, whatever else it has', () => {
    expect(matchesWhen({ int64Value: 5, nested: { name: 'n' } }, { int64Value: '5', nested: { name: 'n', value: 1 }, other: true })).toBe(true);
    expect(matchesWhen({ int64Value: 5 }, { int64Value: '6' })).toBe(false);
    expect(matchesWhen({ tags: ['a'] }, { tags: ['a', 'b'] })).toBe(false);
    expect(matchesWhen({ nested: { name: 'n' } }, { nested: null })).toBe(false);
    expect(matchesWhen({ count: 0 }, { count: 0 })).toBe(true);
  });

  it('fills {{request.field}} in from each request: a whole value as it is, inside text as text', () => {
    const text = JSON.stringify({ 'Bench/Inspect': { response: { stringValue: 'hello {{request.root.name}} #{{ request.int64Value }}', int32Value: '{{request.int32_value}}', root: '{{request.root}}' } } });
    const request = { root: { name: 'ada', children: [] }, int64Value: '9007199254740993', int32Value: 7 };
    expect(responsesOf(text, '/ferry.testing.v1.Bench/Inspect', request)).toEqual([{ stringValue: 'hello ada #9007199254740993', int32Value: 7, root: { name: 'ada' } }]);
    // A value that fits the example but not this request fails the call (the mock answers INTERNAL).
    const narrowing = parseMockScript(JSON.stringify({ Inspect: { response: { int32Value: '{{request.int64Value}}' } } }), 'mock.json', registry).get('/ferry.testing.v1.Bench/Inspect')![0]!.responses[0]!;
    expect(typeof narrowing).toBe('function');
    expect(failureOf(() => (narrowing as (request: unknown) => Uint8Array)({ int64Value: '9007199254740993' })).code).toBe('BAD_INPUT');
  });

  it('refuses what would not answer, naming the file\'s line and what was wrong', () => {
    const refused = (text: string) => failureOf(() => parseMockScript(text, 'mock.json', registry));
    expect(refused('{\n  "Bench/Nope": {}\n}')).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^mock\.json:2: .*Nope/) });
    expect(refused('{\n  "Echo": {\n    "response": { "mesage": "x" }\n  }\n}')).toMatchObject({ message: expect.stringMatching(/^mock\.json:3: .*unknown field "mesage"/) });
    expect(refused('{"Echo": {"responses": [{}, {}]}}').message).toContain('Echo is a unary method and answers one message, not 2');
    expect(refused('{"Echo": {"status": {"code": "OK"}}}').message).toContain('a status name other than OK');
    expect(refused('{"Echo": {"reply": {}}}').message).toContain('unknown field "reply"');
    expect(refused('{"Echo": {"delayMs": -1}}').message).toContain('a whole number of milliseconds');
    expect(refused('[]').message).toContain('expected a JSON object of methods');
    expect(refused('{"Echo": ').code).toBe('BAD_INPUT');
    expect(refused('{\n  "Echo": [\n    { "when": { "mesage": "x" } }\n  ]\n}').message).toMatch(/^mock\.json:3: .*unknown field "mesage"/);
    expect(refused('{"Echo": []}').message).toContain('expected at least one answer');
    expect(refused('{"Echo": {"metadata": {"x": 1}}}').message).toContain('metadata keys and text values');
    // A placeholder names a field the request has, and fills a field of the right kind.
    expect(refused('{\n  "Echo": { "response": { "message": "{{request.mesage}}" } }\n}').message).toMatch(/^mock\.json:2: \{\{request\.mesage\}\}: EchoRequest has no field mesage/);
    expect(refused('{"Echo": {"response": {"index": "{{request.message}}"}}}').code).toBe('BAD_INPUT');
  });

  it('takes headers and trailers: keys lower-cased, -bin values as standard base64, {{request.field}} filled in as text', () => {
    const text = JSON.stringify({ Echo: { response: {}, headers: { 'X-Request-Id': 'r-1', 'x-blob-bin': 'AAEC_w', 'x-echo': 'got {{request.message}}' }, trailers: { 'x-cost': '3' } } });
    const [answer] = parseMockScript(text, 'mock.json', registry).get(ECHO)!;
    expect(answer!.headers?.map((entry) => entry.key)).toEqual(['x-request-id', 'x-blob-bin', 'x-echo']);
    expect(answer!.trailers).toEqual([{ key: 'x-cost', value: '3' }]);
    expect(filledMetadata(answer!.headers!, () => ({ message: 'hi' }))).toEqual([
      { key: 'x-request-id', value: 'r-1' },
      { key: 'x-blob-bin', value: 'AAEC/w==' },
      { key: 'x-echo', value: 'got hi' },
    ]);
    // A value filled in from a request must still be valid metadata: the call fails (the mock answers INTERNAL).
    expect(failureOf(() => filledMetadata(answer!.headers!, () => ({ message: 'ünï' }))).message).toBe('metadata "x-echo" filled in as "got ünï": text values may only contain printable ASCII; use a -bin key for other bytes');
    // Empty objects send nothing.
    expect(parseMockScript('{"Echo": {"headers": {}, "trailers": {}}}', 'mock.json', registry).get(ECHO)![0]).not.toHaveProperty('headers');
  });

  it('encodes a status\'s details once: google.rpc types and the schema\'s own, as grpc-status-details-bin and Connect\'s details', () => {
    const details = [
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message', description: 'empty', localizedMessage: { locale: 'en', message: 'Say something' } }] },
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EMPTY', domain: 'bench.ferry.test', metadata: { field: 'message' } },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' },
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: 'project:p', description: 'daily' }] },
      { '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'TOS', subject: 'user', description: 'not accepted' }] },
      { '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceType: 'order', resourceName: 'o-1', owner: 'acme', description: 'gone' },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'docs', url: 'https://example.com/help' }] },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'fr', message: 'vide' },
      { '@type': 'type.googleapis.com/google.rpc.DebugInfo', stackEntries: ['a.go:1'], detail: 'nil' },
      { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: 'r-1', servingData: 'pod-7' },
      { '@type': 'type.googleapis.com/ferry.testing.v1.EchoResponse', message: 'a type of the schema', index: 4 },
      { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' },
    ];
    const text = JSON.stringify({ Echo: { status: { code: 'INVALID_ARGUMENT', message: 'no message', details } } });
    const status = parseMockScript(text, 'mock.json', registry).get(ECHO)![0]!.status!;
    expect(status).toMatchObject({ code: 3, message: 'no message' });
    // What the client reads from grpc-status-details-bin: each detail as written.
    const decoded = decodeStatusDetails(status.details!.status, registry, (type, bytes) => decodeToProtoJson(type, bytes));
    expect(decoded.map((detail) => detail.typeUrl)).toEqual(details.map((detail) => detail['@type']));
    expect(decoded.map((detail) => detail.value)).toEqual(details.map(({ '@type': _type, ...fields }) => ('value' in fields ? fields.value : fields)));
    // Connect's form: type names and unpadded base64 of the same bytes.
    const connect = status.details!.connect;
    expect(connect.map((detail) => detail.type)).toEqual(details.map((detail) => detail['@type'].slice('type.googleapis.com/'.length)));
    expect(connect.every((detail) => !detail.value.endsWith('='))).toBe(true);
    expect(decodeToProtoJson(registry.findType('google.rpc.ErrorInfo')!, Buffer.from(connect[1]!.value, 'base64'))).toEqual({ reason: 'EMPTY', domain: 'bench.ferry.test', metadata: { field: 'message' } });
    // No details, no encoding.
    expect(parseMockScript('{"Echo": {"status": {"code": 5, "details": []}}}', 'mock.json', registry).get(ECHO)![0]!.status).toEqual({ code: 5, message: '' });
  });

  it('refuses headers, trailers and details that would not go out, naming the line of what is wrong', () => {
    const refused = (text: string) => failureOf(() => parseMockScript(text, 'mock.json', registry)).message;
    const headers = (key: string, value: unknown) => `{\n  "Echo": {\n    "headers": {\n      ${JSON.stringify(key)}: ${JSON.stringify(value)}\n    }\n  }\n}`;
    expect(refused(headers('grpc-status', '0'))).toBe('mock.json:4: metadata "grpc-status": keys starting with "grpc-" are reserved for gRPC itself');
    expect(refused(headers('x bad', 'v'))).toMatch(/^mock\.json:4: metadata "x bad": keys may only contain/);
    expect(refused(headers('content-type', 'text/plain'))).toMatch(/^mock\.json:4: metadata "content-type": the protocol sets content-type itself/);
    expect(refused(headers('trailer-x', 'v'))).toMatch(/^mock\.json:4: .*reserved by the Connect protocol/);
    expect(refused(headers('connect-x', 'v'))).toMatch(/^mock\.json:4: .*reserved by the Connect protocol/);
    expect(refused(headers('access-control-allow-origin', '*'))).toMatch(/^mock\.json:4: .*CORS headers itself/);
    expect(refused(headers('content-language', 'fr'))).toMatch(/^mock\.json:4: .*the body it frames itself/);
    expect(refused(headers('connection', 'close'))).toMatch(/^mock\.json:4: .*connection-specific/);
    expect(refused(headers('x-blob-bin', 'not base64!'))).toBe('mock.json:4: metadata "x-blob-bin": binary (-bin) values must be base64');
    expect(refused(headers('x-name', 'ünï'))).toMatch(/^mock\.json:4: metadata "x-name": text values may only contain printable ASCII/);
    expect(refused(headers('x-count', 3))).toBe('mock.json:4: metadata "x-count": expected a text value (base64 for a -bin key)');
    expect(refused(headers('x-echo', '{{request.mesage}}'))).toBe('mock.json:4: {{request.mesage}}: EchoRequest has no field mesage');
    expect(refused('{\n  "Echo": {\n    "trailers": {\n      "X-A": "1",\n      "x-a": "2"\n    }\n  }\n}')).toBe('mock.json:5: metadata "x-a" is given twice (keys are lower-cased)');
    expect(refused('{"Echo": {"trailers": ["x-a"]}}')).toContain('expected an object of metadata keys and text values');
    const detail = (lines: string) => `{\n  "Echo": {\n    "status": {\n      "code": "INVALID_ARGUMENT",\n      "details": [\n        {\n${lines}\n        }\n      ]\n    }\n  }\n}`;
    expect(refused(detail('          "@type": "type.googleapis.com/acme.v1.Nope"'))).toBe('mock.json:7: @type: unknown message type "type.googleapis.com/acme.v1.Nope" (neither a google.rpc error detail nor a type of the schema)');
    expect(refused(detail('          "reason": "no type"'))).toMatch(/^mock\.json:6: expected a message with its type in "@type"/);
    expect(refused(detail('          "@type": "type.googleapis.com/google.rpc.BadRequest",\n          "fieldViolations": [\n            { "field": "a" },\n            { "feld": "b" }\n          ]'))).toMatch(/^mock\.json:10: fieldViolations\[1\]\.feld: unknown field "feld"/);
    expect(refused(detail('          "@type": "type.googleapis.com/google.rpc.RetryInfo",\n          "retryDelay": 5'))).toMatch(/^mock\.json:8: retryDelay: /);
    expect(refused('{\n  "Echo": {\n    "status": {\n      "code": 5,\n      "details": {}\n    }\n  }\n}')).toBe('mock.json:5: expected an array of messages, each with its "@type"');
    expect(refused('{\n  "Echo": {\n    "status": {\n      "code": 5,\n      "detials": []\n    }\n  }\n}')).toBe('mock.json:5: unknown field "detials" (expected code, message, details)');
  });
});
