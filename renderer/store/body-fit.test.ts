import { describe, expect, it } from 'vitest';
import { bodyFitIssues } from './body-fit';

const schema = {
  allOf: [{ $ref: '#/definitions/p.Order' }],
  definitions: {
    'p.Order': { type: 'object', additionalProperties: false, properties: { id: { type: 'string' }, item: { allOf: [{ $ref: '#/definitions/p.Item' }] }, tags: { type: 'array', items: { type: 'string' } } } },
    'p.Item': { type: 'object', additionalProperties: false, properties: { sku: { type: 'string' } } },
  },
};

describe('bodyFitIssues', () => {
  it('finds nothing wrong with a fitting body or with text that is not JSON', () => {
    expect(bodyFitIssues('{"id":"1","item":{"sku":"a"},"tags":["x"]}', schema)).toEqual([]);
    expect(bodyFitIssues('{ nope', schema)).toEqual([]);
  });

  it('names removed fields by path and wrong shapes', () => {
    expect(bodyFitIssues('{"gone":1,"item":{"sku":"a","old":2},"tags":"x"}', schema)).toEqual([
      'gone is not a field any more',
      'item.old is not a field any more',
      'tags should be a list now',
    ]);
  });
});
