import { describe, expect, it } from 'vitest';
import { casesWithFirst, recordedStatus, responsesObject } from './mock';

describe('casesWithFirst', () => {
  it('puts the recorded case first, of none, one or a list', () => {
    const recorded = { when: { id: 'o-1' }, response: { id: 'o-1' } };
    expect(casesWithFirst(undefined, recorded)).toEqual([recorded]);
    expect(casesWithFirst({ response: { id: 'any' } }, recorded)).toEqual([recorded, { response: { id: 'any' } }]);
  });

  it('drops a case with an equal when in any key order, but keeps one that also asks for metadata', () => {
    const recorded = { when: { id: 'o-1', kind: 'a' }, response: { n: 2 } };
    const older = { when: { kind: 'a', id: 'o-1' }, response: { n: 1 } };
    const withMetadata = { when: { id: 'o-1', kind: 'a' }, metadata: { 'x-tenant': 't' }, response: { n: 0 } };
    const other = { when: { id: 'o-2' }, response: {} };
    expect(casesWithFirst([older, withMetadata, other], recorded)).toEqual([recorded, withMetadata, other]);
  });
});

describe('recordedStatus', () => {
  it('writes each decoded detail with its @type, a type with a JSON form of its own under value, and leaves out what was not decoded', () => {
    const details = [
      { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', type: 'google.rpc.ErrorInfo', value: { reason: 'GONE' } },
      { typeUrl: 'type.googleapis.com/google.protobuf.Duration', type: 'google.protobuf.Duration', value: '1.5s' },
      { typeUrl: 'type.googleapis.com/acme.Unknown', type: 'acme.Unknown', raw: 'AAE=' },
    ];
    expect(recordedStatus({ name: 'NOT_FOUND', message: 'gone', details })).toEqual({
      code: 'NOT_FOUND',
      message: 'gone',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'GONE' },
        { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.5s' },
      ],
    });
    expect(recordedStatus({ name: 'INTERNAL', message: '', details: [] })).toEqual({ code: 'INTERNAL', message: '' });
  });
});

describe('responsesObject', () => {
  it('reads a JSON object, and places any other JSON', () => {
    expect(responsesObject('{"a": {}}', 'mock.json')).toEqual({ a: {} });
    expect(() => responsesObject('\n[]', 'mock.json')).toThrow('mock.json: expected a JSON object of methods and their answers');
  });
});
