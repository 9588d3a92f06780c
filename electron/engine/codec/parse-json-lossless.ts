import { FerryFailure, fail } from '../../../shared/errors';
import { positionOf } from './text-position';

/**
 * A JSON parser for what users type into the request editor or pass with `-d`.
 * JSON.parse is not enough for two reasons: it rounds integers beyond 2^53 (an int64 id would silently
 * change), and it keeps the last of duplicate keys instead of telling the user. It also reports errors by
 * character offset only; users need a line and column.
 */

export interface ParseJsonOptions {
  /** Named in errors, for input read from a file. */
  file?: string;
}

// Deeper input is almost surely a mistake, and recursion this deep would overflow the stack.
const MAX_DEPTH = 1000;

/** Parses exactly one JSON value. Unsafe integers come back as their exact decimal string. */
export function parseJsonLossless(text: string, options: ParseJsonOptions = {}): unknown {
  const parser = new Parser(text, options.file);
  parser.skipWhitespace();
  const value = parser.parseValue(0);
  parser.skipWhitespace();
  if (!parser.atEnd()) parser.unexpected('end of input');
  return value;
}

/**
 * Parses zero or more JSON values one after another, as grpcurl's `-d` does for streams. An error past the
 * first value says which message it is in ("message 2: …").
 */
export function parseJsonSequence(text: string, options: ParseJsonOptions = {}): unknown[] {
  const parser = new Parser(text, options.file);
  const values: unknown[] = [];
  parser.skipWhitespace();
  while (!parser.atEnd()) {
    values.push(parseMessage(parser, values.length));
    parser.skipWhitespace();
  }
  return values;
}

function parseMessage(parser: Parser, index: number): unknown {
  try {
    return parser.parseValue(0);
  } catch (reason) {
    if (index === 0 || !(reason instanceof FerryFailure)) throw reason;
    throw new FerryFailure({ ...reason.error, message: `message ${index + 1}: ${reason.error.message}` });
  }
}

const NUMBER_PATTERN = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.error('value nested too deeply', 'at most ' + MAX_DEPTH + ' levels of nesting');
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth);
    if (c === '[') return this.parseArray(depth);
    if (c === '"') return this.parseString();
    if (c === '-' || isDigit(c)) return this.parseNumber();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    return this.unexpected('a JSON value');
  }

  private literal<T>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private parseObject(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++; // '{'
    this.skipWhitespace();
    if (this.eat('}')) return result;
    for (;;) {
      if (this.text[this.pos] !== '"') this.unexpected("'\"' (a key)");
      const keyStart = this.pos;
      const key = this.parseString();
      if (seen.has(key)) this.error(`duplicate key ${JSON.stringify(key)}`, 'each key at most once', keyStart);
      seen.add(key);
      this.skipWhitespace();
      if (!this.eat(':')) this.unexpected("':'");
      this.skipWhitespace();
      setOwn(result, key, this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.eat('}')) return result;
      if (!this.eat(',')) this.unexpected("',' or '}'");
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.pos++; // '['
    this.skipWhitespace();
    if (this.eat(']')) return result;
    for (;;) {
      result.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.eat(']')) return result;
      if (!this.eat(',')) this.unexpected("',' or ']'");
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    this.pos++; // opening quote
    let result = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.unexpected("'\"' to close the string");
      if (code === 0x22) break;
      if (code < 0x20) this.unexpected('a character (control characters must be escaped)');
      if (code === 0x5c) {
        result += this.text.slice(runStart, this.pos) + this.parseEscape();
        runStart = this.pos;
      } else {
        this.pos++;
      }
    }
    result += this.text.slice(runStart, this.pos);
    this.pos++; // closing quote
    return result;
  }

  private parseEscape(): string {
    this.pos++; // backslash
    const c = this.text[this.pos];
    if (c === 'u') {
      const hex = this.text.slice(this.pos + 1, this.pos + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.error('invalid \\u escape', 'four hex digits after \\u');
      this.pos += 5;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const escaped = c === undefined ? undefined : ESCAPES[c];
    if (escaped === undefined) this.unexpected('an escape character (one of " \\ / b f n r t u)');
    this.pos++;
    return escaped;
  }

  private parseNumber(): number | string {
    NUMBER_PATTERN.lastIndex = this.pos;
    const match = NUMBER_PATTERN.exec(this.text);
    if (!match) {
      this.pos++; // past the '-', to point at what should have been a digit
      return this.unexpected('a digit');
    }
    const literal = match[0];
    this.pos += literal.length;
    if (isDigit(this.text[this.pos])) this.error('leading zeros are not allowed', 'a number without leading zeros');
    const value = Number(literal);
    const isInteger = match[1] === undefined && match[2] === undefined;
    // ProtoJSON accepts decimal strings for 64-bit integers, so the exact digits survive to the encoder.
    return isInteger && !Number.isSafeInteger(value) ? literal : value;
  }

  private eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  unexpected(expected: string): never {
    const c = this.text[this.pos];
    const found = c === undefined ? 'end of input' : `'${c}'`;
    return this.error(`expected ${expected} but found ${found}`, expected);
  }

  private error(what: string, expected: string, at = this.pos): never {
    const { line, column } = positionOf(this.text, at);
    const details = { line, column, expected, ...(this.file === undefined ? {} : { file: this.file }) };
    return fail('BAD_INPUT', `invalid JSON at line ${line}, column ${column}: ${what}`, details);
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

// A plain assignment of "__proto__" would set the prototype instead of adding a key, as JSON.parse does not.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
