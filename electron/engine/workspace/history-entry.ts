import type { HistoryEntry } from '../../../shared/model';
import { redact } from '../diagnostics/trace';

/** How much of a call an entry keeps (HistoryOptions). */
export interface EntryLimits {
  maxBodyChars: number;
  maxResponseBodies: number;
}

/**
 * The entry as the history stores it, made in one copy: its id; values of sensitive metadata keys
 * (authorization, *-token, …) as `***`, and so every occurrence of a secret variable's value, wherever it
 * ended up (a target, a header, inside a body); bodies cut to the limits. Bodies are redacted before they are
 * cut: a secret lying across the cut would otherwise leave its first characters in the entry.
 */
export function storedHistoryEntry(id: string, entry: Omit<HistoryEntry, 'id'>, limits: EntryLimits, secretValues: readonly string[]): HistoryEntry {
  const scrub = secretScrubber(secretValues);
  const body = (text: string) => {
    const redacted = scrub(text);
    return redacted.length > limits.maxBodyChars ? `${redacted.slice(0, limits.maxBodyChars)}…` : redacted;
  };
  const { request, status, response } = entry;
  return {
    id,
    ...entry,
    target: scrub(entry.target),
    request: { ...request, metadata: redact(request.metadata).map((m) => ({ key: m.key, value: scrub(m.value) })), messages: request.messages.map(body) },
    status: { code: status.code, name: status.name, message: scrub(status.message) },
    response: { messageCount: response.messageCount, messages: response.messages.slice(0, limits.maxResponseBodies).map(body) },
  };
}

/** Every occurrence of each secret value replaced by `***`; longest first, so a secret containing another goes whole. */
export function redactSecretValues(text: string, secretValues: readonly string[]): string {
  return secretScrubber(secretValues)(text);
}

/** A JSON value with `scrub` applied to every string in it, keys too (a response that echoed a secret). */
export function scrubbedValue(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubbedValue(item, scrub));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubbedValue(item, scrub)]));
}

/** redactSecretValues for one set of secrets, sorted once; with none (most calls) the text is returned as is. */
function secretScrubber(secretValues: readonly string[]): (text: string) => string {
  const secrets = [...new Set(secretValues)].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}
