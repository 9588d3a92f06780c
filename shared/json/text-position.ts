/** 1-based line and column of a character offset, as editors and error messages count them. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Lines end at `\n` (a `\r` before it counts as a column of its line, as Monaco counts it too). */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
