import type { MetadataEntry } from '../../shared/model';

export function MetadataList({ entries, empty, label }: { entries: readonly MetadataEntry[] | undefined; empty: string; label?: string }) {
  if (!entries || entries.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <table className="kv-table" aria-label={label}>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={`${entry.key}-${i}`}>
            <th scope="row">{entry.key}</th>
            <td>{entry.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
