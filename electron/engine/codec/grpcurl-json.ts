import protobuf from 'protobufjs';
import { hasDescriptorJsonName } from '../schema/descriptor-json-names';
import { goFormatFloat } from './float-format';
import { goJsonIndent, goJsonString } from './go-json';
import { sortMapEntries } from './map-entries';
import { decodeMessageTree, zeroOf } from './message-tree-decode';
import { enumTypeOf, extensionName, fieldKind, isMessageTree, mapKeyKind, messageTypeOf, presentFields, protoNameOf, utf8Decode, type FieldKind, type FieldValue, type MapEntry, type MessageTree, type ScalarValue } from './message-tree';
import { typeName } from './well-known';
import { GO_JSON_WELL_KNOWN, wellKnownJson } from './grpcurl-json-wkt';

/**
 * Response JSON exactly as grpcurl prints it. grpcurl's messages are jhump/protoreflect dynamic messages:
 * fields in number order, 64-bit integers quoted, floats in Go's %g form (1.234567e+06), map keys sorted,
 * `-emit-defaults` printing every field (null for unset messages). Well-known types inside go through
 * golang/protobuf's jsonpb. Then everything is re-indented by Go's json.Indent.
 */
export interface GrpcurlJsonOptions {
  /** `-emit-defaults`. */
  emitDefaults?: boolean;
  /** `-keep-proto-names` / jsonpb OrigName. */
  origName?: boolean;
  /** The message type an Any names, if grpcurl could resolve it; default: types in the same schema. */
  resolveAny?: (typeName: string) => protobuf.Type | undefined;
}

export class GrpcurlJsonPrinter {
  constructor(readonly options: GrpcurlJsonOptions) {}

  /** A whole message: a well-known type in its special form, anything else as an object. */
  message(tree: MessageTree): string {
    return GO_JSON_WELL_KNOWN.has(typeName(tree.type)) ? wellKnownJson(this, tree) : this.object(tree);
  }

  private key(field: protobuf.FieldBase): string {
    const extension = extensionName(field);
    if (extension) return `[${extension}]`;
    if (this.options.origName || !hasDescriptorJsonName(field)) return protoNameOf(field);
    return field.jsonName ?? protoNameOf(field);
  }

  object(tree: MessageTree): string {
    const parts: string[] = [];
    const present = new Map(presentFields(tree).map((f) => [f.field.id, f]));
    const fields = this.options.emitDefaults
      ? [...tree.type.fieldsArray.filter((f) => !f.name.startsWith('.')), ...[...present.values()].map((p) => p.field).filter((f) => extensionName(f))]
          .sort((a, b) => a.id - b.id)
      : [...present.values()].map((p) => p.field);
    for (const field of fields) {
      const values = present.get(field.id)?.values;
      if (!values && field.partOf) continue;
      parts.push(`${goJsonString(this.key(field))}:${this.fieldJson(field, values)}`);
    }
    return `{${parts.join(',')}}`;
  }

  private fieldJson(field: protobuf.FieldBase, values: FieldValue[] | undefined): string {
    const kind = fieldKind(field);
    if (field instanceof protobuf.MapField) {
      const entries = sortMapEntries((values ?? []) as MapEntry[]);
      return `{${entries.map((e) => `${goJsonString(mapKey(mapKeyKind(field), e.key))}:${this.mapValue(field, kind, e.value)}`).join(',')}}`;
    }
    if (field.repeated) return `[${(values ?? []).map((v) => this.value(field, kind, v)).join(',')}]`;
    const value = values?.at(-1);
    if (value === undefined) return this.defaultJson(field, kind);
    return this.value(field, kind, value);
  }

  private mapValue(field: protobuf.MapField, kind: FieldKind, value: FieldValue | undefined): string {
    if (value !== undefined) return this.value(field, kind, value);
    if (kind === 'message') return this.message({ type: messageTypeOf(field), fields: new Map(), unknown: [] });
    return this.value(field, kind, zeroOf(kind));
  }

  value(field: protobuf.FieldBase, kind: FieldKind, value: FieldValue): string {
    if (isMessageTree(value)) return this.message(value);
    return scalarJson(field, kind, value as ScalarValue);
  }

  private defaultJson(field: protobuf.FieldBase, kind: FieldKind): string {
    if (kind === 'message' || kind === 'group') return 'null';
    const declared: unknown = (field as protobuf.Field).options?.default;
    if (kind === 'enum') {
      const enumType = enumTypeOf(field)!;
      const number = typeof declared === 'string' ? enumType.values[declared] : Object.values(enumType.values)[0];
      return scalarJson(field, kind, number ?? 0);
    }
    if (declared === undefined) return scalarJson(field, kind, zeroOf(kind));
    if (kind === 'string' || kind === 'bytes') return scalarJson(field, kind, new TextEncoder().encode(String(declared)));
    if (kind === 'bool') return String(Boolean(declared));
    return scalarJson(field, kind, /64$/.test(kind) && kind !== 'double' ? BigInt(String(declared)) : Number(declared));
  }
}

function mapKey(kind: FieldKind, key: ScalarValue): string {
  if (kind === 'string') return utf8Decode(key as Uint8Array);
  return String(key);
}

/** One scalar as jhump's dynamic JSON writes it. */
export function scalarJson(field: protobuf.FieldBase, kind: FieldKind, value: ScalarValue): string {
  switch (kind) {
    case 'int64': case 'sint64': case 'sfixed64': case 'uint64': case 'fixed64':
      return `"${value}"`;
    case 'float': case 'double': {
      const number = Number(value);
      if (Number.isNaN(number)) return '"NaN"';
      if (!Number.isFinite(number)) return number > 0 ? '"Infinity"' : '"-Infinity"';
      return goFormatFloat(number, kind === 'float' ? 32 : 64);
    }
    case 'bool':
      return value ? 'true' : 'false';
    case 'string':
      return goJsonString(utf8Decode(value as Uint8Array));
    case 'bytes':
      return goJsonString(Buffer.from(value as Uint8Array).toString('base64'));
    case 'enum': {
      const name = enumTypeOf(field)?.valuesById[Number(value)];
      return name === undefined ? String(value) : goJsonString(name);
    }
    default:
      return String(value);
  }
}

/** Wire bytes → grpcurl's JSON for one message, indented, without a final newline. */
export function formatGrpcurlJson(type: protobuf.Type, bytes: Uint8Array, options: GrpcurlJsonOptions = {}): string {
  return goJsonIndent(new GrpcurlJsonPrinter(options).message(decodeMessageTree(type, bytes)));
}
