import protobuf from 'protobufjs';
import { isPlainNamespace } from './cache-entry-format';

/** A file-level option a file set on its package, in the order set: [file, package, option, value, ifNotSet]. */
export type PackageOption = [file: string, pkg: string, name: string, value: unknown, ifNotSet: boolean];

type SetOption = (this: protobuf.ReflectionObject, name: string, value: unknown, ifNotSet?: boolean) => protobuf.ReflectionObject;

/** protobufjs reads the current file name from this static while it parses. */
const parser = protobuf.parse as typeof protobuf.parse & { filename: string | null };

/**
 * Runs a parse noting every option a file sets on its package. protobufjs keeps a package's file-level
 * options (`java_outer_classname`…) on the one namespace all its files share, last file last; a part of a
 * split load parses again files an earlier part owns, after its own, so its namespaces end with an earlier
 * file's values. The notes let the merge set the part's own files' values after the earlier parts', as one
 * parse does (see `replayPackageOptions`).
 */
export function recordingPackageOptions<T>(parse: () => T): { result: T; options: PackageOption[] } {
  const options: PackageOption[] = [];
  const namespaces = protobuf.Namespace.prototype as unknown as { setOption?: SetOption };
  const inherited = protobuf.ReflectionObject.prototype.setOption as SetOption;
  namespaces.setOption = function (name, value, ifNotSet) {
    if (isPlainNamespace(this) && parser.filename !== null) options.push([parser.filename, this.fullName.slice(1), name, value, ifNotSet === true]);
    return inherited.call(this, name, value, ifNotSet);
  };
  try {
    return { result: parse(), options };
  } finally {
    delete namespaces.setOption;
  }
}

/** A package's options after these settings, each made as protobufjs makes it (`ifNotSet`, nested `features.`). */
export function replayPackageOptions(options: Record<string, unknown> | null, settings: readonly PackageOption[]): Record<string, unknown> | null {
  if (settings.length === 0) return options;
  const scratch = new protobuf.Namespace('scratch');
  if (options) scratch.options = structuredClone(options);
  for (const [, , name, value, ifNotSet] of settings) scratch.setOption(name, value, ifNotSet);
  return scratch.options ?? null;
}
