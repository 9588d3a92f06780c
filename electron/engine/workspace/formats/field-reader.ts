import { fail } from '../../../../shared/errors';
import { locateJsonPath, parseJson, type JsonPathSegment } from '../../../../shared/json';

export type Json = Record<string, unknown>;

/**
 * Typed access to a parsed workspace file. Every failure is a BAD_INPUT error naming the file, the line
 * and column in its text, and the field path (`metadata[1].value`), so a user fixing a hand-edited or
 * merge-conflicted file knows where to look.
 */
export class FieldReader {
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  fail(path: readonly JsonPathSegment[], message: string, expected?: string): never {
    const { line, column } = locateJsonPath(this.text, path);
    const fieldPath = formatFieldPath(path);
    const where = fieldPath === '' ? '' : `${fieldPath}: `;
    return fail('BAD_INPUT', `${this.file}:${line}:${column}: ${where}${message}`, {
      file: this.file,
      line,
      column,
      ...(fieldPath !== '' && { fieldPath }),
      ...(expected !== undefined && { expected }),
    });
  }

  /** A JSON object holding only the `allowed` keys: unknown keys are typos until proven otherwise. */
  object(value: unknown, path: readonly JsonPathSegment[], allowed: readonly string[]): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `expected an object, found ${describe(value)}`, 'an object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail([...path, key], `unknown field "${key}"`, `one of ${allowed.join(', ')}`);
    }
    return value as Json;
  }

  array(value: unknown, path: readonly JsonPathSegment[]): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, found ${describe(value)}`, 'an array');
    return value;
  }

  string(object: Json, key: string, path: readonly JsonPathSegment[]): string {
    const value = object[key];
    if (typeof value !== 'string') this.fail([...path, key], value === undefined ? 'is required' : `expected a string, found ${describe(value)}`, 'a string');
    return value;
  }

  optionalString(object: Json, key: string, path: readonly JsonPathSegment[]): string | undefined {
    return object[key] === undefined ? undefined : this.string(object, key, path);
  }

  integer(object: Json, key: string, path: readonly JsonPathSegment[], min = 0): number {
    const value = object[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail([...path, key], value === undefined ? 'is required' : `expected an integer ≥ ${min}, found ${describe(value)}`, `an integer ≥ ${min}`);
    }
    return value;
  }

  optionalInteger(object: Json, key: string, path: readonly JsonPathSegment[], min = 0): number | undefined {
    return object[key] === undefined ? undefined : this.integer(object, key, path, min);
  }

  optionalBoolean(object: Json, key: string, path: readonly JsonPathSegment[]): boolean | undefined {
    const value = object[key];
    if (value !== undefined && typeof value !== 'boolean') this.fail([...path, key], `expected true or false, found ${describe(value)}`, 'a boolean');
    return value as boolean | undefined;
  }

  stringArray(object: Json, key: string, path: readonly JsonPathSegment[]): string[] {
    const list = this.array(object[key] ?? [], [...path, key]);
    return list.map((item, i) => (typeof item === 'string' ? item : this.fail([...path, key, i], `expected a string, found ${describe(item)}`, 'a string')));
  }
}

/** `['metadata', 1, 'value']` → `metadata[1].value`. */
export function formatFieldPath(path: readonly JsonPathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/** Parses a workspace file's text (position-aware errors) and returns its root object with a reader. */
export function readJsonFile(text: string, file: string): { root: Json; reader: FieldReader } {
  // A UTF-8 byte order mark (some Windows editors add one) is not JSON; tolerate it rather than fail.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const value = parseJson(body, { file });
  const reader = new FieldReader(body, file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reader.fail([], `expected a JSON object, found ${describe(value)}`, 'an object');
  return { root: value as Json, reader };
}

/**
 * The format version a file declares, checked against what this build understands. Version 0 is a file
 * without the field (the shape before versions existed).
 */
export function formatVersionOf(root: Json, reader: FieldReader, newest: number): number {
  if (root.formatVersion === undefined) return 0;
  const version = reader.integer(root, 'formatVersion', [], 0);
  if (version > newest) {
    reader.fail(['formatVersion'], `format version ${version} was written by a newer Ferry (this one reads up to ${newest})`, `≤ ${newest}`);
  }
  return version;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** The one text form every Ferry file is written in: 2-space indentation, `\n` line ends, a final newline. */
export function stringifyStable(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
