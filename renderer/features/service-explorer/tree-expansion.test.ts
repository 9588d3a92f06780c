import { describe, expect, it } from 'vitest';
import { OPEN_SERVICES_MAX, expansionFor, isOpen, toggledTo } from './tree-expansion';

describe('tree expansion', () => {
  it('opens every service of a small schema, none of a large one, and keeps what the user toggles', () => {
    const small = expansionFor(OPEN_SERVICES_MAX, new Set());
    const large = expansionFor(OPEN_SERVICES_MAX + 1, new Set());
    expect(isOpen('a.A', small, false)).toBe(true);
    expect(isOpen('a.A', large, false)).toBe(false);

    const closedOne = expansionFor(OPEN_SERVICES_MAX, toggledTo(small, 'a.A', false));
    expect([isOpen('a.A', closedOne, false), isOpen('b.B', closedOne, false)]).toEqual([false, true]);
    const openedOne = expansionFor(OPEN_SERVICES_MAX + 1, toggledTo(large, 'a.A', true));
    expect([isOpen('a.A', openedOne, false), isOpen('b.B', openedOne, false)]).toEqual([true, false]);
    // Back to the default: nothing is left toggled.
    expect(toggledTo(openedOne, 'a.A', false).size).toBe(0);
  });

  it('opens every service while a filter is typed', () => {
    expect(isOpen('a.A', expansionFor(500, new Set()), true)).toBe(true);
    expect(isOpen('a.A', expansionFor(5, new Set(['a.A'])), true)).toBe(true);
  });
});
