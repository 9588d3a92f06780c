import type { Assertion, AssertionResult, MetadataEntry } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';
import { evaluateJsonPath, parseJsonPath } from './json-path';

/** What a finished call looked like, as assertions and captures see it. */
export interface CallOutcome {
  status: { code: number; name: string; message: string };
  /** Decoded ProtoJSON of each response message. */
  responses: unknown[];
  /** Server-stream and bidi calls: `$` is the array of responses instead of the one response. */
  streamingResponses: boolean;
  totalMs: number;
  /** Response headers and trailers, as received; empty when none came. */
  headers: MetadataEntry[];
  trailers: MetadataEntry[];
}

/** What a JSONPath selects in a call's responses, or why it selects nothing. */
export type JsonPathSelection = { values: unknown[]; multiple: boolean } | { failure: string };

/** `$` is the one response, or the array of responses of a server-stream or bidi call. */
export function selectJsonPath(pathText: string, outcome: CallOutcome): JsonPathSelection {
  const path = parseJsonPath(pathText);
  if (!path.ok) return { failure: path.error.message };
  const root = outcome.streamingResponses ? outcome.responses : outcome.responses[0];
  if (root === undefined) return { failure: 'there was no response message' };
  const values = evaluateJsonPath(path.value, root);
  return values.length === 0 ? { failure: `nothing at ${pathText}` } : { values, multiple: path.value.multiple };
}

export type { AssertionResult };

/**
 * Checks every assertion. A request without a status assertion is expected to end OK: a CI run where a
 * call fails with UNAVAILABLE must not pass just because nobody wrote `{ "status": "OK" }`.
 */
export function checkAssertions(assertions: readonly Assertion[], outcome: CallOutcome): AssertionResult[] {
  const all: Assertion[] = assertions.some((a) => a.type === 'status') ? [...assertions] : [{ type: 'status', status: 'OK' }, ...assertions];
  return checkEachAssertion(all, outcome);
}

/** Checks exactly the given assertions, one result each, in order (no implied status check). */
export function checkEachAssertion(assertions: readonly Assertion[], outcome: CallOutcome): AssertionResult[] {
  return assertions.map((assertion) => checkOne(assertion, outcome));
}

function checkOne(assertion: Assertion, outcome: CallOutcome): AssertionResult {
  switch (assertion.type) {
    case 'status': {
      const expected = typeof assertion.status === 'number' ? grpcStatusName(assertion.status) : assertion.status;
      const description = `status is ${expected}`;
      const got = `${outcome.status.name} (${outcome.status.code})${outcome.status.message ? `: ${outcome.status.message}` : ''}`;
      return result(assertion, description, outcome.status.name === expected ? undefined : `got ${got}`);
    }
    case 'maxTime':
      return result(assertion, `responds within ${assertion.ms} ms`, outcome.totalMs < assertion.ms ? undefined : `took ${outcome.totalMs.toFixed(1)} ms`);
    case 'messageCount': {
      const count = outcome.responses.length;
      return result(assertion, `${assertion.count} response message(s)`, count === assertion.count ? undefined : `got ${count}`);
    }
    case 'jsonPath':
      return checkJsonPath(assertion, outcome);
  }
}

function checkJsonPath(assertion: Extract<Assertion, { type: 'jsonPath' }>, outcome: CallOutcome): AssertionResult {
  const description = `${assertion.path} ${assertion.op} ${JSON.stringify(assertion.expected)}`;
  const selection = selectJsonPath(assertion.path, outcome);
  if ('failure' in selection) return result(assertion, description, selection.failure);
  const found = selection.values;
  // A wildcard path selects a list; a plain one selects the value itself.
  const actual = selection.multiple ? found : found[0];
  const shown = JSON.stringify(actual);
  if (assertion.op === 'equals') return result(assertion, description, jsonEquals(actual, assertion.expected) ? undefined : `got ${shown}`);
  if (assertion.op === 'contains') return result(assertion, description, contains(actual, assertion.expected) ? undefined : `got ${shown}`);
  const pattern = new RegExp(String(assertion.expected));
  const values = selection.multiple ? found : [actual];
  const misfit = values.find((value) => !pattern.test(typeof value === 'string' ? value : JSON.stringify(value)));
  return result(assertion, description, misfit === undefined ? undefined : `${JSON.stringify(misfit)} does not match`);
}

/** The results' words with `scrub` applied: what a run prints or answers must not hold a secret a server echoed. */
export function scrubbedAssertionResults(results: readonly AssertionResult[], scrub: (text: string) => string): AssertionResult[] {
  return results.map((a) => ({ ...a, description: scrub(a.description), ...(a.failure !== undefined && { failure: scrub(a.failure) }) }));
}

function result(assertion: Assertion, description: string, failure: string | undefined): AssertionResult {
  return failure === undefined ? { assertion, passed: true, description } : { assertion, passed: false, description, failure };
}

/** An array contains an equal element; a string contains a substring; an object contains a member value. */
function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => jsonEquals(item, expected));
  if (typeof actual === 'object' && actual !== null) return Object.values(actual).some((item) => jsonEquals(item, expected));
  return false;
}

/**
 * Deep JSON equality, with one allowance: ProtoJSON prints 64-bit integers as strings, so `42` and `"42"`
 * are equal (a user writing `"equals": 42` for an int64 id means the number).
 */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
