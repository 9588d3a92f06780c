import { describe, expect, it } from 'vitest';
import { createSeqRuns } from './seq-runs';

describe('createSeqRuns', () => {
  it('keeps consecutive matches as one run and maps rows to seqs and back', () => {
    const runs = createSeqRuns(100);
    for (const seq of [3, 4, 5, 9, 11, 12]) expect(runs.push(seq)).toBe(true);
    expect(runs.length).toBe(6);
    expect(runs.runs).toBe(3);
    expect([0, 1, 2, 3, 4, 5, 6].map((row) => runs.seqAt(row))).toEqual([3, 4, 5, 9, 11, 12, undefined]);
    expect([3, 5, 6, 9, 10, 12, 1].map((seq) => runs.rowOf(seq))).toEqual([0, 2, undefined, 3, undefined, 5, undefined]);
    expect([2, 4, 8, 9, 11, 100].map((seq) => runs.countUpTo(seq))).toEqual([0, 2, 3, 4, 5, 6]);
  });

  it('holds a million consecutive matches in one run', () => {
    const runs = createSeqRuns(4);
    for (let seq = 10; seq < 1_000_010; seq++) runs.push(seq);
    expect(runs.runs).toBe(1);
    expect(runs.seqAt(999_999)).toBe(1_000_009);
    expect(runs.rowOf(500_010)).toBe(500_000);
  });

  it('refuses a new run past its limit, growing its storage up to it', () => {
    const runs = createSeqRuns(40);
    for (let i = 0; i < 40; i++) expect(runs.push(i * 2 + 1)).toBe(true);
    expect(runs.push(200)).toBe(false);
    expect(runs.length).toBe(40);
    // Extending the last run needs no new one.
    expect(runs.push(80)).toBe(true);
    expect(runs.seqAt(40)).toBe(80);
  });
});
