/**
 * Opt-in named traces, in the manner of grpc-js's GRPC_TRACE: `FERRY_TRACE=channel,call` (or `all`) writes
 * one line per event to stderr. Secrets are redacted here, by the tracer, so no caller has to remember to.
 */
import { isSecretKey } from '../../../shared/util';

export type TraceName = 'channel' | 'reflection' | 'call' | 'session' | 'workspace' | 'schema' | 'mock';

/** Where trace lines go; tests swap it. */
export type TraceSink = (line: string) => void;

let sink: TraceSink = (line) => process.stderr.write(`${line}\n`);
let enabled: ReadonlySet<string> | undefined;

function enabledNames(): ReadonlySet<string> {
  // Read once and cached: tracing is checked on hot paths (per message).
  enabled ??= parseTraceSetting(process.env.FERRY_TRACE);
  return enabled;
}

export function parseTraceSetting(value: string | undefined): ReadonlySet<string> {
  return new Set((value ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
}

export function isTraceEnabled(name: TraceName): boolean {
  const names = enabledNames();
  return names.has('all') || names.has(name);
}

/** Writes `text` when `name` is enabled. Pass a function to avoid building the text when tracing is off. */
export function trace(name: TraceName, text: string | (() => string)): void {
  if (!isTraceEnabled(name)) return;
  const body = typeof text === 'function' ? text() : text;
  sink(`${new Date().toISOString()} ferry:${name} ${body}`);
}

/** For tests: route lines elsewhere and override FERRY_TRACE. Returns a function restoring the previous state. */
export function configureTrace(options: { sink?: TraceSink; setting?: string }): () => void {
  const previous = { sink, enabled };
  if (options.sink) sink = options.sink;
  if (options.setting !== undefined) enabled = parseTraceSetting(options.setting);
  return () => {
    sink = previous.sink;
    enabled = previous.enabled;
  };
}

export { isSecretKey };

export interface RedactableEntry {
  key: string;
  value: string;
  /** Marked secret by the user (e.g. an environment variable flagged secret). */
  secret?: boolean;
}

/** Copies `entries` with secret values replaced by `***`; the input is left untouched. */
export function redact<T extends RedactableEntry>(entries: readonly T[]): T[] {
  return entries.map((entry) => (entry.secret || isSecretKey(entry.key) ? { ...entry, value: '***' } : entry));
}

/** `key: value` pairs on one line, redacted: the form traces print metadata in. */
export function formatMetadataForTrace(entries: readonly RedactableEntry[]): string {
  return redact(entries).map((entry) => `${entry.key}: ${entry.value}`).join(', ');
}
