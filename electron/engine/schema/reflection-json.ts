import protobuf from 'protobufjs';

/**
 * `JSON.stringify(object.toJSON({ keepComments: true }))` for a protobufjs type, enum, service, namespace or field,
 * written as text directly. protobufjs builds each object's JSON from a key/value array turned into an
 * object (per type, field, oneof and method), which JSON.stringify then walks: for googleapis's schema
 * cache entry that was ~1 s of the first load, most of it garbage. Keys, their order and what is left out
 * follow protobufjs 8's `toJSON` methods exactly; the cache tests compare the two texts object by object.
 */
export function reflectionJson(object: protobuf.ReflectionObject): string {
  if (object instanceof protobuf.Type) return typeJson(object);
  if (object instanceof protobuf.Service) return serviceJson(object);
  if (object instanceof protobuf.Enum) return enumJson(object);
  if (object instanceof protobuf.Namespace) return namespaceJson(object);
  // Else a field: a namespace holds the extensions declared in it (`extend Foo { … }` at file level).
  return fieldJson(object as protobuf.Field);
}

/** Builds `{"key":value,…}` leaving out undefined values, as `util.toObject` and JSON.stringify do. */
class JsonObject {
  private text = '';

  /** JSON.stringify leaves out what has no JSON (undefined, a function) as it would as an object's value. */
  add(key: string, value: unknown): this {
    // Most keys of most objects are undefined (of a field's eight, googleapis's fields have three or four).
    return value === undefined ? this : this.raw(key, JSON.stringify(value) as string | undefined);
  }

  /** A value already written as JSON text; undefined leaves the key out. */
  raw(key: string, json: string | undefined): this {
    if (json !== undefined) this.text += `${this.text === '' ? '{' : ','}"${key}":${json}`;
    return this;
  }

  close(): string {
    return this.text === '' ? '{}' : `${this.text}}`;
  }
}

/** What protobufjs 8 has and its typings do not declare. */
type Editioned = protobuf.ReflectionObject & { _editionToJSON(): string | undefined; visibility?: unknown; group?: boolean };

/** `Namespace.arrayToJSON`: an object keyed by name, or undefined when there is nothing. */
function arrayJson<T extends protobuf.ReflectionObject>(array: readonly T[], json: (item: T) => string): string | undefined {
  if (array.length === 0) return undefined;
  let text = '';
  for (const item of array) text += `${text === '' ? '{' : ','}${JSON.stringify(item.name)}:${json(item)}`;
  return `${text}}`;
}

const nestedJson = (namespace: protobuf.Namespace): string | undefined => arrayJson(namespace.nestedArray, reflectionJson);

function namespaceJson(namespace: protobuf.Namespace): string {
  return new JsonObject().add('options', namespace.options).raw('nested', nestedJson(namespace)).close();
}

function typeJson(type: protobuf.Type): string {
  const fields = type.fieldsArray.filter((field) => !field.declaringField);
  const extensions = type.extensions as unknown[] | undefined;
  return new JsonObject()
    .add('edition', (type as unknown as Editioned)._editionToJSON())
    .add('options', type.options || undefined)
    .raw('oneofs', arrayJson(type.oneofsArray, oneofJson))
    .raw('fields', arrayJson(fields, fieldJson) ?? '{}')
    .add('extensions', extensions && extensions.length > 0 ? extensions : undefined)
    .add('reserved', type.reserved && type.reserved.length > 0 ? type.reserved : undefined)
    .add('group', (type as unknown as Editioned).group || undefined)
    .add('visibility', (type as unknown as Editioned).visibility)
    .raw('nested', nestedJson(type))
    .add('comment', type.comment)
    .close();
}

function fieldJson(field: protobuf.Field): string {
  const out = new JsonObject();
  const name = field.protoName || field.name;
  if (field instanceof protobuf.MapField) out.add('keyType', field.keyType);
  else out.add('edition', (field as unknown as Editioned)._editionToJSON()).add('rule', (field.rule !== 'optional' && field.rule) || undefined);
  return out
    .add('type', field.type)
    .add('id', field.id)
    .add('extend', field.extend)
    .add('protoName', field.protoName !== field.name ? field.protoName : undefined)
    .add('jsonName', field.jsonName !== protobuf.util.jsonName(name) ? field.jsonName : undefined)
    .add('options', field.options)
    .add('comment', field.comment)
    .close();
}

function oneofJson(oneof: protobuf.OneOf): string {
  return new JsonObject().add('options', oneof.options).add('oneof', oneof.oneof).add('comment', oneof.comment).close();
}

function enumJson(enumType: protobuf.Enum): string {
  const shaped = enumType as protobuf.Enum & { valuesOptions?: unknown; visibility?: unknown };
  return new JsonObject()
    .add('edition', (enumType as unknown as Editioned)._editionToJSON())
    .add('options', enumType.options)
    .add('valuesOptions', shaped.valuesOptions)
    .add('values', enumType.values)
    .add('reserved', enumType.reserved && enumType.reserved.length > 0 ? enumType.reserved : undefined)
    .add('visibility', shaped.visibility)
    .add('comment', enumType.comment)
    .add('comments', enumType.comments)
    .close();
}

function serviceJson(service: protobuf.Service): string {
  return new JsonObject()
    .add('edition', (service as unknown as Editioned)._editionToJSON())
    .add('options', service.options || undefined)
    .raw('methods', arrayJson(service.methodsArray, methodJson) ?? '{}')
    .raw('nested', nestedJson(service))
    .add('comment', service.comment)
    .close();
}

function methodJson(method: protobuf.Method): string {
  return new JsonObject()
    .add('type', (method.type !== 'rpc' && method.type) || undefined)
    .add('requestType', method.requestType)
    .add('requestStream', method.requestStream)
    .add('responseType', method.responseType)
    .add('responseStream', method.responseStream)
    .add('options', method.options)
    .add('comment', method.comment)
    .add('parsedOptions', method.parsedOptions)
    .close();
}
