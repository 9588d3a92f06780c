import type protobuf from 'protobufjs';
import { enumTypeOf, type FieldKind, type ScalarValue } from './message-tree';
import { syntaxError, type TextLexer, type Token } from './text-format-lexer';
import { typeName } from './well-known';

const RANGES: Readonly<Partial<Record<FieldKind, readonly [bigint, bigint]>>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

function found(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : `"${token.text}"`;
}

function fail(token: Token, message: string, expected: string): never {
  syntaxError(message, token.line, token.column, expected);
}

/** An integer literal as protoc reads it: decimal, 0x hex, or 0-prefixed octal. */
function integerOf(text: string): bigint {
  if (/^0[xX]/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  return BigInt(text);
}

function readInteger(kind: FieldKind, negative: boolean, token: Token): ScalarValue {
  const range = RANGES[kind]!;
  const expected = `${kind === 'int32' || kind === 'int64' ? 'an' : 'a'} ${kind} (${range[0]} to ${range[1]})`;
  if (token.kind !== 'int' || /^0[0-9]*[89]/.test(token.text)) fail(token, `expected ${expected} but found ${found(token)}`, expected);
  const value = negative ? -integerOf(token.text) : integerOf(token.text);
  if (value < range[0] || value > range[1]) fail(token, `${negative ? '-' : ''}${token.text} is out of range for ${kind}`, expected);
  return kind.endsWith('64') ? value : Number(value);
}

function readFloat(kind: 'float' | 'double', negative: boolean, token: Token): number {
  const sign = negative ? -1 : 1;
  let value: number | undefined;
  if (token.kind === 'ident' && /^(inf|infinity)$/i.test(token.text)) value = Infinity;
  else if (token.kind === 'ident' && /^nan$/i.test(token.text)) value = NaN;
  else if (token.kind === 'float') value = Number(token.text.replace(/[fF]$/, ''));
  else if (token.kind === 'int' && !/^0[xX]/.test(token.text)) value = Number(integerOf(token.text));
  if (value === undefined || Number.isNaN(value) && token.kind !== 'ident') {
    return fail(token, `expected a ${kind} but found ${found(token)}`, `a ${kind} such as 1.5, 2e10, inf or nan`);
  }
  return kind === 'float' ? Math.fround(sign * value) : sign * value;
}

function readBool(token: Token): boolean {
  if (token.kind === 'ident' && ['true', 'True', 't'].includes(token.text)) return true;
  if (token.kind === 'ident' && ['false', 'False', 'f'].includes(token.text)) return false;
  if (token.kind === 'int' && (token.text === '0' || token.text === '1')) return token.text === '1';
  return fail(token, `expected true or false but found ${found(token)}`, 'true or false');
}

function readEnum(field: protobuf.FieldBase, negative: boolean, token: Token): number {
  const enumType = enumTypeOf(field)!;
  const names = Object.keys(enumType.values);
  const expected = `one of ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''} or an enum number`;
  if (token.kind === 'ident' && !negative) {
    const value = enumType.values[token.text];
    if (value === undefined) fail(token, `${token.text} is not a value of enum ${typeName(enumType)}`, expected);
    return value;
  }
  if (token.kind !== 'int') fail(token, `expected an enum value but found ${found(token)}`, expected);
  const value = Number(negative ? -integerOf(token.text) : integerOf(token.text));
  if (!Number.isSafeInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) fail(token, `${value} is out of range for an enum`, expected);
  return value;
}

function readBytes(lexer: TextLexer, token: Token, kind: 'string' | 'bytes'): Uint8Array {
  if (token.kind !== 'string') fail(token, `expected a quoted ${kind} but found ${found(token)}`, `a quoted ${kind}`);
  const parts = [token.bytes!];
  // Adjacent string literals are one value, as in C.
  while (lexer.peek().kind === 'string') parts.push(lexer.next().bytes!);
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One scalar value of a field of `kind` (a leading `-` allowed on numbers and inf). */
export function parseTextScalar(lexer: TextLexer, field: protobuf.FieldBase, kind: FieldKind): ScalarValue {
  let token = lexer.next();
  const negative = token.kind === 'symbol' && token.text === '-';
  if (negative) token = lexer.next();
  if (negative && (kind === 'string' || kind === 'bytes' || kind === 'bool')) fail(token, `a ${kind} cannot be negative`, `a ${kind}`);
  switch (kind) {
    case 'string':
    case 'bytes':
      return readBytes(lexer, token, kind);
    case 'bool':
      return readBool(token);
    case 'enum':
      return readEnum(field, negative, token);
    case 'float':
    case 'double':
      return readFloat(kind, negative, token);
    default:
      return readInteger(kind, negative, token);
  }
}

