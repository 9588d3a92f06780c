import protobuf from 'protobufjs';
import { decodeMessageTree, zeroOf } from './message-tree-decode';
import {
  WireType,
  extensionName,
  fieldKind,
  isMapEntry,
  isMessageTree,
  mapKeyKind,
  messageTypeOf,
  presentFields,
  protoNameOf,
  utf8Decode,
  type FieldValue,
  type MapEntry,
  type MessageTree,
  type ScalarValue,
  type UnknownField,
} from './message-tree';
import { sortMapEntries } from './map-entries';
import { formatTextScalar, quoteBytes } from './text-format-scalars';

export interface TextPrintOptions {
  /** Print an Any of a known type as `[type.googleapis.com/pkg.Msg] { … }` (protoc --decode does not). Default true. */
  expandAny?: boolean;
}

/** The name a field is written with: a group by its type name, an extension in brackets. */
export function textFieldName(field: protobuf.FieldBase): string {
  const extension = extensionName(field);
  if (fieldKind(field) === 'group') return extension ? `[${extension}]` : messageTypeOf(field).name;
  return extension ? `[${extension}]` : protoNameOf(field);
}

class ProtocPrinter {
  private out = '';

  constructor(private readonly options: Required<TextPrintOptions>) {}

  text(): string {
    return this.out;
  }

  message(tree: MessageTree, indent: string): void {
    if (this.options.expandAny && this.anyBody(tree, indent)) return;
    for (const { field, values } of presentFields(tree)) {
      const name = textFieldName(field);
      const shown = field instanceof protobuf.MapField ? sortMapEntries(values as MapEntry[]) : field.repeated ? values : values.slice(-1);
      for (const value of shown) this.field(field, name, value, indent);
    }
    for (const unknown of tree.unknown) this.unknown(unknown, indent);
  }

  private field(field: protobuf.FieldBase, name: string, value: FieldValue, indent: string): void {
    if (field instanceof protobuf.MapField && isMapEntry(value)) {
      this.out += `${indent}${name} {\n`;
      this.line(`${indent}  key: ${formatTextScalar(mapKeyKind(field), value.key, field, 'protoc')}`);
      const kind = fieldKind(field);
      if (kind === 'message') this.nested('value', value.value, messageTypeOf(field), `${indent}  `);
      else this.line(`${indent}  value: ${formatTextScalar(kind, (value.value as ScalarValue | undefined) ?? zeroOf(kind), field, 'protoc')}`);
      this.out += `${indent}}\n`;
      return;
    }
    if (isMessageTree(value)) return this.nested(name, value, value.type, indent);
    this.line(`${indent}${name}: ${formatTextScalar(fieldKind(field), value as ScalarValue, field, 'protoc')}`);
  }

  private nested(name: string, value: FieldValue | undefined, type: protobuf.Type, indent: string): void {
    this.out += `${indent}${name} {\n`;
    this.message(isMessageTree(value) ? value : { type, fields: new Map(), unknown: [] }, `${indent}  `);
    this.out += `${indent}}\n`;
  }

  private line(text: string): void {
    this.out += `${text}\n`;
  }

  /** An Any of a type the schema knows, expanded as protoc's printer does with SetExpandAny(true). */
  private anyBody(tree: MessageTree, indent: string): boolean {
    if (tree.type.fullName !== '.google.protobuf.Any') return false;
    const url = tree.fields.get(1)?.values.at(-1);
    if (!(url instanceof Uint8Array)) return false;
    const typeUrl = utf8Decode(url);
    const inner = tree.type.root.lookup(`.${typeUrl.slice(typeUrl.lastIndexOf('/') + 1)}`);
    if (!(inner instanceof protobuf.Type)) return false;
    const body = tree.fields.get(2)?.values.at(-1);
    let decoded: MessageTree;
    try {
      decoded = decodeMessageTree(inner, body instanceof Uint8Array ? body : new Uint8Array(0));
    } catch {
      return false;
    }
    this.out += `${indent}[${typeUrl}] {\n`;
    this.message(decoded, `${indent}  `);
    this.out += `${indent}}\n`;
    return true;
  }

  private unknown(field: UnknownField, indent: string): void {
    const { number, wireType, value } = field;
    if (Array.isArray(value)) {
      this.out += `${indent}${number} {\n`;
      for (const inner of value) this.unknown(inner, `${indent}  `);
      this.out += `${indent}}\n`;
    } else if (value instanceof Uint8Array) this.line(`${indent}${number}: ${quoteBytes(value, 'protoc')}`);
    else if (wireType === WireType.Fixed32) this.line(`${indent}${number}: 0x${value.toString(16).padStart(8, '0')}`);
    else if (wireType === WireType.Fixed64) this.line(`${indent}${number}: 0x${value.toString(16).padStart(16, '0')}`);
    else this.line(`${indent}${number}: ${value}`);
  }
}

/**
 * A message tree in protobuf text format, laid out as protoc's printer does (`protoc --decode`): one field
 * per line, nested messages in braces, fields in number order, strings byte-escaped.
 */
export function printTextFormat(tree: MessageTree, options: TextPrintOptions = {}): string {
  const printer = new ProtocPrinter({ expandAny: options.expandAny ?? true });
  printer.message(tree, '');
  return printer.text();
}
