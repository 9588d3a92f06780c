import type { ChangeEvent } from 'react';
import { Icon } from '../../components/icons';
import { useFerry } from '../../store';

/**
 * The data file runs go through once per row (CSV with a header row of names, or a JSON array of objects),
 * as `ferry run --iteration-data` does. Read in the page: it is kept in memory only, never sent to a file.
 */
export function RunDataPicker() {
  const data = useFerry((s) => s.workspace.runData);
  const setData = useFerry((s) => s.setRunData);
  const clear = useFerry((s) => s.clearRunData);
  const busy = useFerry((s) => s.workspace.run?.status === 'running');

  async function picked(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = ''; // the same file picked again (after an edit) is a change too
    if (file) setData(file.name, await file.text());
  }

  return (
    <div className="run-data">
      {data ? (
        <>
          <span className="small" role="status" aria-label="Run data">
            Runs go once per row of {data.name} ({data.rows.length} {data.rows.length === 1 ? 'row' : 'rows'})
          </span>
          <button type="button" className="button-ghost small" disabled={busy} onClick={clear}>
            Clear data file
          </button>
        </>
      ) : null}
      <label className="file-pick-button" title="CSV with a header row of variable names, or a JSON array of objects: the runs go once per row">
        <Icon name="upload" />
        {data ? 'Choose another data file' : 'Choose a data file for runs'}
        <input type="file" className="visually-hidden" accept=".csv,.json" disabled={busy} onChange={(event) => void picked(event)} />
      </label>
    </div>
  );
}
