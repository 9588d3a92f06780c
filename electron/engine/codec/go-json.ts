/**
 * JSON as Go writes it: `encoding/json` string escaping (HTML characters and U+2028/9 escaped) and
 * `json.Indent(…, "", "  ")`, which grpcurl runs over every message it prints.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** A JSON string literal as Go's json.Marshal writes it. */
export function goJsonString(text: string): string {
  let out = '"';
  for (const c of text) {
    const escaped = ESCAPES[c];
    if (escaped) out += escaped;
    else if (c.charCodeAt(0) < 0x20) out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** Go's json.Indent with two spaces: a newline after `{`, `[` and `,` (not inside `{}` or `[]`), `": "` after keys. */
export function goJsonIndent(compact: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let needIndent = false;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (needIndent && c !== ']' && c !== '}') {
      depth++;
      out += newline();
      needIndent = false;
    } else if (needIndent) needIndent = false;
    else if (c === ']' || c === '}') {
      depth--;
      out += newline();
    }
    if (c === '"') inString = true;
    if (c === '{' || c === '[') needIndent = true;
    if (c === ',') {
      out += `,${newline()}`;
      continue;
    }
    out += c === ':' ? ': ' : c;
  }
  return out;
}
