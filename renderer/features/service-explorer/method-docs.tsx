import { useEffect } from 'react';
import { describeFerryError } from '../../../shared/errors';
import { KindBadge } from '../../components/kind-badge';
import { useFerry } from '../../store';

/**
 * One message type in .proto syntax. It asks again whenever its answer is gone (a reconnect or schema reload
 * clears them), so it never stays on "Loading…"; without a connection it says so.
 */
function SymbolText({ symbol, label }: { symbol: string; label: string }) {
  const entry = useFerry((s) => s.schema.symbols[symbol]);
  const connected = useFerry((s) => s.connection.info !== undefined);
  const describe = useFerry((s) => s.describeSymbol);
  const missing = entry === undefined;
  useEffect(() => {
    if (missing && connected) void describe(symbol);
  }, [missing, connected, describe, symbol]);
  return (
    <section className="docs-symbol" aria-label={`${label} type`}>
      <h4>
        {label} <code>{symbol}</code>
      </h4>
      {entry?.status === 'ok' ? <pre className="proto-text">{entry.value}</pre> : null}
      {entry?.status === 'error' ? <p className="error-text">{describeFerryError(entry.error)}</p> : null}
      {entry?.status === 'loading' || (missing && connected) ? <p className="muted small">Loading…</p> : null}
      {missing && !connected ? <p className="muted small">Connect to a server to see this type.</p> : null}
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
      {method.requestType ? <SymbolText symbol={method.requestType} label="Request" /> : null}
      {method.responseType ? <SymbolText symbol={method.responseType} label="Response" /> : null}
    </div>
  );
}
