import { fail } from '../../../shared/errors';
import { jsonStringRanges } from '../../../shared/util';

/**
 * `{{name}}` substitution. The rule (docs/workspace-format.md, "Variables"):
 * - in plain text (target, metadata keys and values) and inside JSON strings of a body, a variable's
 *   text form is inserted: a string as itself, anything else as its JSON (`3`, `true`, `{"a":1}`);
 *   inside a JSON string the inserted text is escaped, so a value with `"` or `\` cannot break the body;
 * - in a body outside strings (a whole value: `"count": {{n}}`) its JSON form is inserted before the body
 *   is parsed: a number stays a number, a string gets its quotes, an object is inserted as an object.
 * `{{` not followed by a valid name and `}}` is left alone. Spaces inside the braces are allowed.
 */
const PLACEHOLDER = /\{\{\s*([$A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/y;

export interface VariableValue {
  value: unknown;
  secret: boolean;
}

/** Finds a variable's value, or fails with an error naming it and `where` it was used. */
export type VariableResolver = (name: string, where: string) => VariableValue;

export interface SubstitutionResult {
  text: string;
  /** Text forms of the secret values inserted, so whatever records the request can redact them. */
  secrets: string[];
}

export function substituteText(text: string, resolve: VariableResolver, where: string): SubstitutionResult {
  const secrets: string[] = [];
  let out = '';
  let pos = 0;
  forEachPlaceholder(text, (start, end, name) => {
    const variable = resolve(name, where);
    const inserted = textForm(variable.value);
    if (variable.secret) secrets.push(inserted);
    out += text.slice(pos, start) + inserted;
    pos = end;
  });
  return { text: out + text.slice(pos), secrets };
}

export function substituteJsonText(text: string, resolve: VariableResolver, where: string): SubstitutionResult {
  const secrets: string[] = [];
  const stringRanges = jsonStringRanges(text);
  let out = '';
  let pos = 0;
  forEachPlaceholder(text, (start, end, name) => {
    const variable = resolve(name, where);
    const inString = stringRanges.some(([from, to]) => start > from && start < to);
    const inserted = inString ? JSON.stringify(textForm(variable.value)).slice(1, -1) : jsonForm(variable.value, name, where);
    if (variable.secret) secrets.push(textForm(variable.value));
    out += text.slice(pos, start) + inserted;
    pos = end;
  });
  return { text: out + text.slice(pos), secrets };
}

/** Every variable name the text mentions, for checking a request before anything is sent. */
export function variableNames(text: string): string[] {
  const names: string[] = [];
  forEachPlaceholder(text, (_start, _end, name) => names.push(name));
  return names;
}

function forEachPlaceholder(text: string, visit: (start: number, end: number, name: string) => void): void {
  for (let start = text.indexOf('{{'); start !== -1; ) {
    PLACEHOLDER.lastIndex = start;
    const match = PLACEHOLDER.exec(text);
    if (match) visit(start, start + match[0].length, match[1]!);
    start = text.indexOf('{{', match ? start + match[0].length : start + 1);
  }
}

export function textForm(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function jsonForm(value: unknown, name: string, where: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) fail('BAD_INPUT', `variable {{${name}}} used in ${where} has no JSON form`);
  return json;
}
