import protobuf from 'protobufjs';

/**
 * Decodes a message straight to the plain object `type.toObject(type.decode(bytes), { longs: String })`
 * gives, reading the field definitions instead of generating code. protobufjs compiles a decoder and a
 * converter for each type on its first use (`new Function`, which no code cache keeps): decoding the first
 * FileDescriptorProto of a process cost ~9 ms of a ~230 ms `ferry call` by reflection, and ~30 ms for a
 * reflection answer with options of every kind. Proto2 semantics as protobufjs 8 decodes them: fields of
 * the wrong wire type and unknown fields are skipped, closed enums drop values they do not define, a
 * message field seen twice merges, missing required fields throw. Types with map or group fields or
 * without field presence are refused when first used (descriptor.proto has none).
 */
export function decodePlain(type: protobuf.Type, bytes: Uint8Array): Plain {
  return read(plan(type), protobuf.Reader.create(bytes) as WireReader, bytes.byteLength, 0);
}

/** protobufjs 8's Reader with the methods its generated decoders call, which its typings leave out. */
type WireReader = protobuf.Reader & { tag(): number; size(): number; stringVerify(): string; skipType(wireType: number, depth?: number, tag?: number): protobuf.Reader };

interface FieldPlan {
  field: protobuf.Field;
  /** The field's key in the plain object. */
  name: string;
  /** Reads a scalar (an enum as int32; a 64-bit integer as its decimal text, as `longs: String` gives). */
  value?: (reader: WireReader) => unknown;
  /** The wire type a value of this field is written with (not packed). */
  wireType: number;
  packable: boolean;
  /** For enums that keep only values they define (proto2's closed enums). */
  closedValues?: Readonly<Record<number, string>>;
  /** Set for message fields, which have no `value`. */
  message?: TypePlan;
}

interface TypePlan {
  /** By field number (descriptor.proto's are all small). */
  byId: Array<{ index: number; plan: FieldPlan } | undefined>;
  /** By field number order: the order `toObject` writes keys in. */
  ordered: FieldPlan[];
  /** Names of the required fields (proto2). */
  required: string[];
}

/** A message as `toObject` gives it; repeated fields hold arrays. */
type Plain = Record<string, unknown>;

const plans = new WeakMap<protobuf.Type, TypePlan>();
/** One function per Reader method: a call through `reader[name]()` was a third of the decode. */
const READERS: Readonly<Record<string, (reader: WireReader) => unknown>> = {
  double: (r) => r.double(),
  float: (r) => r.float(),
  int32: (r) => r.int32(),
  uint32: (r) => r.uint32(),
  sint32: (r) => r.sint32(),
  fixed32: (r) => r.fixed32(),
  sfixed32: (r) => r.sfixed32(),
  int64: (r) => String(r.int64()),
  uint64: (r) => String(r.uint64()),
  sint64: (r) => String(r.sint64()),
  fixed64: (r) => String(r.fixed64()),
  sfixed64: (r) => String(r.sfixed64()),
  bool: (r) => r.bool(),
  string: (r) => r.string(),
  stringVerify: (r) => r.stringVerify(),
  bytes: (r) => r.bytes(),
};

function plan(type: protobuf.Type): TypePlan {
  let found = plans.get(type);
  if (found) return found;
  const ordered = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  found = { byId: [], ordered: [], required: ordered.filter((field) => field.required).map((field) => field.name) };
  plans.set(type, found);
  ordered.forEach((field, index) => {
    const planned = planField(field.resolve());
    found!.ordered.push(planned);
    found!.byId[field.id] = { index, plan: planned };
  });
  return found;
}

type FeaturedField = protobuf.Field & { hasPresence?: boolean; delimited?: boolean; _features?: Record<string, string> };
type FeaturedEnum = protobuf.Enum & { _features?: Record<string, string> };

