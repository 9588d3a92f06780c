import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, computeVirtualWindow, maxVirtualTop, scrollSpace, scrollTopToReveal, wheelPixels } from './virtual-window';

describe('computeVirtualWindow', () => {
  it('renders only the visible rows plus overscan', () => {
    expect(computeVirtualWindow(0, 100, 20, 100_000, 2)).toEqual({ start: 0, end: 7, firstVisible: 0, endVisible: 5, startOffset: 0 });
    expect(computeVirtualWindow(1_010, 100, 20, 100_000, 2)).toEqual({ start: 48, end: 58, firstVisible: 50, endVisible: 56, startOffset: -50 });
  });

  it('clamps at the end and past it (a list that shrank under the scroll position)', () => {
    const bottom = computeVirtualWindow(1_999_900, 100, 20, 100_000, 2);
    expect(bottom).toMatchObject({ end: 100_000, endVisible: 100_000, firstVisible: 99_995 });
    expect(computeVirtualWindow(50_000, 100, 20, 10, 2)).toMatchObject({ start: 3, end: 10, firstVisible: 5, endVisible: 10, startOffset: -40 });
  });

  it('handles empty lists and zero-height viewports', () => {
    expect(computeVirtualWindow(0, 100, 20, 0)).toEqual({ start: 0, end: 0, firstVisible: 0, endVisible: 0, startOffset: 0 });
    expect(computeVirtualWindow(0, 0, 20, 5, 0)).toMatchObject({ start: 0, end: 1, firstVisible: 0, endVisible: 1 });
  });
});

describe('scrollSpace', () => {
  it('is the plain row space below the height cap', () => {
    expect(scrollSpace(1_000, 22, 500)).toEqual({ virtualHeight: 22_000, physicalHeight: 22_000, scale: 1 });
  });

  it('scales ten million rows into the cap, and both ends of the scrollbar reach both ends of the list', () => {
    const rows = 10_000_000;
    const viewport = 600;
    const space = scrollSpace(rows, 22, viewport);
    expect(space.physicalHeight).toBe(MAX_SCROLL_PX);
    expect(space.scale).toBeGreaterThan(14);
    // The scrollbar at its bottom (physical max) is the virtual max: the last row sits at the bottom.
    const bottom = (space.physicalHeight - viewport) * space.scale;
    expect(bottom).toBeCloseTo(maxVirtualTop(space, viewport), 3);
    expect(computeVirtualWindow(bottom, viewport, 22, rows).endVisible).toBe(rows);
    expect(computeVirtualWindow(0, viewport, 22, rows).firstVisible).toBe(0);
    // One physical pixel moves less than a row, so every row has a scroll position that shows it.
    expect(space.scale).toBeLessThan(22);
    const middle = 5_000_000;
    const physical = Math.round((middle * 22) / space.scale);
    const win = computeVirtualWindow(physical * space.scale, viewport, 22, rows);
    expect(middle).toBeGreaterThanOrEqual(win.firstVisible);
    expect(middle).toBeLessThan(win.endVisible);
  });
});

describe('scrollTopToReveal', () => {
  it('scrolls up or down just enough, and not at all when visible', () => {
    expect(scrollTopToReveal(2, 100, 100, 20)).toBe(40);
    expect(scrollTopToReveal(10, 0, 100, 20)).toBe(120);
    expect(scrollTopToReveal(3, 40, 100, 20)).toBeUndefined();
  });

  it('works in virtual pixels beyond the cap', () => {
    expect(scrollTopToReveal(9_999_999, 0, 600, 22)).toBe(10_000_000 * 22 - 600);
  });
});

describe('wheelPixels', () => {
  it('turns line and page deltas into pixels', () => {
    expect(wheelPixels(100, 0, 22, 600)).toBe(100);
    expect(wheelPixels(3, 1, 22, 600)).toBe(66);
    expect(wheelPixels(-1, 2, 22, 600)).toBe(-600);
  });
});
