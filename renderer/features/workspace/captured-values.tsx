import { useFerry } from '../../store';
import { shownCapturedValue } from '../../store/captures';

/** The values captured from responses so far: they fill `{{variables}}` before the environment does. */
export function CapturedValues() {
  const captured = useFerry((s) => s.workspace.captured);
  const clear = useFerry((s) => s.clearCaptured);
  if (captured.length === 0) return null;
  return (
    <div className="workspace-stack" role="group" aria-label="Captured values">
      <p className="small muted">Captured from responses (used before the environment&apos;s values; kept until this page closes):</p>
      <ul className="captured-values small">
        {captured.map(({ name, value, secret, from }) => (
          <li key={name} title={`captured by ${from}`}>
            <code>{`{{${name}}}`}</code> = <code className="break">{shownCapturedValue(value, secret)}</code> <span className="muted">from {from}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="button-ghost small" onClick={clear}>
        Clear captured values
      </button>
    </div>
  );
}
