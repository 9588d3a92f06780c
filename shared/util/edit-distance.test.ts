import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('Order', 'Order')).toBe(0);
    expect(editDistance('Ordr', 'Order')).toBe(1);
    expect(editDistance('Order', 'Ordre')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
