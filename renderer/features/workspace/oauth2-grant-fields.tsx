import { useEffect, useState } from 'react';
import type { OAuth2Grant } from '../../../shared/model';
import { VariableInput } from '../../components/variable-input';
import type { VariableSuggestion } from '../../editor/variable-at-caret';
import { useFerry } from '../../store';
import { OAuth2SignIn } from './oauth2-sign-in';

type GrantType = NonNullable<OAuth2Grant['grant']>;
type TextField = 'tokenUrl' | 'authUrl' | 'clientId' | 'clientSecret' | 'scope' | 'audience';

/** A grant as the editor holds it: every field as typed, the optional ones possibly empty. */
export type GrantDraft = Record<TextField, string> & { grant: GrantType; credentials: 'basic' | 'body'; redirectPort: string };

export function grantDraftOf(grant?: OAuth2Grant): GrantDraft {
  return {
    grant: grant?.grant ?? 'client_credentials',
    tokenUrl: grant?.tokenUrl ?? '',
    authUrl: grant?.authUrl ?? '',
    clientId: grant?.clientId ?? '',
    clientSecret: grant?.clientSecret ?? '',
    scope: grant?.scope ?? '',
    audience: grant?.audience ?? '',
    credentials: grant?.credentials ?? 'basic',
    redirectPort: grant?.redirectPort === undefined ? '' : String(grant.redirectPort),
  };
}

/**
 * The grant as the file keeps it: empty optional fields left out, and the defaults (client credentials, HTTP
 * Basic) not written. A redirect port that is not a number is written as typed, for the save to refuse by name.
 */
export function grantOf(draft: GrantDraft): OAuth2Grant {
  const optional = (key: 'clientSecret' | 'scope' | 'audience') => (draft[key].trim() === '' ? {} : { [key]: draft[key].trim() });
  const code = draft.grant === 'authorization_code';
  const port = draft.redirectPort.trim();
  return {
    ...(code && { grant: 'authorization_code' as const }),
    tokenUrl: draft.tokenUrl.trim(),
    ...(code && { authUrl: draft.authUrl.trim() }),
    clientId: draft.clientId.trim(),
    ...optional('clientSecret'),
    ...optional('scope'),
    ...optional('audience'),
    ...(draft.credentials === 'body' && { credentials: 'body' as const }),
    ...(code && port !== '' && { redirectPort: Number(port) }),
  };
}

const TEXT_FIELDS: Array<{ key: TextField; label: string; placeholder: string; codeOnly?: boolean }> = [
  { key: 'authUrl', label: 'Authorization URL', placeholder: 'https://auth.example.com/authorize', codeOnly: true },
  { key: 'tokenUrl', label: 'Token URL', placeholder: 'https://auth.example.com/oauth/token' },
  { key: 'clientId', label: 'Client ID', placeholder: 'orders-ci' },
  { key: 'clientSecret', label: 'Client secret', placeholder: '{{clientSecret}}: a secret variable' },
  { key: 'scope', label: 'Scope', placeholder: 'orders.read orders.write (optional)' },
  { key: 'audience', label: 'Audience', placeholder: 'https://api.example.com (optional)' },
];

/**
 * The grant of an OAuth 2.0 token variable: where Ferry gets the token and as whom, by the client credentials
 * grant or by a person signing in (authorization code with PKCE). Fields take the environment's other
 * `{{variables}}`; the client secret belongs in a secret one.
 */
export function OAuth2GrantFields({ variable, draft, variables, environment, onChange }: { variable: string; draft: GrantDraft; variables: readonly VariableSuggestion[]; environment: string | undefined; onChange: (draft: GrantDraft) => void }) {
  const name = variable.trim() || 'this variable';
  const code = draft.grant === 'authorization_code';
  return (
    <fieldset className="oauth2-grant">
      <legend>OAuth 2.0 grant for {`{{${name}}}`}</legend>
      <label className="field">
        <span className="field-label">Grant</span>
        <select aria-label={`Grant of ${name}`} value={draft.grant} onChange={(e) => onChange({ ...draft, grant: e.target.value as GrantType })}>
          <option value="client_credentials">Client credentials</option>
          <option value="authorization_code">Authorization code with PKCE (sign in in a browser)</option>
        </select>
      </label>
      {TEXT_FIELDS.filter((field) => code || !field.codeOnly).map(({ key, label, placeholder }) => (
        <label key={key} className="field">
          <span className="field-label">{label}</span>
          <VariableInput
            aria-label={`${label} of ${name}`}
            value={draft[key]}
            variables={variables}
            placeholder={code && key === 'clientSecret' ? '(optional: a public client has none)' : placeholder}
            spellCheck={false}
            required={key === 'tokenUrl' || key === 'clientId' || key === 'authUrl'}
            onValueChange={(value) => onChange({ ...draft, [key]: value })}
          />
        </label>
      ))}
      {code ? (
        <label className="field">
          <span className="field-label">Redirect port</span>
          <input
            type="number"
            min={1}
            max={65535}
            aria-label={`Redirect port of ${name}`}
            value={draft.redirectPort}
            placeholder="any free port"
            title="The browser comes back to http://127.0.0.1:<port>/callback: give the port the provider has registered, or leave it empty for any free one"
            onChange={(e) => onChange({ ...draft, redirectPort: e.target.value })}
          />
        </label>
      ) : null}
      <label className="field">
        <span className="field-label">Send credentials</span>
        <select aria-label={`Send credentials of ${name}`} value={draft.credentials} onChange={(e) => onChange({ ...draft, credentials: e.target.value as GrantDraft['credentials'] })}>
          <option value="basic">HTTP Basic (RFC 6749's default)</option>
          <option value="body">In the form body</option>
        </select>
      </label>
      {code ? <OAuth2SignIn variable={variable} draft={draft} environment={environment} /> : <TokenCheck variable={variable} draft={draft} environment={environment} />}
    </fieldset>
  );
}

function TokenCheck({ variable, draft, environment }: { variable: string; draft: GrantDraft; environment: string | undefined }) {
  const name = variable.trim() || 'this variable';
  const tryToken = useFerry((s) => s.tryToken);
  const [trial, setTrial] = useState<{ busy: boolean; ok?: boolean; text?: string }>({ busy: false });
  // A change to the grant makes the last answer about other settings.
  useEffect(() => setTrial({ busy: false }), [draft]);
  const ask = async () => {
    setTrial({ busy: true });
    setTrial({ busy: false, ...(await tryToken(variable.trim() || 'token', grantOf(draft), environment)) });
  };
  return (
    <div className="oauth2-try">
      <button
        type="button"
        className="button-ghost small"
        disabled={trial.busy || draft.tokenUrl.trim() === '' || draft.clientId.trim() === ''}
        aria-busy={trial.busy}
        title={environment === undefined ? 'Fields may use only built-ins until the environment is saved' : `{{variables}} in the fields come from environment ${environment} as saved`}
        onClick={() => void ask()}
      >
        Get a token now
      </button>
      {trial.text !== undefined ? (
        <span className={`small ${trial.ok ? 'ok-text' : 'error-text'}`} role="status" aria-label={`Token check of ${name}`}>
          {trial.text}
        </span>
      ) : null}
    </div>
  );
}
