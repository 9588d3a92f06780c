import { describe, expect, it } from 'vitest';
import { parseJson } from '../../shared/json';
import type { MethodSummary } from '../../shared/model';
import { withExampleResponse } from './mock-responses';

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
