import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { computeVirtualWindow, scrollTopToReveal } from './virtual-window';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  /** Row to keep in view (keyboard selection); follows changes. */
  revealIndex?: number;
  /** Keep the view pinned to the newest row while the user has not scrolled up. */
  followTail?: boolean;
  className?: string;
}

/**
 * A fixed-row-height virtual list: whatever `count` is, only the rows in view (plus a few) exist in the DOM.
 * Rows carry their own roles; keyboard handling belongs to the caller's container.
 * Browsers cap element height (about 33 million px in Chromium), so at 22 px a row this holds about
 * 1.5 million rows; beyond that the last rows are unreachable by scrolling.
 */
export function VirtualList({ count, rowHeight, renderRow, revealIndex, followTail, className }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const atTail = useRef(true);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = viewport.current;
    if (!element || !followTail || !atTail.current) return;
    // The known content height, not element.scrollHeight: reading that forces a layout on every frame.
    element.scrollTop = count * rowHeight;
  }, [count, followTail, rowHeight]);

  useEffect(() => {
    const element = viewport.current;
    if (!element || revealIndex === undefined) return;
    const target = scrollTopToReveal(revealIndex, element.scrollTop, element.clientHeight, rowHeight);
    if (target !== undefined) element.scrollTop = target;
  }, [revealIndex, rowHeight]);

  const win = computeVirtualWindow(scrollTop, height, rowHeight, count);
  const rows: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(renderRow(i));

  return (
    <div
      ref={viewport}
      className={`virtual-list ${className ?? ''}`}
      onScroll={(event) => {
        const element = event.currentTarget;
        setScrollTop(element.scrollTop);
        atTail.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
      }}
    >
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        <div style={{ position: 'absolute', top: win.offsetTop, left: 0, right: 0 }}>{rows}</div>
      </div>
    </div>
  );
}
