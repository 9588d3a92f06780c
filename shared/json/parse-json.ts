import { fail } from '../errors';
import { positionOf, type TextPosition } from './text-position';

/**
 * The one JSON parser for what users type or keep in files: request bodies in the editor, `-d` data,
 * workspace files. JSON.parse is not enough for three reasons: it rounds integers beyond 2^53 (an int64 id
 * would silently change), it keeps the last of duplicate keys instead of telling the user, and its errors
 * carry no line and column (and differ between engines). This one runs on the unary hot path: keep it lean.
 */

export type JsonPathSegment = string | number;

export interface ParseJsonOptions {
  /** Named in errors, for input read from a file. */
  file?: string;
  /**
   * Whole-value `{{variables}}` count as a value or a key (a body checked before its variables are
   * substituted). Each stands for its own text, e.g. the string `{{n}}`.
   */
  placeholders?: boolean;
}

/** Where text stops being JSON: what is wrong, in editor terms (1-based line and column). */
export interface JsonProblem extends TextPosition {
  message: string;
  /** What would have been valid there. */
  expected: string;
}

/** Parses exactly one JSON value. Unsafe integers come back as their exact decimal string. */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  try {
    return parseOne(new Parser(text, options));
  } catch (reason) {
    return failWith(reason, text, options);
  }
}

/**
 * Parses zero or more JSON values one after another, as grpcurl's `-d` does for streams. An error past the
 * first value says which message it is in ("message 2: …").
 */
export function parseJsonSequence(text: string, options: ParseJsonOptions = {}): unknown[] {
  return parseJsonSequenceAt(text, options).map((message) => message.value);
}

/** `parseJsonSequence`, each value with the offset in `text` where it starts (to place errors found later). */
export function parseJsonSequenceAt(text: string, options: ParseJsonOptions = {}): Array<{ value: unknown; start: number }> {
  const parser = new Parser(text, options);
  const values: Array<{ value: unknown; start: number }> = [];
  try {
    parser.skipWhitespace();
    while (!parser.atEnd()) {
      const start = parser.pos;
      values.push({ value: parser.parseValue(0), start });
      parser.skipWhitespace();
    }
    return values;
  } catch (reason) {
    return failWith(reason, text, options, values.length === 0 ? '' : `message ${values.length + 1}: `);
  }
}

/** The first problem that keeps `text` from being one JSON value, or undefined when it is one. */
export function findJsonProblem(text: string, options: ParseJsonOptions = {}): JsonProblem | undefined {
  try {
    parseOne(new Parser(text, options));
    return undefined;
  } catch (reason) {
    if (!(reason instanceof SyntaxProblem)) throw reason;
    return problemOf(reason, text);
  }
}

