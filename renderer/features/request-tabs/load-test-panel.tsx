import { describeLoadProgress, type LoadSummary } from '../../../shared/model';
import { CopyCommand } from '../../components/copy-command';
import { DataFilePick } from '../../components/data-file-pick';
import { benchCommand, DEFAULT_LOAD_SETTINGS, isStreamingRequest, loadPlanOf, useFerry, type LoadSettings, type RequestTab } from '../../store';

const FIELDS: Array<{ key: keyof LoadSettings; label: string; title: string }> = [
  { key: 'total', label: 'Calls', title: 'How many calls to make in all (empty with a duration: as many as fit)' },
  { key: 'concurrency', label: 'At a time', title: 'Calls in flight at once' },
  { key: 'durationSec', label: 'Duration (s)', title: 'Keep calling this many seconds (with Calls: whichever comes first)' },
  { key: 'rate', label: 'Calls a second', title: 'Start at most this many calls a second (empty: as fast as calls end)' },
  { key: 'connections', label: 'Connections', title: 'Spread the calls over this many connections to the server (gRPC only)' },
];

const ms = (value: number) => `${value.toFixed(2)} ms`;

const ENDED: Record<LoadSummary['ended'], string> = { count: '', duration: ' (the duration ran out)', interrupted: ' (stopped)' };

