import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import { fail } from '../../../shared/errors';
import { descriptorExtension } from './descriptor-extension';
import { decodePlain } from './plain-decode';

/** A FileDescriptorProto as a plain object (the form `Root.fromDescriptor` handles correctly, maps included). */
export type FileDescriptor = descriptor.IFileDescriptorProto;

const FILE_DESCRIPTOR_SET_FILE = 1;
const FILE_SOURCE_CODE_INFO = 9;
const LENGTH_DELIMITED = 2;
/** One of descriptor.proto's message types, from protobufjs's descriptor extension (loaded on first use). */
const descriptorType = (name: 'FileDescriptorProto' | 'SourceCodeInfo'): protobuf.Type => descriptorExtension()[name] as unknown as protobuf.Type;

/**
 * One FileDescriptorProto as a plain object, by `decodePlain`: what protobufjs's generated decoder and
 * `toObject` give, with nothing to compile on first use (see plain-decode.ts).
 */
export function decodeFileDescriptor(bytes: Uint8Array): FileDescriptor {
  return decodePlain(descriptorType('FileDescriptorProto'), bytes) as FileDescriptor;
}

/**
 * A FileDescriptorSet's files, each decoded as `decodeFileDescriptor` does except its source_code_info, which
 * is decoded when first read. A set built with --include_source_info (buf's
 * default) is mostly source info: 82 of googleapis's 103 MB, and ~3.5 s of the ~4.5 s its decode took, for
 * comments that a `ferry list` needs only on services.
 */
export function decodeFileDescriptorSet(bytes: Uint8Array): FileDescriptor[] {
  const files: FileDescriptor[] = [];
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === FILE_DESCRIPTOR_SET_FILE && (tag & 7) === LENGTH_DELIMITED) files.push(decodeWithLazySourceInfo(reader.bytes()));
    else reader.skipType(tag & 7);
  }
  return files;
}

function decodeWithLazySourceInfo(bytes: Uint8Array): FileDescriptor {
  const rest: Uint8Array[] = [];
  const info: Uint8Array[] = [];
  const reader = protobuf.Reader.create(bytes);
  let from = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    if (tag >>> 3 !== FILE_SOURCE_CODE_INFO || (tag & 7) !== LENGTH_DELIMITED) {
      reader.skipType(tag & 7);
      continue;
    }
    rest.push(bytes.subarray(from, start));
    // Repeated occurrences of a message field merge, as their concatenation decodes.
    info.push(reader.bytes());
    from = reader.pos;
  }
  if (info.length === 0) return decodeFileDescriptor(bytes);
  rest.push(bytes.subarray(from));
  const file = decodeFileDescriptor(Buffer.concat(rest));
  Object.defineProperty(file, 'sourceCodeInfo', {
    configurable: true,
    enumerable: true,
    get() {
      const value = decodeSourceInfo(file.name ?? '(unnamed file)', Buffer.concat(info));
      Object.defineProperty(file, 'sourceCodeInfo', { value, configurable: true, enumerable: true, writable: true });
      return value;
    },
  });
  return file;
}

function decodeSourceInfo(fileName: string, bytes: Uint8Array): FileDescriptor['sourceCodeInfo'] {
  try {
    return decodePlain(descriptorType('SourceCodeInfo'), bytes) as FileDescriptor['sourceCodeInfo'];
  } catch (reason) {
    return fail('SCHEMA_ERROR', `the source_code_info of ${fileName} in the descriptor set cannot be read: ${reason instanceof Error ? reason.message : String(reason)}`, { file: fileName });
  }
}
