/** `ferry bench`'s summary as text for a person (ghz's layout, which load-testing gRPC users know) or JSON for a script. */
import type { LoadSummary } from '../../../shared/model';

const BAR_WIDTH = 40;

/** Milliseconds to two decimals: a loopback call takes a fraction of one. */
const ms = (value: number): string => `${value.toFixed(2)} ms`;

const ENDED: Record<LoadSummary['ended'], string> = {
  count: '',
  duration: ' (the duration ran out)',
  interrupted: ' (interrupted: the calls in flight were let finish)',
};

function latencyLines(summary: LoadSummary): string[] {
  const latency = summary.latencyMs;
  if (!latency) return [];
  const lines = [
    `  Fastest:   ${ms(latency.fastest)}`,
    `  Slowest:   ${ms(latency.slowest)}`,
    `  Average:   ${ms(latency.mean)}`,
    '',
    'Latency distribution:',
    ...(['p50', 'p75', 'p90', 'p95', 'p99'] as const).map((p) => `  ${p.slice(1)} % in ${ms(latency[p])}`),
    '',
    'Response time histogram:',
  ];
  const most = Math.max(...summary.histogram.map((bucket) => bucket.count));
  const edge = Math.max(...summary.histogram.map((bucket) => ms(bucket.upToMs).length));
  for (const bucket of summary.histogram) {
    const bar = '■'.repeat(Math.round((bucket.count / most) * BAR_WIDTH));
    lines.push(`  ${ms(bucket.upToMs).padStart(edge)} [${bucket.count}]\t|${bar}`);
  }
  return lines;
}

function errorLines(summary: LoadSummary): string[] {
  if (summary.errors.length === 0) return [];
  const lines = ['', 'Error distribution:', ...summary.errors.map((e) => `  [${e.count}]\t${e.status}: ${e.message}`)];
  if (summary.otherErrors > 0) lines.push(`  [${summary.otherErrors}]\tother messages, not listed`);
  return lines;
}

export function formatLoadText(summary: LoadSummary): string {
  const latency = latencyLines(summary);
  const lines = [
    'Summary:',
    `  Calls:     ${summary.calls}${ENDED[summary.ended]}`,
    `  Total:     ${ms(summary.wallMs)}`,
    ...latency.slice(0, 3),
    `  Calls/s:   ${summary.callsPerSecond.toFixed(2)}`,
    ...latency.slice(3),
    '',
    'Status code distribution:',
    ...summary.statuses.map((s) => `  [${s.status}]\t${s.count} ${s.count === 1 ? 'call' : 'calls'}`),
    ...errorLines(summary),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatLoadJson(report: LoadSummary & Record<string, unknown>): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
