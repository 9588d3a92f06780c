import type { CallKind } from '../../shared/model';

const LABELS: Record<CallKind, { short: string; long: string; spoken: string }> = {
  unary: { short: 'unary', long: 'Unary call', spoken: 'unary' },
  'server-stream': { short: 'server', long: 'Server streaming', spoken: 'server streaming' },
  'client-stream': { short: 'client', long: 'Client streaming', spoken: 'client streaming' },
  bidi: { short: 'bidi', long: 'Bidirectional streaming', spoken: 'bidirectional streaming' },
};

/** The call kind as a screen reader should hear it after a method's name ("Echo, unary"). */
export function kindDescription(kind: CallKind): string {
  return LABELS[kind].spoken;
}

export function KindBadge({ kind }: { kind: CallKind }) {
  const label = LABELS[kind];
  return (
    <span className={`kind kind-${kind}`} title={label.long}>
      {label.short}
    </span>
  );
}
