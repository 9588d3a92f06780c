/**
 * [open quote, close quote] offsets of each string literal in JSON-like text (a body that may hold
 * `{{variables}}`), found by a scan that honours escapes. An unterminated string runs to the end.
 */
export function jsonStringRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    const open = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    ranges.push([open, i]);
  }
  return ranges;
}
