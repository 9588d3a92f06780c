import { describe, expect, it } from 'vitest';
import { casesWithFirst } from './mock';

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
