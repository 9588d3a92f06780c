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

/** The variables whose names hold what was typed (any case), those that start with it first, each in the order given. */
export function matchingVariables(variables: readonly VariableSuggestion[], typed: string): VariableSuggestion[] {
  const wanted = typed.toLowerCase();
  const starting: VariableSuggestion[] = [];
  const containing: VariableSuggestion[] = [];
  for (const variable of variables) {
    const at = variable.name.toLowerCase().indexOf(wanted);
    if (at === 0) starting.push(variable);
    else if (at > 0) containing.push(variable);
  }
  return [...starting, ...containing];
}

/**
 * The text with `name` written as the variable at the caret (a 0-based offset): the part of a name around the
 * caret is replaced, and `}}` added unless it is already there. Returns the new text and the caret after `}}`.
 */
export function withVariable(text: string, caret: number, name: string): { text: string; caret: number } | undefined {
  const at = variableAtCaret(text, caret + 1);
  if (!at) return undefined;
  const start = at.startColumn - 1;
  const rest = text.slice(caret);
  const nameLeft = /^[$A-Za-z0-9_.-]*/.exec(rest)![0].length;
  const closing = at.closed ? /^\s*\}\}/.exec(rest.slice(nameLeft))![0] : '}}';
  const written = text.slice(0, start) + name + closing;
  return { text: written + rest.slice(nameLeft + (at.closed ? closing.length : 0)), caret: written.length };
}
