import protobuf from 'protobufjs';
import { positionOf, type TextPosition } from '../../../shared/json';
import { servicesOf } from './schema-registry';
import { typeSuggestions } from './type-suggestions';
import { blankCommentsAndStrings, escapeRegExp, matchesInScope, scopeIs, useAfter, type TextMatch } from './proto-text-places';

/** A protobufjs error said again with its file, its place in the file when found, and what it is about. */
export interface ProtoErrorDetail {
  file: string;
  position?: TextPosition;
  message: string;
}

/** The text of a file the schema was parsed from, undefined when it cannot be read again. */
export type ProtoText = (file: string) => string | undefined;

const UNKNOWN_FIELD_TYPE = /^no such Type or Enum '([^']+)' in (?:Type|Namespace) (\.[\w.]+)$/;
const UNKNOWN_TYPE = /^no such type: (\S+)$/;
const DUPLICATE_NAME = /^duplicate name '(\w+)' in (Namespace|Type|Enum|Service) ([\w.]*)$/;
const DUPLICATE_ID = /^duplicate id (\d+) in Type ([\w.]+)$/;
const RESERVED = /^(id|name) '?(\w+)'? is reserved in Type ([\w.]+)$/;
const UNKNOWN_EXTENDED = /^unresolvable extensions: 'extend ([\w.]+)' in (\.[\w.]*)/;

/**
 * What resolving the root failed on: the field or rpc using a type nothing defines, where it uses it.
 * Undefined for an error of another form.
 */
export function explainUnresolved(message: string, root: protobuf.Root, textOf: ProtoText): ProtoErrorDetail | undefined {
  const fieldType = UNKNOWN_FIELD_TYPE.exec(message);
  if (fieldType) return unknownFieldType(fieldType[1]!, fieldType[2]!, root, textOf);
  const methodType = UNKNOWN_TYPE.exec(message);
  if (methodType) return unknownMethodType(methodType[1]!, root, textOf);
  const extended = UNKNOWN_EXTENDED.exec(message);
  return extended ? unknownExtended(extended[1]!, extended[2]!, root, textOf) : undefined;
}

/** `extend Foo { … }` where nothing defines Foo (protobufjs names only the extended name and the scope). */
function unknownExtended(extended: string, scopeName: string, root: protobuf.Root, textOf: ProtoText): ProtoErrorDetail | undefined {
  const scope = scopeName === '' ? root : root.lookup(scopeName);
  if (!(scope instanceof protobuf.Namespace)) return undefined;
  const field = fieldsIn(scope).find((item) => item.extend === extended);
  if (!field?.filename) return undefined;
  const pattern = new RegExp(`\\bextend\\s+(?<at>${escapeRegExp(extended)})\\s*\\{`, 'dg');
  const about = `extend ${extended}: unknown type "${extended}"${typeSuggestions(root, extended, field, false)}`;
  return placeInFile(field.filename, about, textOf(field.filename), pattern, scope.fullName);
}

function unknownFieldType(type: string, ownerName: string, root: protobuf.Root, textOf: ProtoText): ProtoErrorDetail | undefined {
  const owner = root.lookup(ownerName);
  if (!(owner instanceof protobuf.Namespace)) return undefined;
  const field = fieldsIn(owner).find((item) => item.type === type && !item.resolvedType);
  if (!field?.filename) return undefined;
  const name = field.name.slice(field.name.lastIndexOf('.') + 1);
  const about = `field ${childPath(owner, name)}: unknown type "${type}"${typeSuggestions(root, type, field, true)}`;
  // The type as written, then the field's name: `Missing m = 1`, `map<string, Missing> m = 1`.
  const pattern = new RegExp(`(?<![\\w.])(?<at>${escapeRegExp(type)})(?:\\s+|\\s*>\\s*)${escapeRegExp(name)}\\s*=`, 'dg');
  return placeInFile(field.filename, about, textOf(field.filename), pattern, owner.fullName);
}

function unknownMethodType(type: string, root: protobuf.Root, textOf: ProtoText): ProtoErrorDetail | undefined {
  for (const method of servicesOf(root).flatMap((service) => service.methodsArray)) {
    const service = method.parent as protobuf.Service;
    if ((method.requestType !== type && method.responseType !== type) || service.lookup(type, [protobuf.Type])) continue;
    if (!method.filename) return undefined;
    const request = method.requestType === type;
    const about = `rpc ${childPath(service, method.name)}: unknown ${request ? 'request' : 'response'} type "${type}"${typeSuggestions(root, type, method, false)}`;
    const pattern = new RegExp(`\\brpc\\s+${escapeRegExp(method.name)}\\s*\\(`, 'g');
    const text = textOf(method.filename);
    if (text === undefined) return { file: method.filename, message: about };
    const blanked = blankCommentsAndStrings(text);
    const found = matchesInScope(blanked, pattern, scopeIs(service.fullName, blanked));
    // The type's first use in the rpc's signature: the request's when both are this type.
    const at = found.length === 1 ? useAfter(blanked, found[0]!.at, type) : undefined;
    return { file: method.filename, message: about, ...(at !== undefined && { position: positionOf(text, at) }) };
  }
  return undefined;
}

/** The fields declared directly in a message or namespace: a message's own, and `extend` fields in either. */
function fieldsIn(namespace: protobuf.Namespace): protobuf.Field[] {
  const extensions = namespace.nestedArray.filter((item): item is protobuf.Field => item instanceof protobuf.Field);
  return namespace instanceof protobuf.Type ? [...namespace.fieldsArray, ...extensions] : extensions;
}

