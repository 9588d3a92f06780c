import protobuf from 'protobufjs';

/**
 * A schema cache entry (its text, as `cacheChunks` writes it and `registryFromCacheEntry` reads it):
 *
 *     <the service list, JSON>\n
 *     <UNITS_FORMAT>\n
 *     <unit 0's JSON><unit 1's JSON>…\n
 *     <the index, JSON: CacheIndex>
 *
 * A unit is what sits directly in a package: a message (with what is nested in it), an enum, a service, or
 * a field an `extend` block at file level declares. Each unit's text is protobufjs's JSON of it; the index
 * says where each one ends and which units it needs, so a call builds its method's service and what that
 * refers to (for googleapis, 60 ms a service on average, 0.5 s for the largest, against ~4 s for it all).
 */
export const UNITS_FORMAT = '"ferry schema units 1"';

export interface CacheIndex {
  /** Each unit's full name, without the leading dot, in the order of the tree (the order protobufjs keeps). */
  names: string[];
  /** Where each unit's text ends, counted from the start of the units' line; each starts where the last ended. */
  ends: number[];
  /** The units each unit refers to: field types, method types, the messages its `extend`s extend. */
  deps: number[][];
  /**
   * A unit → the units that extend it (a file-level `extend`, or a message with one inside): they come
   * whenever it does, so its extension fields are there as in a whole build.
   */
  extenders: Record<number, number[]>;
  /** File names, referred to by their place in this list. */
  files: string[];
  /** Each unit's file (-1: none), which every object inside it shares but for `fileExceptions`. */
  unitFiles: number[];
  /** Objects inside a unit whose file differs from their parent's: unit → [name below the unit, file]. */
  fileExceptions: Record<number, Array<[string, number]>>;
  /** Every package namespace with options or a file (root: ''), in the order of the tree: [name, options, file]. */
  namespaces: Array<[string, Record<string, unknown> | null, number]>;
}

export const isPlainNamespace = (object: protobuf.ReflectionObject | null): object is protobuf.Namespace =>
  object instanceof protobuf.Namespace && !(object instanceof protobuf.Type) && !(object instanceof protobuf.Service);

/**
 * The children of `object` (nested objects; a type's fields and oneofs; a service's methods), as the arrays
 * that hold them rather than one array of them all: googleapis has ~260,000 such objects.
 */
function childLists(object: protobuf.ReflectionObject): ReadonlyArray<readonly protobuf.ReflectionObject[]> {
  if (object instanceof protobuf.Type) return [object.nestedArray, object.fieldsArray, object.oneofsArray];
  if (object instanceof protobuf.Service) return [object.nestedArray, object.methodsArray];
  if (object instanceof protobuf.Namespace) return [object.nestedArray];
  return NO_CHILDREN;
}

const NO_CHILDREN: ReadonlyArray<readonly protobuf.ReflectionObject[]> = [];

/**
 * Visits a unit and every object it holds, parents first, each with its name below the unit ('' for the
 * unit itself) and its parent. Leaves out the fields an `extend` elsewhere added to a message here: they
 * belong to the extension's unit. How the writer reads a unit and the reader restores it.
 */
export function walkUnit(unit: protobuf.ReflectionObject, visit: (object: protobuf.ReflectionObject, path: string, parent: protobuf.ReflectionObject | null) => void): void {
  const walk = (object: protobuf.ReflectionObject, path: string, parent: protobuf.ReflectionObject | null) => {
    visit(object, path, parent);
    for (const list of childLists(object)) {
      for (const child of list) {
        if (child instanceof protobuf.Field && child.declaringField) continue;
        walk(child, path === '' ? child.name : `${path}.${child.name}`, object);
      }
    }
  };
  walk(unit, '', null);
}

/** A unit's full name from its package's (the root's is ''). */
export const childName = (namespace: string, name: string): string => (namespace === '' ? name : `${namespace}.${name}`);
