import type { Capture, CaptureResult } from '../../../shared/model';
import { selectJsonPath, type CallOutcome } from './check-assertions';

/**
 * Takes each capture's value from a finished call: a JSONPath reads the responses as assertions do (a
 * wildcard gives the list it selects), a header is looked up in the response headers, then the trailers,
 * since servers send a value such as a session id in either.
 */
export function captureValues(captures: readonly Capture[], outcome: CallOutcome): CaptureResult[] {
  return captures.map((capture) => {
    if (capture.from === 'header') {
      const name = capture.path.toLowerCase();
      const entry = outcome.headers.find((e) => e.key === name) ?? outcome.trailers.find((e) => e.key === name);
      return entry ? { capture, value: entry.value } : { capture, failure: `no header or trailer "${name}" in the response` };
    }
    const selection = selectJsonPath(capture.path, outcome);
    if ('failure' in selection) return { capture, failure: selection.failure };
    return { capture, value: selection.multiple ? selection.values : selection.values[0] };
  });
}

/**
 * The captures with each value that holds a secret value of the call taken as a secret capture (a server
 * echoing `Bearer <token>`), so front ends show it as `***` and redact it wherever it goes next.
 */
export function withSecretsKept(results: readonly CaptureResult[], scrub: (text: string) => string): CaptureResult[] {
  return results.map((taken) => (taken.capture.secret || !holdsSecret(taken.value, scrub) ? taken : { ...taken, capture: { ...taken.capture, secret: true } }));
}

function holdsSecret(value: unknown, scrub: (text: string) => string): boolean {
  if (value === undefined) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return scrub(text) !== text;
}
