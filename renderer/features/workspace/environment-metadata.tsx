import type { SavedMetadataEntry } from '../../../shared/model';
import { RowTableHead } from '../../components/row-table-head';
import { VariableInput } from '../../components/variable-input';
import type { VariableSuggestion } from '../../editor/variable-at-caret';

/** A metadata row as the editor holds it (`id` keeps React's rows apart while keys are edited). */
export interface MetadataDraft extends SavedMetadataEntry {
  id: number;
}

let draftIds = 0;
export const metadataDraftOf = (entry?: SavedMetadataEntry): MetadataDraft => ({ id: ++draftIds, key: entry?.key ?? '', value: entry?.value ?? '', enabled: entry?.enabled ?? true });

/** A key as the file keeps it: lower-cased, as gRPC sends it, but for the names of the `{{variables}}` in it. */
const fileKey = (key: string): string => key.trim().replace(/\{\{[^}]*\}\}|[^{]+|\{/g, (part) => (part.startsWith('{{') ? part : part.toLowerCase()));

/** The rows as the file keeps them: keys lower-cased (see fileKey), empty rows left out. */
export const metadataOf = (drafts: readonly MetadataDraft[]): SavedMetadataEntry[] =>
  drafts.filter((draft) => draft.key.trim() !== '').map(({ key, value, enabled }) => ({ key: fileKey(key), value, enabled }));

/**
 * The metadata every request sends while the environment is chosen (an `authorization` with the token, a
 * tenant header); a request's own entry of the same key wins. Values take `{{variables}}`.
 */
export function EnvironmentMetadata({ drafts, variables, onChange }: { drafts: readonly MetadataDraft[]; variables: readonly VariableSuggestion[]; onChange: (drafts: MetadataDraft[]) => void }) {
  const patch = (id: number, change: Partial<MetadataDraft>) => onChange(drafts.map((draft) => (draft.id === id ? { ...draft, ...change } : draft)));
  return (
    <fieldset className="environment-metadata">
      <legend>Metadata every request sends</legend>
      {drafts.length > 0 ? (
        <table className="variables-table">
          <RowTableHead columns={['Key', 'Value', 'On']} />
          <tbody>
            {drafts.map((draft, i) => (
              <tr key={draft.id}>
                <td>
                  <input aria-label={`Environment metadata key ${i + 1}`} value={draft.key} placeholder="authorization" spellCheck={false} onChange={(e) => patch(draft.id, { key: e.target.value })} />
                </td>
                <td>
                  <VariableInput aria-label={`Environment metadata value ${i + 1}`} value={draft.value} variables={variables} placeholder="Bearer {{accessToken}}" spellCheck={false} onValueChange={(value) => patch(draft.id, { value })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`Send environment metadata ${i + 1}`} checked={draft.enabled} onChange={(e) => patch(draft.id, { enabled: e.target.checked })} />
                </td>
                <td>
                  <button type="button" className="icon-button" aria-label={`Remove environment metadata ${i + 1}`} onClick={() => onChange(drafts.filter((other) => other.id !== draft.id))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">None: requests send only their own metadata.</p>
      )}
      <button type="button" className="button-ghost small" onClick={() => onChange([...drafts, metadataDraftOf()])}>
        Add environment metadata
      </button>
    </fieldset>
  );
}
