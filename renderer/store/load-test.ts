/** A tab's load test as the page holds it: the settings as typed, and the run under way or its summary. */
import { loadPlan, type LoadPlan, type LoadProgress, type LoadSummary } from '../../shared/model';
import { positiveNumberUpTo, shellQuote, wholeNumberIn } from '../../shared/util';

/** The Load test section's boxes, as typed. */
export interface LoadSettings {
  total: string;
  concurrency: string;
  durationSec: string;
  rate: string;
  connections: string;
}

export const DEFAULT_LOAD_SETTINGS: LoadSettings = { total: '200', concurrency: '10', durationSec: '', rate: '', connections: '1' };

export interface LoadTestView {
  loadId: string;
  status: 'running' | 'done' | 'failed';
  /** Counts so far, while it runs. */
  progress?: LoadProgress;
  summary?: LoadSummary;
  /** Why it could not run (the body does not fit, the connection went away). */
  error?: string;
}

type Parsed = { ok: true; plan: LoadPlan; channels: number } | { ok: false; message: string };

/** The plan the boxes describe, or what is wrong with the first box that does not read (as `ferry bench` checks its flags). */
export function loadPlanOf(settings: LoadSettings): Parsed {
  const total = wholeNumberIn(settings.total, 1, 10_000_000);
  const concurrency = wholeNumberIn(settings.concurrency, 1, 1000);
  const duration = positiveNumberUpTo(settings.durationSec, 24 * 3600);
  const rate = positiveNumberUpTo(settings.rate, 1_000_000);
  const channels = wholeNumberIn(settings.connections, 1, 64);
  const refused = (message: string): Parsed => ({ ok: false, message });
  if (total === null) return refused('Calls: a whole number from 1 to 10000000.');
  if (concurrency === null) return refused('At a time: a whole number from 1 to 1000.');
  if (duration === null) return refused(`Duration (s): a number above 0, at most ${24 * 3600}.`);
  if (rate === null) return refused('Calls a second: a number above 0, at most 1000000.');
  if (channels === null) return refused('Connections: a whole number from 1 to 64.');
  if (total === undefined && duration === undefined) return refused('Give a number of calls, a duration, or both (whichever comes first ends the test).');
  return { ok: true, plan: loadPlan(concurrency ?? 10, { total, durationMs: duration === undefined ? undefined : Math.round(duration * 1000), rate }), channels: channels ?? 1 };
}

/**
 * The `ferry bench` command that runs a saved request's load test as the boxes say, from the workspace root
 * (for a CI job); undefined while a box does not read. A data file is named as it was picked: a page knows
 * no path.
 */
export function benchCommand(path: string, settings: LoadSettings, environment: string | undefined, dataFile?: string): string | undefined {
  const parsed = loadPlanOf(settings);
  if (!parsed.ok) return undefined;
  const { plan, channels } = parsed;
  const words = ['ferry', 'bench', path, ...(environment === undefined ? [] : ['--env', environment])];
  if (plan.total !== undefined) words.push('-n', String(plan.total));
  words.push('-c', String(plan.concurrency));
  if (plan.durationMs !== undefined) words.push('-z', String(plan.durationMs / 1000));
  if (plan.rate !== undefined) words.push('--rps', String(plan.rate));
  if (channels > 1) words.push('--connections', String(channels));
  if (dataFile !== undefined) words.push('--iteration-data', dataFile);
  return words.map(shellQuote).join(' ');
}
