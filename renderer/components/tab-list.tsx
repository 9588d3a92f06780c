import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabListItem {
  id: string;
  label: ReactNode;
  /** Accessible name of the tab itself. */
  name: string;
  /** Said after the name by assistive technology (e.g. "Unsaved changes"), without changing the name. */
  description?: string;
  /** Shown on hover: a saved request's path, say. */
  title?: string;
}

export interface TabListProps {
  items: TabListItem[];
  activeId: string;
  onSelect: (id: string) => void;
  ariaLabel: string;
  /** Per-tab close buttons, named `Close <tab name>`. */
  onClose?: (id: string) => void;
  /** Prefix for the id of each tab's panel (`aria-controls`). */
  panelIdPrefix?: string;
  className?: string;
}

/**
 * WAI-ARIA tabs: arrow keys move between tabs, Home/End jump, the active tab alone is in the tab order and
 * is scrolled into view whenever it changes (a new tab, Alt+], a tab opened from the workspace).
 */
export function TabList({ items, activeId, onSelect, ariaLabel, onClose, panelIdPrefix, className }: TabListProps) {
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, items.length]);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = items.findIndex((item) => item.id === activeId);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 };
    const target = moves[event.key];
    if (target === undefined || items.length === 0) return;
    event.preventDefault();
    const next = items[(target + items.length) % items.length];
    if (next) {
      onSelect(next.id);
      const list = event.currentTarget as HTMLElement;
      requestAnimationFrame(() => list.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(next.id)}"]`)?.focus());
    }
  };
  return (
    <div ref={list} className={`tab-list ${className ?? ''}`} role="tablist" aria-label={ariaLabel} onKeyDown={onKeyDown}>
      {items.map((item) => {
        const active = item.id === activeId;
        return (
          <div key={item.id} className={`tab ${active ? 'tab-active' : ''}`}>
            <button
              type="button"
              role="tab"
              data-tab-id={item.id}
              aria-selected={active}
              aria-label={item.name}
              aria-description={item.description}
              title={item.title}
              aria-controls={panelIdPrefix ? `${panelIdPrefix}-${item.id}` : undefined}
              tabIndex={active ? 0 : -1}
              className="tab-button"
              onClick={() => onSelect(item.id)}
            >
              {item.label}
            </button>
            {onClose ? (
              <button type="button" className="tab-close" aria-label={`Close ${item.name}`} title={`Close ${item.name}`} tabIndex={-1} onClick={() => onClose(item.id)}>
                ×
              </button>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
