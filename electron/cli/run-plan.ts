import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ferryError, type FerryError, type Result } from '../../shared/errors';
import { ENVIRONMENT_FILE_SUFFIX, ENVIRONMENTS_DIR, REQUEST_FILE_SUFFIX, secretEnvName, type WorkspaceRequest } from '../../shared/model';
import { findWorkspaceRoot, loadWorkspace, resolveRequest, type CapturedValues, type ResolvedRequest, type SecretStore } from '../engine';
import { PlannedCaptures, type VariableOverrides } from './run-captures';

export interface PlannedRequest {
  entry: WorkspaceRequest;
  /** Variables this request takes from earlier requests' captures: checked again with their values when it runs. */
  capturedVariables: string[];
  resolveWith(captured: CapturedValues): Result<ResolvedRequest>;
}

/** Everything `ferry run` will send, checked before the first request goes out. */
export interface RunPlan {
  root: string;
  environment?: string;
  requests: PlannedRequest[];
  /** Files that did not parse, unknown variables, a missing environment: any of these means exit 2. */
  errors: FerryError[];
}

function isUnder(path: string, scope: string, scopeIsFile: boolean): boolean {
  return scopeIsFile ? path === scope : path === scope || path.startsWith(scope + sep);
}

/**
 * Loads the workspace around PATH, keeps the requests at or below it (in run order), and resolves their
 * variables. Nothing is sent here: a bad file or an unknown variable is reported for every request at
 * once, before any call, so CI never half-runs a broken collection.
 */
export interface PlanOptions {
  /** `--env`; absent: the workspace's default environment. */
  environment?: string;
  secrets: SecretStore;
  /** `--var` values, and every name `--iteration-data` sets. */
  overrides?: VariableOverrides;
}

export async function planRun(path: string, options: PlanOptions): Promise<RunPlan> {
  const { secrets, overrides = new Map() } = options;
  const scope = resolve(path);
  if (!existsSync(scope)) return { root: scope, requests: [], errors: [ferryError('IO_ERROR', `${path} does not exist`, { file: path })] };
  const scopeIsFile = statSync(scope).isFile();
  if (scopeIsFile && !scope.endsWith(REQUEST_FILE_SUFFIX)) {
    return { root: scope, requests: [], errors: [ferryError('BAD_INPUT', `${path} is not a request file (*${REQUEST_FILE_SUFFIX})`, { file: path })] };
  }
  const root = findWorkspaceRoot(scope);
  const snapshot = await loadWorkspace(root);
  const envName = options.environment ?? snapshot.manifest?.defaultEnvironment;
  const envPath = envName === undefined ? undefined : join(root, ENVIRONMENTS_DIR, `${envName}${ENVIRONMENT_FILE_SUFFIX}`);
  const errors = snapshot.errors.filter((error) => {
    const file = error.details?.file;
    return file === undefined || isUnder(file, scope, scopeIsFile) || file === envPath || !file.startsWith(root + sep) || file.endsWith('ferry.workspace.json');
  });
  const environment = envName === undefined ? undefined : snapshot.environments.find((env) => env.name === envName);
  if (envName !== undefined && !environment && !errors.some((error) => error.details?.file === envPath)) {
    const known = snapshot.environments.map((env) => env.name).join(', ') || 'none';
    errors.push(ferryError('BAD_INPUT', `no environment "${envName}" in ${join(root, ENVIRONMENTS_DIR)} (found: ${known})`, { file: envPath }));
  }
  const requests: PlannedRequest[] = [];
  const inScope = snapshot.requests.filter((request) => isUnder(request.path, scope, scopeIsFile));
  for (const variable of environment?.file.variables ?? []) {
    if (variable.oauth2 && overrides.has(variable.name)) {
      errors.push(ferryError('BAD_INPUT', `${variable.name} is an OAuth 2.0 token of environment "${envName}": Ferry fetches it from its token endpoint, it cannot be given with --var or --iteration-data`, { file: envPath }));
    } else if (variable.secret && overrides.has(variable.name)) {
      errors.push(ferryError('BAD_INPUT', `${variable.name} is a secret variable of environment "${envName}": set ${secretEnvName(variable.name)} instead of giving it with --var or --iteration-data (a command line or a data file is no place for a secret)`, { file: envPath }));
    }
  }
  const captures = new PlannedCaptures(inScope, environment?.file, overrides);
  // Tokens are fetched by the engine when each request runs; the plan only checks that the variables exist.
  const tokens = new Map((environment?.file.variables ?? []).filter((variable) => variable.oauth2).map((variable) => [variable.name, '']));
  for (const entry of inScope) {
    const resolveWith = (captured: CapturedValues) =>
      resolveRequest(entry.file, {
        secrets,
        file: entry.path,
        baseDir: root,
        captured,
        tokens,
        ...(environment && envName !== undefined && { environment: { name: envName, file: environment.file } }),
      });
    const used = new Set<string>();
    const resolved = resolveWith(captures.valuesFor(entry.relativePath, used));
    captures.add(entry.relativePath, entry.file.captures);
    // Checked now, a variable an earlier request captures standing in as `""`; the engine resolves it when it runs.
    if (resolved.ok) requests.push({ entry, capturedVariables: [...used], resolveWith });
    else errors.push(resolved.error);
  }
  if (requests.length === 0 && errors.length === 0) errors.push(ferryError('BAD_INPUT', `no requests (*${REQUEST_FILE_SUFFIX}) in ${path}`, { file: path }));
  return { root, ...(envName !== undefined && { environment: envName }), requests, errors };
}
