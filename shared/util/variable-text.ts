/**
 * A variable's value as text, and back: the environment editor, a page variable set by hand, `--var` and
 * `--iteration-data` all read values this one way. Values are any JSON value (a whole-value
 * `{{n}}` in a body inserts a number as a number), but most are text: text is shown bare, and what reads as
 * JSON (`3`, `true`, `{"a": 1}`) is stored as that JSON. A string that would read as JSON is shown quoted
 * (`"3"`), so every value survives a round trip through the editor.
 */

function readsAsJson(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    // A number JSON.parse would change (1.0, 2^64) stays the text it was typed as.
    if (typeof value === 'number' && JSON.stringify(value) !== trimmed) return undefined;
    return { value };
  } catch {
    return undefined;
  }
}

export function variableValueOf(text: string): unknown {
  const json = readsAsJson(text);
  return json ? json.value : text;
}

export function variableTextOf(value: unknown): string {
  if (typeof value === 'string') return readsAsJson(value) === undefined ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? '';
}
