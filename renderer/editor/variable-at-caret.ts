/** A `{{variable}}` the editor offers after `{{`: its name, where it comes from, and what it holds. */
export interface VariableSuggestion {
  name: string;
  /** `environment staging`, `captured from Create order`, `built-in`. */
  detail: string;
  /** Its value as shown (a secret as `***`), or what a built-in gives. */
  documentation?: string;
}

/** The variable name being typed at the caret, and whether its closing braces are already there. */
export interface VariableAtCaret {
  /** 1-based column where the name starts (just after `{{` and any spaces). */
  startColumn: number;
  typed: string;
  closed: boolean;
}

/**
 * Inside an open `{{` on the caret's line (`"id": "{{ord|`), what has been typed of the name; undefined
 * anywhere else, so the editor offers variables only where one is being written.
 */
export function variableAtCaret(lineText: string, column: number): VariableAtCaret | undefined {
  const before = lineText.slice(0, column - 1);
  const open = /\{\{\s*([$A-Za-z0-9_.-]*)$/.exec(before);
  if (!open) return undefined;
  const typed = open[1]!;
  const after = lineText.slice(column - 1);
  return { startColumn: column - typed.length, typed, closed: /^[$A-Za-z0-9_.-]*\s*\}\}/.test(after) };
}
