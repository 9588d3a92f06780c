import { useEffect } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { KindBadge } from '../../components/kind-badge';
import { useFerry } from '../../store';

function SymbolText({ symbol, label }: { symbol: string; label: string }) {
  const entry = useFerry((s) => s.schema.symbols[symbol]);
  const describe = useFerry((s) => s.describeSymbol);
  useEffect(() => void describe(symbol), [describe, symbol]);
  return (
    <section className="docs-symbol" aria-label={label}>
      <h4>
        {label} <code>{symbol}</code>
      </h4>
      {entry?.status === 'ok' ? <pre className="proto-text">{entry.value}</pre> : null}
      {entry?.status === 'error' ? <p className="error-text">{describeFerryError(entry.error)}</p> : null}
      {entry === undefined || entry.status === 'loading' ? <p className="muted small">Loading…</p> : null}
    </section>
  );
}

/** Docs for the method selected in the tree: its comment, path, and both message shapes in .proto syntax. */
export function MethodDocs() {
  const selected = useFerry((s) => s.ui.selectedMethod);
  const method = useFerry((s) => (selected ? s.findMethod(selected) : undefined));
  if (!method) return <p className="empty-hint">Select a method to see its documentation.</p>;
  return (
    <div className="docs" aria-label="Method documentation">
      <h3 className="docs-title">
        {method.name} <KindBadge kind={method.kind} />
      </h3>
      <p className="docs-path">
        <code>{method.path}</code>
      </p>
      {method.doc ? <p className="docs-comment">{method.doc}</p> : <p className="muted small">No comment in the schema.</p>}
      <SymbolText symbol={method.requestType} label="Request" />
      <SymbolText symbol={method.responseType} label="Response" />
    </div>
  );
}
