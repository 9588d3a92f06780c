/**
 * What `ferry bench` calls: a method given on the command line (TARGET METHOD -d …, as `ferry call`), or a
 * saved request (FILE.ferry.json, from the workspace around it, as `ferry run` reads one) with its target,
 * TLS, schema, metadata, messages and deadline; either way the engine fills `{{variables}}` in per call.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fail, FerryFailure, unwrap } from '../../../shared/errors';
import type { EnvironmentChoice } from '../../../shared/api';
import type { ConnectionConfig, MetadataEntry } from '../../../shared/model';
import { findWorkspaceRoot, savedConnectionConfig, savedRequestSource, type Engine, type RequestSource } from '../../engine';
import { connectionConfigFromFlags, environmentOf, forMethod } from '../call-connection';
import type { CliIo } from '../cli-io';
import { CONNECTION_FLAGS, SCHEMA_FLAGS } from '../common-flags';
import { headersFromFlags } from '../connection-flags';
import { flagSeconds, flagString, type ParsedArgs } from '../parse-args';
import { readRequestTexts } from '../request-data';

export interface BenchRequest {
  config: ConnectionConfig;
  method: string;
  metadata: MetadataEntry[];
  messages: string[];
  deadlineMs?: number;
  /** Where the messages came from, to place an error about one. */
  source?: RequestSource;
  /** The environment whose variables go in (a saved request's choice to go without its metadata with it), if any. */
  variables?: EnvironmentChoice;
  /** What is benchmarked, for the first line: `pkg.Service/Method at host:port`, or the file. */
  label: string;
}

/** FLAGS TARGET METHOD: the connection the flags describe, -d, -H and --max-time. */
export async function flagsBenchRequest(engine: Engine, args: ParsedArgs, target: string, method: string, io: CliIo): Promise<BenchRequest> {
  const data = await readRequestTexts(flagString(args, 'data'), io, true);
  const environment = await environmentOf(engine, flagString(args, 'env'));
  const deadlineMs = flagSeconds(args, 'max-time');
  return {
    config: forMethod(connectionConfigFromFlags(args, target), method),
    method,
    metadata: headersFromFlags(args, 'header'),
    messages: data?.messages ?? [],
    ...(deadlineMs !== undefined && { deadlineMs }),
    ...(data?.source && { source: data.source }),
    ...(environment && { variables: environment }),
    label: `${method} at ${target}`,
  };
}

/** Flags that describe what a saved request already says: given with a file, they would be quietly ignored. */
const REQUEST_FLAGS = [...CONNECTION_FLAGS, ...SCHEMA_FLAGS].map((flag) => flag.name).filter((name) => name !== 'no-cache').concat('data', 'max-time');

/** FILE.ferry.json: the saved request, and `--env` or the workspace's default environment. */
export async function savedBenchRequest(engine: Engine, args: ParsedArgs, file: string): Promise<BenchRequest> {
  const given = REQUEST_FLAGS.find((name) => args.flags.has(name));
  if (given) fail('BAD_INPUT', `--${given} does not go with a saved request: ${file} says its own target, TLS, schema, metadata, messages and deadline (change the file, or call the method with flags)`);
  const absolute = resolve(file);
  if (!existsSync(absolute)) fail('IO_ERROR', `${file} does not exist`, { file });
  const root = findWorkspaceRoot(dirname(absolute));
  const snapshot = unwrap(await engine.openWorkspace(root));
  const path = relative(root, absolute).split(sep).join('/');
  const broken = snapshot.errors.find((error) => error.details?.file !== undefined && resolve(root, error.details.file) === absolute);
  if (broken) throw new FerryFailure(broken);
  const entry = snapshot.requests.find((request) => request.relativePath === path) ?? fail('BAD_INPUT', `${file} is not a saved request (*.ferry.json) of the workspace at ${root}`, { file });
  const environment = flagString(args, 'env') ?? snapshot.manifest?.defaultEnvironment;
  if (environment !== undefined && !snapshot.environments.some((e) => e.name === environment)) {
    const found = snapshot.environments.map((e) => e.name).join(', ') || 'none';
    fail('BAD_INPUT', `no environment "${environment}" in ${root}/environments (found: ${found})`);
  }
  const request = entry.file;
  const config = savedConnectionConfig(request, root);
  return {
    config,
    method: request.method,
    // The calls send what the connection's reflection sends: the request's enabled entries.
    metadata: config.metadata ?? [],
    messages: request.messages,
    ...(request.deadlineMs !== undefined && { deadlineMs: request.deadlineMs }),
    source: savedRequestSource(absolute, path, request.messages.length),
    ...(environment !== undefined && { variables: { environment, ...(request.environmentMetadata === false && { environmentMetadata: false as const }) } }),
    label: path,
  };
}
