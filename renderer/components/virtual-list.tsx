import { Fragment, useEffect, useLayoutEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { computeVirtualWindow, maxVirtualTop, scrollSpace, scrollTopToReveal, wheelPixels } from './virtual-window';

/** Rows rendered beyond each edge of the view: enough for a keyboard step, few enough that a fast stream's refresh stays cheap. */
const OVERSCAN = 3;

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `index`, unkeyed: the list keys rows by their slot in the view (see below). */
  renderRow: (index: number) => ReactNode;
  /** Row to keep in view (keyboard selection); follows changes. */
  revealIndex?: number;
  /** Keep the view pinned to the newest row while the user has not scrolled up. */
  followTail?: boolean;
  /** Told which rows are in view (first, one past the last) whenever that changes: the caller loads them. */
  onVisibleRange?: (first: number, end: number) => void;
  className?: string;
}

/**
 * A fixed-row-height virtual list: whatever `count` is, only the rows in view (plus a few) exist in the DOM.
 * Rows carry their own roles; keyboard handling belongs to the caller's container. Past the browsers'
 * element-height cap the scroll space is scaled (see virtual-window.ts): dragging the scrollbar reaches every
 * row, and the wheel still moves row by row.
 */
export function VirtualList({ count, rowHeight, renderRow, revealIndex, followTail, onVisibleRange, className }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  /** The virtual scroll position: the source of truth, kept outside state so a followed tail costs one render. */
  const top = useRef(0);
  const atTail = useRef(true);
  /** The physical scrollTop we set last, to tell our own scroll events from the user's. */
  const placed = useRef(0);

  const space = scrollSpace(count, rowHeight, height);
  const maxTop = maxVirtualTop(space, height);
  top.current = followTail && atTail.current ? maxTop : Math.min(top.current, maxTop);
  const physicalTop = top.current / space.scale;
  const geometry = useRef({ space, maxTop });
  geometry.current = { space, maxTop };

  const moveTo = (virtualTop: number) => {
    const { maxTop: max } = geometry.current;
    top.current = Math.max(0, Math.min(virtualTop, max));
    atTail.current = top.current >= max - rowHeight;
    rerender();
  };

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    // Compared with what we placed, not element.scrollTop: reading that forces a layout on every frame.
    if (!element || Math.abs(placed.current - physicalTop) < 1) return;
    element.scrollTop = physicalTop;
    placed.current = physicalTop;
  });

  // The wheel scrolls rows, not scaled pixels: past the height cap a native wheel step would skip rows.
  const scaled = space.scale > 1;
  useEffect(() => {
    const element = viewport.current;
    if (!element || !scaled) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      moveTo(top.current + wheelPixels(event.deltaY, event.deltaMode, rowHeight, element.clientHeight));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scaled, rowHeight]); // moveTo reads only refs

  useLayoutEffect(() => {
    if (revealIndex === undefined) return;
    const target = scrollTopToReveal(revealIndex, top.current, height, rowHeight);
    if (target !== undefined) moveTo(target);
    // Only a new reveal request scrolls; a resize alone must not pull the view back.
  }, [revealIndex, rowHeight]);

  const win = computeVirtualWindow(top.current, height, rowHeight, count, OVERSCAN);
  const reportRange = useRef(onVisibleRange);
  reportRange.current = onVisibleRange;
  useEffect(() => reportRange.current?.(win.firstVisible, win.endVisible), [win.firstVisible, win.endVisible]);

  const rows: ReactNode[] = [];
  // Keyed by slot, not by row: when a fast stream replaces every row in view, the same elements take the
  // new rows' content instead of being torn down and built again.
  for (let i = win.start; i < win.end; i++) rows.push(<Fragment key={i - win.start}>{renderRow(i)}</Fragment>);

  return (
    <div
      ref={viewport}
      className={`virtual-list ${className ?? ''}`}
      style={{ overflowAnchor: 'none', scrollbarGutter: 'stable' }}
      onScroll={(event) => {
        const physical = event.currentTarget.scrollTop;
        if (Math.abs(physical - placed.current) < 1) return;
        placed.current = physical;
        moveTo(physical * geometry.current.space.scale);
      }}
    >
      <div style={{ height: space.physicalHeight, position: 'relative' }}>
        {/* A layer of its own: rows that change every update repaint alone, not the page around them. */}
        <div style={{ position: 'absolute', top: physicalTop + win.startOffset, left: 0, right: 0, willChange: 'transform' }}>{rows}</div>
      </div>
    </div>
  );
}
