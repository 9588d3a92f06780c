import { secretEnvName } from '../../../shared/model';

export { secretEnvName };

/**
 * Where secret variable values come from. Workspace files only say that a variable is secret; the value
 * lives outside the workspace: `FERRY_VAR_<NAME>` environment variables where Ferry runs (below), for the CLI
 * and the desktop app alike.
 */
export interface SecretStore {
  get(name: string): string | undefined;
  /** How a user provides the value, for the error when it is missing (`set FERRY_VAR_TOKEN`). */
  hint(name: string): string;
}

/** Reads secrets from `FERRY_VAR_<NAME>` environment variables, as CI systems provide them. */
export function createEnvSecretStore(env: Readonly<Record<string, string | undefined>> = process.env): SecretStore {
  return {
    get: (name) => env[secretEnvName(name)],
    hint: (name) => `set the environment variable ${secretEnvName(name)}`,
  };
}

/** A store with no secrets: resolving a request that uses one fails with a clear error. */
export const NO_SECRETS: SecretStore = { get: () => undefined, hint: (name) => `set the environment variable ${secretEnvName(name)}` };
