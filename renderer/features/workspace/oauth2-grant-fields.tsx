import { useEffect, useState } from 'react';
import type { OAuth2ClientCredentials } from '../../../shared/model';
import { VariableInput } from '../../components/variable-input';
import type { VariableSuggestion } from '../../editor/variable-at-caret';
import { useFerry } from '../../store';

/** A grant as the editor holds it: every field as typed, the optional ones possibly empty. */
export type GrantDraft = Required<Omit<OAuth2ClientCredentials, 'credentials'>> & { credentials: 'basic' | 'body' };

export function grantDraftOf(grant?: OAuth2ClientCredentials): GrantDraft {
  return {
    tokenUrl: grant?.tokenUrl ?? '',
    clientId: grant?.clientId ?? '',
    clientSecret: grant?.clientSecret ?? '',
    scope: grant?.scope ?? '',
    audience: grant?.audience ?? '',
    credentials: grant?.credentials ?? 'basic',
  };
}

/** The grant as the file keeps it: empty optional fields left out, HTTP Basic (the default) not written. */
export function grantOf(draft: GrantDraft): OAuth2ClientCredentials {
  const optional = (key: 'clientSecret' | 'scope' | 'audience') => (draft[key].trim() === '' ? {} : { [key]: draft[key].trim() });
  return {
    tokenUrl: draft.tokenUrl.trim(),
    clientId: draft.clientId.trim(),
    ...optional('clientSecret'),
    ...optional('scope'),
    ...optional('audience'),
    ...(draft.credentials === 'body' && { credentials: 'body' as const }),
  };
}

const TEXT_FIELDS: Array<{ key: 'tokenUrl' | 'clientId' | 'clientSecret' | 'scope' | 'audience'; label: string; placeholder: string }> = [
  { key: 'tokenUrl', label: 'Token URL', placeholder: 'https://auth.example.com/oauth/token' },
  { key: 'clientId', label: 'Client ID', placeholder: 'orders-ci' },
  { key: 'clientSecret', label: 'Client secret', placeholder: '{{clientSecret}}: a secret variable' },
  { key: 'scope', label: 'Scope', placeholder: 'orders.read orders.write (optional)' },
  { key: 'audience', label: 'Audience', placeholder: 'https://api.example.com (optional)' },
];

/**
 * The client credentials grant of an OAuth 2.0 token variable: where Ferry asks for the token and as whom.
 * Fields take the environment's other `{{variables}}`; the client secret belongs in a secret one.
 */
export function OAuth2GrantFields({ variable, draft, variables, environment, onChange }: { variable: string; draft: GrantDraft; variables: readonly VariableSuggestion[]; environment: string | undefined; onChange: (draft: GrantDraft) => void }) {
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
    <fieldset className="oauth2-grant">
      <legend>OAuth 2.0 client credentials for {`{{${name}}}`}</legend>
      {TEXT_FIELDS.map(({ key, label, placeholder }) => (
        <label key={key} className="field">
          <span className="field-label">{label}</span>
          <VariableInput
            aria-label={`${label} of ${name}`}
            value={draft[key]}
            variables={variables}
            placeholder={placeholder}
            spellCheck={false}
            required={key === 'tokenUrl' || key === 'clientId'}
            onValueChange={(value) => onChange({ ...draft, [key]: value })}
          />
        </label>
      ))}
      <label className="field">
        <span className="field-label">Send credentials</span>
        <select aria-label={`Send credentials of ${name}`} value={draft.credentials} onChange={(e) => onChange({ ...draft, credentials: e.target.value as GrantDraft['credentials'] })}>
          <option value="basic">HTTP Basic (RFC 6749's default)</option>
          <option value="body">In the form body</option>
        </select>
      </label>
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
    </fieldset>
  );
}
