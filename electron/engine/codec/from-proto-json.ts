import protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import { fail } from '../../../shared/errors';
import { editDistance } from '../../../shared/util/edit-distance';
import { compiledFromJson } from './compiled-codec';
import {
  expectedEnum,
  expectedMessage,
  expectedScalar,
  hasSpecialForm,
  isPlainObject,
  typeName,
} from './well-known';

/**
 * ProtoJSON value → wire bytes. protojson does the conversion and validation; its errors name a type and a
 * field (`.pkg.Item.price: invalid integer`) but not where in the user's document the value sits, and a few
 * name nothing at all. So when it fails we walk the input ourselves to find the first bad value and report
 * its path (`items[2].price`). The walk runs only on failure, so the happy path costs nothing extra.
 */
export function encodeProtoJson(type: protobuf.Type, value: unknown, options: { ignoreUnknownFields?: boolean } = {}): Uint8Array {
  if (!hasSpecialForm(type) && !isPlainObject(value)) {
    fail('BAD_INPUT', `a ${typeName(type)} message must be a JSON object, not ${describeJson(value)}`, {
      expected: 'a JSON object',
    });
  }
  const plain = isPlainObject(value) ? compiledFromJson(type, value) : undefined;
  if (plain) return type.encode(plain).finish();
  let message: protobuf.Message;
  try {
    message = protojson.fromJson(type, value, options);
  } catch (reason) {
    throw explain(type, value, reason);
  }
  return type.encode(message).finish();
}

interface Problem {
  fieldPath: string;
  reason: string;
  expected?: string;
}

function explain(type: protobuf.Type, value: unknown, reason: unknown): never {
  const problem = locateInMessage(type, value, '') ?? {
    fieldPath: pathFromProtojsonMessage(errorMessage(reason)),
    reason: cleanReason(errorMessage(reason)),
  };
  const where = problem.fieldPath === '' ? typeName(type) : problem.fieldPath;
  const message = `${where}: ${problem.reason}${problem.expected ? `; expected ${problem.expected}` : ''}`;
  const details = { fieldPath: problem.fieldPath, ...(problem.expected ? { expected: problem.expected } : {}) };
  return fail('BAD_INPUT', message, details);
}

// --- the walk: same structure as protojson's reader, but it knows the path ---

function locateInMessage(type: protobuf.Type, value: unknown, path: string): Problem | undefined {
  if (typeName(type) === 'google.protobuf.Any') return locateInAny(type, value, path);
  if (hasSpecialForm(type)) return probe(() => protojson.fromJson(type, value), path, expectedMessage(type));
  if (!isPlainObject(value)) {
    return { fieldPath: path, reason: `found ${describeJson(value)}`, expected: expectedMessage(type) };
  }
  for (const [key, fieldValue] of Object.entries(value)) {
    // Extension keys ("[pkg.ext]") are left to protojson's whole-message check below.
    if (key.startsWith('[') || fieldValue === null) continue;
    const field = findField(type, key);
    const fieldPath = joinPath(path, key);
    if (!field) return unknownField(type, key, fieldPath);
    const problem = locateInField(type, field, fieldValue, fieldPath);
    if (problem) return problem;
  }
  // Every field is fine alone; what remains is about the message as a whole (two members of a oneof, a
  // field given under both its names).
  return probe(() => protojson.fromJson(type, value), path);
}

function locateInField(parent: protobuf.Type, field: protobuf.Field, value: unknown, path: string): Problem | undefined {
  const single = (v: unknown) => ({ [field.name]: v });
  const expected = expectedForField(field);
  const messageType = walkableMessage(field);
  if (field instanceof protobuf.MapField) {
    if (!isPlainObject(value)) return mismatch(value, path, 'a JSON object (a map)');
    for (const [key, entry] of Object.entries(value)) {
      const entryPath = `${path}[${JSON.stringify(key)}]`;
      const problem = messageType
        ? (probe(() => protojson.fromJson(parent, single({ [key]: {} })), entryPath, expectedMapKey(field)) ??
          locateInMessage(messageType, entry, entryPath))
        : probe(() => protojson.fromJson(parent, single({ [key]: entry })), entryPath, expected, field);
      if (problem) return problem;
    }
    return undefined;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return mismatch(value, path, `a JSON array, each ${expected}`);
    for (const [index, element] of value.entries()) {
      const elementPath = `${path}[${index}]`;
      const problem = messageType
        ? locateInMessage(messageType, element, elementPath)
        : probe(() => protojson.fromJson(parent, single([element])), elementPath, expected, field);
      if (problem) return problem;
    }
    return undefined;
  }
  if (messageType) return locateInMessage(messageType, value, path);
  return probe(() => protojson.fromJson(parent, single(value)), path, expected, field);
}

