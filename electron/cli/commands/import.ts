import { existsSync, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fail, unwrap } from '../../../shared/errors';
import { ENVIRONMENT_FILE_SUFFIX, ENVIRONMENTS_DIR, REQUEST_FILE_SUFFIX, WORKSPACE_FORMAT_VERSION, WORKSPACE_MANIFEST_FILE } from '../../../shared/model';
import { importBloomRpcFolder, serializeEnvironmentFile, serializeManifestFile, serializeRequestFile, writeFileAtomic } from '../../engine';
import type { CliIo } from '../cli-io';
import { HELP_FLAG } from '../common-flags';
import { EXIT_OK } from '../exit-codes';
import { flagBool, flagString, parseArgs } from '../parse-args';

export const IMPORT_USAGE = `Usage: ferry import bloomrpc [DIR] [--into WORKSPACE]

Turns BloomRPC's saved tabs and environments into a Ferry workspace: each tab a request file under
bloomrpc/, each environment a file under environments/ (its url and metadata as variables). DIR is
BloomRPC's data folder (default: ~/.config/BloomRPC on Linux, ~/Library/Application Support/BloomRPC on
macOS, %APPDATA%\\BloomRPC on Windows). WORKSPACE is the folder to write into (default: the current one);
it gets a ferry.workspace.json when it has none. No file is overwritten: if one of the names is taken,
nothing is written. What cannot be carried over is listed as warnings.

  --into DIR    the workspace folder to write into`;

/** Where BloomRPC (an Electron app named BloomRPC) kept its user data on this platform. */
export function bloomRpcDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'BloomRPC');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'BloomRPC');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'BloomRPC');
}

/** A file name from a display name: `Greeter SayHello` → `greeter-sayhello`. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'request';
}

function uniquePath(dir: string, base: string, suffix: string, taken: Set<string>): string {
  let path = join(dir, `${base}${suffix}`);
  for (let n = 2; taken.has(path); n++) path = join(dir, `${base}-${n}${suffix}`);
  taken.add(path);
  return path;
}

/** `ferry import bloomrpc [DIR] [--into WORKSPACE]` (see IMPORT_USAGE). */
export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [HELP_FLAG, { name: 'into', value: true }], 'import');
  if (flagBool(args, 'help')) return io.out(`${IMPORT_USAGE}\n`), EXIT_OK;
  const [source, dir, ...extra] = args.positionals;
  if (source !== 'bloomrpc' || extra.length > 0) fail('BAD_INPUT', 'usage: ferry import bloomrpc [DIR] [--into WORKSPACE] (see `ferry import --help`)');
  const from = resolve(dir ?? bloomRpcDataDir());
  const into = resolve(flagString(args, 'into') ?? '.');
  const imported = unwrap(await importBloomRpcFolder(from));
  const taken = new Set<string>();
  const files = new Map<string, string>();
  for (const request of imported.requests) files.set(uniquePath(join(into, 'bloomrpc'), slug(request.name), REQUEST_FILE_SUFFIX, taken), serializeRequestFile(request));
  for (const { name, file } of imported.environments) files.set(uniquePath(join(into, ENVIRONMENTS_DIR), slug(name), ENVIRONMENT_FILE_SUFFIX, taken), serializeEnvironmentFile(file));
  const manifest = join(into, WORKSPACE_MANIFEST_FILE);
  if (!existsSync(manifest)) files.set(manifest, serializeManifestFile({ formatVersion: WORKSPACE_FORMAT_VERSION, name: basename(into) }));
  const clashes = [...files.keys()].filter((path) => path !== manifest && existsSync(path));
  if (clashes.length > 0) fail('BAD_INPUT', `nothing was written: ${clashes.map((path) => relative(into, path)).join(', ')} already exist${clashes.length === 1 ? 's' : ''} in ${into}`, { file: clashes[0]! });
  for (const [path, text] of files) {
    await fs.mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, text);
  }
  for (const warning of imported.warnings) io.err(`ferry import: warning: ${warning}\n`);
  io.out(`imported ${imported.requests.length} request(s) and ${imported.environments.length} environment(s) from ${from} into ${into}:\n`);
  for (const path of files.keys()) io.out(`  ${relative(into, path)}\n`);
  return EXIT_OK;
}
