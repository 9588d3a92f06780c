import { useShallow } from 'zustand/react/shallow';
import { requestTargetMismatch, useFerry, type RequestTargetMismatch } from '../../store';

/**
 * Send always goes to the connected server. When the active saved request names another target (its
 * `{{host}}` resolved for the chosen environment), say so and offer to connect there.
 */
export function TargetNotice() {
  const mismatch = useFerry(useShallow((s): Partial<RequestTargetMismatch> => requestTargetMismatch(s) ?? {}));
  const connecting = useFerry((s) => s.connection.status === 'connecting');
  const connectToRequestTarget = useFerry((s) => s.connectToRequestTarget);
  if (mismatch.target === undefined) return null;
  const where = mismatch.environment === undefined ? '' : ` in ${mismatch.environment}`;
  return (
    <div className="request-warning target-notice" role="note" aria-label="Request target">
      <span>
        This request targets <code>{mismatch.target}</code>
        {where}; {mismatch.connected === undefined ? 'Ferry is not connected.' : <>Send goes to the connected <code>{mismatch.connected}</code>.</>}
      </span>
      <button type="button" className="button-ghost small" disabled={connecting} onClick={() => void connectToRequestTarget()}>
        Connect to {mismatch.target}
      </button>
    </div>
  );
}
