import { describe, expect, it } from 'vitest';
import { describeLoadProgress } from './load-test';

describe('describeLoadProgress', () => {
  it('says how far a run has got, with the rate so far', () => {
    expect(describeLoadProgress({ calls: 3412, failed: 12, elapsedMs: 4100 })).toBe('3,412 calls · 12 failed · 4.1 s · 832 calls/s');
    expect(describeLoadProgress({ calls: 0, failed: 0, elapsedMs: 0 })).toBe('0 calls · 0 failed · 0.0 s · 0 calls/s');
  });
});
