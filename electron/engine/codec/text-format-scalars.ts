import type protobuf from 'protobufjs';
import { goFormatFloat, protocFormatFloat } from './float-format';
import { enumTypeOf, type FieldKind, type ScalarValue } from './message-tree';

/** Whose text format: protoc's C++ printer, or the Go printers grpcurl uses (golang/protobuf, jhump/protoreflect). */
export type TextDialect = 'protoc' | 'go';

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x22: '\\"', 0x5c: '\\\\' };

/**
 * A quoted text-format string, byte by byte: printable ASCII as is, the usual escapes, everything else
 * (UTF-8 included) as three octal digits. protoc also escapes the apostrophe; the Go printers do not.
 */
export function quoteBytes(bytes: Uint8Array, dialect: TextDialect): string {
  let out = '"';
  for (const byte of bytes) {
    const simple = SIMPLE_ESCAPES[byte];
    if (simple) out += simple;
    else if (byte === 0x27 && dialect === 'protoc') out += "\\'";
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function formatFloat(value: number, bits: 32 | 64, dialect: TextDialect): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return dialect === 'protoc' ? protocFormatFloat(value, bits) : goFormatFloat(value, bits);
}

/** One scalar value in text format: enums by name (by number when the schema has no such value). */
export function formatTextScalar(kind: FieldKind, value: ScalarValue, field: protobuf.FieldBase, dialect: TextDialect): string {
  switch (kind) {
    case 'float':
      return formatFloat(Number(value), 32, dialect);
    case 'double':
      return formatFloat(Number(value), 64, dialect);
    case 'bool':
      return value ? 'true' : 'false';
    case 'string':
    case 'bytes':
      return quoteBytes(value as Uint8Array, dialect);
    case 'enum': {
      const name = enumTypeOf(field)?.valuesById[Number(value)];
      return name ?? String(value);
    }
    default:
      return String(value);
  }
}
