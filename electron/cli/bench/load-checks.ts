/**
 * `ferry bench --assert`: thresholds a CI job fails on (k6's thresholds, for one method), checked against the
 * summary: `p99<200` (milliseconds), `mean<=50ms`, `rps>=1000`, `errors=0`, `error-rate<1%`. Without a check
 * about errors, any failed call fails the run.
 */
import { fail } from '../../../shared/errors';
import type { LoadSummary } from '../../../shared/model';

type Metric = 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'mean' | 'fastest' | 'slowest' | 'rps' | 'errors' | 'error-rate';
type Operator = '<' | '<=' | '>' | '>=' | '=';

export interface LoadCheck {
  text: string;
  metric: Metric;
  operator: Operator;
  value: number;
}

export interface CheckResult {
  check: LoadCheck;
  actual: number;
  passed: boolean;
}

const UNITS: Record<Metric, string> = {
  p50: 'ms', p75: 'ms', p90: 'ms', p95: 'ms', p99: 'ms', mean: 'ms', fastest: 'ms', slowest: 'ms', rps: '', errors: '', 'error-rate': '%',
};
const CHECK = /^\s*([a-z0-9-]+)\s*(<=|>=|<|>|=)\s*(\d+(?:\.\d+)?)\s*(ms|%)?\s*$/;

export function parseLoadCheck(text: string): LoadCheck {
  const match = CHECK.exec(text);
  const metric = match?.[1] as Metric | undefined;
  if (!match || metric === undefined || !(metric in UNITS)) {
    return fail('BAD_INPUT', `--assert ${text}: expected METRIC OP NUMBER, e.g. p99<200 or error-rate<1%, where METRIC is one of ${Object.keys(UNITS).join(', ')} and OP one of < <= > >= =`);
  }
  const unit = match[4];
  if (unit !== undefined && unit !== UNITS[metric]) fail('BAD_INPUT', `--assert ${text}: ${metric} is ${UNITS[metric] === '' ? 'a plain number' : `in ${UNITS[metric]}`}, not ${unit}`);
  return { text: text.trim(), metric, operator: match[2] as Operator, value: Number(match[3]) };
}

function actualOf(metric: Metric, summary: LoadSummary): number {
  if (metric === 'rps') return summary.callsPerSecond;
  if (metric === 'errors') return summary.failed;
  if (metric === 'error-rate') return summary.calls === 0 ? 0 : (summary.failed * 100) / summary.calls;
  // No call ended: no latency to hold to a bound, which fails any latency check.
  return summary.latencyMs?.[metric] ?? Number.NaN;
}

function holds(actual: number, operator: Operator, value: number): boolean {
  if (operator === '<') return actual < value;
  if (operator === '<=') return actual <= value;
  if (operator === '>') return actual > value;
  if (operator === '>=') return actual >= value;
  return actual === value;
}

/** Each check against the summary; with none about errors, "no call failed" is checked too. */
export function checkLoad(checks: readonly LoadCheck[], summary: LoadSummary): CheckResult[] {
  const aboutErrors = checks.some((check) => check.metric === 'errors' || check.metric === 'error-rate');
  const all = aboutErrors ? checks : [...checks, parseLoadCheck('errors=0')];
  return all.map((check) => {
    const actual = actualOf(check.metric, summary);
    return { check, actual, passed: holds(actual, check.operator, check.value) };
  });
}

/** `✓ p99<200 (p99 41.06 ms)` for each check. */
export function formatChecks(results: readonly CheckResult[]): string {
  const shown = (result: CheckResult) => {
    const unit = UNITS[result.check.metric];
    const value = Number.isNaN(result.actual) ? 'none' : `${Number.isInteger(result.actual) ? result.actual : result.actual.toFixed(2)}${unit === 'ms' ? ' ms' : unit}`;
    return `  ${result.passed ? '✓' : '✗'} ${result.check.text} (${result.check.metric} ${value})`;
  };
  return `\nChecks:\n${results.map(shown).join('\n')}\n`;
}
