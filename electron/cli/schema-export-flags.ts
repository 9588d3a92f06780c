import { SchemaExporter, writeProtoFiles, writeProtoset, type SchemaRegistry } from '../engine';
import { flagString, type ParsedArgs } from './parse-args';

/** Whether --protoset-out or --proto-out-dir was given. */
export function wantsSchemaExport(args: ParsedArgs): boolean {
  return flagString(args, 'protoset-out') !== undefined || flagString(args, 'proto-out-dir') !== undefined;
}

/** Writes the files defining `symbols` and their dependencies, when either export flag was given. */
export async function exportSchemaFromFlags(args: ParsedArgs, registry: SchemaRegistry, symbols: readonly string[]): Promise<void> {
  const protosetOut = flagString(args, 'protoset-out');
  const protoOutDir = flagString(args, 'proto-out-dir');
  if (!wantsSchemaExport(args)) return;
  const files = new SchemaExporter(registry).filesFor(symbols);
  if (protosetOut !== undefined) await writeProtoset(protosetOut, files);
  if (protoOutDir !== undefined) await writeProtoFiles(protoOutDir, registry, files);
}
