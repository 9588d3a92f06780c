import type { JsonPathSegment } from '../../shared/json';
import type { Assertion, Capture } from '../../shared/model';
import { isVariableName } from './captures';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A place in the shown response as the JSONPath assertions and captures read: `$` is the response, or for
 * a server-stream or bidi call the array of responses, of which the view shows the last (`$[-1]`).
 */
export function responseJsonPath(segments: readonly JsonPathSegment[], streaming: boolean): string {
  const steps = segments.map((segment) => {
    if (typeof segment === 'number') return `[${segment}]`;
    return IDENTIFIER.test(segment) ? `.${segment}` : `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  });
  return `$${streaming ? '[-1]' : ''}${steps.join('')}`;
}

/** The value at a path of a parsed response; undefined when the path leads nowhere. */
export function valueAt(value: unknown, segments: readonly JsonPathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** A capture of the value at `segments`, named after its field (`order.id` → `id`), apart from the tab's others. */
export function captureAt(segments: readonly JsonPathSegment[], streaming: boolean, existing: readonly Capture[]): Capture {
  const field = [...segments].reverse().find((segment): segment is string => typeof segment === 'string');
  const base = field !== undefined && isVariableName(field) ? field : 'value';
  let variable = base;
  for (let n = 2; existing.some((capture) => capture.variable === variable); n++) variable = `${base}${n}`;
  return { variable, from: 'jsonPath', path: responseJsonPath(segments, streaming), secret: false };
}

/** An assertion that the value at `segments` stays what it is now. */
export function assertionAt(segments: readonly JsonPathSegment[], streaming: boolean, value: unknown): Assertion {
  return { type: 'jsonPath', path: responseJsonPath(segments, streaming), op: 'equals', expected: value };
}
