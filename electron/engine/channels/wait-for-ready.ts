import type * as grpc from '@grpc/grpc-js';
import { FerryFailure, ferryError } from '../../../shared/errors';
import { connectionAdvice } from './connection-advice';
import { grpcJs } from './grpc-js';
import { ProxiedChannel } from './proxied-channel';
import { proxyName } from './proxy-failure';
import { checkTimerMs } from './transport-limits';

/**
 * Waits until the channel is connected or has failed once (refused, unresolvable, TLS handshake): then the
 * RPC that follows fails at once with grpc-js's precise reason, which the call layer explains. Only a
 * target that never answers (dropped packets) hits the timeout. grpc-js's own waitForReady retries
 * through failures, which would turn "connection refused" into a ten-second wait with no reason given.
 */
export function waitForReady(client: grpc.Client, target: string, timeoutMs: number): Promise<void> {
  checkTimerMs(timeoutMs, 'the connect timeout');
  const { connectivityState } = grpcJs();
  const channel = client.getChannel();
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state === connectivityState.READY || state === connectivityState.TRANSIENT_FAILURE) return resolve();
      if (state === connectivityState.SHUTDOWN) return reject(new FerryFailure(ferryError('UNAVAILABLE', `the channel to ${target} is closed`)));
      channel.watchConnectivityState(state, deadline, (error) => {
        if (!error) return check();
        void timedOut(channel, target, timeoutMs).then(reject);
      });
    };
    check();
  });
}

/** Nothing connected in time; through a proxy, a proxy that refuses or does not answer says so instead. */
async function timedOut(channel: grpc.ChannelInterface, target: string, timeoutMs: number): Promise<FerryFailure> {
  const refused = channel instanceof ProxiedChannel ? await channel.refusal() : undefined;
  if (refused !== undefined) return new FerryFailure(ferryError('UNAVAILABLE', refused));
  const via = channel instanceof ProxiedChannel ? ` through ${proxyName(channel.hop.route)}` : '';
  const hint = connectionAdvice().checkAddress;
  return new FerryFailure(ferryError('UNAVAILABLE', `cannot connect to ${target}${via} within ${(timeoutMs / 1000).toFixed(1)} s`, { hint }));
}
