import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { EnvironmentChoice, FerryEvent, ImportSummary, PickedText, SaveExpectation, TokenTrial, TokenTrialResult } from '../../shared/api';
import { fail, unwrap } from '../../shared/errors';
import {
  ENVIRONMENT_FILE_SUFFIX,
  ENVIRONMENTS_DIR,
  REQUEST_FILE_SUFFIX,
  WORKSPACE_FORMAT_VERSION,
  WORKSPACE_MANIFEST_FILE,
  type EnvironmentFile,
  type FileStamp,
  type OAuth2Grant,
  type RequestFile,
  type WorkspaceSnapshot,
} from '../../shared/model';
import {
  capturedFrom,
  createVariableResolver,
  environmentMetadataOf,
  bloomRpcImportFiles,
  fromGrpcurlCommand,
  importBloomRpc,
  importInsomnia,
  insomniaImportFiles,
  loadWorkspace,
  parseEnvironmentFile,
  parseRequestFile,
  containedPath,
  readStampedFile,
  removeTempLeftovers,
  requestTexts,
  resolveRequest,
  deleteMockFile,
  mockFileName,
  saveEnvironment,
  saveMockFile,
  saveManifest,
  saveRequest,
  serializeEnvironmentFile,
  toGrpcurlCommand,
  signInGrant,
  tokensFor,
  tryGrant,
  watchWorkspace,
  writeImport,
  type ResolvedRequest,
  type InheritedMetadata,
  type ResolveOptions,
  type SecretStore,
  type TokenSource,
  type VariableResolver,
  type WorkspaceWatcher,
} from './workspace';
import { expandProtoFolders } from './schema';

interface OpenWorkspace {
  root: string;
  watcher?: WorkspaceWatcher;
}

/**
 * The engine's side of the workspace commands: one open workspace folder at a time, watched for changes.
 * Every request path is resolved under its root, and a path that would leave it is refused, so a
 * front end cannot write anywhere else on disk through these commands.
 */
