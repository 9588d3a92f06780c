import { describe, expect, it } from 'vitest';
import { computeVirtualWindow, scrollTopToReveal } from './virtual-window';

describe('computeVirtualWindow', () => {
  it('renders only the visible rows plus overscan', () => {
    expect(computeVirtualWindow(0, 100, 20, 100_000, 2)).toEqual({ start: 0, end: 8, offsetTop: 0, totalHeight: 2_000_000 });
    expect(computeVirtualWindow(1_000, 100, 20, 100_000, 2)).toEqual({ start: 48, end: 58, offsetTop: 960, totalHeight: 2_000_000 });
  });

  it('clamps at the end and past it (a list that shrank under the scroll position)', () => {
    const bottom = computeVirtualWindow(1_999_900, 100, 20, 100_000, 2);
    expect(bottom.end).toBe(100_000);
    expect(computeVirtualWindow(50_000, 100, 20, 10, 2)).toMatchObject({ start: 3, end: 10, offsetTop: 60 });
  });

  it('handles empty lists and zero-height viewports', () => {
    expect(computeVirtualWindow(0, 100, 20, 0)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    expect(computeVirtualWindow(0, 0, 20, 5, 0)).toMatchObject({ start: 0, end: 1 });
  });
});

describe('scrollTopToReveal', () => {
  it('scrolls up or down just enough, and not at all when visible', () => {
    expect(scrollTopToReveal(2, 100, 100, 20)).toBe(40);
    expect(scrollTopToReveal(10, 0, 100, 20)).toBe(120);
    expect(scrollTopToReveal(3, 40, 100, 20)).toBeUndefined();
  });
});
