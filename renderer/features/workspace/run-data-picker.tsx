import { DataFilePick } from '../../components/data-file-pick';
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
    <DataFilePick
      data={data}
      describe={(name, rows) => `Runs go once per row of ${name} (${rows})`}
      statusLabel="Run data"
      clearLabel="Clear data file"
      chooseLabel="Choose a data file for runs"
      title="CSV with a header row of variable names, or a JSON array of objects: the runs go once per row"
      disabled={busy}
      onPicked={setData}
      onClear={clear}
    />
  );
}
