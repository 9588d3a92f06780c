import { fail } from '../../shared/errors';
import type { MetadataEntry } from '../../shared/model';
import { checkMetadata, metadataEntryProblem, type ConnectionAdvice, type ConnectionOptions } from '../engine';
import { flagBool, flagList, flagNumber, flagSeconds, flagString, type ParsedArgs } from './parse-args';

/** Connection advice in the words of the CLI: the flags that change the setting. */
export const CLI_CONNECTION_ADVICE: ConnectionAdvice = {
  usePlaintext: 'use --plaintext',
  useTls: 'drop --plaintext',
  clientCertificate: 'pass --cert and --key',
  keyForCertificate: 'pass the key with --key',
  certificateForKey: 'pass the certificate with --cert',
  swappedCertificateAndKey: 'did you swap --cert and --key?',
  authority: 'use --authority with a name it holds, or --insecure',
  trustServerCa: 'pass --cacert with its CA, or --insecure',
  expiredCertificate: 'renew it (or check the clock), or use --insecure',
  checkTls: 'check --plaintext (server without TLS) and --cacert (CA of the server certificate)',
  checkAddress: 'check the address and port, and whether the server uses TLS (--plaintext when it does not)',
  proxySetting: '--proxy',
  maxMessageSize: 'raise the limit with --max-msg-size BYTES (4 MiB unless set)',
  keyPassphrase: 'pass --pass-env NAME, NAME being the environment variable that holds its passphrase',
  checkProxy: 'pass --proxy with a proxy that answers, or --proxy direct to dial without one',
};

/** `-H user-agent` is not metadata: gRPC sends one user agent per connection, so it becomes the channel's. */
const USER_AGENT = 'user-agent';

/** `-H 'key: value'` → a metadata entry. grpcurl's form; the first colon splits. */
export function parseHeader(text: string, flag: string): MetadataEntry {
  const colon = text.indexOf(':');
  if (colon <= 0) fail('BAD_INPUT', `${flag} "${text}" is not of the form 'key: value'`);
  const entry = { key: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1).trim() };
  if (flag === '-H' && entry.key === USER_AGENT) return entry;
  const problem = metadataEntryProblem(entry);
  if (problem) fail('BAD_INPUT', `${flag} "${text}": ${problem}`, { fieldPath: entry.key, ...(entry.key === USER_AGENT && { hint: "-H 'user-agent: …' sets it" }) });
  return entry;
}

function parsedHeaders(args: ParsedArgs, name: 'header' | 'reflect-header'): MetadataEntry[] {
  const flag = name === 'header' ? '-H' : '--reflect-header';
  return flagList(args, name).map((text) => parseHeader(text, flag));
}

/** Metadata from `-H` or `--reflect-header`, checked as the engine will check it (so nothing is dialed first). */
export function headersFromFlags(args: ParsedArgs, name: 'header' | 'reflect-header'): MetadataEntry[] {
  const entries = parsedHeaders(args, name).filter((entry) => entry.key !== USER_AGENT);
  checkMetadata(entries);
  return entries;
}

function userAgentFromFlags(args: ParsedArgs): string | undefined {
  const agents = parsedHeaders(args, 'header').filter((entry) => entry.key === USER_AGENT);
  if (agents.length > 1) fail('BAD_INPUT', `-H ${USER_AGENT} is given ${agents.length} times; a connection has one user agent`);
  return agents[0]?.value;
}

function checkTlsFlags(args: ParsedArgs): void {
  if (flagBool(args, 'plaintext')) {
    const tlsOnly = ['insecure', 'cacert', 'cert', 'key', 'pfx', 'pass-env'].filter((name) => args.flags.has(name));
    if (tlsOnly.length > 0) fail('BAD_INPUT', `--plaintext cannot be combined with ${tlsOnly.map((n) => `--${n}`).join(', ')}`);
  }
  const cert = flagString(args, 'cert');
  const key = flagString(args, 'key');
  if (cert !== undefined && key === undefined) fail('BAD_INPUT', `--cert ${cert} needs its private key: pass --key too`, { file: cert });
  if (key !== undefined && cert === undefined) fail('BAD_INPUT', `--key ${key} needs its certificate: pass --cert too`, { file: key });
  if (args.flags.has('pfx') && (cert !== undefined || key !== undefined)) fail('BAD_INPUT', '--pfx holds the certificate and its key: give it, or --cert and --key, not both');
}

/**
 * `--pass-env NAME`: the passphrase of an encrypted --key or a --pfx bundle, read from the environment variable
 * NAME, never given on the command line, where `ps` and the shell's history would show it.
 */
function passphraseFromFlags(args: ParsedArgs): string | undefined {
  const name = flagString(args, 'pass-env');
  if (name === undefined) return undefined;
  const value = process.env[name];
  if (value === undefined || value === '') fail('BAD_INPUT', `--pass-env ${name}: the environment variable ${name} is not set (it holds the passphrase of --key or --pfx)`);
  return value;
}

function compressionFromFlags(args: ParsedArgs): 'gzip' | undefined {
  const value = flagString(args, 'compress');
  if (value === undefined) return undefined;
  if (value !== 'gzip') fail('BAD_INPUT', `--compress supports only "gzip", got "${value}"`);
  return value;
}

/**
 * `--proxy URL|direct`, as given: the engine reads it (and refuses a malformed URL) when it opens the
 * channel, before anything is dialed. Without it, the proxy environment variables apply.
 */
function proxyFromFlags(args: ParsedArgs): string | undefined {
  const proxy = flagString(args, 'proxy');
  if (proxy !== undefined && proxy.trim() === '') fail('BAD_INPUT', '--proxy needs http://[user:password@]host:port, or direct to ignore the proxy environment variables');
  return proxy;
}

/** The TLS and transport flags shared by every command that dials. */
export function connectionFromFlags(args: ParsedArgs): ConnectionOptions {
  checkTlsFlags(args);
  const authority = flagString(args, 'authority');
  const proxy = proxyFromFlags(args);
  const keepalive = flagSeconds(args, 'keepalive-time');
  const maxSize = flagNumber(args, 'max-msg-size');
  const userAgent = userAgentFromFlags(args);
  const transport = {
    ...(authority !== undefined && { authority }),
    ...(keepalive !== undefined && { keepaliveTimeMs: keepalive }),
    ...(maxSize !== undefined && { maxSendMessageBytes: Math.floor(maxSize), maxReceiveMessageBytes: Math.floor(maxSize) }),
    ...(compressionFromFlags(args) && { compression: 'gzip' as const }),
    ...(userAgent !== undefined && { userAgent }),
    ...(proxy !== undefined && { proxy }),
  };
  if (flagBool(args, 'plaintext')) return { tls: false, ...transport };
  const caCertPath = flagString(args, 'cacert');
  const certPath = flagString(args, 'cert');
  const keyPath = flagString(args, 'key');
  const pfxPath = flagString(args, 'pfx');
  const passphrase = passphraseFromFlags(args);
  return {
    tls: true,
    ...(caCertPath !== undefined && { caCertPath }),
    ...(certPath !== undefined && { certPath }),
    ...(keyPath !== undefined && { keyPath }),
    ...(pfxPath !== undefined && { pfxPath }),
    ...(passphrase !== undefined && { passphrase }),
    ...(flagBool(args, 'insecure') && { insecureSkipVerify: true }),
    ...transport,
  };
}

/** How long to wait for a connection before giving up; grpcurl's default is 10 s. */
export function connectTimeoutMs(args: ParsedArgs): number {
  return flagSeconds(args, 'connect-timeout') ?? 10_000;
}
