import { describe, expect, it } from 'vitest';
import { lastAtOrBefore } from './sorted-search';

describe('lastAtOrBefore', () => {
  it('finds the range a value falls in', () => {
    const starts = [0, 10, 10, 25];
    expect(lastAtOrBefore(starts, 0)).toBe(0);
    expect(lastAtOrBefore(starts, 9)).toBe(0);
    expect(lastAtOrBefore(starts, 10)).toBe(2);
    expect(lastAtOrBefore(starts, 24)).toBe(2);
    expect(lastAtOrBefore(starts, 1000)).toBe(3);
    expect(lastAtOrBefore([5], 1)).toBe(0);
  });
});
