import protobuf from 'protobufjs';
import { decodeMessageTree, zeroOf } from './message-tree-decode';
import { WireType, extensionName, fieldKind, isMessageTree, mapKeyKind, messageTypeOf, presentFields, protoNameOf, utf8Decode, type FieldValue, type MapEntry, type MessageTree, type ScalarValue, type UnknownField } from './message-tree';
import { typeName } from './well-known';
import { GO_JSON_WELL_KNOWN } from './grpcurl-json-wkt';
import { sortMapEntries } from './map-entries';
import { formatTextScalar, quoteBytes } from './text-format-scalars';
import { textFieldName } from './text-format-print';

/**
 * The text format as grpcurl prints it. Responses are jhump/protoreflect dynamic messages
 * (`MarshalTextIndent`: `name: <` … `>` blocks, fields in number order), but a well-known type inside one is a
 * generated Go message, printed by golang/protobuf's compact marshaler on one line. A response or error
 * detail of a well-known type at the top is printed by golang/protobuf's indented marshaler.
 */

/** grpcurl's separator between text-format messages (the ASCII record separator). */
export const RECORD_SEPARATOR_CHAR = '\x1e';

/** Types grpcurl's binary has generated Go code for: its dynamic messages hand these to golang/protobuf. */
export function isGoGeneratedType(type: protobuf.Type): boolean {
  return GO_JSON_WELL_KNOWN.has(typeName(type));
}

/** jhump's indentBuffer: `start`/`end` open and close a block on a new line, `next` starts the next field. */
class IndentBuffer {
  out = '';
  private depth = 0;

  start(): void {
    this.depth++;
    this.newLine();
  }

  end(): void {
    this.depth--;
    this.newLine();
  }

  newLine(): void {
    this.out += `\n${'  '.repeat(this.depth)}`;
  }
}

function scalarText(field: protobuf.FieldBase, kind: ReturnType<typeof fieldKind>, value: ScalarValue): string {
  return formatTextScalar(kind, value, field, 'go');
}

function dynamicMessage(b: IndentBuffer, tree: MessageTree): void {
  let first = true;
  const next = () => (first ? (first = false) : b.newLine());
  for (const { field, values } of presentFields(tree)) {
    if (field instanceof protobuf.MapField) {
      for (const entry of sortMapEntries(values as MapEntry[])) {
        next();
        mapEntry(b, field, entry);
      }
    } else {
      for (const value of field.repeated ? values : values.slice(-1)) {
        next();
        knownField(b, field, value);
      }
    }
  }
  for (const unknown of [...tree.unknown].sort((x, y) => x.number - y.number)) {
    next();
    unknownField(b, unknown);
  }
}

function mapEntry(b: IndentBuffer, field: protobuf.MapField, entry: MapEntry): void {
  const name = extensionName(field) ? `[${extensionName(field)}]` : protoNameOf(field);
  b.out += `${name}: <`;
  b.start();
  b.out += `key: ${scalarText(field, mapKeyKind(field), entry.key)}`;
  b.newLine();
  const kind = fieldKind(field);
  if (kind === 'message') messageValue(b, 'value: <', '>', isMessageTree(entry.value) ? entry.value : { type: messageTypeOf(field), fields: new Map(), unknown: [] });
  else b.out += `value: ${scalarText(field, kind, (entry.value as ScalarValue | undefined) ?? zeroOf(kind))}`;
  b.end();
  b.out += '>';
}

function knownField(b: IndentBuffer, field: protobuf.FieldBase, value: FieldValue): void {
  const kind = fieldKind(field);
  if (kind === 'group' && isMessageTree(value)) {
    const extension = extensionName(field);
    return messageValue(b, `${extension ? `[${typeName(value.type)}]` : value.type.name}{`, '}', value);
  }
  if (isMessageTree(value)) return messageValue(b, `${textFieldName(field)}: <`, '>', value);
  b.out += `${textFieldName(field)}: ${scalarText(field, kind, value as ScalarValue)}`;
}

function messageValue(b: IndentBuffer, open: string, close: string, tree: MessageTree): void {
  b.out += open;
  b.start();
  if (isGoGeneratedType(tree.type)) b.out += printGoText(tree, { compact: true });
  else dynamicMessage(b, tree);
  b.end();
  b.out += close;
}

function unknownField(b: IndentBuffer, field: UnknownField): void {
  if (Array.isArray(field.value)) {
    b.out += `${field.number}{`;
    b.start();
    let first = true;
    for (const inner of field.value) {
      if (!first) b.newLine();
      first = false;
      unknownField(b, inner);
    }
    b.end();
    b.out += '}';
    return;
  }
  b.out += `${field.number}: ${field.value instanceof Uint8Array ? quoteBytes(field.value, 'go') : String(field.value)}`;
}

/** grpcurl's `-format text` rendering of one message (no trailing newline, as grpcurl strips it). */
export function printGrpcurlText(tree: MessageTree): string {
  if (isGoGeneratedType(tree.type)) return printGoText(tree, { compact: false, expandAny: true }).replace(/\n$/, '');
  const b = new IndentBuffer();
  dynamicMessage(b, tree);
  return b.out;
}

export interface GoTextOptions {
  compact: boolean;
  /** Expand an Any whose type grpcurl's binary knows (the well-known types). */
  expandAny?: boolean;
}

/** golang/protobuf's TextMarshaler: declaration order, `<`/`>` blocks; compact mode turns each newline into a space. */
export function printGoText(tree: MessageTree, options: GoTextOptions): string {
  const w = new GoTextWriter(options);
  w.message(tree);
  return w.out;
}

