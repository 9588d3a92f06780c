import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { decodeToProtoJson } from '../codec';
import { loadProtoFiles, type SchemaRegistry } from '../schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
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
});
