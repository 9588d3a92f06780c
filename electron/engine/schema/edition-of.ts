import type protobuf from 'protobufjs';

/**
 * The syntax protobufjs read an object's file with: 'proto2', 'proto3' or an edition. protobufjs keeps it on
 * the file's top-level objects only; fields and nested types inherit it from there.
 */
export function editionOf(object: protobuf.ReflectionObject | null): string | undefined {
  for (let at = object; at; at = at.parent) {
    const edition = (at as unknown as { _edition?: string | null })._edition;
    if (edition) return edition;
  }
  return undefined;
}