class GoTextWriter {
  out = '';
  private depth = 0;
  private complete = true;

  constructor(private readonly options: GoTextOptions) {}

  write(text: string): void {
    for (const [i, part] of text.split('\n').entries()) {
      if (i > 0) this.newline();
      if (part === '') continue;
      if (!this.options.compact && this.complete) this.out += '  '.repeat(this.depth);
      this.out += part;
      this.complete = false;
    }
  }

  private newline(): void {
    this.out += this.options.compact ? ' ' : '\n';
    this.complete = !this.options.compact;
  }

  private name(field: protobuf.FieldBase): void {
    const group = fieldKind(field) === 'group';
    this.write(group ? messageTypeOf(field).name : `${protoNameOf(field)}:`);
    if (!this.options.compact) this.write(' ');
  }

  message(tree: MessageTree): void {
    if (this.options.expandAny && this.any(tree)) return;
    const declared = presentFields(tree).filter(({ field }) => !extensionName(field));
    const order = (field: protobuf.FieldBase) => tree.type.fieldsArray.indexOf(field as protobuf.Field);
    declared.sort((a, b) => order(a.field) - order(b.field));
    for (const { field, values } of declared) {
      if (field instanceof protobuf.MapField) {
        for (const entry of sortMapEntries(values as MapEntry[])) this.mapEntry(field, entry);
        continue;
      }
      for (const value of field.repeated ? values : values.slice(-1)) {
        this.name(field);
        this.value(field, value);
        this.write('\n');
      }
    }
    this.unknown(tree.unknown);
    for (const { field, values } of presentFields(tree).filter(({ field }) => extensionName(field))) {
      for (const value of field.repeated ? values : values.slice(-1)) {
        this.write(`[${extensionName(field)}]:${this.options.compact ? '' : ' '}`);
        this.value(field, value);
        this.write('\n');
      }
    }
  }

  private mapEntry(field: protobuf.MapField, entry: MapEntry): void {
    this.name(field);
    this.write(this.options.compact ? '<' : '<\n');
    this.depth++;
    this.write(`key:${this.options.compact ? '' : ' '}${formatTextScalar(mapKeyKind(field), entry.key, field, 'go')}\n`);
    this.write(`value:${this.options.compact ? '' : ' '}`);
    const kind = fieldKind(field);
    if (kind === 'message') this.nested('<', '>', isMessageTree(entry.value) ? entry.value : { type: messageTypeOf(field), fields: new Map(), unknown: [] });
    else this.write(formatTextScalar(kind, (entry.value as ScalarValue | undefined) ?? zeroOf(kind), field, 'go'));
    this.write('\n');
    this.depth--;
    this.write('>\n');
  }

  private value(field: protobuf.FieldBase, value: FieldValue): void {
    const kind = fieldKind(field);
    if (isMessageTree(value)) return this.nested(kind === 'group' ? '{' : '<', kind === 'group' ? '}' : '>', value);
    this.write(formatTextScalar(kind, value as ScalarValue, field, 'go'));
  }

  private nested(open: string, close: string, tree: MessageTree): void {
    this.write(this.options.compact ? open : `${open}\n`);
    this.depth++;
    this.message(tree);
    this.depth--;
    this.write(close);
  }

  private any(tree: MessageTree): boolean {
    if (typeName(tree.type) !== 'google.protobuf.Any') return false;
    const url = tree.fields.get(1)?.values.at(-1);
    if (!(url instanceof Uint8Array)) return false;
    const typeUrl = utf8Decode(url);
    const inner = tree.type.root.lookup(`.${typeUrl.slice(typeUrl.lastIndexOf('/') + 1)}`);
    if (!(inner instanceof protobuf.Type) || !isGoGeneratedType(inner)) return false;
    const body = tree.fields.get(2)?.values.at(-1);
    const decoded = decodeMessageTree(inner, body instanceof Uint8Array ? body : new Uint8Array(0));
    this.write(`[${typeUrl}]${this.options.compact ? ':<' : ': <\n'}`);
    this.depth++;
    this.message(decoded);
    this.depth--;
    this.write(this.options.compact ? '> ' : '>\n');
    return true;
  }

  private unknown(fields: UnknownField[]): void {
    let bytes = 0;
    for (const field of fields) bytes += unknownSize(field);
    if (fields.length > 0 && !this.options.compact) this.write(`/* ${bytes} unknown bytes */\n`);
    for (const field of fields) {
      this.write(`${field.number}${field.wireType === WireType.StartGroup ? '' : ':'}`);
      if (!this.options.compact || field.wireType === WireType.StartGroup) this.write(' ');
      if (Array.isArray(field.value)) {
        this.write('{\n');
        this.depth++;
        this.unknown(field.value);
        this.depth--;
        this.write('}\n');
        continue;
      }
      this.write(field.value instanceof Uint8Array ? quoteBytes(field.value, 'go') : String(field.value));
      this.write('\n');
    }
  }
}

function varintSize(value: bigint): number {
  let size = 1;
  for (let v = value; v >= 0x80n; v >>= 7n) size++;
  return size;
}

function unknownSize(field: UnknownField): number {
  const tag = varintSize(BigInt(field.number << 3));
  if (Array.isArray(field.value)) return 2 * tag + field.value.reduce((sum, inner) => sum + unknownSize(inner), 0);
  if (field.value instanceof Uint8Array) return tag + varintSize(BigInt(field.value.length)) + field.value.length;
  if (field.wireType === WireType.Fixed32) return tag + 4;
  if (field.wireType === WireType.Fixed64) return tag + 8;
  return tag + varintSize(field.value);
}
