import { closeSync, openSync, readSync, rm, writevSync } from 'node:fs';

/** An append-only file read back by offset. Opened on the first append, so a short session touches no disk. */
export interface SpillFile {
  readonly size: number;
  /** Appends the parts, in order, and returns the offset they start at. Throws on an I/O error. */
  append(parts: readonly Uint8Array[]): number;
  read(offset: number, length: number): Buffer;
  /** Closes the file and deletes it off the main thread (no-op when it was never written). */
  remove(): void;
}

/** Buffers per writev call (the usual system limit). */
const IOV_MAX = 1024;

export function createSpillFile(path: string): SpillFile {
  let fd: number | undefined;
  let size = 0;

  return {
    get size() {
      return size;
    },
    append(parts) {
      fd ??= openSync(path, 'a+', 0o600);
      const offset = size;
      // One gathered write, no copy into a joined buffer; a short write (large chunks) continues where it stopped.
      let pending = parts.filter((part) => part.byteLength > 0);
      while (pending.length > 0) {
        let written = writevSync(fd, pending.slice(0, IOV_MAX));
        size += written;
        let i = 0;
        while (i < pending.length && written >= pending[i]!.byteLength) written -= pending[i++]!.byteLength;
        pending = pending.slice(i);
        if (written > 0) pending[0] = pending[0]!.subarray(written);
      }
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
      // Deleting a large file frees its blocks within the call, ~50 ms per GiB on ext4 here: done in libuv's
      // pool, so releasing a big session does not stall every other call. An error leaves the file to the
      // spill folder's removal at exit.
      rm(path, { force: true }, () => undefined);
    },
  };
}
