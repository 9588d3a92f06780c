import { attemptSync, fail, unwrap, type Result } from '../../../shared/errors';
import type { EnvironmentFile, RequestFile } from '../../../shared/model';
import { resolveRequest, type CapturedValues } from './resolve-request';
import type { SecretStore } from './secret-store';
import { shellQuote } from './shell-words';
import { toBufCurlCommand } from './to-buf-curl';

export interface GrpcurlEnvironment {
  environment: { name: string; file: EnvironmentFile };
  /** Without it, secret variables cannot be resolved and the export fails naming them. */
  secrets?: SecretStore;
  captured?: CapturedValues;
  /** The OAuth 2.0 tokens the request uses (see resolve-request.ts): the command carries them, as it carries secrets. */
  tokens?: ReadonlyMap<string, string>;
}

/**
 * The request as a grpcurl command, one flag per line with `\` continuations. Without an environment the
 * `{{variables}}` stay as they are (the command documents the request); with one they are substituted.
 * Disabled metadata is left out. Relative paths stay relative: run the command from the workspace root.
 * grpcurl speaks gRPC only: a gRPC-Web or Connect request comes out as a `buf curl` command instead, saying so.
 */
export function toGrpcurlCommand(request: RequestFile, env?: GrpcurlEnvironment): Result<string> {
  return attemptSync(() => {
    refuseClientBundle(request);
    let source = request;
    if (env) {
      const { target, metadata, messages } = unwrap(resolveRequest(request, env));
      source = { ...request, target, messages, metadata: metadata.map((m) => ({ ...m, enabled: true })) };
    }
    if (source.protocol !== undefined && source.protocol !== 'grpc') return toBufCurlCommand(source);
    const lines: string[][] = [['grpcurl'], ...tlsFlags(source), ...schemaFlags(source)];
    for (const entry of source.metadata) if (entry.enabled) lines.push(['-H', `${entry.key}: ${entry.value}`]);
    if (source.deadlineMs !== undefined) lines.push(['-max-time', String(source.deadlineMs / 1000)]);
    if (source.messages.length > 0) lines.push(['-d', source.messages.join('\n')]);
    lines.push([source.target, source.method]);
    return lines.map((words) => words.map(shellQuote).join(' ')).join(' \\\n  ');
  });
}

/** grpcurl and buf curl read PEM files only: a command that dropped the client's identity would fail at the server. */
function refuseClientBundle(request: RequestFile): void {
  const { tls } = request;
  if (tls.mode !== 'tls' || (tls.pfxPath === undefined && tls.passphrase === undefined)) return;
  const what = tls.pfxPath !== undefined ? 'a PKCS#12 bundle' : 'an encrypted client key';
  fail('BAD_INPUT', `this request's client certificate is ${what}, which grpcurl and buf curl cannot read (PEM files only, the key unencrypted): run it with \`ferry call\` and --pfx or --key with --pass-env NAME instead`);
}

function tlsFlags(request: RequestFile): string[][] {
  const { tls } = request;
  if (tls.mode === 'plaintext') return [['-plaintext']];
  const flags: string[][] = [];
  if (tls.insecureSkipVerify) flags.push(['-insecure']);
  if (tls.caCertPath !== undefined) flags.push(['-cacert', tls.caCertPath]);
  if (tls.certPath !== undefined) flags.push(['-cert', tls.certPath]);
  if (tls.keyPath !== undefined) flags.push(['-key', tls.keyPath]);
  if (tls.authority !== undefined) flags.push(['-authority', tls.authority]);
  return flags;
}

function schemaFlags(request: RequestFile): string[][] {
  const { schema } = request;
  if (schema.kind === 'reflection') return [];
  if (schema.kind === 'descriptor-set') return schema.files.map((file) => ['-protoset', file]);
  return [...schema.importPaths.map((dir) => ['-import-path', dir]), ...schema.files.map((file) => ['-proto', file])];
}
