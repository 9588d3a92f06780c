import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { decodeToProtoJson } from '../codec';
import { loadProtoFiles, type SchemaRegistry } from '../schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { parseMockScript } from './mock-script';

let registry: SchemaRegistry;
beforeAll(async () => {
  registry = await loadProtoFiles({ files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] });
});

const ECHO = '/ferry.testing.v1.Bench/Echo';
const responsesOf = (text: string, path: string) => parseMockScript(text, 'mock.json', registry).get(path)!.responses.map((bytes) => decodeToProtoJson(registry.findMethod(path.slice(1)).responseType, bytes));

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
    expect(answers.get(ECHO)?.delayMs).toBe(5);
    expect(answers.get('/ferry.testing.v1.Bench/Fail')).toEqual({ responses: [], status: { code: 5, message: 'gone' }, delayMs: 0 });
    expect(answers.get('/ferry.testing.v1.Bench/Slow')?.status).toEqual({ code: 14, message: '' });
    // A method with neither answers its response type's example.
    expect(parseMockScript('{"Echo": {"delayMs": 1}}', 'mock.json', registry).get(ECHO)?.responses).toHaveLength(1);
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
  });
});
