/**
 * The output side of the .proto printer, as jhump/protoreflect's protoprint does it: a word may end with a
 * pending space that is dropped before `;` and `,`, so pieces can be written as "name " "= " "1 " ";".
 */
export class ProtoWriter {
  private out = '';
  private space = false;
  newline = true;

  write(text: string): void {
    if (text.length === 0) return;
    this.newline = false;
    if (this.space) {
      if (text[0] !== ';' && text[0] !== ',') this.out += ' ';
      this.space = false;
    }
    let body = text;
    if (body.endsWith(' ')) {
      this.space = true;
      body = body.slice(0, -1);
    }
    if (body.endsWith('\n')) this.newline = true;
    this.out += body;
  }

  text(): string {
    return this.out;
  }
}

/** Go's %q for an ASCII file name or syntax, as protoprint writes `syntax = "proto3";` and imports. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** protoprint's quotedString: printable ASCII as is, `\n \r \t \" \\` escaped, every other byte as \ooo. */
export function quoteOptionString(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** The largest field number, and the largest enum value: what `max` stands for in a range. */
export const MAX_FIELD_NUMBER = 536870911;
export const MAX_ENUM_NUMBER = 2147483647;

/** A reserved or extension range as .proto writes it, `end` inclusive: `5`, `5 to 9` or `5 to max`. */
export function rangeText(start: number, end: number, max: number): string {
  if (start === end) return `${start}`;
  return end === max ? `${start} to max` : `${start} to ${end}`;
}

/** protoc's default json_name: underscores dropped, the letter after each one upper-cased. */
export function defaultJsonName(name: string): string {
  return name.replace(/_(.?)/g, (_m, next: string) => next.toUpperCase());
}

/** Go's %f: six decimals. */
export function goFixed6(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return value.toFixed(6);
}
