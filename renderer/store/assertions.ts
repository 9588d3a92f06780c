import type { Assertion, AssertionResult } from '../../shared/model';
import { GRPC_STATUS_NAMES, grpcStatusName } from '../../shared/util';
import type { Loadable } from './types';

export type AssertionKind = Assertion['type'];

/** The kinds in the order the editor offers them, with their labels. */
export const ASSERTION_KINDS: ReadonlyArray<{ kind: AssertionKind; label: string }> = [
  { kind: 'status', label: 'Status' },
  { kind: 'jsonPath', label: 'JSONPath' },
  { kind: 'maxTime', label: 'Max time' },
  { kind: 'messageCount', label: 'Message count' },
];

export const STATUS_NAMES: readonly string[] = GRPC_STATUS_NAMES;

export const JSON_PATH_OPS: ReadonlyArray<Extract<Assertion, { type: 'jsonPath' }>['op']> = ['equals', 'contains', 'matches'];

/** A new assertion of a kind, with a value that makes sense before the user edits it. */
export function defaultAssertion(kind: AssertionKind): Assertion {
  switch (kind) {
    case 'status':
      return { type: 'status', status: 'OK' };
    case 'jsonPath':
      return { type: 'jsonPath', path: '$', op: 'equals', expected: '' };
    case 'maxTime':
      return { type: 'maxTime', ms: 1000 };
    case 'messageCount':
      return { type: 'messageCount', count: 1 };
  }
}

/** The status a status assertion expects, as a name (files may hold the number). */
export function statusNameOf(status: string | number): string {
  return typeof status === 'number' ? grpcStatusName(status) : status;
}

/**
 * The expected-value field's text → the value: JSON when it parses (`42`, `true`, `"42"`, `{"a":1}`),
 * otherwise the text itself as a string (`hello`).
 */
export function parseExpected(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The value → the field's text; `parseExpected(expectedText(v))` gives `v` back. */
export function expectedText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return parseExpected(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** A whole number >= 0 from a field, or undefined when the text is not one. */
export function parseCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The results of the last check, kept with the call they were checked against. */
export interface AssertionCheck {
  callId: string;
  results: Loadable<AssertionResult[]>;
}

/**
 * The result to show beside assertion `index`: only when that same assertion was checked (an edited
 * assertion has no result until the next check).
 */
export function resultFor(check: AssertionCheck | undefined, index: number, assertion: Assertion): AssertionResult | undefined {
  if (check?.results.status !== 'ok') return undefined;
  const result = check.results.value[index];
  return result && JSON.stringify(result.assertion) === JSON.stringify(assertion) ? result : undefined;
}
