/**
 * Whole-value `{{variables}}` in a request body (`{"count": {{n}}}`), as the workspace format allows: the
 * engine substitutes them on Send, so a body is checked as JSON with each one standing for a value.
 * The name rule is the engine's (electron/engine/workspace/substitute-variables.ts).
 */
import { jsonStringRanges } from '../../shared/util';

const PLACEHOLDER = /\{\{\s*[$A-Za-z_][A-Za-z0-9_.-]*\s*\}\}/g;

/**
 * The text with each placeholder outside strings replaced by `""` and spaces: the same length, so a JSON
 * check's line and column still point into the text as typed. `""` is valid where a value or a key goes.
 */
export function maskPlaceholders(text: string): string {
  if (!text.includes('{{')) return text;
  const strings = jsonStringRanges(text);
  const inString = (offset: number) => strings.some(([open, close]) => offset > open && offset < close);
  return text.replace(PLACEHOLDER, (match, offset: number) => (inString(offset) ? match : `""${' '.repeat(match.length - 2)}`));
}

export function hasPlaceholders(text: string): boolean {
  return maskPlaceholders(text) !== text;
}
