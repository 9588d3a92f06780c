/**
 * A .proto tokenizer with exactly the behaviour of protobufjs's own (`protobuf.tokenize`: the same tokens,
 * the same comments attached to the same lines, the same errors), built into protobufjs's parser in place of
 * its own (see scripts/proto-tokenizer-plugin.mjs and install-proto-tokenizer.ts). protobufjs tests each
 * character against regular expressions; scanning char codes instead made tokenizing googleapis ~4× faster,
 * where it had been 12% of a `ferry list --proto` of the whole tree.
 */

/** A comment as recorded; its text is made only when the parser takes it (most license and section comments never are). */
interface Comment {
  type: string;
  lineEmpty: boolean;
  leading: boolean;
  start: number;
  end: number;
}

/** What protobufjs's parser uses of a tokenizer (its ITokenizerHandle). */
export interface TokenizerHandle {
  next(): string | null;
  peek(): string | null;
  push(token: string): void;
  skip(expected: string, optional?: boolean): boolean;
  cmnt(trailingLine?: number): string | null;
  readonly line: number;
}

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const SLASH = 47;
const STAR = 42;

/** What JavaScript's `\s` (and so `String.prototype.trim`) counts as white space. */
function isSpace(code: number): boolean {
  if (code < 128) return code === SPACE || (code >= TAB && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Characters that end a token, and are a token of their own unless white space: `\s{}=;:[],'"()<>`. */
const DELIMITERS = new Uint8Array(128);
for (const char of '{}=;:[],\'"()<>') DELIMITERS[char.charCodeAt(0)] = 1;
const isDelimiter = (code: number): boolean => (code < 128 ? DELIMITERS[code] === 1 : false) || isSpace(code);

const stringDoubleRe = /(?:"([^"\\]*(?:\\.[^"\\]*)*)")/g;
const stringSingleRe = /(?:'([^'\\]*(?:\\.[^'\\]*)*)')/g;
const unescapeRe = /\\([0-7]{1,3}|[xX][0-9a-fA-F]{1,2}|.?)/g;
const UNESCAPED: Record<string, string> = { a: '\x07', b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', v: '\v', '?': '?', "'": "'", '"': '"' };

/** A string literal's escapes resolved, as protobufjs resolves them. */
export function unescape(text: string): string {
  return text.replace(unescapeRe, (_, escape: string) => {
    const first = escape.charAt(0);
    if (first >= '0' && first <= '7') return String.fromCharCode(parseInt(escape, 8) & 255);
    if (first === 'x' || first === 'X') return String.fromCharCode(parseInt(escape.substring(1), 16));
    if (escape === '\\' || escape === '') return escape;
    return UNESCAPED[escape] ?? '';
  });
}

/**
 * One line of a comment without its comment marks, trimmed: in alternate comment mode white space, an
 * optional `*` and any `/`s (protobufjs's pattern `^\s*\*?\/*`); otherwise spaces, at least one `*` or `/`,
 * and spaces.
 */
function strippedLine(source: string, from: number, to: number, alternate: boolean): string {
  let at = from;
  if (alternate) {
    while (at < to && isSpace(source.charCodeAt(at))) at++;
    if (at < to && source.charCodeAt(at) === STAR) at++;
    while (at < to && source.charCodeAt(at) === SLASH) at++;
  } else {
    let marks = from;
    while (marks < to && source.charCodeAt(marks) === SPACE) marks++;
    const first = marks;
    while (marks < to && (source.charCodeAt(marks) === STAR || source.charCodeAt(marks) === SLASH)) marks++;
    if (marks > first) {
      while (marks < to && source.charCodeAt(marks) === SPACE) marks++;
      at = marks;
    }
  }
  let end = to;
  while (at < end && isSpace(source.charCodeAt(at))) at++;
  while (end > at && isSpace(source.charCodeAt(end - 1))) end--;
  return source.substring(at, end);
}

/**
 * The text of the comment at `source[start, end)`: each line stripped (see `strippedLine`), joined, trimmed.
 * An empty block comment (`/**` then `/` at once) ends before it starts: protobufjs takes `substring`'s
 * answer then, which swaps the two, so this does too.
 */
function commentText(source: string, start: number, end: number, alternate: boolean): string {
  if (start > end) return commentText(source, end, start, alternate);
  const lines: string[] = [];
  for (let from = start; ; ) {
    const newline = source.indexOf('\n', from);
    const to = newline === -1 || newline >= end ? end : newline;
    lines.push(strippedLine(source, from, to, alternate));
    if (to === end) break;
    from = to + 1;
  }
  return lines.join('\n').trim();
}

/** Tokenizes .proto source text as `protobuf.tokenize(source, alternateCommentMode)` does. */
export function tokenize(input: string, alternateCommentMode: boolean): TokenizerHandle {
  const source = String(input);
  const length = source.length;
  const alternate = alternateCommentMode;
  let offset = 0;
  let line = 1;
  let lastCommentLine = 0;
  const comments = new Map<number, Comment>();
  const stack: string[] = [];
  let stringDelim: string | null = null;

  const illegal = (subject: string): Error => Error(`illegal ${subject} (line ${line})`);

  function readString(): string {
    const re = stringDelim === "'" ? stringSingleRe : stringDoubleRe;
    re.lastIndex = offset - 1;
    const match = re.exec(source);
    if (!match) throw illegal('string');
    offset = re.lastIndex;
    stack.push(stringDelim!);
    stringDelim = null;
    return unescape(match[1]!);
  }

  function setComment(from: number, end: number, isLeading: boolean): void {
    const type = source.charAt(from);
    const start = from + 1;
    let lineEmpty = false;
    // The comment owns its line when only spaces and tabs stand before its marks.
    for (let before = start - (alternate ? 2 : 3) - 1; ; before--) {
      const code = before < 0 ? NEWLINE : source.charCodeAt(before);
      if (code === NEWLINE) {
        lineEmpty = true;
        break;
      }
      if (code !== SPACE && code !== TAB) break;
    }
    comments.set(line, { type, lineEmpty, leading: isLeading, start, end });
    lastCommentLine = line;
  }

  const endOfLine = (from: number): number => {
    const newline = source.indexOf('\n', from);
    return newline === -1 ? length : newline;
  };

  /** Whether the line from `from` is white space, then `//`. */
  function isSlashCommentLine(from: number): boolean {
    let at = from;
    while (at < length && source.charCodeAt(at) !== NEWLINE && isSpace(source.charCodeAt(at))) at++;
    return source.charCodeAt(at) === SLASH && source.charCodeAt(at + 1) === SLASH;
  }

  /** Set where white space and comments are skipped: whether a comment found now is a leading one. */
  let leading = false;

  /** Skips white space; false at the end of the source. */
  function skipSpace(): boolean {
    for (; offset < length; ++offset) {
      const code = source.charCodeAt(offset);
      if (!isSpace(code)) return true;
      if (code === NEWLINE) {
        leading = true;
        ++line;
      }
    }
    return false;
  }

  /** A `//` comment, `offset` at its second slash; false when it ends the source (the default mode stops there). */
  function skipLineComment(): boolean {
    if (alternate) {
      skipSlashRun();
      return true;
    }
    const start = offset + 1;
    const newline = source.indexOf('\n', start);
    if (newline === -1) {
      offset = length;
      return false;
    }
    offset = newline + 1;
    if (source.charCodeAt(start) === SLASH) {
      setComment(start, newline, leading);
      leading = true;
    }
    ++line;
    return true;
  }

  /** Alternate mode: a run of `//` lines is one comment (a trailing comment stops at its own line). */
  function skipSlashRun(): void {
    const start = offset;
    for (;;) {
      offset = endOfLine(offset);
      if (offset === length) break;
      offset++;
      if (!leading || !isSlashCommentLine(offset)) break;
      line++;
    }
    setComment(start, offset, leading);
    leading = true;
    line++;
  }

  /** A block comment, `offset` at its star; a slash right after that star closes it, as in protobufjs. */
  function skipBlockComment(): void {
    const start = offset + 1;
    const isDoc = alternate || source.charCodeAt(start) === STAR;
    const close = source.indexOf('*/', offset);
    for (let at = source.indexOf('\n', offset); at !== -1 && (close === -1 || at < close); at = source.indexOf('\n', at + 1)) line++;
    if (close === -1) throw illegal('comment');
    offset = close + 2;
    if (isDoc) {
      setComment(start, close, leading);
      leading = true;
    }
  }

  /** Skips white space and comments, recording the comments: what is at `offset` then. */
  function skipToToken(): 'token' | 'slash' | 'end' {
    leading = offset === 0;
    for (;;) {
      if (!skipSpace()) return 'end';
      if (source.charCodeAt(offset) !== SLASH) return 'token';
      if (++offset === length) throw illegal('comment');
      const second = source.charCodeAt(offset);
      if (second === SLASH) {
        if (!skipLineComment()) return 'end';
      } else if (second === STAR) {
        skipBlockComment();
      } else {
        return 'slash';
      }
    }
  }

  function next(): string | null {
    if (stack.length > 0) return stack.shift()!;
    if (stringDelim !== null) return readString();
    const found = skipToToken();
    if (found === 'end') return null;
    if (found === 'slash') return '/';
    let end = offset + 1;
    if (!isDelimiter(source.charCodeAt(offset))) while (end < length && !isDelimiter(source.charCodeAt(end))) ++end;
    const token = source.substring(offset, end);
    offset = end;
    if (token === '"' || token === "'") stringDelim = token;
    return token;
  }

  function peek(): string | null {
    if (stack.length === 0) {
      const token = next();
      if (token === null) return null;
      stack.push(token);
    }
    return stack[0]!;
  }

  function skip(expected: string, optional?: boolean): boolean {
    const actual = peek();
    if (actual === expected) {
      next();
      return true;
    }
    if (!optional) throw illegal(`token '${actual}', '${expected}' expected`);
    return false;
  }

  const textOf = (comment: Comment): string => commentText(source, comment.start, comment.end, alternate);

  function cmnt(trailingLine?: number): string | null {
    if (trailingLine === undefined) {
      const comment = comments.get(line - 1);
      comments.delete(line - 1);
      return comment && (alternate || comment.type === '*' || comment.lineEmpty) && comment.leading ? textOf(comment) : null;
    }
    if (lastCommentLine < trailingLine) peek();
    const comment = comments.get(trailingLine);
    comments.delete(trailingLine);
    return comment && !comment.lineEmpty && (alternate || comment.type === '/') && !comment.leading ? textOf(comment) : null;
  }

  return {
    next,
    peek,
    push: (token: string) => void stack.push(token),
    skip,
    cmnt,
    get line() {
      return line;
    },
  };
}

tokenize.unescape = unescape;
