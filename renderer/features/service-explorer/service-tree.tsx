import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MethodSummary } from '../../../shared/model';
import { KindBadge, kindDescription } from '../../components/kind-badge';
import { useFerry } from '../../store';
import { filterServices } from './filter-services';
import { expansionFor, isOpen, toggledTo } from './tree-expansion';

type Item = { kind: 'service'; id: string; name: string; expanded: boolean } | { kind: 'method'; id: string; method: MethodSummary };

/**
 * Services → methods as an ARIA tree with one tab stop: arrows move, Right/Left expand and collapse,
 * Enter or a click opens the method in a request tab; moving onto a method shows its docs.
 */
export function ServiceTree() {
  const services = useFerry((s) => s.schema.services);
  const query = useFerry((s) => s.ui.serviceFilter);
  const selected = useFerry((s) => s.ui.selectedMethod);
  const selectMethod = useFerry((s) => s.selectMethod);
  const openMethod = useFerry((s) => s.openMethod);
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const tree = useRef<HTMLUListElement>(null);

  const filtered = useMemo(() => filterServices(services, query), [services, query]);
  const filtering = query.trim() !== '';
  const expansion = useMemo(() => expansionFor(services.length, toggled), [services.length, toggled]);
  const items = useMemo(() => {
    const list: Item[] = [];
    for (const { service, methods } of filtered) {
      const expanded = isOpen(service.fullName, expansion, filtering);
      list.push({ kind: 'service', id: service.fullName, name: service.fullName, expanded });
      if (expanded) for (const method of methods) list.push({ kind: 'method', id: method.fullName, method });
    }
    return list;
  }, [filtered, filtering, expansion]);

  const current = items.find((i) => i.id === focusId) ?? items.find((i) => i.id === selected) ?? items[0];
  const focusItem = (item: Item | undefined) => {
    if (!item) return;
    setFocusId(item.id);
    if (item.kind === 'method') selectMethod(item.method.fullName);
    tree.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(item.id)}"]`)?.focus();
  };
  const toggle = (id: string, open: boolean) => setToggled((prev) => toggledTo(expansionFor(services.length, prev), id, open));

  const onKeyDown = (event: KeyboardEvent) => {
    if (!current) return;
    const index = items.indexOf(current);
    const handlers: Record<string, () => void> = {
      ArrowDown: () => focusItem(items[index + 1]),
      ArrowUp: () => focusItem(items[index - 1]),
      Home: () => focusItem(items[0]),
      End: () => focusItem(items[items.length - 1]),
      ArrowRight: () => (current.kind === 'service' && !current.expanded ? toggle(current.id, true) : focusItem(items[index + 1])),
      ArrowLeft: () => {
        if (current.kind === 'service') return toggle(current.id, false);
        focusItem(items.slice(0, index).reverse().find((i) => i.kind === 'service'));
      },
      Enter: () => (current.kind === 'method' ? openMethod(current.method.fullName) : toggle(current.id, !current.expanded)),
    };
    const handler = handlers[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  if (services.length === 0) return <p className="empty-hint">Connect to a server to see its services.</p>;
  if (items.length === 0) return <p className="empty-hint">No method matches “{query}”.</p>;

  return (
    <ul className="tree" role="tree" aria-label="Services" ref={tree} onKeyDown={onKeyDown}>
      {filtered.map(({ service, methods }) => {
        const expanded = isOpen(service.fullName, expansion, filtering);
        return (
          <li
            key={service.fullName}
            role="treeitem"
            aria-label={service.fullName}
            aria-expanded={expanded}
            aria-selected={false}
            tabIndex={current?.id === service.fullName ? 0 : -1}
            data-id={service.fullName}
            className="tree-service"
            onClick={(event) => {
              if (event.target !== event.currentTarget && (event.target as HTMLElement).closest('[data-method]')) return;
              setFocusId(service.fullName);
              toggle(service.fullName, !expanded);
            }}
          >
            <span className="tree-service-label" title={service.doc}>
              <span className="tree-caret" aria-hidden="true">{expanded ? '▾' : '▸'}</span>
              {service.fullName}
            </span>
            {expanded ? (
              <ul role="group">
                {methods.map((method) => (
                  <li
                    key={method.fullName}
                    role="treeitem"
                    aria-label={method.name}
                    aria-description={kindDescription(method.kind)}
                    aria-selected={selected === method.fullName}
                    tabIndex={current?.id === method.fullName ? 0 : -1}
                    data-id={method.fullName}
                    data-method=""
                    className={`tree-method ${selected === method.fullName ? 'tree-selected' : ''}`}
                    title={method.doc ?? method.path}
                    onClick={() => {
                      setFocusId(method.fullName);
                      selectMethod(method.fullName);
                      openMethod(method.fullName);
                    }}
                  >
                    <span className="tree-method-name">{method.name}</span>
                    <KindBadge kind={method.kind} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
