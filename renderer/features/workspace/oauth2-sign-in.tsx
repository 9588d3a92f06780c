import { useEffect, useRef, useState } from 'react';
import { useFerry } from '../../store';
import { grantOf, type GrantDraft } from './oauth2-grant-fields';

interface SignInState {
  /** Set while the engine starts listening. */
  starting?: boolean;
  /** Set while Ferry waits for the browser to come back. */
  waiting?: { signInId: string; url: string };
  ok?: boolean;
  text?: string;
}

/**
 * Sign in for an authorization code grant: Ferry listens on 127.0.0.1, the sign-in page opens in a new tab
 * (or the system browser, in the desktop app), and the token the browser brings back stays with Ferry for the
 * requests whose grant is this one as saved. The page is also a link, for a browser that blocked the new tab.
 */
export function OAuth2SignIn({ variable, draft, environment }: { variable: string; draft: GrantDraft; environment: string | undefined }) {
  const name = variable.trim() || 'this variable';
  const beginSignIn = useFerry((s) => s.beginSignIn);
  const finishSignIn = useFerry((s) => s.finishSignIn);
  const cancelSignIn = useFerry((s) => s.cancelSignIn);
  const [state, setState] = useState<SignInState>({});
  const waitingId = useRef<string | undefined>(undefined);
  // Leaving the editor stops the wait: nobody would see how it ended.
  useEffect(() => () => {
    if (waitingId.current !== undefined) void cancelSignIn(waitingId.current);
  }, [cancelSignIn]);

  const signIn = async () => {
    setState({ starting: true, text: 'Starting the sign-in…' });
    const started = await beginSignIn(variable.trim() || 'token', grantOf(draft), environment);
    if (!started.ok) return setState({ ok: false, text: started.text });
    waitingId.current = started.signInId;
    setState({ waiting: started, text: 'Waiting for the browser: sign in on the page that opened.' });
    window.open(started.url, '_blank', 'noopener,noreferrer');
    const done = await finishSignIn(started.signInId);
    waitingId.current = undefined;
    setState({ ok: done.ok, text: done.text });
  };

  const incomplete = draft.authUrl.trim() === '' || draft.tokenUrl.trim() === '' || draft.clientId.trim() === '';
  return (
    <div className="oauth2-try">
      <button
        type="button"
        className="button-ghost small"
        disabled={state.starting || state.waiting !== undefined || incomplete}
        title={environment === undefined ? 'Fields may use only built-ins until the environment is saved' : `{{variables}} in the fields come from environment ${environment} as saved`}
        onClick={() => void signIn()}
      >
        Sign in
      </button>
      {state.waiting ? (
        <>
          <a href={state.waiting.url} target="_blank" rel="noopener noreferrer" className="small">
            Open the sign-in page
          </a>
          <button type="button" className="button-ghost small" onClick={() => void cancelSignIn(state.waiting!.signInId)}>
            Cancel sign-in
          </button>
        </>
      ) : null}
      {state.text !== undefined ? (
        <span className={`small ${state.ok === false ? 'error-text' : state.ok ? 'ok-text' : ''}`} role="status" aria-label={`Sign-in of ${name}`}>
          {state.text}
        </span>
      ) : null}
    </div>
  );
}
