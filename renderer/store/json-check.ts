/** Where a request body stops being JSON, in editor terms (1-based line and column). */
export interface JsonProblem {
  message: string;
  line: number;
  column: number;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * A strict JSON syntax check (RFC 8259), written out because JSON.parse's messages differ between V8
 * versions and often carry no position. It validates only: the text itself is what gets sent, since
 * JSON.parse would round big int64 literals and the engine parses them losslessly.
 */
function scan(text: string): void {
  let i = 0;
  const peek = () => text[i];
  const describe = (ch: string | undefined) => (ch === undefined ? 'end of text' : `'${ch}'`);
  const expected = (what: string): never => {
    throw new Stop(i, `expected ${what}, found ${describe(peek())}`);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else expected('a JSON value');
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = peek();
      if (ch === undefined || ch === '\n') throw new Stop(i, 'unterminated string');
      if (ch === '"') return void i++;
      if (ch < ' ') throw new Stop(i, 'control character in string');
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else throw new Stop(i, 'invalid escape in string');
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) expected('a JSON value');
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const ch = peek();
    if (ch === '{') return members('}', true);
    if (ch === '[') return members(']', false);
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    expected('a JSON value');
  };
  const members = (close: string, isObject: boolean): void => {
    i++;
    space();
    if (peek() === close) return void i++;
    for (;;) {
      if (isObject) {
        space();
        if (peek() !== '"') expected('a property name in double quotes');
        string();
        space();
        if (peek() !== ':') expected("':'");
        i++;
      }
      value();
      space();
      if (peek() === close) return void i++;
      if (peek() !== ',') expected(`',' or '${close}'`);
      const comma = i++;
      space();
      if (peek() === close) throw new Stop(comma, 'trailing comma');
    }
  };
  value();
  space();
  if (i < text.length) expected('end of text');
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

export function checkJsonText(text: string): JsonProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (reason) {
    if (!(reason instanceof Stop)) throw reason;
    return { message: reason.message, ...lineAndColumn(text, reason.offset) };
  }
}

export function describeJsonProblem(problem: JsonProblem): string {
  return `Invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

/**
 * A problem Monaco's JSON worker reported, tagged with the text it was computed for. Monaco validates
 * only after a debounce, so its last markers may describe text the user has since changed.
 */
export interface EditorProblem extends JsonProblem {
  text: string;
}

export interface BodyProblems {
  /** Why Send must refuse the body: the renderer's own check of the current text, never Monaco's markers. */
  blocking?: JsonProblem;
  /** What the editor's status line shows: Monaco's problem, only while it still describes the current text. */
  shown?: JsonProblem;
}

/** Decides, for the current body and Monaco's last reported problem, what blocks Send and what is shown. */
export function bodyProblems(body: string, editorProblem: EditorProblem | undefined): BodyProblems {
  const blocking = checkJsonText(body);
  const fresh = editorProblem !== undefined && editorProblem.text === body;
  return {
    ...(blocking && { blocking }),
    ...(fresh && { shown: { message: editorProblem.message, line: editorProblem.line, column: editorProblem.column } }),
  };
}
