import { TextFilePick } from '../../components/text-file-pick';
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
      <TextFilePick title="CSV with a header row of variable names, or a JSON array of objects: the runs go once per row" accept=".csv,.json" disabled={busy} onPicked={([file]) => setData(file!.name, file!.text)}>
        {data ? 'Choose another data file' : 'Choose a data file for runs'}
      </TextFilePick>
    </div>
  );
}
