/**
 * Finds where a value sits in JSON text, by field path, so a validation error found after parsing
 * (a wrong type, an unknown key) can still name the line and column a user should look at.
 * The text is known to be valid JSON (it parsed); this only walks it.
 */
import { positionOf, type TextPosition } from '../../codec/text-position';

export type PathSegment = string | number;


/** `['metadata', 1, 'value']` → `metadata[1].value`. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/**
 * Position of the value at `path` (of its key, for object members). When the path does not exist, the
 * deepest ancestor that does: a missing field is reported where its object starts.
 */
export function locateJsonPath(text: string, path: readonly PathSegment[]): TextPosition {
  const walker = new Walker(text);
  walker.skipWhitespace();
  let at = walker.pos;
  for (const segment of path) {
    const found = typeof segment === 'number' ? walker.enterIndex(segment) : walker.enterKey(segment);
    if (found === undefined) break;
    at = found;
  }
  return positionOf(text, at);
}


class Walker {
  pos = 0;

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  /** Moves to the value of `key` in the object at pos; returns the key's offset, or undefined. */
  enterKey(key: string): number | undefined {
    if (this.text[this.pos] !== '{') return undefined;
    this.pos++;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') return undefined;
      const keyStart = this.pos;
      const name = this.readString();
      this.skipWhitespace();
      this.pos++; // ':'
      this.skipWhitespace();
      if (name === key) return keyStart;
      this.skipValue();
      this.skipWhitespace();
      if (this.text[this.pos] !== ',') return undefined;
      this.pos++;
    }
  }

  /** Moves to element `index` of the array at pos; returns its offset, or undefined. */
  enterIndex(index: number): number | undefined {
    if (this.text[this.pos] !== '[') return undefined;
    this.pos++;
    for (let i = 0; ; i++) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']') return undefined;
      if (i === index) return this.pos;
      this.skipValue();
      this.skipWhitespace();
      if (this.text[this.pos] !== ',') return undefined;
      this.pos++;
    }
  }

  private readString(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private skipValue(): void {
    const c = this.text[this.pos];
    if (c === '"') {
      this.readString();
      return;
    }
    if (c !== '{' && c !== '[') {
      while (this.pos < this.text.length && !/[\s,\]}]/.test(this.text[this.pos]!)) this.pos++;
      return;
    }
    // Brackets inside strings must not count, so strings are skipped whole.
    let depth = 0;
    do {
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.readString();
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
      this.pos++;
    } while (depth > 0 && this.pos < this.text.length);
  }
}