function planField(field: FeaturedField): FieldPlan {
  if (field.map || field.delimited || (!field.repeated && !field.hasPresence)) {
    throw new Error(`decodePlain: ${field.fullName} is a map, a group or a field without presence, which it does not read`);
  }
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return { field, name: field.name, wireType: 2, packable: false, message: plan(resolved) };
  const method = resolved instanceof protobuf.Enum ? 'int32' : field.type;
  const closed = resolved instanceof protobuf.Enum && (resolved as FeaturedEnum)._features?.enum_type === 'CLOSED';
  const wireTypes = protobuf.types.basic as Record<string, number | undefined>;
  return {
    field,
    name: field.name,
    value: READERS[method === 'string' && field._features?.utf8_validation === 'VERIFY' ? 'stringVerify' : method]!,
    wireType: wireTypes[method]!,
    packable: (protobuf.types.packed as Record<string, number | undefined>)[method] !== undefined,
    ...(closed && { closedValues: (resolved as protobuf.Enum).valuesById }),
  };
}

/**
 * Reads `length` bytes as one message; the reader ends there meanwhile, as protobufjs's decoders make it. The
 * object is built as the fields come: protoc writes them in field-number order, which is the order `toObject`
 * gives its keys, so only a message whose fields came otherwise (or merged into `into`) is put in order after.
 * Building it through an array of slots first was ~45% of a large set's decode.
 */
function read(type: TypePlan, reader: WireReader, length: number, depth: number, into?: Plain): Plain {
  if (depth > protobuf.Reader.recursionLimit) throw new Error('max depth exceeded');
  const out: Plain = into ?? {};
  const end = reader.pos + length;
  if (end > reader.len) throw new RangeError('index out of range');
  const outer = reader.len;
  reader.len = end;
  // The largest field index a key was made for, and whether every key so far came in field order.
  let last = -1;
  let inOrder = into === undefined;
  while (reader.pos < end) {
    const tag = reader.tag();
    const wireType = tag & 7;
    const known = type.byId[tag >>> 3];
    if (!known) {
      reader.skipType(wireType, depth, tag);
      continue;
    }
    const had = known.index < last && out[known.plan.name] !== undefined;
    if (!readField(known.plan, reader, wireType, out, depth)) reader.skipType(wireType, depth, tag);
    else if (known.index >= last) last = known.index;
    else if (!had && out[known.plan.name] !== undefined) inOrder = false;
  }
  reader.len = outer;
  for (const name of type.required) if (out[name] === undefined) throw new protobuf.util.ProtocolError(`missing required '${name}'`);
  return inOrder ? out : inFieldOrder(type, out);
}

/** Reads one occurrence of a field into `out`; false when its wire type does not fit (then skipped). */
function readField(plan: FieldPlan, reader: WireReader, wireType: number, out: Plain, depth: number): boolean {
  const { name } = plan;
  if (plan.message) {
    if (wireType !== 2) return false;
    const length = reader.size();
    if (plan.field.repeated) listIn(out, name).push(read(plan.message, reader, length, depth + 1));
    else out[name] = read(plan.message, reader, length, depth + 1, out[name] as Plain | undefined);
    return true;
  }
  if (plan.field.repeated && plan.packable && wireType === 2) {
    const end = reader.size() + reader.pos;
    if (end > reader.len) throw new RangeError('index out of range');
    const outer = reader.len;
    reader.len = end;
    while (reader.pos < end) pushKnown(plan, out, plan.value!(reader));
    reader.len = outer;
    return true;
  }
  if (wireType !== plan.wireType) return false;
  const value = plan.value!(reader);
  if (plan.field.repeated) pushKnown(plan, out, value);
  else if (!plan.closedValues || plan.closedValues[value as number] !== undefined) out[name] = value;
  return true;
}

/** Adds a value to a repeated field, whose list is made with its first value: `toObject` leaves out empty lists. */
function pushKnown(plan: FieldPlan, out: Plain, value: unknown): void {
  if (!plan.closedValues || plan.closedValues[value as number] !== undefined) listIn(out, plan.name).push(value);
}

function listIn(out: Plain, name: string): unknown[] {
  return ((out[name] as unknown[] | undefined) ??= []);
}

/** The same keys in field-number order. */
function inFieldOrder(type: TypePlan, out: Plain): Plain {
  const ordered: Plain = {};
  for (const { name } of type.ordered) if (out[name] !== undefined) ordered[name] = out[name];
  return ordered;
}
