import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { attempt, fail, ioReason, type FerryErrorCode, type Result } from '../../../shared/errors';
import type { EnvironmentFile, FileStamp, RequestFile, WorkspaceManifest } from '../../../shared/model';
import { writeFileAtomic } from './atomic-write';
import { serializeEnvironmentFile } from './formats/environment-file';
import { serializeManifestFile } from './formats/manifest-file';
import { parseRequestFile, serializeRequestFile } from './formats/request-file';

/**
 * The code of a save refused because the file changed on disk since it was read. gRPC's ABORTED is the
 * conventional "concurrency conflict" status; `details.expected` says what the caller believed.
 */
export const CONFLICT: FerryErrorCode = 'CONFLICT';

/**
 * What the caller saw when it read the file. With neither field the file must not exist yet: a save never
 * overwrites content nobody has seen. When both are given the hash decides (a `touch` is not a conflict).
 */
export interface SaveExpectation {
  expectedMtimeMs?: number;
  expectedHash?: string;
}

export function hashText(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a file with the stamp a later save compares against. */
export async function readStampedFile(path: string): Promise<{ text: string; stamp: FileStamp }> {
  try {
    const bytes = await fs.readFile(path);
    const stat = await fs.stat(path);
    return { text: bytes.toString('utf8'), stamp: { mtimeMs: stat.mtimeMs, hash: hashText(bytes) } };
  } catch (reason) {
    return fail('IO_ERROR', `cannot read ${path}: ${ioReason(reason)}`, { file: path });
  }
}

async function currentStamp(path: string): Promise<FileStamp | undefined> {
  try {
    return (await readStampedFile(path)).stamp;
  } catch {
    return undefined;
  }
}

function checkExpectation(path: string, current: FileStamp | undefined, expected: SaveExpectation): void {
  const { expectedHash, expectedMtimeMs } = expected;
  if (expectedHash === undefined && expectedMtimeMs === undefined) {
    if (current) fail(CONFLICT, `${path} already exists; reload it before saving over it`, { file: path, expected: 'no file' });
    return;
  }
  if (!current) fail(CONFLICT, `${path} was deleted or moved since it was read`, { file: path, expected: 'the file as it was read' });
  const changed = expectedHash !== undefined ? current.hash !== expectedHash : current.mtimeMs !== expectedMtimeMs;
  if (changed) {
    fail(CONFLICT, `${path} changed on disk since it was read (another editor, or a git pull); reload it or save elsewhere`, {
      file: path,
      expected: 'the file as it was read',
    });
  }
}

/**
 * Writes `text` atomically after checking nobody changed the file since the caller read it. The check and
 * the rename are not one atomic step; the window is milliseconds, against edits that take minutes.
 */
export async function saveTextChecked(path: string, text: string, expected: SaveExpectation = {}): Promise<Result<FileStamp>> {
  return attempt(async () => {
    checkExpectation(path, await currentStamp(path), expected);
    await writeFileAtomic(path, text);
    const stat = await fs.stat(path);
    return { mtimeMs: stat.mtimeMs, hash: hashText(text) };
  });
}

/** A request that would not read back (a bad JSONPath, a capture's variable name) is refused, not written. */
export async function saveRequest(path: string, file: RequestFile, expected?: SaveExpectation): Promise<Result<FileStamp>> {
  const text = serializeRequestFile(file);
  const readBack = parseRequestFile(text, path);
  return readBack.ok ? saveTextChecked(path, text, expected) : readBack;
}

export function saveEnvironment(path: string, file: EnvironmentFile, expected?: SaveExpectation): Promise<Result<FileStamp>> {
  return saveTextChecked(path, serializeEnvironmentFile(file), expected);
}

export function saveManifest(path: string, manifest: WorkspaceManifest, expected?: SaveExpectation): Promise<Result<FileStamp>> {
  return saveTextChecked(path, serializeManifestFile(manifest), expected);
}
