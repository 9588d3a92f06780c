/** What `ferry call` and `ferry bench` connect to: the connection the flags describe, and the environment chosen with --env. */
import type { EnvironmentChoice } from '../../shared/api';
import { fail, unwrap } from '../../shared/errors';
import type { ConnectionConfig } from '../../shared/model';
import { findWorkspaceRoot, useConnectionAdvice, withoutLeadingDot, type Engine } from '../engine';
import { schemaSourceFromFlags } from './cli-schema';
import { tlsSettingsOf, transportSettingsOf } from './connection-settings';
import { CLI_CONNECTION_ADVICE, connectTimeoutMs, connectionFromFlags, headersFromFlags } from './connection-flags';
import { splitMethod } from './method-name';
import type { ParsedArgs } from './parse-args';
import { protocolFromFlags, withUrlScheme } from './protocol-flags';

/** The connection the flags describe; -H goes with reflection requests too, --reflect-header only there. */
export function connectionConfigFromFlags(args: ParsedArgs, target: string): ConnectionConfig {
  // Connection errors advise the flags that change the setting.
  useConnectionAdvice(CLI_CONNECTION_ADVICE);
  const protocol = protocolFromFlags(args, target);
  const options = withUrlScheme(connectionFromFlags(args), args, target);
  return {
    target,
    ...protocol,
    tls: tlsSettingsOf(options),
    schema: schemaSourceFromFlags(args),
    metadata: [...headersFromFlags(args, 'header'), ...headersFromFlags(args, 'reflect-header')],
    transport: transportSettingsOf(options),
    connectTimeoutMs: connectTimeoutMs(args),
  };
}

/**
 * By reflection, only the called service's files are fetched, without listing every service first: one
 * round trip fewer for each `ferry call`. Only a name with a package is taken as full; a partial name (a
 * service without its package) still needs the whole list to be found.
 */
export function forMethod(config: ConnectionConfig, method: string): ConnectionConfig {
  const [service] = splitMethod(withoutLeadingDot(method.trim()));
  if (config.schema.kind !== 'reflection' || !service.includes('.')) return config;
  return { ...config, schema: { kind: 'reflection', symbols: [service] } };
}

/**
 * `--env NAME`: the workspace around the working directory is opened, and the call goes with the
 * environment as `ferry run` sends a saved request: `{{variables}}` in the target, -H and -d filled in
 * (secrets from FERRY_VAR_*, OAuth 2.0 tokens fetched), the environment's metadata added.
 */
export async function environmentOf(engine: Engine, name: string | undefined): Promise<EnvironmentChoice | undefined> {
  if (name === undefined) return undefined;
  // The nearest folder above with a ferry.workspace.json, else the working directory itself.
  const root = findWorkspaceRoot(process.cwd());
  const snapshot = unwrap(await engine.openWorkspace(root));
  if (!snapshot.environments.some((environment) => environment.name === name)) {
    const found = snapshot.environments.map((environment) => environment.name).join(', ') || 'none';
    fail('BAD_INPUT', `--env ${name}: no environment "${name}" in ${root}/environments (found: ${found}); ferry call looks in the workspace around the working directory`);
  }
  return { environment: name };
}
