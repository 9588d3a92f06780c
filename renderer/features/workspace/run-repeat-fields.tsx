import { useState } from 'react';
import { wholeNumberIn } from '../../../shared/util';
import { useFerry } from '../../store';

/** The most iterations a run takes from this box: every verdict of a run is listed in the panel. */
const MAX_ITERATIONS = 1000;
/** A pause longer than ten minutes between requests is a mistake, not a plan. */
const MAX_DELAY_MS = 600_000;

/**
 * How many times a run goes and the pause before each request but the first, as `ferry run -n` and
 * `--delay-request` take them. A box that holds no valid number says so and leaves the last valid value.
 */
export function RunRepeatFields() {
  const repeat = useFerry((s) => s.workspace.runRepeat);
  const rows = useFerry((s) => s.workspace.runData?.rows.length);
  const setRepeat = useFerry((s) => s.setRunRepeat);
  const busy = useFerry((s) => s.workspace.run?.status === 'running');
  const [iterations, setIterations] = useState(repeat.iterations === undefined ? '' : String(repeat.iterations));
  const [delay, setDelay] = useState(repeat.delayMs === 0 ? '' : String(repeat.delayMs));
  const iterationsValue = wholeNumberIn(iterations, 1, MAX_ITERATIONS);
  const delayValue = wholeNumberIn(delay, 0, MAX_DELAY_MS);

  const changeIterations = (text: string) => {
    setIterations(text);
    const value = wholeNumberIn(text, 1, MAX_ITERATIONS);
    if (value !== null) setRepeat({ delayMs: repeat.delayMs, ...(value !== undefined && { iterations: value }) });
  };
  const changeDelay = (text: string) => {
    setDelay(text);
    const value = wholeNumberIn(text, 0, MAX_DELAY_MS);
    if (value !== null) setRepeat({ ...repeat, delayMs: value ?? 0 });
  };

  return (
    <div className="run-data">
      <label className="small">
        Iterations{' '}
        <input
          className="run-number"
          inputMode="numeric"
          value={iterations}
          placeholder={rows === undefined ? '1' : String(rows)}
          disabled={busy}
          aria-invalid={iterationsValue === null}
          title={`How many times a run goes (1 to ${MAX_ITERATIONS}); with a data file, each iteration takes the next row, starting over after the last. Empty: once, or once per row.`}
          onChange={(e) => changeIterations(e.target.value)}
        />
      </label>
      <label className="small">
        Delay between requests (ms){' '}
        <input
          className="run-number"
          inputMode="numeric"
          value={delay}
          placeholder="0"
          disabled={busy}
          aria-invalid={delayValue === null}
          title={`A pause before each request but the first (0 to ${MAX_DELAY_MS} ms)`}
          onChange={(e) => changeDelay(e.target.value)}
        />
      </label>
      {iterationsValue === null || delayValue === null ? (
        <span className="small error-text" role="alert">
          {iterationsValue === null ? `Iterations: a whole number from 1 to ${MAX_ITERATIONS}.` : `Delay: a whole number of milliseconds up to ${MAX_DELAY_MS}.`}
        </span>
      ) : null}
    </div>
  );
}
