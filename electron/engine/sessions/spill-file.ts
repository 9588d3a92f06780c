import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

/** An append-only file read back by offset. Opened on the first append, so a short session touches no disk. */
export interface SpillFile {
  readonly size: number;
  /** Appends and returns the offset the bytes start at. Throws on an I/O error. */
  append(bytes: Uint8Array): number;
  read(offset: number, length: number): Buffer;
  /** Closes and deletes the file (no-op when it was never written). */
  remove(): void;
}

export function createSpillFile(path: string): SpillFile {
  let fd: number | undefined;
  let size = 0;

  return {
    get size() {
      return size;
    },
    append(bytes) {
      fd ??= openSync(path, 'a+', 0o600);
      const offset = size;
      for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      size += bytes.byteLength;
      return offset;
    },
    read(offset, length) {
      const out = Buffer.allocUnsafe(length);
      if (fd === undefined) throw new Error(`spill file ${path} was never written`);
      for (let done = 0; done < length; ) {
        const got = readSync(fd, out, done, length - done, offset + done);
        if (got === 0) throw new Error(`spill file ${path} ends before byte ${offset + length}`);
        done += got;
      }
      return out;
    },
    remove() {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      rmSync(path, { force: true });
    },
  };
}
