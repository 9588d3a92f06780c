import { describe, expect, it } from 'vitest';
import { MAX_RECENT_TARGETS, recentTargetsFrom, rememberTarget } from './recent-targets';

describe('recent targets', () => {
  it('puts the newest first without repeating one', () => {
    expect(rememberTarget(['b:1', 'a:1'], 'a:1')).toEqual(['a:1', 'b:1']);
    expect(rememberTarget(['b:1'], '  c:1 ')).toEqual(['c:1', 'b:1']);
  });

  it('ignores blank and overlong targets and keeps at most the cap', () => {
    expect(rememberTarget(['a:1'], '   ')).toEqual(['a:1']);
    expect(rememberTarget([], 'x'.repeat(301))).toEqual([]);
    let list: string[] = [];
    for (let i = 0; i < MAX_RECENT_TARGETS + 3; i++) list = rememberTarget(list, `host${i}:1`);
    expect(list).toHaveLength(MAX_RECENT_TARGETS);
    expect(list[0]).toBe(`host${MAX_RECENT_TARGETS + 2}:1`);
  });

  it('reads a stored list in its order and drops what is not a target', () => {
    expect(recentTargetsFrom(['a:1', 7, 'b:1', 'a:1', ''])).toEqual(['a:1', 'b:1']);
    expect(recentTargetsFrom('a:1')).toEqual([]);
    expect(recentTargetsFrom(undefined)).toEqual([]);
  });
});
