import { promises as fs } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fail, ioReason } from '../../../shared/errors';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { ExportedFile } from './export-descriptors';
import { ProtoPrinter } from './export-proto-printer';
import { encodeFileDescriptorSet } from './export-schema';
import type { SchemaRegistry } from './schema-registry';

async function writeOut(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await fs.mkdir(dirname(path), { recursive: true });
  } catch (reason) {
    fail('IO_ERROR', `cannot create the directory for ${path}: ${ioReason(reason)}`, { file: path });
  }
  await writeFileAtomic(path, data);
}

/** `-protoset-out FILE`: a FileDescriptorSet of the files used, each after its dependencies. */
export async function writeProtoset(path: string, files: readonly ExportedFile[]): Promise<void> {
  await writeOut(path, encodeFileDescriptorSet(files));
}

/** The .proto text of one exported file, with relative names wherever protoc reads them the same way. */
export function printProtoFile(registry: SchemaRegistry, file: ExportedFile): string {
  const isDefined = (name: string) => registry.root.lookup(`.${name}`) !== null;
  return new ProtoPrinter(file, { compact: false, sortElements: false, fullyQualifiedNames: false, isDefined }).file();
}

/** `-proto-out-dir DIR`: one .proto file per exported file, at its import path under DIR. Returns the paths written. */
export async function writeProtoFiles(dir: string, registry: SchemaRegistry, files: readonly ExportedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const name = file.file.name!;
    const path = join(dir, name);
    // A name from a server must not climb out of the directory the user chose.
    if (!normalize(path).startsWith(normalize(dir) + sep)) fail('BAD_INPUT', `refusing to write ${name} outside ${dir}`);
    await writeOut(path, printProtoFile(registry, file));
    written.push(path);
  }
  return written;
}

