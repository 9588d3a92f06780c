import { describe, expect, it } from 'vitest';
import { parseJson } from '../../shared/json';
import type { MethodSummary } from '../../shared/model';
import { withExampleResponse, withRecordedCase } from './mock-responses';

const method = (name: string, kind: MethodSummary['kind'] = 'unary'): MethodSummary => ({ name, fullName: `acme.v1.Orders.${name}`, path: `/acme.v1.Orders/${name}`, kind, requestType: 'acme.v1.Q', responseType: 'acme.v1.A' });
const EXAMPLE = '{\n  "id": "",\n  "total": "0"\n}';

describe('withExampleResponse', () => {
  it('starts an empty text with the method answering the example', () => {
    const added = withExampleResponse('  ', method('Get'), EXAMPLE);
    expect(added.ok && parseJson(added.text)).toEqual({ 'acme.v1.Orders/Get': { response: { id: '', total: '0' } } });
  });

  it('adds to the end of what was typed, keeping its text as it is, and answers a stream twice', () => {
    const typed = '{\n  "acme.v1.Orders/Get": {"response": {"id": 12345678901234567890}}\n}\n';
    const added = withExampleResponse(typed, method('List', 'server-stream'), EXAMPLE);
    if (!added.ok) throw new Error(added.message);
    expect(added.text.startsWith('{\n  "acme.v1.Orders/Get": {"response": {"id": 12345678901234567890}},\n  "acme.v1.Orders/List"')).toBe(true);
    expect((parseJson(added.text) as Record<string, unknown>)['acme.v1.Orders/List']).toEqual({ responses: [{ id: '', total: '0' }, { id: '', total: '0' }] });
    const empty = withExampleResponse('{}', method('Get'), EXAMPLE);
    expect(empty.ok && parseJson(empty.text)).toEqual({ 'acme.v1.Orders/Get': { response: { id: '', total: '0' } } });
  });

  it('refuses a text that is not a JSON object yet, or already answers the method', () => {
    expect(withExampleResponse('{"a": ', method('Get'), EXAMPLE)).toMatchObject({ ok: false, message: 'The responses are not JSON yet: invalid JSON at line 1, column 7: expected a JSON value but found end of input' });
    expect(withExampleResponse('[]', method('Get'), EXAMPLE)).toEqual({ ok: false, message: 'The responses must be a JSON object of methods and their answers.' });
    expect(withExampleResponse('{"acme.v1.Orders/Get": {}}', method('Get'), EXAMPLE)).toEqual({ ok: false, message: 'The responses already answer acme.v1.Orders/Get.' });
  });
});

describe('withRecordedCase', () => {
  const KEY = 'acme.v1.Orders/Get';
  it('adds a method answering the recorded response to a request like the recorded one, the rest as typed', () => {
    const typed = '{\n  "acme.v1.Orders/List": {"responses": []}\n}\n';
    const added = withRecordedCase(typed, KEY, { id: 'o-1' }, { response: { id: 'o-1', total: '12' } });
    if (!added.ok) throw new Error(added.message);
    expect(added.text.startsWith('{\n  "acme.v1.Orders/List": {"responses": []},\n')).toBe(true);
    expect(parseJson(added.text)).toEqual({ 'acme.v1.Orders/List': { responses: [] }, [KEY]: [{ when: { id: 'o-1' }, response: { id: 'o-1', total: '12' } }] });
    expect(withRecordedCase('', KEY, {}, { response: {} })).toEqual({ ok: true, text: `{\n  "${KEY}": [\n    {\n      "when": {},\n      "response": {}\n    }\n  ]\n}\n` });
  });

  it('puts a recorded case first among the cases a method has, replacing one with the same request', () => {
    const typed = JSON.stringify({ [KEY]: [{ when: { id: 'o-2' }, response: { id: 'old' } }, { response: { id: 'fallback' } }] });
    const first = withRecordedCase(typed, KEY, { id: 'o-1' }, { response: { id: 'o-1' } });
    if (!first.ok) throw new Error(first.message);
    expect((parseJson(first.text) as Record<string, unknown>)[KEY]).toEqual([{ when: { id: 'o-1' }, response: { id: 'o-1' } }, { when: { id: 'o-2' }, response: { id: 'old' } }, { response: { id: 'fallback' } }]);
    const again = withRecordedCase(first.text, KEY, { id: 'o-2' }, { response: { id: 'new' } });
    if (!again.ok) throw new Error(again.message);
    expect((parseJson(again.text) as Record<string, unknown>)[KEY]).toEqual([{ when: { id: 'o-2' }, response: { id: 'new' } }, { when: { id: 'o-1' }, response: { id: 'o-1' } }, { response: { id: 'fallback' } }]);
    const single = withRecordedCase(JSON.stringify({ [KEY]: { response: { id: 'only' } } }), KEY, { id: 'o-3' }, { response: { id: 'o-3' } });
    expect(single.ok && (parseJson(single.text) as Record<string, unknown>)[KEY]).toEqual([{ when: { id: 'o-3' }, response: { id: 'o-3' } }, { response: { id: 'only' } }]);
  });

  it('records an error status in place of a response', () => {
    const status = { code: 'NOT_FOUND', message: 'no order o-9', details: [{ '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceName: 'o-9' }] };
    const added = withRecordedCase('', KEY, { id: 'o-9' }, { status });
    expect(added.ok && parseJson(added.text)).toEqual({ [KEY]: [{ when: { id: 'o-9' }, status }] });
  });

  it('refuses a text that is not a JSON object yet', () => {
    expect(withRecordedCase('{"a": ', KEY, {}, { response: {} }).ok).toBe(false);
    expect(withRecordedCase('[1]', KEY, {}, { response: {} })).toEqual({ ok: false, message: 'The responses must be a JSON object of methods and their answers.' });
  });
});
