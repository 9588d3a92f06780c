import { useState } from 'react';
import { useFerry } from '../../store';
import { SET_BY_HAND, shownCapturedValue } from '../../store/captures';

/** Sets a variable for this page by hand: a token pasted for now, written to no file. */
function SetVariableForm({ onDone }: { onDone: () => void }) {
  const setPageVariable = useFerry((s) => s.setPageVariable);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [secret, setSecret] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <form
      className="workspace-stack"
      onSubmit={(event) => {
        event.preventDefault();
        const problem = setPageVariable(name, value, secret);
        setError(problem);
        if (!problem) onDone();
      }}
    >
      <input aria-label="Page variable name" placeholder="name" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} />
      <input aria-label="Page variable value" placeholder="value (JSON or text)" type={secret ? 'password' : 'text'} autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} />
      <label className="field-inline small">
        <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
        Secret (shown as ***)
      </label>
      {error ? (
        <p className="error-text small" role="alert">
          {error}
        </p>
      ) : null}
      <div className="assertion-actions">
        <button type="submit" className="small">
          Set variable
        </button>
        <button type="button" className="button-ghost small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The page's own variables: captured from responses, or set here by hand. They fill `{{variables}}` before
 * the environment does, and live in the page's memory only.
 */
export function PageVariables() {
  const values = useFerry((s) => s.workspace.captured);
  const clear = useFerry((s) => s.clearCaptured);
  const forget = useFerry((s) => s.forgetPageVariable);
  const [setting, setSetting] = useState(false);
  return (
    <div className="workspace-stack" role="group" aria-label="Page variables">
      {values.length > 0 ? (
        <>
          <p className="small muted">Variables of this page, used before the environment&apos;s and kept until it closes:</p>
          <ul className="captured-values small">
            {values.map(({ name, value, secret, from }) => (
              <li key={name}>
                <code>{`{{${name}}}`}</code> = <code className="break">{shownCapturedValue(value, secret)}</code> <span className="muted">{from === SET_BY_HAND ? from : `from ${from}`}</span>{' '}
                <button type="button" className="icon-button" aria-label={`Forget {{${name}}}`} title="Forget" onClick={() => forget(name)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="assertion-actions">
        <button type="button" className="button-ghost small" aria-expanded={setting} onClick={() => setSetting(!setting)}>
          Set a variable for this page
        </button>
        {values.length > 0 ? (
          <button type="button" className="button-ghost small" onClick={clear}>
            Clear page variables
          </button>
        ) : null}
      </div>
      {setting ? <SetVariableForm onDone={() => setSetting(false)} /> : null}
    </div>
  );
}
