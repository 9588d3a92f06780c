import protobuf from 'protobufjs';
import { hasSpecialForm } from './well-known';

/**
 * ProtoJSON fast paths for plain messages, worked out once per type and cached: protojson's reader and
 * writer walk the reflection objects and normalise every integer through strings and regular expressions,
 * which made the encode alone about a tenth of a unary call's CPU. Each path does exactly what protojson
 * does for the field kinds it takes (same message object for protobufjs's generated encoder, same JSON
 * out) and answers undefined for anything else (a string for an int32, int64 input, enums, nested
 * messages, maps, repeated fields, oneofs, nulls, unknown or repeated keys), and the caller then runs
 * protojson itself, errors and all. codec tests pin both paths to the same output.
 */

type ScalarKind = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'float' | 'bytes';

interface PlainField {
  name: string;
  jsonName: string;
  kind: ScalarKind;
  /** Fields with presence are printed even at their default value. */
  presence: boolean;
}

interface TypePlan {
  /** Fields the type had when planned: reflection may extend a type later, and then it is planned again. */
  fieldCount: number;
  /** Every field, in declaration order (protojson's output order), or undefined when one is not plain. */
  writable: PlainField[] | undefined;
  /** Input keys protojson accepts (name, jsonName, protoName) → the field, for fields the reader takes. */
  readable: Map<string, PlainField>;
}

const KINDS: Readonly<Record<string, ScalarKind>> = {
  string: 'string',
  bool: 'bool',
  int32: 'int32',
  sint32: 'int32',
  sfixed32: 'int32',
  uint32: 'uint32',
  fixed32: 'uint32',
  int64: 'int64',
  sint64: 'int64',
  sfixed64: 'int64',
  uint64: 'int64',
  fixed64: 'int64',
  float: 'float',
  double: 'float',
  bytes: 'bytes',
};

const plans = new WeakMap<protobuf.Type, TypePlan | null>();

function plainField(field: protobuf.Field): PlainField | undefined {
  field.resolve();
  const kind = KINDS[field.type];
  const isExtension = Boolean(field.declaringField) || field.name.startsWith('.');
  if (!kind || field.resolvedType || field.map || field.repeated || isExtension || field.jsonName === '__proto__') return undefined;
  return { name: field.name, jsonName: field.jsonName, kind, presence: field.hasPresence };
}

function planOf(type: protobuf.Type): TypePlan | undefined {
  let plan = plans.get(type);
  if (plan === undefined || (plan !== null && plan.fieldCount !== type.fieldsArray.length)) {
    plan = hasSpecialForm(type) ? null : buildPlan(type);
    plans.set(type, plan);
  }
  return plan ?? undefined;
}

function buildPlan(type: protobuf.Type): TypePlan | null {
  // Presence comes from resolved features (protojson resolves the root before each use too; once is enough).
  type.root.resolveAll();
  const fields = type.fieldsArray.map((field) => ({ field, plain: plainField(field) }));
  const readable = new Map<string, PlainField>();
  const claimed = new Map<string, protobuf.Field>();
  for (const { field, plain } of fields) {
    for (const key of new Set([field.name, field.jsonName, field.protoName])) {
      // Two fields claiming one key is an error protojson reports; leave such types to it.
      if (claimed.has(key) && claimed.get(key) !== field) return null;
      claimed.set(key, field);
      // Oneof members (proto3 optional too) are left to protojson, which checks that one is set at most.
      if (plain && !field.partOf && (plain.kind === 'string' || plain.kind === 'bool' || plain.kind === 'int32' || plain.kind === 'uint32')) readable.set(key, plain);
    }
  }
  const writable = fields.every(({ plain }) => plain) ? fields.map(({ plain }) => plain!) : undefined;
  return { fieldCount: fields.length, writable, readable };
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/** protojson's reading of one plain value, or undefined when it would do anything but take it as it is. */
function readPlain(field: PlainField, value: unknown): string | boolean | number | undefined {
  switch (field.kind) {
    case 'string':
      return typeof value === 'string' && !hasLoneSurrogate(value) ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'int32':
      return Number.isInteger(value) && (value as number) >= -2147483648 && (value as number) <= 2147483647 ? (value as number) + 0 : undefined;
    default:
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 4294967295 ? (value as number) + 0 : undefined;
  }
}

const isImplicitDefault = (value: unknown): boolean => value === '' || value === false || value === 0;

/**
 * The protobufjs message protojson.fromJson would build from `json`, when every key names a plain field
 * given as a plain value; undefined otherwise.
 */
export function compiledFromJson(type: protobuf.Type, json: Record<string, unknown>): protobuf.Message | undefined {
  const plan = planOf(type);
  if (!plan) return undefined;
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const key in json) {
    if (!Object.prototype.hasOwnProperty.call(json, key)) continue;
    const field = plan.readable.get(key);
    if (!field || seen.has(field.name)) return undefined;
    seen.add(field.name);
    const value = readPlain(field, json[key]);
    if (value === undefined) return undefined;
    if (field.presence || !isImplicitDefault(value)) out[field.name] = value;
  }
  return type.create(out);
}

/** Node's base64 is native and about three times protobufjs's for a 100-byte payload; the text is the same. */
function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function writePlain(field: PlainField, value: unknown): unknown {
  if (field.kind === 'int64') return String(value);
  if (field.kind === 'float') return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  if (field.kind === 'bytes') return base64Of(value as Uint8Array);
  return value;
}

function isZeroLong(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  const long = value as { low: number; high: number };
  return long.low === 0 && long.high === 0;
}

function writesDefault(field: PlainField, value: unknown): boolean {
  if (field.presence) return false;
  if (field.kind === 'bytes') return (value as Uint8Array).length === 0;
  if (field.kind === 'int64') return isZeroLong(value);
  return isImplicitDefault(value);
}

/** protojson.toJson of a decoded message whose fields are all plain; undefined for any other type. */
export function compiledToJson(type: protobuf.Type, message: protobuf.Message): Record<string, unknown> | undefined {
  const fields = planOf(type)?.writable;
  if (!fields) return undefined;
  const values = message as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value == null || !Object.prototype.hasOwnProperty.call(values, field.name) || writesDefault(field, value)) continue;
    out[field.jsonName] = writePlain(field, value);
  }
  return out;
}
