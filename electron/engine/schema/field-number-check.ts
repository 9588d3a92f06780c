import protobuf from 'protobufjs';
import { failAtPlace } from './proto-errors';
import { childPath, placeInFile } from './proto-error-details';
import { escapeRegExp } from './proto-text-places';

const MAX_FIELD_NUMBER = 536_870_911;
/** Field numbers the protobuf implementation keeps for itself. */
const IMPLEMENTATION_FIRST = 19_000;
const IMPLEMENTATION_LAST = 19_999;

/** The first field a parse gave a wrong number, noted as protobufjs adds it (see `watchFieldNumbers`). */
export interface FieldNumberWatch {
  wrong(): protobuf.Field | undefined;
  stop(): void;
}

/**
 * Notes, until stopped, the first field given a number protoc refuses and protobufjs takes: 0, numbers
 * above 2^29 − 1 (a tag holds 29 bits of number) and 19000–19999. A message with one would be written with
 * a tag no peer accepts, and protoc would not have compiled the file. Noted as protobufjs adds each field to
 * its message or `extend` scope: a walk of every field afterwards cost ~50 ms on googleapis, against next to
 * nothing here. The parse checks after each file, so the error comes in the order of the files, in one
 * thread or split over several.
 */
export function watchFieldNumbers(): FieldNumberWatch {
  let wrong: protobuf.Field | undefined;
  const restore = [protobuf.Type.prototype, protobuf.Namespace.prototype].map((prototype) => {
    const add = prototype.add;
    prototype.add = function (this: protobuf.Namespace, object: protobuf.ReflectionObject) {
      if (wrong === undefined && object instanceof protobuf.Field && isWrong(object.id)) wrong = object;
      return add.call(this, object);
    };
    return () => (prototype.add = add);
  });
  return {
    wrong: () => wrong,
    stop: () => restore.forEach((undo) => undo()),
  };
}

const isWrong = (id: number): boolean => id < 1 || id > MAX_FIELD_NUMBER || (id >= IMPLEMENTATION_FIRST && id <= IMPLEMENTATION_LAST);

function numberProblem(id: number): string {
  if (id >= IMPLEMENTATION_FIRST && id <= IMPLEMENTATION_LAST) return `${IMPLEMENTATION_FIRST}–${IMPLEMENTATION_LAST} are reserved for the protobuf implementation`;
  return `field numbers go from 1 to ${MAX_FIELD_NUMBER}`;
}

/**
 * The error for a field `watchFieldNumbers` noted while `file` (its text `text`) was parsed: its name, its
 * number, why, and where the number is.
 */
export function failFieldNumber(field: protobuf.Field, file: string, text: string): never {
  const parent = field.parent!;
  const message = `field ${childPath(parent, field.name)} has number ${field.id}: ${numberProblem(field.id)}`;
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(field.name)}\\s*=\\s*(?<at>${field.id})(?![\\w.])`, 'dg');
  return failAtPlace(placeInFile(file, message, text, pattern, parent.fullName));
}