/** `invalid JSON at line 3, column 8: duplicate key "a" …`: how every front end words a problem. */
export function describeJsonProblem(problem: Pick<JsonProblem, 'message' | 'line' | 'column'>): string {
  return `invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

/**
 * Position of the value at `path` in JSON text (of its key, for object members). When the path does not
 * exist, the deepest ancestor that does: a missing field is reported where its object starts. For errors
 * found after parsing (a wrong type, an unknown key), so they can still name a line and column.
 */
export function locateJsonPath(text: string, path: readonly JsonPathSegment[]): TextPosition {
  return positionOf(text, jsonPathOffset(text, path));
}

/** `locateJsonPath` as an offset into `text`. */
export function jsonPathOffset(text: string, path: readonly JsonPathSegment[]): number {
  const positions = recordedPositions(text);
  for (let depth = path.length; depth > 0; depth--) {
    const offset = positions.get(pathKey(path.slice(0, depth)));
    if (offset !== undefined) return offset;
  }
  return firstNonSpace(text);
}

/**
 * The path of the value at `offset` in `text` (the member or element whose key or value the offset is in,
 * the innermost one); `[]` for the whole document. Text past a syntax error counts as not there.
 */
export function jsonPathAt(text: string, offset: number): JsonPathSegment[] {
  let best: { key: string; start: number } | undefined;
  for (const [key, start] of recordedPositions(text)) {
    if (start <= offset && (!best || start >= best.start)) best = { key, start };
  }
  return best ? (JSON.parse(best.key) as JsonPathSegment[]) : [];
}

/** Where each path's value (or key) starts in `text`, by `pathKey`, as far as the text is JSON. */
function recordedPositions(text: string): Map<string, number> {
  const parser = new Parser(text, {});
  const positions = new Map<string, number>();
  parser.positions = positions;
  try {
    parseOne(parser);
  } catch (reason) {
    if (!(reason instanceof SyntaxProblem)) throw reason;
  }
  return positions;
}

function parseOne(parser: Parser): unknown {
  parser.skipWhitespace();
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (!parser.atEnd()) parser.unexpected('end of input');
  return value;
}

function problemOf(reason: SyntaxProblem, text: string): JsonProblem {
  return { message: reason.what, expected: reason.expected, ...positionOf(text, reason.offset) };
}

function failWith(reason: unknown, text: string, options: ParseJsonOptions, prefix = ''): never {
  if (!(reason instanceof SyntaxProblem)) throw reason;
  const problem = problemOf(reason, text);
  const details = { line: problem.line, column: problem.column, expected: problem.expected, ...(options.file !== undefined && { file: options.file }) };
  return fail('BAD_INPUT', prefix + describeJsonProblem(problem), details);
}

/** Thrown inside the parser (no stack to capture); the public functions turn it into their own answer. */
class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly what: string,
    readonly expected: string,
  ) {}
}

// Deeper input is almost surely a mistake, and recursion this deep would overflow the stack.
const MAX_DEPTH = 1000;

// The name rule of the engine's variable substitution (workspace/substitute-variables.ts).
const PLACEHOLDER_PATTERN = /\{\{\s*[$A-Za-z_][A-Za-z0-9_.-]*\s*\}\}/y;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  pos = 0;
  /** Set to record where each path's value (or key) starts, keyed by `pathKey`. */
  positions: Map<string, number> | undefined;
  private readonly path: JsonPathSegment[] = [];
  /** Set on the second pass over an object whose duplicate key was found, to learn where the first one is. */
  private findingFirstKey = false;

  constructor(
    private readonly text: string,
    private readonly options: ParseJsonOptions,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.problem('value nested too deeply', `at most ${MAX_DEPTH} levels of nesting`);
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) return this.parseString();
    if (c === 0x7b) return this.placeholder() ?? this.parseObject(depth);
    if (c === 0x5b) return this.parseArray(depth);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.unexpected('a JSON value');
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private placeholder(): string | undefined {
    if (!this.options.placeholders) return undefined;
    PLACEHOLDER_PATTERN.lastIndex = this.pos;
    const match = PLACEHOLDER_PATTERN.exec(this.text);
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  private parseObject(depth: number): Record<string, unknown> {
    const start = this.pos;
    const result: Record<string, unknown> = {};
    this.pos++; // '{'
    this.skipWhitespace();
    if (this.eat(0x7d)) return result;
    for (;;) {
      const keyStart = this.pos;
      const key = this.text.charCodeAt(this.pos) === 0x22 ? this.parseString() : this.placeholder() ?? this.unexpected("'\"' (a key in double quotes)");
      if (Object.hasOwn(result, key)) this.duplicate(key, start, keyStart);
      this.skipWhitespace();
      if (!this.eat(0x3a)) this.unexpected("':'");
      this.skipWhitespace();
      if (this.positions) this.enter(key, keyStart);
      setOwn(result, key, this.parseValue(depth + 1));
      if (this.positions) this.path.pop();
      this.skipWhitespace();
      if (this.eat(0x7d)) return result;
      this.separator('}');
    }
  }

  private parseArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.pos++; // '['
    this.skipWhitespace();
    if (this.eat(0x5d)) return result;
    for (;;) {
      if (this.positions) this.enter(result.length, this.pos);
      result.push(this.parseValue(depth + 1));
      if (this.positions) this.path.pop();
      this.skipWhitespace();
      if (this.eat(0x5d)) return result;
      this.separator(']');
    }
  }

  /** After a member: a comma and more, or a trailing comma named as such. */
  private separator(close: string): void {
    const comma = this.pos;
    if (!this.eat(0x2c)) this.unexpected(`',' or '${close}'`);
    this.skipWhitespace();
    if (this.text[this.pos] === close) this.problem('trailing comma', `another member after ',' or '${close}' without the comma`, comma);
  }

  private enter(segment: JsonPathSegment, offset: number): void {
    this.path.push(segment);
    this.positions!.set(pathKey(this.path), offset);
  }

  private duplicate(key: string, objectStart: number, at: number): never {
    const what = `duplicate key ${JSON.stringify(key)}`;
    const expected = 'each key at most once in an object';
    if (this.findingFirstKey) this.problem(what, expected, at);
    const first = new Parser(this.text, this.options);
    first.pos = objectStart;
    first.positions = new Map();
    first.findingFirstKey = true;
    try {
      first.parseObject(0);
    } catch {
      // It stops at this very duplicate, after recording the first occurrence.
    }
    const firstAt = first.positions.get(pathKey([key]));
    const firstPosition = firstAt === undefined ? undefined : positionOf(this.text, firstAt);
    const where = firstPosition ? ` (first at line ${firstPosition.line}, column ${firstPosition.column})` : '';
    return this.problem(what + where, expected, at);
  }

  private parseString(): string {
    const text = this.text;
    let pos = this.pos + 1; // past the opening quote
    let result = '';
    let runStart = pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === 0x22) break;
      if (code === 0x5c) {
        this.pos = pos;
        result += text.slice(runStart, pos) + this.parseEscape();
        pos = runStart = this.pos;
      } else if (code < 0x20 || Number.isNaN(code)) {
        this.pos = pos;
        if (Number.isNaN(code) || code === 0x0a || code === 0x0d) this.problem('unterminated string', "'\"' to close the string");
        this.problem('control character in a string (write it as an escape, e.g. \\t or \\u0000)', 'a character or an escape');
      } else {
        pos++;
      }
    }
    this.pos = pos + 1; // past the closing quote
    return result + text.slice(runStart, pos);
  }

  private parseEscape(): string {
    this.pos++; // backslash
    const c = this.text[this.pos];
    if (c === 'u') {
      const hex = this.text.slice(this.pos + 1, this.pos + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.problem('invalid \\u escape', 'four hex digits after \\u');
      this.pos += 5;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const escaped = c === undefined ? undefined : ESCAPES[c];
    if (escaped === undefined) this.unexpected('an escape character (one of " \\ / b f n r t u)');
    this.pos++;
    return escaped;
  }

  private parseNumber(): number | string {
    const text = this.text;
    const start = this.pos;
    let pos = text.charCodeAt(start) === 0x2d ? start + 1 : start;
    const first = text.charCodeAt(pos);
    if (first === 0x30) pos++;
    else if (first >= 0x31 && first <= 0x39) pos = skipDigits(text, pos + 1);
    else {
      this.pos = pos; // at what should have been a digit
      return this.unexpected('a digit');
    }
    const next = text.charCodeAt(pos);
    if (first === 0x30 && next >= 0x30 && next <= 0x39) {
      this.pos = pos;
      this.problem('leading zeros are not allowed', 'a number without leading zeros');
    }
    let integer = true;
    if (next === 0x2e) {
      integer = false;
      pos = this.digitsAfter(pos + 1, "a digit after '.'");
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      const sign = text.charCodeAt(pos + 1);
      pos = this.digitsAfter(sign === 0x2b || sign === 0x2d ? pos + 2 : pos + 1, 'a digit in the exponent');
    }
    this.pos = pos;
    const literal = text.slice(start, pos);
    const value = Number(literal);
    // ProtoJSON accepts decimal strings for 64-bit integers, so the exact digits survive to the encoder.
    return integer && !Number.isSafeInteger(value) ? literal : value;
  }

  /** The end of one or more digits starting at `pos`. */
  private digitsAfter(pos: number, expected: string): number {
    const end = skipDigits(this.text, pos);
    if (end === pos) {
      this.pos = pos;
      this.unexpected(expected);
    }
    return end;
  }

  private eat(code: number): boolean {
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  unexpected(expected: string): never {
    const c = this.text[this.pos];
    return this.problem(`expected ${expected} but found ${c === undefined ? 'end of input' : `'${c}'`}`, expected);
  }

  private problem(what: string, expected: string, at = this.pos): never {
    throw new SyntaxProblem(at, what, expected);
  }
}

function skipDigits(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos); // NaN past the end
    if (!(c >= 0x30 && c <= 0x39)) return pos;
    pos++;
  }
}

function pathKey(path: readonly JsonPathSegment[]): string {
  return JSON.stringify(path);
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : 0;
}

// A plain assignment of "__proto__" would set the prototype instead of adding a key, as JSON.parse does not.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
