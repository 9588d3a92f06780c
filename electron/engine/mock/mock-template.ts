/**
 * `{{request.field.path}}` in the strings of a `ferry mock` response: filled in from each call's request, so
 * a mock can answer `{ "id": "{{request.id}}" }`. A string that is one placeholder alone takes the field's
 * value as it is (a number stays a number, a message an object); inside other text it is written as text.
 * In a header's or trailer's value every placeholder is written as text. Paths are checked against the
 * request type when the file is read, so a call always finds its field.
 */
import { fail } from '../../../shared/errors';
import { encodeProtoJson, exampleMessage } from '../codec';
import type { MethodDescriptor } from '../schema';

const PLACEHOLDER = /\{\{\s*request((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\}\}/g;
const WHOLE = /^\{\{\s*request((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\}\}$/;

type RequestType = MethodDescriptor['requestType'];

/** A response with placeholders: its bytes for a request (ProtoJSON with defaults written out). */
export type FilledResponse = (request: unknown) => Uint8Array;

/** A text with placeholders: its value for a request. */
export type FilledText = (request: unknown) => string;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => strings(item, out));
  return out;
}

export function hasPlaceholders(value: unknown): boolean {
  return strings(value).some((text) => new RegExp(PLACEHOLDER.source).test(text));
}

type Field = RequestType['fieldsArray'][number];

/** A message's field by its .proto name or its JSON name, as a mock's file may write either. */
export function fieldNamed(type: RequestType, name: string): Field | undefined {
  return type.fields[name] ?? type.fieldsArray.find((field) => field.jsonName === name);
}

/** The message type a singular message field holds (not a repeated or map one, whose values are lists and maps). */
export function messageOf(field: Field): RequestType | undefined {
  const nested: unknown = field.resolvedType;
  return typeof nested === 'object' && nested !== null && 'fieldsArray' in nested && !field.repeated && !field.map ? (nested as RequestType) : undefined;
}

/** A path's fields by their JSON names, as a request decodes; fails naming a field the type lacks. */
function jsonPath(type: RequestType, dotted: string): string[] {
  const names: string[] = [];
  let current: RequestType | undefined = type;
  for (const segment of dotted.slice(1).split('.')) {
    const field = current && fieldNamed(current, segment);
    if (!current || !field) return fail('BAD_INPUT', `{{request${dotted}}}: ${current ? `${type.name} has no field ${names.concat(segment).join('.')}` : `${names.join('.')} is not a message`}`);
    names.push(field.jsonName ?? segment);
    current = messageOf(field);
  }
  return names;
}

function valueAt(request: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), request);
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/** A text's placeholders filled in, each value written as text. */
const filledText = (text: string, request: unknown, paths: ReadonlyMap<string, string[]>): string =>
  text.replace(PLACEHOLDER, (_match, dotted: string) => asText(valueAt(request, paths.get(dotted)!)));

/** The template's value for a request: each string's placeholders filled in. */
function filled(template: unknown, request: unknown, paths: ReadonlyMap<string, string[]>): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return valueAt(request, paths.get(whole[1]!)!);
    return filledText(template, request, paths);
  }
  if (Array.isArray(template)) return template.map((item) => filled(item, request, paths));
  if (typeof template === 'object' && template !== null) return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, filled(item, request, paths)]));
  return template;
}

/** Each placeholder's path in the template's strings by its JSON names, checked against the request type. */
function pathsOf(method: MethodDescriptor, template: unknown): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const text of strings(template)) for (const match of text.matchAll(PLACEHOLDER)) paths.set(match[1]!, jsonPath(method.requestType, match[1]!));
  return paths;
}

/**
 * A response whose strings name request fields, checked now: every path against the request type, and the
 * response filled from the request type's example against the response type (a field it lacks is named).
 */
export function responseTemplate(method: MethodDescriptor, template: unknown): FilledResponse {
  const paths = pathsOf(method, template);
  const fill = (request: unknown) => encodeProtoJson(method.responseType, filled(template, request, paths));
  fill(exampleMessage(method.requestType));
  return fill;
}

/** A text with placeholders (a header's value): its paths checked now, each filled in as text per request. */
export function textTemplate(method: MethodDescriptor, template: string): FilledText {
  const paths = pathsOf(method, template);
  return (request) => filledText(template, request, paths);
}
