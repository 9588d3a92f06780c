import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EnvironmentChoice, FerryEvent, SaveExpectation } from '../../shared/api';
import { fail, unwrap } from '../../shared/errors';
import { ENVIRONMENT_FILE_SUFFIX, ENVIRONMENTS_DIR, REQUEST_FILE_SUFFIX, type EnvironmentFile, type FileStamp, type RequestFile, type WorkspaceSnapshot } from '../../shared/model';
import {
  fromGrpcurlCommand,
  loadWorkspace,
  parseEnvironmentFile,
  containedPath,
  readStampedFile,
  removeTempLeftovers,
  resolveRequest,
  saveRequest,
  toGrpcurlCommand,
  watchWorkspace,
  type SecretStore,
  type WorkspaceWatcher,
} from './workspace';

interface OpenWorkspace {
  root: string;
  watcher: WorkspaceWatcher;
}

/**
 * The engine's side of the workspace commands: one open workspace folder at a time, watched for changes.
 * Every request path is resolved under its root, and a path that would leave it is refused, so a
 * front end cannot write anywhere else on disk through these commands.
 */
export function createEngineWorkspace(emit: (event: FerryEvent) => void, secrets: SecretStore) {
  let current: OpenWorkspace | undefined;

  const rootOf = (): string => current?.root ?? fail('FAILED_PRECONDITION', 'no workspace is open: open a workspace folder first');

  /** The absolute path of a request file inside the open workspace (symbolic links resolved). */
  async function requestPath(path: string): Promise<string> {
    const absolute = await containedPath(rootOf(), path);
    if (!absolute.endsWith(REQUEST_FILE_SUFFIX)) fail('BAD_INPUT', `${path} is not a request file`, { file: path, expected: `a name ending in ${REQUEST_FILE_SUFFIX}` });
    return absolute;
  }

  async function environment(name: string): Promise<{ name: string; file: EnvironmentFile }> {
    if (!/^[^/\\]+$/.test(name) || name.startsWith('.')) fail('BAD_INPUT', `"${name}" is not an environment name`);
    const path = join(rootOf(), ENVIRONMENTS_DIR, `${name}${ENVIRONMENT_FILE_SUFFIX}`);
    const { text } = await readStampedFile(path);
    return { name, file: unwrap(parseEnvironmentFile(text, path)) };
  }

  async function choose(choice: EnvironmentChoice) {
    return choice.environment === undefined ? undefined : { environment: await environment(choice.environment), secrets };
  }

  async function exists(path: string): Promise<boolean> {
    return fs.stat(path).then(
      () => true,
      () => false,
    );
  }

  return {
    async open(dir: string): Promise<WorkspaceSnapshot> {
      const root = resolve(dir);
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat?.isDirectory()) fail('BAD_INPUT', `${dir} is not a folder`, { file: dir, expected: 'an existing folder' });
      await removeTempLeftovers(root);
      const snapshot = await loadWorkspace(root);
      void current?.watcher.close();
      const watcher = watchWorkspace(root, (change) => emit({ type: 'workspace.changed', root, paths: change.paths }));
      current = { root, watcher };
      // Once open, every change on disk is reported.
      await watcher.ready;
      return snapshot;
    },

    async save(path: string, file: RequestFile, expected: SaveExpectation): Promise<FileStamp> {
      const absolute = await requestPath(path);
      let expectation: SaveExpectation = expected;
      if (expected.overwrite) {
        // "Keep mine": compare against what is there now, so the write goes ahead whatever it holds.
        const now = await readStampedFile(absolute).catch(() => undefined);
        expectation = now ? { expectedHash: now.stamp.hash } : {};
      }
      await fs.mkdir(dirname(absolute), { recursive: true });
      const { overwrite: _overwrite, ...check } = expectation;
      return unwrap(await saveRequest(absolute, file, check));
    },

    async remove(path: string): Promise<void> {
      const absolute = await requestPath(path);
      if (!(await exists(absolute))) fail('NOT_FOUND', `${path} does not exist`, { file: path });
      await fs.rm(absolute);
    },

    async rename(from: string, to: string): Promise<void> {
      const source = await requestPath(from);
      const target = await requestPath(to);
      if (!(await exists(source))) fail('NOT_FOUND', `${from} does not exist`, { file: from });
      if (await exists(target)) fail('CONFLICT', `${to} already exists`, { file: to, expected: 'no file' });
      await fs.mkdir(dirname(target), { recursive: true });
      await fs.rename(source, target);
    },

    async resolveTarget(file: RequestFile, choice: EnvironmentChoice): Promise<string> {
      const env = await choose(choice);
      // Only the target matters here: a body with a variable the environment lacks must not hide it.
      const resolved = resolveRequest({ ...file, metadata: [], messages: [] }, { ...env, baseDir: rootOf() });
      return unwrap(resolved).target;
    },

    async copyAsGrpcurl(file: RequestFile, choice: EnvironmentChoice): Promise<string> {
      return unwrap(toGrpcurlCommand(file, current ? await choose(choice) : undefined));
    },

    importGrpcurl: (text: string): RequestFile => unwrap(fromGrpcurlCommand(text)),

    dispose(): void {
      void current?.watcher.close();
      current = undefined;
    },
  };
}
