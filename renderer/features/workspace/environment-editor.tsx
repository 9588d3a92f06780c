import { Fragment, useEffect, useRef, useState } from 'react';
import { secretEnvName, type EnvironmentVariable } from '../../../shared/model';
import { RowTableHead } from '../../components/row-table-head';
import { useFerry } from '../../store';
import { variableTextOf, variableValueOf } from '../../../shared/util';
import type { VariableSuggestion } from '../../editor/variable-at-caret';
import { EnvironmentMetadata, metadataDraftOf, metadataOf, type MetadataDraft } from './environment-metadata';
import { grantDraftOf, grantOf, OAuth2GrantFields, type GrantDraft } from './oauth2-grant-fields';

interface Row {
  key: number;
  name: string;
  text: string;
  secret: boolean;
  /** An OAuth 2.0 token variable's grant, as typed. */
  oauth2?: GrantDraft;
}

let rowKeys = 0;
const rowOf = (variable?: EnvironmentVariable): Row => ({
  key: ++rowKeys,
  name: variable?.name ?? '',
  text: variable && !variable.secret ? variableTextOf(variable.value) : '',
  secret: variable?.secret ?? false,
  ...(variable?.oauth2 && { oauth2: grantDraftOf(variable.oauth2) }),
});

const tokenRow = (): Row => ({ ...rowOf(), secret: true, oauth2: grantDraftOf() });

/** The variables being edited, as `{{` offers them; a grant's fields cannot use a token (one grant cannot wait on another). */
function rowVariables(rows: readonly Row[], withTokens: boolean): VariableSuggestion[] {
  return rows
    .filter((row) => row.name.trim() !== '' && (withTokens || !row.oauth2))
    .map((row) => ({ name: row.name.trim(), detail: 'this environment', documentation: row.oauth2 ? '*** (an OAuth 2.0 token)' : row.secret ? `*** (from ${secretEnvName(row.name.trim())})` : row.text }));
}

function variablesOf(rows: readonly Row[]): EnvironmentVariable[] {
  return rows
    .filter((row) => row.name.trim() !== '')
    .map((row) => {
      const name = row.name.trim();
      if (row.oauth2) return { name, secret: true, oauth2: grantOf(row.oauth2) };
      return row.secret ? { name, secret: true } : { name, value: variableValueOf(row.text), secret: false };
    });
}

export interface EnvironmentEditorProps {
  /** The environment to edit; absent for a new one. */
  name?: string;
  onClose: () => void;
}

/** A modal table of an environment's variables: name, value, secret (never written; read from FERRY_VAR_<NAME>). */
export function EnvironmentEditor({ name, onClose }: EnvironmentEditorProps) {
  const existing = useFerry((s) => (name === undefined ? undefined : s.workspace.snapshot?.environments.find((e) => e.name === name)));
  const error = useFerry((s) => s.workspace.error);
  const save = useFerry((s) => s.saveEnvironment);
  const remove = useFerry((s) => s.deleteEnvironment);
  const [envName, setEnvName] = useState(name ?? '');
  const [rows, setRows] = useState<Row[]>(() => (existing ? existing.file.variables.map(rowOf) : [rowOf()]));
  const [metadata, setMetadata] = useState<MetadataDraft[]>(() => (existing?.file.metadata ?? []).map(metadataDraftOf));
  const [busy, setBusy] = useState(false);
  // Only this dialog's own failures: an older workspace error is not about these variables.
  const [attempted, setAttempted] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const patchRow = (key: number, patch: Partial<Row>) => setRows((all) => all.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const submit = async () => {
    setBusy(true);
    setAttempted(true);
    const saved = await save(envName.trim(), { variables: variablesOf(rows), metadata: metadataOf(metadata) }, name);
    setBusy(false);
    if (saved) onClose();
  };
  const title = name === undefined ? 'New environment' : `Environment ${name}`;

  return (
    <dialog ref={dialog} className="environment-editor" aria-label={title} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2>{title}</h2>
        <label className="field">
          <span className="field-label">Name</span>
          <input aria-label="Environment name" required value={envName} placeholder="local, staging…" spellCheck={false} onChange={(e) => setEnvName(e.target.value)} />
        </label>
        <table className="variables-table">
          <RowTableHead columns={['Variable', 'Value', 'Secret']} />
          <tbody>
            {rows.map((row, i) => (
              <Fragment key={row.key}>
                <tr>
                  <td>
                    <input aria-label={`Variable name ${i + 1}`} value={row.name} placeholder="host" spellCheck={false} onChange={(e) => patchRow(row.key, { name: e.target.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={`Variable value ${i + 1}`}
                      value={row.secret ? '' : row.text}
                      disabled={row.secret}
                      title={row.oauth2 ? 'An OAuth 2.0 token Ferry fetches when a request uses it, with the grant below' : undefined}
                      placeholder={row.oauth2 ? `OAuth 2.0 token from ${row.oauth2.tokenUrl || 'its token URL'}` : row.secret ? `from ${secretEnvName(row.name.trim() || 'name')}` : 'localhost:50051, 3, true…'}
                      spellCheck={false}
                      onChange={(e) => patchRow(row.key, { text: e.target.value })}
                    />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Secret ${i + 1}`} checked={row.secret} disabled={row.oauth2 !== undefined} onChange={(e) => patchRow(row.key, { secret: e.target.checked })} />
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label={`Remove variable ${i + 1}`} onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>
                      ×
                    </button>
                  </td>
                </tr>
                {row.oauth2 ? (
                  <tr>
                    <td colSpan={4}>
                      <OAuth2GrantFields variable={row.name} draft={row.oauth2} variables={rowVariables(rows, false)} environment={name} onChange={(oauth2) => patchRow(row.key, { oauth2 })} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
        <div className="assertion-actions">
          <button type="button" className="button-ghost small" onClick={() => setRows((all) => [...all, rowOf()])}>
            Add variable
          </button>
          <button type="button" className="button-ghost small" onClick={() => setRows((all) => [...all, tokenRow()])}>
            Add OAuth 2.0 token
          </button>
        </div>
        <EnvironmentMetadata drafts={metadata} variables={rowVariables(rows, true)} onChange={setMetadata} />
        <p className="muted small">
          Use a variable as <code>{'{{name}}'}</code> in the target, metadata or body. A value that reads as JSON (<code>3</code>, <code>true</code>) is inserted as JSON; write{' '}
          <code>"3"</code> for text. Secret values are never written to the workspace: Ferry reads them from <code>FERRY_VAR_&lt;NAME&gt;</code> where it runs. An OAuth
          2.0 token is fetched from its token URL when a request uses it (<code>Bearer {'{{accessToken}}'}</code>), or comes from signing in with its Sign in
          button (authorization code, device code), and is reused, and renewed with its refresh token, while it lasts.
        </p>
        {attempted && error ? (
          <p className="error-text small" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          {name !== undefined ? (
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                setAttempted(true);
                void remove(name).then((removed) => {
                  if (removed) onClose();
                });
              }}
            >
              Delete environment
            </button>
          ) : null}
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
            Save environment
          </button>
        </div>
      </form>
    </dialog>
  );
}
