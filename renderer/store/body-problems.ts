import { describeJsonProblem as describeProblem, findJsonProblem, type JsonProblem } from '../../shared/json';
import { hasPlaceholders, maskPlaceholders } from './json-placeholders';

/** Where a request body stops being JSON, as the editor shows it (1-based line and column). */
export type BodyProblem = Pick<JsonProblem, 'message' | 'line' | 'column'>;

/**
 * A problem Monaco's JSON worker reported, tagged with the text it was computed for. Monaco validates
 * only after a debounce, so its last markers may describe text the user has since changed.
 */
export interface EditorProblem extends BodyProblem {
  text: string;
}

export interface BodyProblems {
  /** Why Send must refuse the body: the shared JSON parser's verdict on the current text, never Monaco's markers. */
  blocking?: BodyProblem;
  /**
   * What the editor marks and its status line shows: the blocking problem, else Monaco's problem while it
   * still describes the current text.
   */
  shown?: BodyProblem;
}

/** `Invalid JSON at line 2, column 8: duplicate key "a" …`, the engine's wording as a sentence. */
export function describeJsonProblem(problem: BodyProblem): string {
  const text = describeProblem(problem);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Decides, for the current body and Monaco's last reported problem, what blocks Send and what is shown.
 * The check is the engine's own parser, so what passes here is what the engine accepts (duplicate keys and
 * big integers included). Whole-value `{{variables}}` stand for values (the engine substitutes them): they
 * block nothing, and Monaco's problem with them (it sees `{{` as broken JSON) is not shown.
 */
export function bodyProblems(body: string, editorProblem: EditorProblem | undefined): BodyProblems {
  const found = findJsonProblem(maskPlaceholders(body));
  const blocking = found && { message: found.message, line: found.line, column: found.column };
  const fresh = editorProblem !== undefined && editorProblem.text === body && !hasPlaceholders(body);
  const shown = blocking ?? (fresh ? { message: editorProblem.message, line: editorProblem.line, column: editorProblem.column } : undefined);
  return { ...(blocking && { blocking }), ...(shown && { shown }) };
}

/** JSON once its whole-value variables stand for values: the editor must not flag it (Monaco sees `{{` as an error). */
export function isJsonWithPlaceholders(body: string): boolean {
  return hasPlaceholders(body) && findJsonProblem(maskPlaceholders(body)) === undefined;
}
