import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fail, ioReason, unwrap } from '../../../shared/errors';
import type { ImportSummary } from '../../../shared/api';
import { bloomRpcImportFiles, importBloomRpcFolder, importInsomnia, insomniaImportFiles, writeImport } from '../../engine';
import type { CliIo } from '../cli-io';
import { HELP_FLAG } from '../common-flags';
import { EXIT_OK } from '../exit-codes';
import { flagBool, flagString, parseArgs } from '../parse-args';

export const IMPORT_USAGE = `Usage: ferry import bloomrpc [DIR] [--into WORKSPACE]
       ferry import insomnia FILE [--into WORKSPACE]

bloomrpc: turns BloomRPC's saved tabs and environments into a Ferry workspace: each tab a request file
under bloomrpc/, each environment a file under environments/ (its url and metadata as variables). DIR is
BloomRPC's data folder (default: ~/.config/BloomRPC on Linux, ~/Library/Application Support/BloomRPC on
macOS, %APPDATA%\\BloomRPC on Windows).

insomnia: the gRPC requests of an Insomnia export (v4 JSON or v5 YAML) under insomnia/<collection>/ in
their folders, its environments (each sub-environment over the base one) under environments/, and the
.proto files a v4 export carries under protos/. Other requests (HTTP, WebSocket) are counted, not imported.

Secret values (an authorization header, a variable named like a token or password) are not written: they
become secret variables, read from FERRY_VAR_<NAME>. WORKSPACE is the folder to write into (default: the
current one); it gets a ferry.workspace.json when it has none. No file is overwritten: if one of the names
is taken, nothing is written. What cannot be carried over is listed as warnings.

  --into DIR    the workspace folder to write into`;

/** Where BloomRPC (an Electron app named BloomRPC) kept its user data on this platform. */
export function bloomRpcDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'BloomRPC');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'BloomRPC');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'BloomRPC');
}

async function importBloomRpcInto(from: string, into: string): Promise<ImportSummary> {
  const imported = unwrap(await importBloomRpcFolder(from));
  return writeImport(imported, bloomRpcImportFiles(imported, into));
}

async function importInsomniaInto(from: string, into: string): Promise<ImportSummary> {
  let text: string;
  try {
    text = await fs.readFile(from, 'utf8');
  } catch (reason) {
    return fail('IO_ERROR', `cannot read ${from}: ${ioReason(reason)}`, { file: from });
  }
  const imported = unwrap(await importInsomnia(text, from));
  return writeImport(imported, insomniaImportFiles(imported, into));
}

/** `ferry import bloomrpc [DIR] | insomnia FILE [--into WORKSPACE]` (see IMPORT_USAGE). */
export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [HELP_FLAG, { name: 'into', value: true }], 'import');
  if (flagBool(args, 'help')) return io.out(`${IMPORT_USAGE}\n`), EXIT_OK;
  const [source, path, ...extra] = args.positionals;
  const usage = 'usage: ferry import bloomrpc [DIR] | insomnia FILE [--into WORKSPACE] (see `ferry import --help`)';
  if ((source !== 'bloomrpc' && source !== 'insomnia') || extra.length > 0 || (source === 'insomnia' && path === undefined)) fail('BAD_INPUT', usage);
  const from = resolve(path ?? bloomRpcDataDir());
  const into = resolve(flagString(args, 'into') ?? '.');
  const summary = source === 'bloomrpc' ? await importBloomRpcInto(from, into) : await importInsomniaInto(from, into);
  for (const warning of summary.warnings) io.err(`ferry import: warning: ${warning}\n`);
  io.out(`imported ${summary.requests} request(s) and ${summary.environments} environment(s) from ${from} into ${into}:\n`);
  for (const file of summary.files) io.out(`  ${file}\n`);
  return EXIT_OK;
}
