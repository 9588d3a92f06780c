import { fail } from '../../shared/errors';
import type { MetadataEntry } from '../../shared/model';
import type { ConnectionOptions } from '../engine';
import { flagBool, flagList, flagNumber, flagString, type ParsedArgs } from './parse-args';

/** `-H 'key: value'` → a metadata entry. grpcurl's form; the first colon splits. */
export function parseHeader(text: string, flag: string): MetadataEntry {
  const colon = text.indexOf(':');
  if (colon <= 0) fail('BAD_INPUT', `${flag} "${text}" is not of the form 'key: value'`);
  const key = text.slice(0, colon).trim().toLowerCase();
  if (!/^[0-9a-z_.-]+$/.test(key)) fail('BAD_INPUT', `${flag} key "${key}" may hold only 0-9 a-z _ . -`);
  return { key, value: text.slice(colon + 1).trim() };
}

export function headersFromFlags(args: ParsedArgs, name: 'header' | 'reflect-header'): MetadataEntry[] {
  const flag = name === 'header' ? '-H' : '--reflect-header';
  return flagList(args, name).map((text) => parseHeader(text, flag));
}

function checkTlsFlags(args: ParsedArgs): void {
  if (!flagBool(args, 'plaintext')) return;
  const tlsOnly = ['insecure', 'cacert', 'cert', 'key'].filter((name) => args.flags.has(name));
  if (tlsOnly.length > 0) fail('BAD_INPUT', `--plaintext cannot be combined with ${tlsOnly.map((n) => `--${n}`).join(', ')}`);
}

function compressionFromFlags(args: ParsedArgs): 'gzip' | undefined {
  const value = flagString(args, 'compress');
  if (value === undefined) return undefined;
  if (value !== 'gzip') fail('BAD_INPUT', `--compress supports only "gzip", got "${value}"`);
  return value;
}

/** The TLS and transport flags shared by every command that dials. */
export function connectionFromFlags(args: ParsedArgs): ConnectionOptions {
  checkTlsFlags(args);
  const authority = flagString(args, 'authority');
  const keepalive = flagNumber(args, 'keepalive-time');
  const maxSize = flagNumber(args, 'max-msg-size');
  const transport = {
    ...(authority !== undefined && { authority }),
    ...(keepalive !== undefined && { keepaliveTimeMs: Math.round(keepalive * 1000) }),
    ...(maxSize !== undefined && { maxSendMessageBytes: Math.floor(maxSize), maxReceiveMessageBytes: Math.floor(maxSize) }),
    ...(compressionFromFlags(args) && { compression: 'gzip' as const }),
  };
  if (flagBool(args, 'plaintext')) return { tls: false, ...transport };
  const caCertPath = flagString(args, 'cacert');
  const certPath = flagString(args, 'cert');
  const keyPath = flagString(args, 'key');
  return {
    tls: true,
    ...(caCertPath !== undefined && { caCertPath }),
    ...(certPath !== undefined && { certPath }),
    ...(keyPath !== undefined && { keyPath }),
    ...(flagBool(args, 'insecure') && { insecureSkipVerify: true }),
    ...transport,
  };
}

/** Seconds to wait for a connection before giving up; grpcurl's default is 10. */
export function connectTimeoutMs(args: ParsedArgs): number {
  return Math.round((flagNumber(args, 'connect-timeout') ?? 10) * 1000);
}
