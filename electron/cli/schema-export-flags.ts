import { SchemaExporter, writeProtoFiles, writeProtoset, type SchemaRegistry } from '../engine';
import { flagString, type ParsedArgs } from './parse-args';

/** Writes the files defining `symbols` and their dependencies, when either export flag was given. */
export async function exportSchemaFromFlags(args: ParsedArgs, registry: SchemaRegistry, symbols: readonly string[]): Promise<void> {
  const protosetOut = flagString(args, 'protoset-out');
  const protoOutDir = flagString(args, 'proto-out-dir');
  if (protosetOut === undefined && protoOutDir === undefined) return;
  const files = new SchemaExporter(registry).filesFor(symbols);
  if (protosetOut !== undefined) await writeProtoset(protosetOut, files);
  if (protoOutDir !== undefined) await writeProtoFiles(protoOutDir, registry, files);
}