export function createEngineWorkspace(emit: (event: FerryEvent) => void, secrets: SecretStore, tokens: TokenSource, options: { watch: boolean } = { watch: true }) {
  let current: OpenWorkspace | undefined;

  const rootOf = (): string => current?.root ?? fail('FAILED_PRECONDITION', 'no workspace is open: open a workspace folder first');

  /** The absolute path of a request file inside the open workspace (symbolic links resolved). */
  async function requestPath(path: string): Promise<string> {
    const absolute = await containedPath(rootOf(), path);
    if (!absolute.endsWith(REQUEST_FILE_SUFFIX)) fail('BAD_INPUT', `${path} is not a request file`, { file: path, expected: `a name ending in ${REQUEST_FILE_SUFFIX}` });
    return absolute;
  }

  /** `environments/<name>.ferry-env.json`, relative to the root. */
  function environmentFileName(name: string): string {
    if (!/^[^/\\]+$/.test(name) || name.startsWith('.')) fail('BAD_INPUT', `"${name}" is not an environment name`, { expected: 'a name without / or \\ that does not start with .' });
    return `${ENVIRONMENTS_DIR}/${name}${ENVIRONMENT_FILE_SUFFIX}`;
  }

  const environmentPath = (name: string): string => join(rootOf(), environmentFileName(name));

  async function environment(name: string): Promise<{ name: string; file: EnvironmentFile }> {
    const path = environmentPath(name);
    const { text } = await readStampedFile(path);
    return { name, file: unwrap(parseEnvironmentFile(text, path)) };
  }

  /**
   * How a front end's choice resolves variables: its environment (read now), its captured values, the secret
   * store, and the OAuth 2.0 tokens that `texts` (what will be resolved) use.
   */
  async function optionsOf(choice: EnvironmentChoice, texts: readonly string[]): Promise<ResolveOptions & { secrets: SecretStore }> {
    const options = await tokenlessOptionsOf(choice);
    const fetched = await tokensFor(options, texts, tokens);
    return fetched ? { ...options, tokens: fetched } : options;
  }

  /**
   * What a grant's own fields resolve with: no token (a grant's field cannot use one), so a grant is checked or
   * signed in with even when the environment's metadata uses the token it is about to bring.
   */
  async function tokenlessOptionsOf(choice: EnvironmentChoice): Promise<ResolveOptions & { secrets: SecretStore }> {
    const captured = capturedFrom(choice.captured);
    return {
      ...(choice.environment !== undefined && { environment: await environment(choice.environment) }),
      ...(captured && { captured }),
      ...(choice.environmentMetadata === false && { environmentMetadata: false as const }),
      // A grant's relative caCertPath is under the root, as a saved request's TLS paths are.
      ...(current && { baseDir: current.root }),
      secrets,
      // Every front end comes here: the app and ferry serve, and the CLI's call --env and bench.
      noEnvironmentHint: 'choose an Environment in the workspace panel, or pass --env NAME to the CLI',
    };
  }

  async function exists(path: string): Promise<boolean> {
    return fs.stat(path).then(
      () => true,
      () => false,
    );
  }

  /** A workspace that is saved into is a workspace: `ferry run` finds its root by the manifest. */
  async function ensureManifest(root: string): Promise<void> {
    const path = join(root, WORKSPACE_MANIFEST_FILE);
    if (await exists(path)) return;
    unwrap(await saveManifest(path, { formatVersion: WORKSPACE_FORMAT_VERSION, name: basename(root) }, {}));
  }

  return {
    async open(dir: string): Promise<WorkspaceSnapshot> {
      const root = resolve(dir);
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat?.isDirectory()) fail('BAD_INPUT', `${dir} is not a folder`, { file: dir, expected: 'an existing folder' });
      await removeTempLeftovers(root);
      const snapshot = await loadWorkspace(root);
      void current?.watcher?.close();
      const watcher = options.watch ? watchWorkspace(root, (change) => emit({ type: 'workspace.changed', root, paths: change.paths })) : undefined;
      current = { root, ...(watcher && { watcher }) };
      // Once open, every change on disk is reported.
      await watcher?.ready;
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
      await ensureManifest(rootOf());
      const { overwrite: _overwrite, ...check } = expectation;
      return unwrap(await saveRequest(absolute, file, check));
    },

    async create(dir: string): Promise<WorkspaceSnapshot> {
      const root = resolve(dir);
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat?.isDirectory()) fail('BAD_INPUT', `${dir} is not a folder`, { file: dir, expected: 'an existing folder' });
      await ensureManifest(root);
      return this.open(root);
    },

    async saveEnvironment(name: string, file: EnvironmentFile, expected: SaveExpectation): Promise<FileStamp> {
      const shown = environmentFileName(name);
      const path = await containedPath(rootOf(), shown);
      // Refused here rather than written: a file `ferry run` could not read back (a bad or repeated name).
      unwrap(parseEnvironmentFile(serializeEnvironmentFile(file), shown));
      await fs.mkdir(dirname(path), { recursive: true });
      await ensureManifest(rootOf());
      const { overwrite, ...check } = expected;
      const now = overwrite ? await readStampedFile(path).catch(() => undefined) : undefined;
      return unwrap(await saveEnvironment(path, file, now ? { expectedHash: now.stamp.hash } : check));
    },

    async importInsomnia(text: string, fileName: string): Promise<ImportSummary> {
      const imported = unwrap(await importInsomnia(text, fileName));
      return writeImport(imported, insomniaImportFiles(imported, rootOf()));
    },

    async importBloomRpc(picked: readonly PickedText[]): Promise<ImportSummary> {
      const file = (name: string) => picked.find((entry) => basename(entry.name) === name);
      const editor = file('editor.json');
      const environments = file('environments.json');
      if (!editor && !environments) fail('BAD_INPUT', `pick BloomRPC's editor.json or environments.json (or both), from its data folder; got ${picked.map((entry) => entry.name).join(', ') || 'nothing'}`);
      const imported = unwrap(importBloomRpc({ ...(editor && { editor: { text: editor.text, path: editor.name } }), ...(environments && { environments: { text: environments.text, path: environments.name } }) }));
      return writeImport(imported, bloomRpcImportFiles(imported, rootOf()));
    },

    async tryToken({ variable, grant, environment: name }: TokenTrial): Promise<TokenTrialResult> {
      const options = await tokenlessOptionsOf(name === undefined ? {} : { environment: name });
      // The check runs from the environment editor: an unsaved environment's variables are not there yet.
      return tryGrant({ ...options, noEnvironmentHint: 'save the environment first: a check takes its variables as saved' }, variable, grant);
    },

    /** A sign-in's grant, its `{{variables}}` filled in as `tryToken` fills them (and as calls do). */
    async signInGrant({ variable, grant, environment: name }: TokenTrial): Promise<OAuth2Grant> {
      const options = await tokenlessOptionsOf(name === undefined ? {} : { environment: name });
      return signInGrant({ ...options, noEnvironmentHint: 'save the environment first: a sign-in takes its variables as saved' }, variable, grant);
    },

    async saveMock(name: string, text: string, expected: SaveExpectation): Promise<FileStamp> {
      const stamp = unwrap(await saveMockFile(rootOf(), name, text, expected));
      await ensureManifest(rootOf());
      return stamp;
    },

    deleteMock: (name: string): Promise<void> => deleteMockFile(rootOf(), name),

    /** Where a mock file of the open workspace is, inside it on disk. */
    mockPath: (name: string): Promise<string> => containedPath(rootOf(), mockFileName(name)),

    async deleteEnvironment(name: string): Promise<void> {
      const shown = environmentFileName(name);
      const path = await containedPath(rootOf(), shown);
      if (!(await exists(path))) fail('NOT_FOUND', `environment "${name}" does not exist`, { file: shown });
      await fs.rm(path);
    },

    /** A saved request of the open workspace, read now and resolved with the choice, as `ferry run` resolves it. */
    async resolveSaved(path: string, choice: EnvironmentChoice): Promise<{ file: RequestFile; resolved: ResolvedRequest; absolutePath: string }> {
      const absolute = await requestPath(path);
      const { text } = await readStampedFile(absolute);
      const file = unwrap(parseRequestFile(text, absolute));
      return { file, resolved: unwrap(resolveRequest(file, { ...(await optionsOf(choiceFor(file, choice), requestTexts(file))), file: path, baseDir: rootOf() })), absolutePath: absolute };
    },

    /**
     * Variables for a call or connection: the chosen environment's (none chosen: built-ins only), with the
     * metadata the environment adds to every request; `texts` are what it will resolve.
     */
    async resolver(choice: EnvironmentChoice, texts: readonly string[]): Promise<{ resolve: VariableResolver; inherited: InheritedMetadata }> {
      const options = await optionsOf(choice, texts);
      return { resolve: createVariableResolver(options), inherited: environmentMetadataOf(options) };
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
      // Only the target matters here: a body (or a passphrase) with a variable the environment lacks must not hide it.
      const resolved = resolveRequest({ ...file, tls: { mode: 'plaintext' }, metadata: [], messages: [] }, { ...(await optionsOf({ ...choice, environmentMetadata: false }, [file.target])), baseDir: rootOf() });
      return unwrap(resolved).target;
    },

    async copyAsGrpcurl(file: RequestFile, choice: EnvironmentChoice): Promise<string> {
      // Without an environment the command keeps its `{{variables}}`: it documents the request.
      const options = current && choice.environment !== undefined ? await optionsOf(choiceFor(file, choice), requestTexts(file)) : undefined;
      return unwrap(toGrpcurlCommand(withFolderFiles(file, current?.root), options?.environment && { ...options, environment: options.environment }));
    },

    importGrpcurl: (text: string): RequestFile => unwrap(fromGrpcurlCommand(text)),

    dispose(): void {
      void current?.watcher?.close();
      current = undefined;
    },
  };
}

/** A request that opts out of the environment's metadata does not use its variables either (no token is fetched for it). */
function choiceFor(file: RequestFile, choice: EnvironmentChoice): EnvironmentChoice {
  return file.environmentMetadata === false ? { ...choice, environmentMetadata: false } : choice;
}

/**
 * grpcurl and buf curl take .proto files, not folders: a folder in the request's schema is written out as the
 * files Ferry would load from it, relative as the folder was (to the workspace root, else the working directory).
 */
function withFolderFiles(file: RequestFile, root: string | undefined): RequestFile {
  const { schema } = file;
  if (schema.kind !== 'proto-files') return file;
  const files = expandProtoFolders(schema.files, { importPaths: schema.importPaths, ...(root !== undefined && { baseDir: root }) });
  return { ...file, schema: { ...schema, files } };
}
