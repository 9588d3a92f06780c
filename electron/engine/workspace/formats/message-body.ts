import type { JsonPathSegment } from '../../../../shared/json';
import type { FieldReader } from './field-reader';

/**
 * How one message body is stored in a request file. A body is text (what the user typed), but text in a
 * JSON string is unreadable in a diff, so:
 *
 * - a body that is a JSON object already in canonical form (what `JSON.stringify(value, null, 2)` prints)
 *   is stored inline as that object: it reads as JSON, and a one-field edit is a one-line diff;
 * - any other body (whole-value `{{variables}}`, integers beyond 2^53, custom spacing, a bare value) is
 *   stored as an array of its lines, so its exact text survives and an edit still touches one line.
 *
 * Either way `bodyFromFile(bodyToFile(text)) === text`.
 */
export function bodyToFile(text: string): unknown {
  const inline = canonicalObject(text);
  return inline ?? text.split('\n');
}

export function bodyFromFile(value: unknown, path: readonly JsonPathSegment[], reader: FieldReader): string {
  if (Array.isArray(value)) {
    return value.map((line, i) => (typeof line === 'string' ? line : reader.fail([...path, i], 'expected a string (one line of the body)', 'a string'))).join('\n');
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, null, 2);
  return reader.fail(path, 'expected a JSON object (the message) or an array of lines (its text)', 'an object or an array of strings');
}

function canonicalObject(text: string): object | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Exact comparison covers every lossy case at once: rounded big integers, reordered integer-like keys,
  // `1.0` printed as `1`, escapes spelled differently.
  return JSON.stringify(value, null, 2) === text ? value : undefined;
}
