/**
 * A connection as `ferry` command-line words, for the commands the page copies (`ferry mock`, `ferry check`):
 * run from the workspace root, so paths inside it are written relative to it.
 */
import { secretEnvName, type ConnectionConfig } from '../../shared/model';

/** A path inside the workspace as the root sees it (CI runs there); any other as it is. */
function fromRoot(path: string, root: string | undefined): string {
  if (root === undefined) return path;
  for (const separator of ['/', '\\']) if (path.startsWith(`${root}${separator}`)) return path.slice(root.length + 1).replaceAll('\\', '/');
  return path;
}

/**
 * A passphrase that is one secret `{{variable}}` is read where the command runs as Ferry reads that variable
 * (FERRY_VAR_<NAME>); a typed one is not written into a command a person pastes into a CI job: the command
 * then asks for it by failing, naming --pass-env.
 */
function passphraseWords(passphrase: string | undefined): string[] {
  const variable = passphrase === undefined ? undefined : /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/.exec(passphrase)?.[1];
  return variable === undefined ? [] : ['--pass-env', secretEnvName(variable)];
}

/** The Proxy setting when it holds no user or password: a CI job's proxy with credentials comes from its environment. */
function proxyWords(proxy: string | undefined): string[] {
  const value = proxy?.trim();
  return value === undefined || value === '' || value.includes('@') || value.includes('{{') ? [] : ['--proxy', value];
}

/** The files a file-based schema was read from: `--proto`/`-I` or `--protoset`; none for reflection. */
export function schemaFileWords(config: ConnectionConfig, root: string | undefined): string[] {
  const { schema } = config;
  if (schema.kind === 'proto-files') return [...schema.files.flatMap((file) => ['--proto', fromRoot(file, root)]), ...schema.importPaths.flatMap((dir) => ['-I', fromRoot(dir, root)])];
  if (schema.kind === 'descriptor-set') return schema.files.flatMap((file) => ['--protoset', fromRoot(file, root)]);
  return [];
}

/** How the server is reached: protocol, TLS (the client's identity too), proxy, then the target. */
export function dialWords(config: ConnectionConfig, root: string | undefined): string[] {
  const { tls } = config;
  const words: string[] = [];
  if (config.protocol) words.push('--protocol', config.protocol);
  if (config.codec) words.push('--codec', config.codec);
  if (config.httpVersion) words.push(config.httpVersion === '2' ? '--http2' : '--http1');
  if (tls.mode === 'plaintext') {
    if (!/^https?:\/\//i.test(config.target)) words.push('--plaintext');
  } else {
    if (tls.caCertPath) words.push('--cacert', fromRoot(tls.caCertPath, root));
    if (tls.certPath && tls.keyPath) words.push('--cert', fromRoot(tls.certPath, root), '--key', fromRoot(tls.keyPath, root));
    if (tls.pfxPath) words.push('--pfx', fromRoot(tls.pfxPath, root));
    words.push(...passphraseWords(tls.passphrase));
    if (tls.insecureSkipVerify) words.push('--insecure');
    if (tls.authority) words.push('--authority', tls.authority);
  }
  return [...words, ...proxyWords(config.transport?.proxy), config.target];
}
