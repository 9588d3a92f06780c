/**
 * A workspace's mock responses: `mocks/<name>.ferry-mock.json`, each exactly what `ferry mock --responses`
 * reads, so the app's Mock server and a CI job's `ferry mock` answer from the same file in git. They are
 * checked as JSON here; against a schema only when a mock serves them (the schema is the connection's).
 */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fail, ferryError, toFerryError, type FerryError, type Result } from '../../../shared/errors';
import { MOCK_FILE_SUFFIX, MOCKS_DIR, mockFilePath, responsesObject, type FileStamp, type WorkspaceMock } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util';
import { isTempFile } from './atomic-write';
import type { SaveExpectation } from '../../../shared/api';
import { readStampedFile, saveTextChecked } from './checked-save';
import { containedPath } from './contained-path';

/** Larger files stay out of the snapshot every page gets on each change; `ferry mock` still reads them. */
const MOCK_FILE_MAX_BYTES = 1024 * 1024;

/** `mocks/<name>.ferry-mock.json`, relative to the root; refused for a name that would leave the folder. */
export function mockFileName(name: string): string {
  if (!/^[^/\\]+$/.test(name) || name.startsWith('.')) fail('BAD_INPUT', `"${name}" is not a mock name`, { expected: 'a name without / or \\ that does not start with .' });
  return mockFilePath(name);
}

/** Why a text cannot be a responses file (not JSON, or not an object), placed by line; undefined when it can. */
function notResponses(text: string, file: string): FerryError | undefined {
  try {
    responsesObject(text, file);
    return undefined;
  } catch (reason) {
    return toFerryError(reason);
  }
}

/**
 * Every mock file of the workspace, with its text. One that is not a JSON object is listed all the same (the
 * page can mend it) and named in `errors` too; one too large for the snapshot is named there only.
 */
export async function loadMockFiles(root: string, errors: FerryError[]): Promise<WorkspaceMock[]> {
  const dir = join(root, MOCKS_DIR);
  if (!existsSync(dir)) return [];
  const mocks: WorkspaceMock[] = [];
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => byCodeUnits(a.name, b.name));
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(MOCK_FILE_SUFFIX) || isTempFile(entry.name)) continue;
    const path = join(dir, entry.name);
    try {
      const { size } = await fs.stat(path);
      if (size > MOCK_FILE_MAX_BYTES) {
        errors.push(ferryError('RESOURCE_EXHAUSTED', `${path} is ${size} bytes, more than the app opens (${MOCK_FILE_MAX_BYTES}); ferry mock --responses still reads it`, { file: path }));
        continue;
      }
      const { text, stamp } = await readStampedFile(path);
      const problem = notResponses(text, path);
      if (problem) errors.push(problem);
      mocks.push({ name: entry.name.slice(0, -MOCK_FILE_SUFFIX.length), path, text, stamp });
    } catch (reason) {
      errors.push(toFerryError(reason));
    }
  }
  return mocks;
}

/** Writes a mock file as `saveRequest` writes requests: refused when not a JSON object, or changed on disk since read. */
export async function saveMockFile(root: string, name: string, text: string, expected: SaveExpectation): Promise<Result<FileStamp>> {
  const shown = mockFileName(name);
  const problem = notResponses(text, shown);
  if (problem) fail(problem.code, problem.message, problem.details);
  // A mocks folder that is a link out of the workspace is refused, as for requests and environments.
  const path = await containedPath(root, shown);
  await fs.mkdir(join(root, MOCKS_DIR), { recursive: true });
  const { overwrite, ...check } = expected;
  const now = overwrite ? await readStampedFile(path).catch(() => undefined) : undefined;
  return saveTextChecked(path, text, now ? { expectedHash: now.stamp.hash } : check);
}

export async function deleteMockFile(root: string, name: string): Promise<void> {
  const shown = mockFileName(name);
  const path = await containedPath(root, shown);
  if (!existsSync(path)) fail('NOT_FOUND', `mock "${name}" does not exist`, { file: shown });
  await fs.rm(path);
}
