import { VARIABLE_NAME, VARIABLE_NAME_RULE, type Capture, type CapturedVariable, type CaptureResult } from '../../shared/model';
import type { Loadable } from './types';

/** A value the page captured, with the request it came from (the tab's title when it was taken). */
export interface CapturedValue extends CapturedVariable {
  from: string;
}

/** The captures taken from a tab's last finished call, kept with that call. */
export interface CaptureCheck {
  callId: string;
  results: Loadable<CaptureResult[]>;
}

export function isVariableName(text: string): boolean {
  return VARIABLE_NAME.test(text);
}

/** A new capture, named so it does not clash with the tab's others. */
export function defaultCapture(existing: readonly Capture[]): Capture {
  let n = existing.length + 1;
  while (existing.some((c) => c.variable === `value${n}`)) n++;
  return { variable: `value${n}`, from: 'jsonPath', path: '$', secret: false };
}

/**
 * The page's captured values after a call's captures: a value replaces the one of the same name, and a
 * capture that found nothing removes it, so a later request fails naming the variable instead of
 * quietly sending a value from an older response.
 */
export function mergeCaptured(current: readonly CapturedValue[], results: readonly CaptureResult[], from: string): CapturedValue[] {
  const taken = new Set(results.map((r) => r.capture.variable));
  const kept = current.filter((value) => !taken.has(value.name));
  const added = results.flatMap(({ capture, value, failure }) => (failure === undefined ? [{ name: capture.variable, value, secret: capture.secret, from }] : []));
  return [...kept, ...added];
}

/** Who set a value by hand, as the page's list names it. */
export const SET_BY_HAND = 'set by hand';

/**
 * The page's values with one set by hand (a token pasted for this page only, never written to a file): it
 * replaces a value of the same name. An error sentence when the name cannot be a variable's.
 */
export function withValueSetByHand(current: readonly CapturedValue[], name: string, value: unknown, secret: boolean): CapturedValue[] | string {
  if (!isVariableName(name)) return `"${name}" is not a variable name: ${VARIABLE_NAME_RULE}.`;
  return [...current.filter((entry) => entry.name !== name), { name, value, secret, from: SET_BY_HAND }];
}

/** The value as the page shows it: a secret as `***`, text as itself, anything else as JSON. */
export function shownCapturedValue(value: unknown, secret: boolean): string {
  if (secret) return '***';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The result beside capture `index`, only while that same capture is what was taken. */
export function captureResultFor(check: CaptureCheck | undefined, index: number, capture: Capture): CaptureResult | undefined {
  if (check?.results.status !== 'ok') return undefined;
  const result = check.results.value[index];
  // The engine takes a value holding a secret of its call as a secret capture: still this capture's result.
  return result && JSON.stringify({ ...result.capture, secret: capture.secret }) === JSON.stringify(capture) ? result : undefined;
}
