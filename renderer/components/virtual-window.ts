/**
 * Scroll math for a fixed-row-height list of any length. Positions are "virtual" pixels (row × row height);
 * browsers cap an element's height (about 33.5 million px in Chromium, 17.9 million in Firefox), so past
 * MAX_SCROLL_PX the scrollbar covers a scaled-down space and each physical pixel stands for `scale` virtual
 * ones. At 22 px a row that keeps 10 million rows (and far more) reachable.
 */
export const MAX_SCROLL_PX = 15_000_000;

export interface ScrollSpace {
  /** Height of every row together. */
  virtualHeight: number;
  /** Height of the scrollable element: the virtual height, capped. */
  physicalHeight: number;
  /** Virtual px per physical px of scrolling (1 below the cap). */
  scale: number;
}

export function scrollSpace(count: number, rowHeight: number, viewportHeight: number, maxPx = MAX_SCROLL_PX): ScrollSpace {
  const virtualHeight = count * rowHeight;
  if (virtualHeight <= maxPx) return { virtualHeight, physicalHeight: virtualHeight, scale: 1 };
  const room = Math.max(1, maxPx - viewportHeight);
  return { virtualHeight, physicalHeight: maxPx, scale: Math.max(1, (virtualHeight - viewportHeight) / room) };
}

/** The largest virtual scroll position: the last row at the bottom of the viewport. */
export function maxVirtualTop(space: ScrollSpace, viewportHeight: number): number {
  return Math.max(0, space.virtualHeight - viewportHeight);
}

/** Which rows of a fixed-row-height list to render for a scroll position. */
export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** First row at least partly in view, and one past the last: what the caller should have loaded. */
  firstVisible: number;
  endVisible: number;
  /** Where `start` sits relative to the top of the viewport, in px (zero or negative). */
  startOffset: number;
}

export function computeVirtualWindow(virtualTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 8): VirtualWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, firstVisible: 0, endVisible: 0, startOffset: 0 };
  const top = Math.max(0, Math.min(virtualTop, Math.max(0, count * rowHeight - viewportHeight)));
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  const endVisible = Math.min(count, Math.ceil((top + Math.max(viewportHeight, 0)) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, Math.max(endVisible, firstVisible + 1) + overscan);
  return { start, end, firstVisible, endVisible: Math.max(endVisible, firstVisible + 1), startOffset: start * rowHeight - top };
}

/** The virtual scroll position that brings `index` fully into view, or undefined when it already is. */
export function scrollTopToReveal(index: number, virtualTop: number, viewportHeight: number, rowHeight: number): number | undefined {
  const rowTop = index * rowHeight;
  if (rowTop < virtualTop) return rowTop;
  if (rowTop + rowHeight > virtualTop + viewportHeight) return rowTop + rowHeight - viewportHeight;
  return undefined;
}

/** Pixels a wheel event asks to scroll (deltaMode 0 px, 1 lines, 2 pages). */
export function wheelPixels(deltaY: number, deltaMode: number, rowHeight: number, viewportHeight: number): number {
  if (deltaMode === 1) return deltaY * rowHeight;
  if (deltaMode === 2) return deltaY * viewportHeight;
  return deltaY;
}
