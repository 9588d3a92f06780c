import { describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../../shared/model';
import { failureOf } from '../../../tests/kit/failure-of';
import { checkLoad, formatChecks, parseLoadCheck } from './load-checks';

const summary: LoadSummary = {
  calls: 200,
  ok: 198,
  failed: 2,
  wallMs: 1000,
  callsPerSecond: 200,
  latencyMs: { fastest: 1, slowest: 90, mean: 10, p50: 8, p75: 12, p90: 20, p95: 30, p99: 41.06 },
  histogram: [],
  statuses: [],
  errors: [],
  otherErrors: 0,
  ended: 'count',
};

const verdicts = (...texts: string[]) => checkLoad(texts.map(parseLoadCheck), summary).map((r) => [r.check.text, r.passed]);

describe('ferry bench --assert', () => {
  it('checks latency percentiles in milliseconds, the rate and the errors against the summary', () => {
    expect(verdicts('p99<200', 'p50 <= 8ms', 'mean>10', 'rps>=200', 'error-rate<1%', 'errors<=2')).toEqual([
      ['p99<200', true],
      ['p50 <= 8ms', true],
      ['mean>10', false],
      ['rps>=200', true],
      ['error-rate<1%', false],
      ['errors<=2', true],
    ]);
  });

  it('fails on any failed call unless a check is about errors', () => {
    expect(verdicts('p99<200')).toEqual([
      ['p99<200', true],
      ['errors=0', false],
    ]);
    expect(verdicts('error-rate<=1%')).toEqual([['error-rate<=1%', true]]);
  });

  it('fails a latency check when no call ended', () => {
    const none = checkLoad([parseLoadCheck('p99<200')], { ...summary, calls: 0, ok: 0, failed: 0, latencyMs: undefined } as LoadSummary);
    expect(none[0]!.passed).toBe(false);
    expect(formatChecks(none)).toBe('\nChecks:\n  ✗ p99<200 (p99 none)\n  ✓ errors=0 (errors 0)\n');
  });

  it('refuses a check it cannot read, naming what it takes', () => {
    expect(failureOf(() => parseLoadCheck('p98<1'))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('--assert p98<1: expected METRIC OP NUMBER') });
    expect(failureOf(() => parseLoadCheck('p99<1%'))).toMatchObject({ message: '--assert p99<1%: p99 is in ms, not %' });
    expect(failureOf(() => parseLoadCheck('rps>1ms'))).toMatchObject({ message: '--assert rps>1ms: rps is a plain number, not ms' });
  });

  it('prints each check with the value it was held to', () => {
    expect(formatChecks(checkLoad([parseLoadCheck('p99<200'), parseLoadCheck('error-rate<0.5%')], summary))).toBe('\nChecks:\n  ✓ p99<200 (p99 41.06 ms)\n  ✗ error-rate<0.5% (error-rate 1%)\n');
  });
});