/**
 * What a parse failed on when a name or a field number is given twice, or a field takes a reserved one
 * (protobufjs says only in which namespace, or in which message by its short name while the message is
 * still being read), and where. Undefined for an error of another form.
 */
export function explainParseError(message: string, file: string, text: string, root: protobuf.Root): ProtoErrorDetail | undefined {
  const name = DUPLICATE_NAME.exec(message);
  if (name) return duplicateName(name[1]!, name[2]!, name[3]!, file, text, root);
  const id = DUPLICATE_ID.exec(message);
  if (id) return duplicateId(Number(id[1]), id[2]!, file, text);
  const reserved = RESERVED.exec(message);
  return reserved ? reservedUse(reserved[1] as 'id' | 'name', reserved[2]!, reserved[3]!, file, text) : undefined;
}

/** A field given a number or a name its message reserved. */
function reservedUse(what: 'id' | 'name', value: string, owner: string, file: string, text: string): ProtoErrorDetail {
  const blanked = blankCommentsAndStrings(text);
  const field = what === 'id' ? `(?<field>\\w+)\\s*=\\s*${value}(?![\\w.])` : `(?<field>${escapeRegExp(value)})\\s*=\\s*\\d`;
  const found = matchesInScope(blanked, new RegExp(`(?<![\\w.])[\\w.]+(?:\\s*>)?\\s+${field}`, 'dg'), endsWith(owner));
  const one = found.length === 1 ? found[0] : undefined;
  const message = what === 'id'
    ? `${one ? `field ${one.match.groups!.field} uses` : 'a field uses'} number ${value}, which message ${owner} reserves`
    : `field ${value}: message ${owner} reserves the name "${value}"`;
  return withPlace({ file, message }, text, one);
}

function duplicateName(name: string, kind: string, owner: string, file: string, text: string, root: protobuf.Root): ProtoErrorDetail {
  const blanked = blankCommentsAndStrings(text);
  const word = escapeRegExp(name);
  // A package's names are its messages, enums and services; a message's also its fields and oneofs, an enum's
  // its values, a service's its rpcs.
  const declaration = new RegExp(`\\b(?:message|enum|service|oneof|rpc)\\s+(?<declared>${word})\\b|(?<![\\w.])(?<assigned>${word})\\s*=\\s*-?\\w`, 'dg');
  if (kind === 'Namespace') {
    const earlier = root.lookup(`${owner}.${name}`)?.filename ?? undefined;
    const found = matchesInScope(blanked, declaration, scopeIs(owner, blanked));
    const where = earlier === undefined ? '' : earlier === file ? ' earlier in this file' : ` in ${earlier}`;
    const place = earlier === undefined ? undefined : secondOrOnly(found, earlier !== file);
    return withPlace({ file, message: `${childPath(owner, name)} is already defined${where}` }, text, place);
  }
  const found = matchesInScope(blanked, declaration, endsWith(owner));
  return withPlace({ file, message: `"${name}" is defined twice in ${KIND_WORDS[kind]} ${owner}` }, text, found.length === 2 ? found[1] : undefined);
}

function duplicateId(id: number, owner: string, file: string, text: string): ProtoErrorDetail {
  const blanked = blankCommentsAndStrings(text);
  // A field: its type, its name, `=`, the number (`[default = 1]` has no type before its name).
  const fields = matchesInScope(blanked, new RegExp(`(?<![\\w.])[\\w.]+(?:\\s*>)?\\s+(?<field>\\w+)\\s*=\\s*${id}(?![\\w.])`, 'dg'), endsWith(owner));
  if (fields.length !== 2) return { file, message: `field number ${id} is used twice in message ${owner}` };
  const [first, second] = fields as [TextMatch, TextMatch];
  const usedBy = first.match.groups!.field!;
  return withPlace({ file, message: `field number ${id} of message ${owner} is already used by field ${usedBy}` }, text, second);
}

const KIND_WORDS: Record<string, string> = { Type: 'message', Enum: 'enum', Service: 'service' };

/** Scopes that are the message protobufjs named by its short name (it names a message it is still reading so). */
const endsWith = (owner: string) => (scope: string) => scope === owner || scope.endsWith(`.${owner}`);

/** The one match when the first declaration is elsewhere, the second of two when both are here. */
function secondOrOnly(found: TextMatch[], firstIsElsewhere: boolean): TextMatch | undefined {
  if (firstIsElsewhere) return found.length === 1 ? found[0] : undefined;
  return found.length === 2 ? found[1] : undefined;
}

/**
 * The error placed at the one match of `pattern` in the file's text that lies directly in the object named
 * `scope` (a full name); unplaced otherwise, or when the text is gone.
 */
export function placeInFile(file: string, message: string, text: string | undefined, pattern: RegExp, scope: string): ProtoErrorDetail {
  if (text === undefined) return { file, message };
  const blanked = blankCommentsAndStrings(text);
  const found = matchesInScope(blanked, pattern, scopeIs(scope, blanked));
  return withPlace({ file, message }, text, found.length === 1 ? found[0] : undefined);
}

function withPlace(detail: ProtoErrorDetail, text: string, match: TextMatch | undefined): ProtoErrorDetail {
  return match ? { ...detail, position: positionOf(text, match.at) } : detail;
}

/** `pkg.Parent.name` from a protobufjs object or full name ('' or '.' for the root). */
export function childPath(parent: protobuf.ReflectionObject | string, name: string): string {
  const path = (typeof parent === 'string' ? parent : parent.fullName).replace(/^\./, '');
  return path === '' ? name : `${path}.${name}`;
}
