import protobuf from 'protobufjs';
import { goJsonFloat } from './float-format';
import { goJsonString } from './go-json';
import type { GrpcurlJsonPrinter } from './grpcurl-json';
import { sortMapEntries } from './map-entries';
import { decodeMessageTree } from './message-tree-decode';
import { isMessageTree, utf8Decode, type FieldValue, type MapEntry, type MessageTree } from './message-tree';
import { typeName } from './well-known';
import { byCodeUnits } from '../../../shared/util';

/** The types jhump/protoreflect hands to golang/protobuf's jsonpb, which prints them in their special JSON forms. */
export const GO_JSON_WELL_KNOWN = new Set(['Any', 'Empty', 'Duration', 'Timestamp', 'Struct', 'Value', 'ListValue', 'DoubleValue', 'FloatValue',
  'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue'].map((name) => `google.protobuf.${name}`));

const last = (tree: MessageTree, number: number): FieldValue | undefined => tree.fields.get(number)?.values.at(-1);
const bigintAt = (tree: MessageTree, number: number): bigint => BigInt((last(tree, number) as bigint | number | undefined) ?? 0);

function jsonpbFloat(value: number, bits: 32 | 64): string {
  if (Number.isNaN(value)) return '"NaN"';
  if (!Number.isFinite(value)) return value > 0 ? '"Infinity"' : '"-Infinity"';
  return goJsonFloat(value, bits);
}

function wrapperJson(tree: MessageTree): string {
  const name = typeName(tree.type);
  const value = last(tree, 1);
  switch (name) {
    case 'google.protobuf.Int64Value': case 'google.protobuf.UInt64Value':
      return `"${value ?? 0}"`;
    case 'google.protobuf.Int32Value': case 'google.protobuf.UInt32Value':
      return String(value ?? 0);
    case 'google.protobuf.FloatValue':
      return jsonpbFloat(Number(value ?? 0), 32);
    case 'google.protobuf.DoubleValue':
      return jsonpbFloat(Number(value ?? 0), 64);
    case 'google.protobuf.BoolValue':
      return value ? 'true' : 'false';
    case 'google.protobuf.StringValue':
      return goJsonString(utf8Decode((value as Uint8Array | undefined) ?? new Uint8Array(0)));
    default:
      return goJsonString(Buffer.from((value as Uint8Array | undefined) ?? new Uint8Array(0)).toString('base64'));
  }
}

/** Go's "%d.%09d" with trailing zeros trimmed to 6 or 3 digits or none, as jsonpb writes Duration and Timestamp. */
function fraction(nanos: number): string {
  return `.${String(nanos).padStart(9, '0')}`.replace(/000$/, '').replace(/000$/, '').replace(/\.000$/, '');
}

function durationJson(tree: MessageTree): string {
  let seconds = bigintAt(tree, 1);
  let nanos = Number(bigintAt(tree, 2));
  const negative = seconds < 0n || nanos < 0;
  if (negative) {
    seconds = -seconds;
    nanos = -nanos;
  }
  return `"${negative ? '-' : ''}${seconds}${fraction(nanos)}s"`;
}

function timestampJson(tree: MessageTree): string {
  const seconds = Number(bigintAt(tree, 1));
  const nanos = Number(bigintAt(tree, 2));
  const date = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `"${date}${fraction(nanos)}Z"`;
}

function valueJson(printer: GrpcurlJsonPrinter, tree: MessageTree): string {
  const set = [...tree.fields.values()].at(-1);
  if (!set) return 'null';
  const value = set.values.at(-1);
  switch (set.field.id) {
    case 1: return 'null';
    case 2: return jsonpbFloat(Number(value), 64);
    case 3: return goJsonString(utf8Decode(value as Uint8Array));
    case 4: return value ? 'true' : 'false';
    default: return isMessageTree(value) ? wellKnownJson(printer, value) : 'null';
  }
}

