import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  /** `vertical`: a bar between panes side by side, moved left and right; `horizontal`: between stacked panes. */
  orientation: 'vertical' | 'horizontal';
  /** What it resizes, e.g. "Resize service explorer". */
  label: string;
  /** The size it controls, in the units of min and max (pixels or percent), for assistive technology. */
  value: number;
  min: number;
  max: number;
  /** Moves the split by this many pixels (positive: right or down); Infinity for End, -Infinity for Home. */
  onResizeBy: (deltaPx: number) => void;
  /** Enter collapses or restores the pane (the window splitter pattern). */
  onToggle?: () => void;
  /** The id of the pane it sizes. */
  controls?: string;
}

const STEP_PX = 16;
const PAGE_STEP_PX = 80;

/**
 * A WAI-ARIA window splitter: a focusable separator moved by dragging or with the arrow keys (Shift for
 * bigger steps), Home and End for the limits, Enter to collapse or restore.
 */
export function Splitter({ orientation, label, value, min, max, onResizeBy, onToggle, controls }: SplitterProps) {
  const drag = useRef<number | undefined>(undefined);
  const vertical = orientation === 'vertical';
  const position = (event: PointerEvent) => (vertical ? event.clientX : event.clientY);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? PAGE_STEP_PX : STEP_PX;
    const moves: Record<string, number> = vertical ? { ArrowLeft: -step, ArrowRight: step } : { ArrowUp: -step, ArrowDown: step };
    const delta = moves[event.key] ?? (event.key === 'Home' ? -Infinity : event.key === 'End' ? Infinity : undefined);
    if (delta !== undefined) onResizeBy(delta);
    else if (event.key === 'Enter' && onToggle) onToggle();
    else return;
    event.preventDefault();
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-controls={controls}
      className={`splitter splitter-${orientation}`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        drag.current = position(event);
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (drag.current === undefined) return;
        const now = position(event);
        if (now !== drag.current) onResizeBy(now - drag.current);
        drag.current = now;
      }}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onDoubleClick={onToggle}
    />
  );
}
