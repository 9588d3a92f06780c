import type { CallKind } from '../../shared/model';

const LABELS: Record<CallKind, { short: string; long: string }> = {
  unary: { short: 'unary', long: 'Unary call' },
  'server-stream': { short: 'server', long: 'Server streaming' },
  'client-stream': { short: 'client', long: 'Client streaming' },
  bidi: { short: 'bidi', long: 'Bidirectional streaming' },
};

export function KindBadge({ kind }: { kind: CallKind }) {
  const label = LABELS[kind];
  return (
    <span className={`kind kind-${kind}`} title={label.long}>
      {label.short}
    </span>
  );
}
