/** A tab's load test as the page holds it: the settings as typed, and the run under way or its summary. */
import type { LoadPlan, LoadProgress, LoadSummary } from '../../shared/model';
import { shellQuote } from '../../shared/util';

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

function whole(text: string, name: string, min: number, max: number): number | undefined | string {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && value >= min && value <= max ? value : `${name}: a whole number from ${min} to ${max}.`;
}

function positive(text: string, name: string, max: number): number | undefined | string {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 && value <= max ? value : `${name}: a number above 0, at most ${max}.`;
}

/** The plan the boxes describe, or what is wrong with the first box that does not read (as `ferry bench` checks its flags). */
export function loadPlanOf(settings: LoadSettings): Parsed {
  const total = whole(settings.total, 'Calls', 1, 10_000_000);
  const concurrency = whole(settings.concurrency, 'At a time', 1, 1000);
  const duration = positive(settings.durationSec, 'Duration (s)', 24 * 3600);
  const rate = positive(settings.rate, 'Calls a second', 1_000_000);
  const channels = whole(settings.connections, 'Connections', 1, 64);
  const problem = [total, concurrency, duration, rate, channels].find((value) => typeof value === 'string');
  if (typeof problem === 'string') return { ok: false, message: problem };
  if (total === undefined && duration === undefined) return { ok: false, message: 'Give a number of calls, a duration, or both (whichever comes first ends the test).' };
  const durationMs = duration === undefined ? undefined : Math.round((duration as number) * 1000);
  const inFlight = (concurrency as number | undefined) ?? 10;
  const plan: LoadPlan = {
    concurrency: total === undefined ? inFlight : Math.min(inFlight, total as number),
    ...(total !== undefined && { total: total as number }),
    ...(durationMs !== undefined && { durationMs }),
    ...(rate !== undefined && { rate: rate as number }),
  };
  return { ok: true, plan, channels: (channels as number | undefined) ?? 1 };
}

/**
 * The `ferry bench` command that runs a saved request's load test as the boxes say, from the workspace root
 * (for a CI job); undefined while a box does not read.
 */
export function benchCommand(path: string, settings: LoadSettings, environment: string | undefined): string | undefined {
  const parsed = loadPlanOf(settings);
  if (!parsed.ok) return undefined;
  const { plan, channels } = parsed;
  const words = ['ferry', 'bench', path, ...(environment === undefined ? [] : ['--env', environment])];
  if (plan.total !== undefined) words.push('-n', String(plan.total));
  words.push('-c', String(plan.concurrency));
  if (plan.durationMs !== undefined) words.push('-z', String(plan.durationMs / 1000));
  if (plan.rate !== undefined) words.push('--rps', String(plan.rate));
  if (channels > 1) words.push('--connections', String(channels));
  return words.map(shellQuote).join(' ');
}
