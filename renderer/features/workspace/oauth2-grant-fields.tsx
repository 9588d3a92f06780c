import { useEffect, useState } from 'react';
import { signsIn, type OAuth2Grant } from '../../../shared/model';
import { VariableInput } from '../../components/variable-input';
import type { VariableSuggestion } from '../../editor/variable-at-caret';
import { useFerry } from '../../store';
import { OAuth2SignIn } from './oauth2-sign-in';

type GrantType = NonNullable<OAuth2Grant['grant']>;
type TextField = 'tokenUrl' | 'authUrl' | 'deviceAuthUrl' | 'clientId' | 'clientSecret' | 'scope' | 'audience' | 'username' | 'password' | 'caCertPath' | 'proxy';

/** A grant as the editor holds it: every field as typed, the optional ones possibly empty. */
export type GrantDraft = Record<TextField, string> & { grant: GrantType; credentials: 'basic' | 'body'; redirectPort: string; insecureSkipVerify: boolean };

export function grantDraftOf(grant?: OAuth2Grant): GrantDraft {
  return {
    grant: grant?.grant ?? 'client_credentials',
    tokenUrl: grant?.tokenUrl ?? '',
    authUrl: grant?.authUrl ?? '',
    deviceAuthUrl: grant?.deviceAuthUrl ?? '',
    clientId: grant?.clientId ?? '',
    clientSecret: grant?.clientSecret ?? '',
    scope: grant?.scope ?? '',
    audience: grant?.audience ?? '',
    username: grant?.username ?? '',
    password: grant?.password ?? '',
    credentials: grant?.credentials ?? 'basic',
    redirectPort: grant?.redirectPort === undefined ? '' : String(grant.redirectPort),
    caCertPath: grant?.caCertPath ?? '',
    insecureSkipVerify: grant?.insecureSkipVerify ?? false,
    proxy: grant?.proxy ?? '',
  };
}

/**
 * The grant as the file keeps it: empty optional fields left out, the defaults (client credentials, HTTP
 * Basic) not written, and the fields of a grant other than the chosen one dropped. A redirect port that is not
 * a number is written as typed, for the save to refuse by name.
 */
export function grantOf(draft: GrantDraft): OAuth2Grant {
  const optional = (key: 'clientSecret' | 'scope' | 'audience' | 'caCertPath' | 'proxy') => (draft[key].trim() === '' ? {} : { [key]: draft[key].trim() });
  const code = draft.grant === 'authorization_code';
  const user = draft.grant === 'password';
  const port = draft.redirectPort.trim();
  return {
    ...(draft.grant !== 'client_credentials' && { grant: draft.grant }),
    tokenUrl: draft.tokenUrl.trim(),
    ...(code && { authUrl: draft.authUrl.trim() }),
    ...(draft.grant === 'device_code' && { deviceAuthUrl: draft.deviceAuthUrl.trim() }),
    clientId: draft.clientId.trim(),
    ...optional('clientSecret'),
    ...optional('scope'),
    ...optional('audience'),
    ...(draft.credentials === 'body' && { credentials: 'body' as const }),
    ...(code && port !== '' && { redirectPort: Number(port) }),
    ...(user && { username: draft.username.trim(), password: draft.password.trim() }),
    ...optional('caCertPath'),
    ...(draft.insecureSkipVerify && { insecureSkipVerify: true }),
    ...optional('proxy'),
  };
}

/** The fields in the order shown; `only`: the one grant a field belongs to, and is required for. */
const TEXT_FIELDS: Array<{ key: Exclude<TextField, 'caCertPath' | 'proxy'>; label: string; placeholder: string; only?: GrantType }> = [
  { key: 'authUrl', label: 'Authorization URL', placeholder: 'https://auth.example.com/authorize', only: 'authorization_code' },
  { key: 'deviceAuthUrl', label: 'Device authorization URL', placeholder: 'https://auth.example.com/oauth/device/code', only: 'device_code' },
  { key: 'tokenUrl', label: 'Token URL', placeholder: 'https://auth.example.com/oauth/token' },
  { key: 'clientId', label: 'Client ID', placeholder: 'orders-ci' },
  { key: 'clientSecret', label: 'Client secret', placeholder: '{{clientSecret}}: a secret variable' },
  { key: 'username', label: 'Username', placeholder: 'alice (or a {{variable}})', only: 'password' },
  { key: 'password', label: 'Password', placeholder: '{{userPassword}}: a secret variable', only: 'password' },
  { key: 'scope', label: 'Scope', placeholder: 'orders.read orders.write (optional)' },
  { key: 'audience', label: 'Audience', placeholder: 'https://api.example.com (optional)' },
];

/**
 * The grant of an OAuth 2.0 token variable: where Ferry gets the token and as whom, by the client credentials
 * grant, a user's name and password, or a person signing in (authorization code with PKCE, or the device
 * grant, a code entered in any browser). Fields take the
 * environment's other `{{variables}}`; the client secret and the password belong in secret ones.
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
          <option value="password">Password (a user&apos;s name and password)</option>
          <option value="device_code">Device code (enter a code in any browser)</option>
        </select>
      </label>
      {TEXT_FIELDS.filter((field) => field.only === undefined || field.only === draft.grant).map(({ key, label, placeholder, only }) => (
        <label key={key} className="field">
          <span className="field-label">{label}</span>
          <VariableInput
            aria-label={`${label} of ${name}`}
            value={draft[key]}
            variables={variables}
            placeholder={draft.grant !== 'client_credentials' && key === 'clientSecret' ? '(optional: a public client has none)' : placeholder}
            spellCheck={false}
            required={key === 'tokenUrl' || key === 'clientId' || only !== undefined}
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
      <label className="field">
        <span className="field-label">CA certificate</span>
        <VariableInput
          aria-label={`CA certificate of ${name}`}
          value={draft.caCertPath}
          variables={variables}
          placeholder="certs/internal-ca.pem (optional; from the workspace root)"
          title="A PEM file of CA certificates to trust for the token endpoint, besides Node's own list: for an identity provider behind a company's CA"
          spellCheck={false}
          onValueChange={(value) => onChange({ ...draft, caCertPath: value })}
        />
      </label>
      <label className="field-check" title="Accept any certificate from the token endpoint: for a dev server's self-signed one, never in production">
        <input type="checkbox" aria-label={`Skip certificate verification of ${name}`} checked={draft.insecureSkipVerify} onChange={(e) => onChange({ ...draft, insecureSkipVerify: e.target.checked })} />
        Skip certificate verification
      </label>
      <label className="field">
        <span className="field-label">Proxy</span>
        <VariableInput
          aria-label={`Proxy of ${name}`}
          value={draft.proxy}
          variables={variables}
          placeholder="from HTTPS_PROXY and NO_PROXY where Ferry runs (optional)"
          title="The HTTP proxy the token endpoint is reached through: http://host:port or http://user:password@host:port, or direct for none"
          spellCheck={false}
          onValueChange={(value) => onChange({ ...draft, proxy: value })}
        />
      </label>
      {signsIn(draft.grant) ? <OAuth2SignIn variable={variable} draft={draft} environment={environment} /> : <TokenCheck variable={variable} draft={draft} environment={environment} />}
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
        disabled={trial.busy || draft.tokenUrl.trim() === '' || draft.clientId.trim() === '' || (draft.grant === 'password' && (draft.username.trim() === '' || draft.password.trim() === ''))}
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
