import { describeFerryError, toFerryError } from '../../../shared/errors';
import type { ConnectionConfig } from '../../../shared/model';
import { createChannelPool, waitForReady, type ChannelPool, type ConnectionOptions } from '../../engine';
import { tlsSettingsOf, transportSettingsOf } from '../connection-settings';
import type { GrpcurlCommand } from './grpcurl-command';
import { badUsage, grpcurlFailure, type Timing } from './grpcurl-output';

/** The channel settings a grpcurl command line asks for. */
export function connectionOptions(command: GrpcurlCommand, version: string, warn: (message: string) => void, headerAgents: readonly string[] = []): ConnectionOptions {
  const agents = [command.userAgent, ...headerAgents].filter((agent): agent is string => Boolean(agent));
  const transport = {
    ...(command.keepaliveTime > 0 && { keepaliveTimeMs: command.keepaliveTime * 1000, keepaliveTimeoutMs: command.keepaliveTime * 1000 }),
    // grpcurl's -max-msg-sz limits what it receives only.
    ...(command.maxMsgSz > 0 && { maxReceiveMessageBytes: command.maxMsgSz }),
    userAgent: [...agents, `ferry/${version}`].join(' '),
  };
  if (command.plaintext) return { tls: false, ...transport, ...(command.authority && { authority: command.authority }) };
  if (command.servername && command.authority && command.servername !== command.authority) {
    badUsage('Cannot specify different values for -servername and -authority.');
  }
  if (command.servername && command.authority) warn('Both -servername and -authority are present; prefer only -authority.');
  const override = command.servername ?? command.authority;
  return {
    tls: true,
    ...(command.cacert && !command.insecure && { caCertPath: command.cacert }),
    ...(command.cert && { certPath: command.cert }),
    ...(command.key && { keyPath: command.key }),
    ...(command.insecure && { insecureSkipVerify: true }),
    ...(override && { authority: override }),
    ...transport,
  };
}

/** grpcurl's address: with -unix, a socket path. */
export function dialTarget(command: GrpcurlCommand): string {
  const target = command.target!;
  return command.unix && !target.startsWith('unix://') ? `unix://${target}` : target;
}

/** The same connection for the engine, which makes the call (its schema source is added where the method was found). */
export function engineConnection(target: string, options: ConnectionOptions): Omit<ConnectionConfig, 'schema' | 'metadata'> {
  return { target, tls: tlsSettingsOf(options), transport: transportSettingsOf(options) };
}

/** grpc-js's reason for a failed connection, worded as Go's dialer and TLS stack word it (closely; see the report). */
function goDialError(reason: string, address: string): string {
  // Through a proxy (from the environment), the engine has asked it why: Go dials the proxy, so names it.
  const proxy = /^cannot reach proxy (\S+) \(/.exec(reason);
  if (proxy && /ECONNREFUSED/.test(reason)) return `dial tcp ${proxy[1]}: connect: connection refused`;
  if (/^proxy \S+ \([^)]*\) refused to open a tunnel/.test(reason)) return reason;
  if (/ECONNREFUSED/.test(reason)) return `dial tcp ${address}: connect: connection refused`;
  if (/ENOENT/.test(reason)) return `dial unix ${address.replace(/^unix:\/\//, '')}: connect: no such file or directory`;
  if (/wrong version number|packet length too long/i.test(reason)) return 'tls: first record does not look like a TLS handshake';
  if (/altnames|hostname/i.test(reason)) return `tls: failed to verify certificate: x509: certificate is not valid for ${address.replace(/:\d+$/, '')}`;
  if (/self[- ]signed|unable to verify|issuer|certificate/i.test(reason)) return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  if (/certificate required|handshake failure/i.test(reason)) return 'remote error: tls: certificate required';
  return 'context deadline exceeded';
}

/** Asks a failed channel why: a call that does not wait for readiness fails at once with grpc-js's last error. */
function lastError(client: { makeUnaryRequest: (...args: unknown[]) => unknown }): Promise<string> {
  return new Promise((resolve) => {
    const identity = (value: Buffer) => value;
    client.makeUnaryRequest('/ferry.Dial/Probe', identity, identity, Buffer.alloc(0), (error: { details?: string } | null) => resolve(error?.details ?? ''));
  });
}

export interface Dialer {
  pool: ChannelPool;
  target: string;
  options: ConnectionOptions;
  dial(timing: Timing | undefined): Promise<void>;
  close(): void;
}

/** grpcurl's BlockingDial: connected, or `Failed to dial target host "…": reason` (exit 1). */
export function createDialer(command: GrpcurlCommand, options: ConnectionOptions, timeoutMs: () => number): Dialer {
  const pool = createChannelPool();
  const target = dialTarget(command);
  let dialed: Promise<void> | undefined;
  const fail = (why: string): never => grpcurlFailure(`Failed to dial target host ${JSON.stringify(target)}: ${why}`, 'CONNECTION_FAILED');
  async function dialOnce(timing: Timing | undefined): Promise<void> {
    const step = timing?.child('Dial');
    const tls = options.tls ? step?.child('TLS Setup') : undefined;
    let client: ReturnType<ChannelPool['acquire']>;
    try {
      client = pool.acquire(target, options);
    } catch (reason) {
      const error = toFerryError(reason);
      // Certificate files fail here, and so does a malformed proxy variable (no --proxy in grpcurl's flags).
      if (error.code !== 'TLS_ERROR' && error.code !== 'IO_ERROR') fail(describeFerryError(error));
      grpcurlFailure(`Failed to create TLS config: ${describeFerryError(error)}`, error.code);
    } finally {
      tls?.done();
    }
    const blocking = step?.child('BlockingDial');
    try {
      await waitForReady(client, target, timeoutMs());
    } catch (reason) {
      fail(toFerryError(reason).code === 'UNAVAILABLE' ? 'context deadline exceeded' : describeFerryError(toFerryError(reason)));
    } finally {
      blocking?.done();
      step?.done();
    }
    if (pool.connectivity(target, options) === 'TRANSIENT_FAILURE') fail(goDialError(await lastError(client as never), target));
  }
  return {
    pool,
    target,
    options,
    dial: (timing) => (dialed ??= dialOnce(timing)),
    close: () => pool.close(),
  };
}
