import { describe, expect, it } from 'vitest';
import { ferryError } from '../../shared/errors';
import { placeInRequest } from '../engine';
import { requestDataOf } from './request-data';

describe('placeInRequest', () => {
  const text = '{"a": 1}\n{\n  "items": [{}, {"counts": {"x.y": "z"}}]\n}';
  const { source } = requestDataOf(text, 'req.json');
  const bad = (fieldPath: string) => ferryError('BAD_INPUT', `${fieldPath}: found the string "z"; expected an int64`, { fieldPath });

  it('places an error about a field at the field, in the message it is about', () => {
    expect(placeInRequest(bad('items[1].counts["x.y"]'), source, 1).details).toMatchObject({ file: 'req.json', line: 3, column: 29 });
    expect(placeInRequest(bad('a'), source, 0).details).toMatchObject({ file: 'req.json', line: 1, column: 2 });
  });

  it('places a path that does not exist at its deepest part that does', () => {
    expect(placeInRequest(bad('items[1].nope'), source, 1).details).toMatchObject({ line: 3, column: 17 });
  });

  it('leaves errors with a place, without a field path or without a source as they are', () => {
    const placed = ferryError('BAD_INPUT', 'x', { fieldPath: 'a', line: 9, column: 9 });
    expect(placeInRequest(placed, source, 0)).toBe(placed);
    const general = ferryError('BAD_INPUT', 'x');
    expect(placeInRequest(general, source, 0)).toBe(general);
    expect(placeInRequest(bad('a'), undefined, 0).details?.line).toBeUndefined();
  });
});
