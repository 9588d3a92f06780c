/**
 * Small hand-written validators for values that cross a transport. A validator reports the first problem
 * it finds, naming the path (`args[0].tls.mode: expected "plaintext" or "tls"`), so a bad message can be
 * answered with one sentence that points at the input. No library: the shapes are few and the messages
 * are what matters.
 */

export interface Problem {
  /** Where in the value, e.g. `args[0].tls.mode`. */
  path: string;
  /** What would have fit there, e.g. `"plaintext" or "tls"`; absent for problems that are not a mismatch. */
  expected?: string;
  /** The sentence after the path, e.g. `expected a string`. */
  message: string;
}

/**
 * Checks `value`. A problem's path is relative to the value checked (`.tls.mode`, `[2]`), and each enclosing
 * validator puts its own step in front: paths are built only for a problem, never for every field of every
 * valid event. The phantom `type` member is a function so the type parameter is invariant: a validator for
 * `{ a: string }` is not accepted where one for `{ a: number }` is wanted.
 */
export type Validator<T> = ((value: unknown) => Problem | undefined) & { readonly type?: (t: T) => T };

/** Marks an object field that may be absent (or `undefined`). */
export type OptionalValidator<T> = Validator<T> & { readonly optional: true };

/** A value that is not what was expected, found right at the value checked. */
export function mismatch(expected: string): Problem {
  return { path: '', expected, message: `expected ${expected}` };
}

/** The same problem, seen from one step further out (`.key` or `[index]`). */
export function within(step: string, problem: Problem): Problem {
  return { ...problem, path: `${step}${problem.path}` };
}

export function describeProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface StringRules {
  nonEmpty?: boolean;
}

export function string(rules: StringRules = {}): Validator<string> {
  const expected = rules.nonEmpty ? 'a non-empty string' : 'a string';
  return (value) => (typeof value === 'string' && (!rules.nonEmpty || value.length > 0) ? undefined : mismatch(expected));
}

export interface NumberRules {
  integer?: boolean;
  min?: number;
  max?: number;
}

export function number(rules: NumberRules = {}): Validator<number> {
  const kind = rules.integer ? 'an integer' : 'a number';
  const bounds = [rules.min === undefined ? '' : `>= ${rules.min}`, rules.max === undefined ? '' : `<= ${rules.max}`].filter(Boolean).join(' and ');
  const expected = bounds ? `${kind} ${bounds}` : kind;
  return (value) => {
    // JSON cannot carry NaN or Infinity, but structured clone (Electron IPC) can: refuse them here.
    if (typeof value !== 'number' || !Number.isFinite(value)) return mismatch(expected);
    if (rules.integer && !Number.isSafeInteger(value)) return mismatch(expected);
    if (rules.min !== undefined && value < rules.min) return mismatch(expected);
    if (rules.max !== undefined && value > rules.max) return mismatch(expected);
    return undefined;
  };
}

export const boolean: Validator<boolean> = (value) => (typeof value === 'boolean' ? undefined : mismatch('true or false'));

/** Accepts anything (for fields typed `unknown`, such as a decoded error detail). */
export const anything: Validator<unknown> = () => undefined;

export function quoteChoices(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  if (quoted.length <= 2) return quoted.join(' or ');
  return `one of ${quoted.join(', ')}`;
}

export function literal<const V extends readonly string[]>(...values: V): Validator<V[number]> {
  const expected = quoteChoices(values);
  return (value) => (typeof value === 'string' && values.includes(value) ? undefined : mismatch(expected));
}

export function optional<T>(validator: Validator<T>): OptionalValidator<T | undefined> {
  const check: Validator<T | undefined> = (value) => (value === undefined ? undefined : validator(value));
  return Object.assign(check, { optional: true as const });
}

export function arrayOf<T>(item: Validator<T>): Validator<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return mismatch('an array');
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i]);
      if (problem) return within(`[${i}]`, problem);
    }
    return undefined;
  };
}

/** A fixed argument list: exactly one value per validator, in order. */
export function tuple<T extends unknown[]>(...items: { [K in keyof T]: Validator<T[K]> }): Validator<T> {
  const count = items.length;
  const expected = `${count} argument${count === 1 ? '' : 's'}`;
  return (value) => {
    if (!Array.isArray(value) || value.length !== count) return mismatch(expected);
    for (let i = 0; i < count; i++) {
      const problem = (items[i] as Validator<unknown>)(value[i]);
      if (problem) return within(`[${i}]`, problem);
    }
    return undefined;
  };
}

/**
 * One validator per key of T, none missing: adding a field to a model type without validating it is a
 * compile error here. Optional fields of T need `optional(...)`.
 */
export type Shape<T> = {
  [K in keyof T]-?: undefined extends T[K] ? OptionalValidator<T[K]> : Validator<T[K]>;
};

export interface ObjectRules {
  /**
   * Commands refuse unknown fields (the engine should never receive what nobody checked); events accept
   * them, so a field the engine adds later does not make the UI drop every event.
   */
  allowUnknownFields?: boolean;
}

export function object<T>(shape: Shape<T>, rules: ObjectRules = {}): Validator<T> {
  const entries = Object.entries(shape) as [string, Validator<unknown> & { optional?: true }][];
  const known = new Set(entries.map(([key]) => key));
  return (value) => {
    if (!isPlainObject(value)) return mismatch('an object');
    for (const [key, check] of entries) {
      const present = Object.prototype.hasOwnProperty.call(value, key);
      if (!present && check.optional) continue;
      const problem = check(present ? value[key] : undefined);
      if (problem) return within(`.${key}`, problem);
    }
    if (!rules.allowUnknownFields) {
      const extra = Object.keys(value).find((key) => !known.has(key));
      if (extra !== undefined) return { path: `.${extra}`, message: 'unknown field' };
    }
    return undefined;
  };
}

type TagValue<T, Tag extends keyof T> = T[Tag] & string;

/**
 * A discriminated union: `tag` picks the variant, whose validator checks the whole value (tag included).
 * Every tag value of T must have a variant.
 */
export function taggedUnion<T extends object, Tag extends keyof T & string>(
  tag: Tag,
  variants: { [V in TagValue<T, Tag>]: Validator<Extract<T, Record<Tag, V>>> },
): Validator<T> {
  const table = variants as Record<string, Validator<unknown>>;
  const expected = quoteChoices(Object.keys(table));
  return (value) => {
    if (!isPlainObject(value)) return mismatch('an object');
    const tagValue = value[tag];
    const variant = typeof tagValue === 'string' && Object.prototype.hasOwnProperty.call(table, tagValue) ? table[tagValue] : undefined;
    if (!variant) return within(`.${tag}`, mismatch(expected));
    return variant(value);
  };
}
