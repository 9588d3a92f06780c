import { fail } from '../../shared/errors';
import { WIRE_PROTOCOLS, type ProtocolChoice, type WireProtocol } from '../../shared/model';
import type { ConnectionOptions } from '../engine';
import { flagBool, flagString, type ParsedArgs } from './parse-args';

const URL_TARGET = /^https?:\/\//i;

/**
 * `--protocol grpc|grpc-web|grpc-web-text|connect`, `--http1` / `--http2` and `--codec proto|json` (Connect),
 * checked against each other and the target: only the web protocols take a URL (`https://host/prefix`).
 */
export function protocolFromFlags(args: ParsedArgs, target: string | undefined): ProtocolChoice {
  const name = flagString(args, 'protocol') ?? 'grpc';
  if (!(WIRE_PROTOCOLS as readonly string[]).includes(name)) fail('BAD_INPUT', `--protocol must be one of ${WIRE_PROTOCOLS.join(', ')}, not "${name}"`);
  const protocol = name as WireProtocol;
  const [http1, http2] = [flagBool(args, 'http1'), flagBool(args, 'http2')];
  if (http1 && http2) fail('BAD_INPUT', '--http1 and --http2 cannot be combined');
  const codec = flagString(args, 'codec');
  if (codec !== undefined && codec !== 'proto' && codec !== 'json') fail('BAD_INPUT', `--codec must be proto or json, not "${codec}"`);
  if (protocol === 'grpc') {
    if (http1) fail('BAD_INPUT', 'gRPC needs HTTP/2: --http1 works with --protocol grpc-web, grpc-web-text or connect');
    if (codec !== undefined) fail('BAD_INPUT', '--codec applies to --protocol connect only');
    if (target !== undefined && URL_TARGET.test(target)) fail('BAD_INPUT', `a URL target (${target}) needs a web protocol: add --protocol grpc-web, grpc-web-text or connect (gRPC takes host:port)`);
    return {};
  }
  if (codec !== undefined && protocol !== 'connect') fail('BAD_INPUT', `--codec applies to --protocol connect only (${protocol} uses proto)`);
  return {
    protocol,
    ...(http1 && { httpVersion: '1.1' as const }),
    ...(http2 && { httpVersion: '2' as const }),
    ...(codec !== undefined && { codec }),
  };
}

const TLS_FLAGS = ['insecure', 'cacert', 'cert', 'key', 'pfx', 'pass-env'];

/**
 * An `http://` URL means plaintext without saying --plaintext (as curl and buf curl read it); with a TLS flag
 * it stays TLS and the engine reports the contradiction.
 */
export function withUrlScheme(options: ConnectionOptions, args: ParsedArgs, target: string | undefined): ConnectionOptions {
  if (!options.tls || target === undefined || !/^http:\/\//i.test(target) || TLS_FLAGS.some((name) => args.flags.has(name))) return options;
  const { keepaliveTimeMs, keepaliveTimeoutMs, maxSendMessageBytes, maxReceiveMessageBytes, compression, authority, proxy } = options;
  return {
    tls: false,
    ...(keepaliveTimeMs !== undefined && { keepaliveTimeMs }),
    ...(keepaliveTimeoutMs !== undefined && { keepaliveTimeoutMs }),
    ...(maxSendMessageBytes !== undefined && { maxSendMessageBytes }),
    ...(maxReceiveMessageBytes !== undefined && { maxReceiveMessageBytes }),
    ...(compression && { compression }),
    ...(authority !== undefined && { authority }),
    ...(proxy !== undefined && { proxy }),
  };
}
