import type { ReactNode } from 'react';
import { TextFilePick } from './text-file-pick';

export interface DataFilePickProps {
  /** The file chosen (its name and row count), if any. */
  data: { name: string; rows: readonly unknown[] } | undefined;
  /** What the rows are for, said with the file: the status line's text after the file's name and count. */
  describe(name: string, rows: string): ReactNode;
  /** The status line's accessible name. */
  statusLabel: string;
  clearLabel: string;
  /** The picker's text before a file is chosen (after: Choose another data file). */
  chooseLabel: string;
  title: string;
  disabled: boolean;
  onPicked(name: string, text: string): void;
  onClear(): void;
}

/**
 * A data file of rows (CSV with a header row of names, or a JSON array of objects) read in the page and kept in
 * its memory: what it holds, Clear, and the picker. Runs of a folder and a request's load test both take one.
 */
export function DataFilePick({ data, describe, statusLabel, clearLabel, chooseLabel, title, disabled, onPicked, onClear }: DataFilePickProps) {
  return (
    <div className="run-data">
      {data ? (
        <>
          <span className="small" role="status" aria-label={statusLabel}>
            {describe(data.name, `${data.rows.length} ${data.rows.length === 1 ? 'row' : 'rows'}`)}
          </span>
          <button type="button" className="button-ghost small" disabled={disabled} onClick={onClear}>
            {clearLabel}
          </button>
        </>
      ) : null}
      <TextFilePick title={title} accept=".csv,.json" disabled={disabled} onPicked={([file]) => onPicked(file!.name, file!.text)}>
        {data ? 'Choose another data file' : chooseLabel}
      </TextFilePick>
    </div>
  );
}
