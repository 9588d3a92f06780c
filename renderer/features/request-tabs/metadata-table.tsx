import { RowTableHead } from '../../components/row-table-head';
import { VariableInput } from '../../components/variable-input';
import { inheritedMetadata } from '../../../shared/model';
import { chosenEnvironment, useFerry, type RequestTab } from '../../store';
import { useVariableSuggestions } from '../variables';

/** Request metadata: one row per entry, each switchable off without deleting it. */
export function MetadataTable({ tab }: { tab: RequestTab }) {
  const add = useFerry((s) => s.addMetadataRow);
  const update = useFerry((s) => s.updateMetadataRow);
  const remove = useFerry((s) => s.removeMetadataRow);
  const variables = useVariableSuggestions();
  return (
    <div className="metadata">
      {tab.metadata.length > 0 ? (
        <table className="metadata-table">
          <RowTableHead columns={['On', 'Key', 'Value']} />
          <tbody>
            {tab.metadata.map((row, i) => {
              const binary = row.key.trim().toLowerCase().endsWith('-bin');
              return (
                <tr key={row.id}>
                  <td>
                    <input type="checkbox" aria-label={`Send metadata row ${i + 1}`} checked={row.enabled} onChange={(e) => update(tab.id, row.id, { enabled: e.target.checked })} />
                  </td>
                  <td>
                    <input aria-label={`Metadata key ${i + 1}`} value={row.key} spellCheck={false} placeholder="x-api-key" onChange={(e) => update(tab.id, row.id, { key: e.target.value })} />
                  </td>
                  <td>
                    <VariableInput
                      aria-label={`Metadata value ${i + 1}`}
                      value={row.value}
                      variables={variables}
                      spellCheck={false}
                      placeholder={binary ? 'base64 bytes' : 'value'}
                      title={binary ? 'Keys ending in -bin carry binary values: write them as base64.' : undefined}
                      onValueChange={(value) => update(tab.id, row.id, { value })}
                    />
                    {binary ? <span className="hint">base64</span> : null}
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label={`Remove metadata row ${i + 1}`} onClick={() => remove(tab.id, row.id)}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <button type="button" className="button-ghost small" onClick={() => add(tab.id)}>
        Add metadata
      </button>
      <InheritedMetadata tab={tab} />
    </div>
  );
}

/**
 * What the chosen environment adds to this request's metadata, so nothing is sent that the tab does not
 * show, and the switch to go without it (saved with the request: a login or a health check without the token).
 */
function InheritedMetadata({ tab }: { tab: RequestTab }) {
  const environment = useFerry(chosenEnvironment);
  const setSend = useFerry((s) => s.sendEnvironmentMetadata);
  const inherited = inheritedMetadata(environment?.file.metadata, tab.metadata);
  if (!environment || inherited.length === 0) return null;
  const sends = tab.environmentMetadata !== false;
  return (
    <div className="inherited-metadata small">
      <label className="field-inline">
        <input type="checkbox" checked={sends} onChange={(e) => setSend(tab.id, e.target.checked)} />
        Send the metadata of environment {environment.name}
      </label>
      <span className="muted">{sends ? ' (a row of the same key here replaces an entry)' : ' (not sent with this request; saved with it)'}</span>
      <ul aria-label={`Metadata from environment ${environment.name}`} className={sends ? undefined : 'not-sent'}>
        {inherited.map(({ entry }) => (
          <li key={entry.key} className="mono">
            {entry.key}: {entry.value}
          </li>
        ))}
      </ul>
    </div>
  );
}
