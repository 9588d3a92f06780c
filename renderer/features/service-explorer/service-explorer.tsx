import { forwardRef } from 'react';
import { Splitter } from '../../components/splitter';
import { LAYOUT_LIMITS, useFerry } from '../../store';
import { MethodDocs } from './method-docs';
import { ServiceTree } from './service-tree';

/** The sidebar: filter box, service tree, and the selected method's docs. The ref is the filter input. */
export const ServiceExplorer = forwardRef<HTMLInputElement>(function ServiceExplorer(_props, filterRef) {
  const filter = useFerry((s) => s.ui.serviceFilter);
  const setFilter = useFerry((s) => s.setServiceFilter);
  const openMethod = useFerry((s) => s.openMethod);
  const selectMethod = useFerry((s) => s.selectMethod);
  const services = useFerry((s) => s.schema.services);
  const docsHeight = useFerry((s) => s.ui.layout.docsHeight);
  const resizePane = useFerry((s) => s.resizePane);
  const count = services.reduce((n, s) => n + s.methods.length, 0);

  return (
    <aside className="explorer" aria-label="Service explorer" style={{ gridTemplateRows: `auto minmax(80px, 1fr) auto ${docsHeight}px` }}>
      <div className="explorer-filter">
        <input
          ref={filterRef}
          type="search"
          aria-label="Filter services"
          placeholder={count > 0 ? `Filter ${count} methods  (Ctrl+K or /)` : 'Filter services  (Ctrl+K or /)'}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setFilter('');
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              e.currentTarget.closest('.explorer')?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
            }
            if (e.key === 'Enter') {
              const first = e.currentTarget.closest('.explorer')?.querySelector<HTMLElement>('[data-method]');
              const name = first?.dataset['id'];
              if (name) {
                selectMethod(name);
                openMethod(name);
              }
            }
          }}
        />
      </div>
      <div className="explorer-tree">
        <ServiceTree />
      </div>
      <Splitter
        orientation="horizontal"
        label="Resize method documentation"
        value={docsHeight}
        min={LAYOUT_LIMITS.docs.min}
        max={LAYOUT_LIMITS.docs.max}
        controls="method-docs"
        onResizeBy={(delta) => resizePane('docs', delta)}
      />
      <div className="explorer-docs" id="method-docs">
        <MethodDocs />
      </div>
    </aside>
  );
});