function Summary({ summary }: { summary: LoadSummary }) {
  const latency = summary.latencyMs;
  const most = Math.max(1, ...summary.histogram.map((bucket) => bucket.count));
  return (
    <div className="load-summary" role="group" aria-label="Load test summary">
      <p className="small" role="status" aria-label="Load test result">
        {summary.calls.toLocaleString('en')} calls in {(summary.wallMs / 1000).toFixed(2)} s: {summary.callsPerSecond.toFixed(1)} calls/s, {summary.failed.toLocaleString('en')} failed{ENDED[summary.ended]}
      </p>
      {latency ? (
        <table className="load-table small" aria-label="Latency">
          <tbody>
            {(
              [
                ['Fastest', latency.fastest],
                ['p50', latency.p50],
                ['p90', latency.p90],
                ['p95', latency.p95],
                ['p99', latency.p99],
                ['Slowest', latency.slowest],
                ['Average', latency.mean],
              ] as const
            ).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="mono">{ms(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {summary.histogram.length > 0 ? (
        <ol className="load-histogram small" aria-label="Latency histogram">
          {summary.histogram.map((bucket) => (
            <li key={bucket.upToMs} aria-label={`up to ${ms(bucket.upToMs)}: ${bucket.count}`}>
              <span className="mono">≤ {ms(bucket.upToMs)}</span>
              <span className="load-bar" style={{ width: `${(bucket.count / most) * 100}%` }} aria-hidden="true" />
              <span className="muted">{bucket.count}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <ul className="load-statuses small" aria-label="Statuses">
        {summary.statuses.map((status) => (
          <li key={status.status} className={status.status === 'OK' ? 'ok-text' : 'error-text'}>
            {status.status}: {status.count.toLocaleString('en')}
          </li>
        ))}
      </ul>
      {summary.errors.length > 0 ? (
        <ul className="load-errors small error-text" aria-label="Errors">
          {summary.errors.map((error) => (
            <li key={`${error.status}\n${error.message}`}>
              {error.count.toLocaleString('en')} × {error.status}: {error.message}
            </li>
          ))}
          {summary.otherErrors > 0 ? <li>{summary.otherErrors.toLocaleString('en')} more with other messages</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** The same load test as a `ferry bench` command for CI, for a saved request (an unsaved one has no file to name). */
function CopyBenchCommand({ tab, settings }: { tab: RequestTab; settings: LoadSettings }) {
  const environment = useFerry((s) => (s.workspace.status === 'open' ? s.workspace.environment : undefined));
  const command = tab.saved ? benchCommand(tab.saved.path, settings, environment, tab.loadData?.name) : undefined;
  const where = tab.loadData ? ` (--iteration-data names ${tab.loadData.name} as picked: give its path)` : '';
  return (
    <CopyCommand
      label="Copy as ferry bench"
      title={tab.saved ? 'The ferry bench command that runs this load test, e.g. in CI' : 'Save the request first: the command names its file'}
      command={command}
      copied={`Copied: run it from the workspace folder${where}.`}
    />
  );
}

/**
 * A data file for the load test (CSV with a header row of names, or a JSON array of objects), as `ferry bench
 * --iteration-data` takes one: call n fills `{{variables}}` from row n mod the rows' count. Read in the page and
 * kept in its memory only.
 */
function LoadDataPicker({ tab, disabled }: { tab: RequestTab; disabled: boolean }) {
  const setData = useFerry((s) => s.setLoadData);
  const clear = useFerry((s) => s.clearLoadData);
  return (
    <DataFilePick
      data={tab.loadData}
      describe={(name, rows) => `Each call takes the next row of ${name} (${rows}), starting over after the last`}
      statusLabel="Load test data"
      clearLabel="Clear load test data"
      chooseLabel="Choose a data file for the calls"
      title="CSV with a header row of variable names, or a JSON array of objects: each call takes the next row's values as variables"
      disabled={disabled}
      onPicked={(name, text) => setData(tab.id, name, text)}
      onClear={() => clear(tab.id)}
    />
  );
}

/**
 * The tab's request made many times through the engine's load test (`ferry bench` in the page): nothing of
 * those calls goes to the history or the timeline, only this summary.
 */
export function LoadTestPanel({ tab }: { tab: RequestTab }) {
  const setSettings = useFerry((s) => s.setLoadSettings);
  const start = useFerry((s) => s.startLoadTest);
  const stop = useFerry((s) => s.stopLoadTest);
  const connected = useFerry((s) => s.connection.status === 'connected');
  const settings = tab.loadSettings ?? DEFAULT_LOAD_SETTINGS;
  const parsed = loadPlanOf(settings);
  const view = tab.loadTest;
  const running = view?.status === 'running';

  return (
    <div className="assertions" role="group" aria-label="Load test">
      <div className="load-fields">
        {FIELDS.map((field) => (
          <label key={field.key} className="field-inline small" title={field.title}>
            {field.label}
            <input className="run-number" inputMode="decimal" disabled={running} value={settings[field.key]} onChange={(e) => setSettings(tab.id, { ...settings, [field.key]: e.target.value })} />
          </label>
        ))}
        {running ? (
          <button type="button" className="button-danger small" onClick={() => void stop(tab.id)}>
            Stop load test
          </button>
        ) : (
          <button type="button" className="button-primary small" disabled={!connected || !parsed.ok} title={connected ? 'Make the calls; the Deadline and Metadata apply to each' : 'Connect first'} onClick={() => void start(tab.id)}>
            Start load test
          </button>
        )}
        <CopyBenchCommand tab={tab} settings={settings} />
      </div>
      <LoadDataPicker tab={tab} disabled={running} />
      {!parsed.ok ? (
        <p className="small error-text" role="alert">
          {parsed.message}
        </p>
      ) : null}
      <p className="muted small">
        Each call sends the editor&apos;s message{isStreamingRequest(tab) ? ' as the whole stream, then ends it' : ''}, with this tab&apos;s metadata and deadline and the page&apos;s variables ({'{{$uuid}}'} is new in every call). The calls go to neither the history nor the timeline.
      </p>
      {running ? (
        <p className="small" role="status" aria-label="Load test progress">
          {view.progress ? describeLoadProgress(view.progress) : 'Starting…'}
        </p>
      ) : null}
      {view?.status === 'failed' ? (
        <p className="request-error" role="alert">
          {view.error}
        </p>
      ) : null}
      {view?.summary ? <Summary summary={view.summary} /> : null}
    </div>
  );
}
