import { useEffect, useRef, useState } from 'react';
import { useFerry } from '../../store';
import { grantOf, type GrantDraft } from './oauth2-grant-fields';

interface SignInState {
  /** Set while the engine starts listening, or asks the device authorization endpoint for a code. */
  starting?: boolean;
  /** Set while Ferry waits for the browser to come back, or for the device code to be entered. */
  waiting?: { signInId: string; url: string; userCode?: string };
  ok?: boolean;
  text?: string;
}

/**
 * Sign in for an authorization code grant (Ferry listens on 127.0.0.1 for the browser to come back) or a
 * device grant (the person enters the code shown here on the provider's page, in any browser on any machine,
 * while the engine polls). The page opens in a new tab (or the system browser, in the desktop app) and is
 * also a link, for a browser that blocked the new tab; the token stays with Ferry for the requests whose
 * grant is this one as saved.
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
    const text = started.userCode === undefined ? 'Waiting for the browser: sign in on the page that opened.' : 'Waiting: enter this code on the page that opened (or in any browser, on any machine).';
    setState({ waiting: started, text });
    window.open(started.url, '_blank', 'noopener,noreferrer');
    const done = await finishSignIn(started.signInId);
    waitingId.current = undefined;
    setState({ ok: done.ok, text: done.text });
  };

  const device = draft.grant === 'device_code';
  const incomplete = (device ? draft.deviceAuthUrl : draft.authUrl).trim() === '' || draft.tokenUrl.trim() === '' || draft.clientId.trim() === '';
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
      {state.waiting?.userCode !== undefined ? (
        <output className="oauth2-user-code" aria-label={`Code to enter for ${name}`}>
          {state.waiting.userCode}
        </output>
      ) : null}
      {state.waiting ? (
        <>
          <a href={state.waiting.url} target="_blank" rel="noopener noreferrer" className="small">
            {state.waiting.userCode === undefined ? 'Open the sign-in page' : 'Open the verification page'}
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
