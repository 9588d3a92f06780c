/**
 * The health step: `grpc.health.v1.Health/Check` for the server as a whole (`service: ""`), the question
 * load balancers and Kubernetes ask. Its two messages are one field each, written and read here by hand:
 * HealthCheckRequest { string service = 1; }, HealthCheckResponse { ServingStatus status = 1; }.
 */
import { FerryFailure } from '../../../shared/errors';
import type { CheckStep } from '../../../shared/model';
import { GRPC_STATUS } from '../../../shared/util';
import { isCancel, seconds, step, stopwatch, TimedOut, type CheckContext } from './check-steps';
import type { CheckRpc } from './check-rpc';

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/** HealthCheckResponse.ServingStatus. */
export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

export const METADATA_ADVICE = 'the server wants credentials: send them as the connection\'s metadata (an authorization header, say), which goes with reflection and this check';

function varint(value: number): number[] {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return [...bytes, rest];
    bytes.push((rest % 128) | 0x80);
  }
}

/** A HealthCheckRequest; the empty service (the default, so no bytes at all) asks about the whole server. */
export function encodeHealthRequest(service = ''): Uint8Array {
  if (service === '') return new Uint8Array(0);
  const name = Buffer.from(service, 'utf8');
  return Uint8Array.from([0x0a, ...varint(name.length), ...name]);
}

/** The `status` field of a HealthCheckResponse (0, UNKNOWN, when absent), skipping any other field. */
export function decodeHealthStatus(bytes: Uint8Array): number {
  let status = 0;
  let at = 0;
  const readVarint = (): number => {
    let value = 0;
    for (let shift = 0; at < bytes.length; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error('a varint runs past the end of the message');
  };
  while (at < bytes.length) {
    const tag = readVarint();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === 0) {
      status = readVarint();
      continue;
    }
    // Another field, skipped by its wire type: a varint read, or a length (`at += readVarint()` would add to
    // `at` as it was before the read).
    if (wire === 0) readVarint();
    else if (wire === 2) {
      const length = readVarint();
      at += length;
    } else if (wire === 1 || wire === 5) at += wire === 1 ? 8 : 4;
    else throw new Error(`wire type ${wire} has no place in a HealthCheckResponse`);
    if (at > bytes.length) throw new Error('a field runs past the end of the message');
  }
  return status;
}

function servingStep(bytes: Uint8Array | undefined, durationMs: number): CheckStep {
  let status: number;
  try {
    status = decodeHealthStatus(bytes ?? new Uint8Array(0));
  } catch (reason) {
    return step('health', 'warning', `the health service answered a message that does not read: ${(reason as Error).message}`, { durationMs });
  }
  const name = SERVING_STATUS[status];
  if (name === 'SERVING') return step('health', 'ok', 'SERVING', { durationMs });
  if (name === 'NOT_SERVING') {
    return step('health', 'failed', 'NOT_SERVING: the server says it cannot take calls now', { advice: 'check the server (its logs, what it depends on), or wait until it is ready', durationMs });
  }
  if (name === 'SERVICE_UNKNOWN') return step('health', 'warning', 'SERVICE_UNKNOWN: the health service keeps no status for the server as a whole (service "")', { durationMs });
  if (name === 'UNKNOWN') return step('health', 'warning', 'UNKNOWN: the health service does not know yet whether the server is serving', { durationMs });
  return step('health', 'warning', `status ${status}, which grpc.health.v1 does not define`, { durationMs });
}

export async function checkHealth(rpc: CheckRpc, context: CheckContext): Promise<CheckStep> {
  const watch = stopwatch();
  try {
    const { status, response } = await rpc.unary(HEALTH_CHECK_PATH, encodeHealthRequest(), context);
    const durationMs = watch.elapsed();
    if (status.code === GRPC_STATUS.OK) return servingStep(response, durationMs);
    if (status.code === GRPC_STATUS.UNIMPLEMENTED) return step('health', 'skipped', 'no health service (grpc.health.v1)', { durationMs });
    if (status.code === GRPC_STATUS.UNAUTHENTICATED || status.code === GRPC_STATUS.PERMISSION_DENIED) {
      return step('health', 'warning', `${status.name}: ${status.message}`, { advice: METADATA_ADVICE, durationMs });
    }
    return step('health', 'warning', `${status.name}: ${status.message}`, { durationMs });
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    const durationMs = watch.elapsed();
    if (reason instanceof TimedOut) return step('health', 'warning', `the health service gave no answer within ${seconds(reason.ms)}`, { durationMs });
    // A call the transport refuses before sending (a closed client) is a finding too; anything else is a bug.
    if (reason instanceof FerryFailure) return step('health', 'warning', `${reason.error.code}: ${reason.error.message}`, { durationMs });
    throw reason;
  }
}