function structJson(printer: GrpcurlJsonPrinter, tree: MessageTree): string {
  const entries = sortMapEntries((tree.fields.get(1)?.values ?? []) as MapEntry[]);
  return `{${entries.map((e) => `${goJsonString(utf8Decode(e.key as Uint8Array))}:${isMessageTree(e.value) ? valueJson(printer, e.value) : 'null'}`).join(',')}}`;
}

function listJson(printer: GrpcurlJsonPrinter, tree: MessageTree): string {
  return `[${(tree.fields.get(1)?.values ?? []).map((v) => (isMessageTree(v) ? valueJson(printer, v) : 'null')).join(',')}]`;
}

/** A JSON object's top-level members, in order, so an Any can add "@type" and sort them as Go's json.Marshal of a map does. */
function members(object: string): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  let depth = 0;
  let inString = false;
  let start = 1;
  for (let i = 1; i < object.length - 1; i++) {
    const c = object[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      result.push(split(object.slice(start, i)));
      start = i + 1;
    }
  }
  if (object.length > 2) result.push(split(object.slice(start, object.length - 1)));
  return result;
}

function split(member: string): [string, string] {
  const key = JSON.parse(member.slice(0, member.indexOf('":') + 1)) as string;
  return [key, member.slice(member.indexOf('":') + 2)];
}

/** grpcurl's Any resolver: types of the schema, except google.rpc details its own binary does not have. */
function defaultResolver(root: protobuf.Root): (name: string) => protobuf.Type | undefined {
  return (name) => {
    const found = root.lookup(`.${name}`);
    if (!(found instanceof protobuf.Type)) return undefined;
    const builtinDetail = name.startsWith('google.rpc.') && name !== 'google.rpc.Status' && !found.filename;
    return builtinDetail ? undefined : found;
  };
}

function anyJson(printer: GrpcurlJsonPrinter, tree: MessageTree): string {
  const url = utf8Decode((last(tree, 1) as Uint8Array | undefined) ?? new Uint8Array(0));
  const body = (last(tree, 2) as Uint8Array | undefined) ?? new Uint8Array(0);
  const name = url.slice(url.lastIndexOf('/') + 1);
  const resolve = printer.options.resolveAny ?? defaultResolver(tree.type.root);
  const inner = name ? resolve(name) : undefined;
  const typeMember: [string, string] = ['@type', goJsonString(url)];
  if (!inner) {
    const unknown: Array<[string, string]> = [
      ['@error', goJsonString(`${name} is not recognized; see @value for raw binary message data`)], typeMember,
      ['@value', goJsonString(Buffer.from(body).toString('base64'))],
    ];
    return `{${unknown.map(([k, v]) => `${goJsonString(k)}:${v}`).join(',')}}`;
  }
  const decoded = decodeMessageTree(inner, body);
  if (GO_JSON_WELL_KNOWN.has(typeName(inner))) return `{"@type":${goJsonString(url)},"value":${wellKnownJson(printer, decoded)}}`;
  // A dynamic message inside an Any goes through json.Marshal of a map: members sorted by key, "@type" among them.
  const sorted = [typeMember, ...members(printer.object(decoded))].sort(([a], [b]) => byCodeUnits(a, b));
  return `{${sorted.map(([k, v]) => `${goJsonString(k)}:${v}`).join(',')}}`;
}

/** A well-known type in jsonpb's special JSON form. */
export function wellKnownJson(printer: GrpcurlJsonPrinter, tree: MessageTree): string {
  switch (typeName(tree.type)) {
    case 'google.protobuf.Any': return anyJson(printer, tree);
    case 'google.protobuf.Empty': return '{}';
    case 'google.protobuf.Duration': return durationJson(tree);
    case 'google.protobuf.Timestamp': return timestampJson(tree);
    case 'google.protobuf.Struct': return structJson(printer, tree);
    case 'google.protobuf.Value': return valueJson(printer, tree);
    case 'google.protobuf.ListValue': return listJson(printer, tree);
    default: return wrapperJson(tree);
  }
}