// Any's body is an ordinary message: walk into it so errors inside an Any get a path too.
function locateInAny(anyType: protobuf.Type, value: unknown, path: string): Problem | undefined {
  const check = () => probe(() => protojson.fromJson(anyType, value), path, expectedMessage(anyType));
  if (!isPlainObject(value) || typeof value['@type'] !== 'string') return check();
  const url = value['@type'];
  const inner = lookupType(anyType.root, url.slice(url.lastIndexOf('/') + 1));
  if (!inner) {
    return { fieldPath: joinPath(path, '@type'), reason: `unknown message type ${JSON.stringify(url)}`, expected: expectedMessage(anyType) };
  }
  const body = hasSpecialForm(inner) ? value['value'] : Object.fromEntries(Object.entries(value).filter(([k]) => k !== '@type'));
  const bodyPath = hasSpecialForm(inner) ? joinPath(path, 'value') : path;
  return locateInMessage(inner, body, bodyPath) ?? check();
}

function probe(run: () => unknown, path: string, expected?: string, field?: protobuf.Field): Problem | undefined {
  try {
    run();
    return undefined;
  } catch (reason) {
    const text = errorMessage(reason);
    const keyProblem = field instanceof protobuf.MapField && /map key/.test(text);
    const phrase = keyProblem && field instanceof protobuf.MapField ? expectedMapKey(field) : expected;
    if (phrase === undefined) return { fieldPath: path, reason: cleanReason(text, field) };
    return { fieldPath: path, reason: foundInstead(cleanReason(text, field)), expected: phrase };
  }
}

/**
 * protojson's `expected boolean: 1` as `found the number 1`: the message goes on with what Ferry expects
 * there, in its own words (`; expected true or false`), which would otherwise say "expected" twice.
 */
function foundInstead(reason: string): string {
  const given = /^expected [^:]+: (.*)$/s.exec(reason)?.[1];
  if (given === undefined) return reason;
  try {
    return `found ${describeJson(JSON.parse(given))}`;
  } catch {
    return reason;
  }
}

function mismatch(value: unknown, path: string, expected: string): Problem {
  return { fieldPath: path, reason: `found ${describeJson(value)}`, expected };
}

function unknownField(type: protobuf.Type, key: string, path: string): Problem {
  const names = type.fieldsArray.map((field) => field.jsonName);
  const close = closeNames(key, type.fieldsArray);
  const hint = close.length > 0 ? ` (did you mean ${close.map((n) => JSON.stringify(n)).join(' or ')}?)` : '';
  const listed = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  return {
    fieldPath: path,
    reason: `unknown field ${JSON.stringify(key)} in ${typeName(type)}${hint}`,
    expected: names.length === 0 ? 'no fields (the message is empty)' : `one of its fields: ${listed}`,
  };
}

// --- helpers ---

/** protojson accepts a field's proto name and its json name (and, with keepCase off, both spellings). */
function findField(type: protobuf.Type, key: string): protobuf.Field | undefined {
  return type.fieldsArray.find((field) => field.name === key || field.jsonName === key || field.protoName === key);
}

/** A message field whose value we can walk into field by field (special forms are leaves for us). */
function walkableMessage(field: protobuf.Field): protobuf.Type | undefined {
  const resolved = field.resolve().resolvedType;
  return resolved instanceof protobuf.Type && (!hasSpecialForm(resolved) || typeName(resolved) === 'google.protobuf.Any')
    ? resolved
    : undefined;
}

function expectedForField(field: protobuf.Field): string {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return expectedMessage(resolved);
  if (resolved instanceof protobuf.Enum) return expectedEnum(resolved);
  return expectedScalar(field.type);
}

function expectedMapKey(field: protobuf.MapField): string {
  if (field.keyType === 'string') return 'a string key';
  if (field.keyType === 'bool') return 'a key "true" or "false"';
  return `${field.keyType} keys as decimal strings such as "42"`;
}

/** Field names near what the user typed: same letters ignoring case and underscores, or a small typo. */
function closeNames(key: string, fields: protobuf.Field[]): string[] {
  const squash = (s: string) => s.toLowerCase().replace(/_/g, '');
  const wanted = squash(key);
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  return fields
    .map((field) => ({ name: field.jsonName, distance: editDistance(wanted, squash(field.jsonName)) }))
    .filter((candidate) => candidate.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((candidate) => candidate.name);
}

function lookupType(root: protobuf.Root, name: string): protobuf.Type | undefined {
  const found = root.lookup(name.replace(/^\.?/, '.'));
  return found instanceof protobuf.Type ? found : undefined;
}

function joinPath(path: string, key: string): string {
  const segment = /^[A-Za-z_@][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return segment.startsWith('"') ? `[${segment}]` : segment;
  return segment.startsWith('"') ? `${path}[${segment}]` : `${path}.${segment}`;
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** Drops protojson's `.pkg.Type.field: ` prefix (our path replaces it) and rewords errors that lack one. */
function cleanReason(text: string, field?: protobuf.Field): string {
  // A number too large for toFixed() reaches BigInt as "1e+40", which throws a bare RangeError.
  if (/BigInt/.test(text)) return `out of range${field ? ` for ${field.type}` : ''}`;
  const match = /^\.[\w.]+: (.*)$/s.exec(text);
  return match?.[1] ?? text;
}

function pathFromProtojsonMessage(text: string): string {
  return /^\.([\w.]+): /.exec(text)?.[1] ?? '';
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}
