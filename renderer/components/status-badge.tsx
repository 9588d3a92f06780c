export type BadgeTone = 'ok' | 'error' | 'warn' | 'info' | 'muted';

export interface StatusBadgeProps {
  tone: BadgeTone;
  label: string;
  detail?: string;
  /** `status` makes screen readers announce changes; a live connectivity or call status uses it. */
  role?: 'status';
  ariaLabel?: string;
}

export function StatusBadge({ tone, label, detail, role, ariaLabel }: StatusBadgeProps) {
  return (
    <span className={`badge badge-${tone}`} role={role} aria-label={ariaLabel} title={detail}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
      {detail ? <span className="badge-detail">{detail}</span> : null}
    </span>
  );
}
