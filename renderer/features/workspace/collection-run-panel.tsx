import { useFerry } from '../../store';
import { iterationHeading, runFailures, runSummary, type RunRow } from '../../store/collection-run';
import { PanelSection } from './panel-section';

/** What the server answered last, folded: what a failed assertion was checked against. */
function LastResponse({ count, message }: { count: number; message: unknown }) {
  return (
    <details className="run-response small">
      <summary>{count === 1 ? 'Response' : `Last of ${count} responses`}</summary>
      <pre className="mono">{JSON.stringify(message, null, 2)}</pre>
    </details>
  );
}

/** `word`: what a numbered row's iteration is called in its label (`row 2, …` for a data row, `iteration 2, …`). */
function RowLine({ row, word }: { row: RunRow; word: string }) {
  const open = useFerry((s) => s.openSavedRequest);
  const { result } = row;
  const mark = row.state === 'running' ? '…' : row.state !== 'done' ? '–' : result?.passed ? '✓' : '✗';
  const verdict = row.state === 'done' && result ? `${result.status?.name ?? result.error?.code ?? ''} · ${result.durationMs.toFixed(0)} ms` : row.state;
  return (
    <li className="run-row" aria-label={`${row.iteration !== undefined ? `${word} ${row.iteration}, ` : ''}${row.path}: ${row.state === 'done' ? (result?.passed ? 'passed' : 'failed') : row.state}`}>
      <div className="history-line">
        <span className={row.state === 'done' ? (result?.passed ? 'ok-text' : 'error-text') : 'muted'} aria-hidden="true">
          {mark}
        </span>
        <button type="button" className="link-button history-method" title={`Open ${row.path} in a tab`} aria-label={`Open ${row.path} (run result)`} onClick={() => open(row.path)}>
          {row.name}
        </button>
        <span className="muted small">{verdict}</span>
      </div>
      {result && !result.passed ? (
        <ul className="run-failures small error-text">
          {runFailures(result).map((failure, i) => (
            <li key={i}>{failure}</li>
          ))}
        </ul>
      ) : null}
      {result?.responseMessages?.length ? <LastResponse count={result.responses} message={result.responseMessages[result.responseMessages.length - 1]} /> : null}
    </li>
  );
}

/** A run's rows, one list per iteration (per row of its data file, or per repeat). */
function groupsOf(rows: readonly RunRow[]): RunRow[][] {
  const groups: RunRow[][] = [];
  for (const row of rows) (groups[(row.iteration ?? 1) - 1] ??= []).push(row);
  return groups;
}

/** The last collection run: each saved request's verdict as it comes, Stop while it runs. */
export function CollectionRunPanel() {
  const run = useFerry((s) => s.workspace.run);
  const stop = useFerry((s) => s.stopRun);
  const close = useFerry((s) => s.closeRun);
  const again = useFerry((s) => s.runSavedRequests);
  if (!run) return null;
  const running = run.status === 'running';
  const word = run.repeated === undefined ? 'row' : 'iteration';
  return (
    <PanelSection title="Run">
      <p className="small" role="status" aria-label="Run summary">
        {runSummary(run)}
      </p>
      <div className="assertion-actions">
        {running ? (
          <button type="button" className="button-danger small" onClick={() => void stop()}>
            Stop run
          </button>
        ) : (
          <>
            <button type="button" className="button-ghost small" onClick={() => void again(run.folder)}>
              Run again
            </button>
            <button type="button" className="button-ghost small" onClick={close}>
              Close run
            </button>
          </>
        )}
      </div>
      <ol className="history-list" aria-label="Run results">
        {run.data || run.repeated !== undefined
          ? groupsOf(run.rows).map((rows, i) => (
              <li key={i} className="run-iteration">
                <span className="muted small">{iterationHeading(run, i)}</span>
                <ol aria-label={`${word === 'row' ? 'Row' : 'Iteration'} ${i + 1} results`}>
                  {rows.map((row) => (
                    <RowLine key={row.path} row={row} word={word} />
                  ))}
                </ol>
              </li>
            ))
          : run.rows.map((row) => <RowLine key={row.path} row={row} word={word} />)}
      </ol>
      <p className="muted small">Each call is in the history below; values the requests captured are listed under Workspace.</p>
    </PanelSection>
  );
}
