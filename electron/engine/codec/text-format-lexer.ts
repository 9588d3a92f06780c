import { fail } from '../../../shared/errors';
import { utf8Encode } from './message-tree';

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol' | 'bracket' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token as written (for strings, with quotes and escapes). */
  text: string;
  /** A string token's bytes, escapes resolved. */
  bytes?: Uint8Array;
  line: number;
  column: number;
}

/** A problem at a place in the input; the parser adds the field path and the place to its message. */
export function syntaxError(message: string, line: number, column: number, expected?: string): never {
  return fail('BAD_INPUT', message, { line, column, ...(expected && { expected }) });
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a, r: 0x0d, t: 0x09, '"': 0x22, "'": 0x27, '\\': 0x5c, '?': 0x3f, a: 0x07, b: 0x08, f: 0x0c, v: 0x0b,
};

const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fF]?)/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Splits protobuf text format into tokens the way protoc's tokenizer does: identifiers, numbers (decimal,
 * hex, octal, floats with an optional `f`), single- or double-quoted strings with C escapes, `#` comments.
 */
export class TextLexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private peeked: Token | undefined;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** The raw text up to `]`, for `[pkg.ext]` and `[type.googleapis.com/pkg.Msg]` names. */
  bracketName(): Token {
    const start = this.place();
    const end = this.text.indexOf(']', this.pos);
    if (end === -1) syntaxError("expected ']' to close the bracketed name", start.line, start.column, "']'");
    const raw = this.text.slice(this.pos, end);
    for (let i = this.pos; i < end; i++) this.advance(i);
    this.pos = end;
    return { kind: 'ident', text: raw.replace(/\s+/g, ''), ...start };
  }

  private place(): { line: number; column: number } {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private advance(at: number): void {
    if (this.text.charCodeAt(at) === 0x0a) {
      this.line++;
      this.lineStart = at + 1;
    }
  }

  private skipSpaceAndComments(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else if (/\s/.test(c)) {
        this.advance(this.pos);
        this.pos++;
      } else return;
    }
  }

  private read(): Token {
    this.skipSpaceAndComments();
    const start = this.place();
    if (this.pos >= this.text.length) return { kind: 'eof', text: '', ...start };
    const c = this.text[this.pos]!;
    if (c === '"' || c === "'") return this.string(c, start);
    for (const [pattern, kind] of [[IDENT, 'ident'], [NUMBER, 'number']] as const) {
      pattern.lastIndex = this.pos;
      const match = pattern.exec(this.text);
      if (!match) continue;
      this.pos += match[0].length;
      if (kind === 'ident') return { kind, text: match[0], ...start };
      const isFloat = !/^0[xX]/.test(match[0]) && /[.eEfF]/.test(match[0]);
      return { kind: isFloat ? 'float' : 'int', text: match[0], ...start };
    }
    this.pos++;
    return { kind: 'symbol', text: c, ...start };
  }

  private string(quote: string, start: { line: number; column: number }): Token {
    const begin = this.pos;
    const bytes: number[] = [];
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') syntaxError('string is not closed before the end of the line', start.line, start.column, `${quote} to close the string`);
      if (c === quote) break;
      if (c === '\\') this.escape(bytes);
      else {
        const codePoint = this.text.codePointAt(this.pos)!;
        const char = String.fromCodePoint(codePoint);
        bytes.push(...utf8Encode(char));
        this.pos += char.length;
      }
    }
    this.pos++;
    return { kind: 'string', text: this.text.slice(begin, this.pos), bytes: Uint8Array.from(bytes), ...start };
  }

  private escape(bytes: number[]): void {
    const at = this.place();
    const c = this.text[this.pos + 1] ?? '';
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      bytes.push(simple);
      this.pos += 2;
      return;
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.pos + 1, this.pos + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      this.pos += 1 + octal[0].length;
      return;
    }
    const hex = /^[xX]([0-9a-fA-F]{1,2})/.exec(this.text.slice(this.pos + 1, this.pos + 4));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      this.pos += 1 + hex[0].length;
      return;
    }
    const unicode = c === 'u' ? /^u([0-9a-fA-F]{4})/.exec(this.text.slice(this.pos + 1, this.pos + 6)) : c === 'U' ? /^U([0-9a-fA-F]{8})/.exec(this.text.slice(this.pos + 1, this.pos + 10)) : null;
    const codePoint = unicode ? parseInt(unicode[1]!, 16) : NaN;
    if (unicode && codePoint <= 0x10ffff) {
      bytes.push(...utf8Encode(String.fromCodePoint(codePoint)));
      this.pos += 1 + unicode[0].length;
      return;
    }
    syntaxError(`invalid escape "\\${c}" in string`, at.line, at.column, 'one of \\n \\r \\t \\" \\\' \\\\ \\ooo \\xHH \\uHHHH');
  }
}
