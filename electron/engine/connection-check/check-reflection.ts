/**
 * The reflection step: the server's service list, by reflection v1 and, on UNIMPLEMENTED, v1alpha (as schema
 * loads ask), over the connection's own transport. A connection that reads its schema by reflection cannot
 * open without it, so there a missing or refused reflection service fails; otherwise it only informs.
 */
import { FerryFailure, ferryError } from '../../../shared/errors';
import type { CheckStep } from '../../../shared/model';
import { grpcStatusName } from '../../../shared/util';
import type { ReflectionVersion } from '../reflection/reflection-protocol';
import { METADATA_ADVICE } from './check-health';
import type { CheckRpc } from './check-rpc';
import { isCancel, seconds, step, stopwatch, TimedOut, within, type CheckContext } from './check-steps';
import type { CheckTarget } from './check-target';

/** Services named in the sentence; the rest are counted. */
const SHOWN_SERVICES = 5;

async function listServices(rpc: CheckRpc, version: ReflectionVersion, context: CheckContext): Promise<string[]> {
  const stream = rpc.openReflection(version, Date.now() + context.timeoutMs);
  try {
    const response = await within(context, () => stream.ask({ list_services: '' }));
    const error = response.error_response;
    if (error) throw new FerryFailure(ferryError(grpcStatusName(error.error_code), `reflection (${version}) answered an error: ${error.error_message}`));
    return (response.list_services_response?.service ?? []).map((service) => service.name);
  } finally {
    stream.end();
  }
}

function servicesText(version: ReflectionVersion, listed: readonly string[]): string {
  // The reflection services themselves say nothing about what the server offers.
  const services = listed.filter((name) => !name.startsWith('grpc.reflection.'));
  if (services.length === 0) return `${version}: no services`;
  const shown = services.slice(0, SHOWN_SERVICES).join(', ');
  const more = services.length > SHOWN_SERVICES ? ` and ${services.length - SHOWN_SERVICES} more` : '';
  return `${version}: ${services.length} ${services.length === 1 ? 'service' : 'services'} (${shown}${more})`;
}

const isUnimplemented = (reason: unknown): boolean => reason instanceof FerryFailure && reason.error.code === 'UNIMPLEMENTED';

/** v1, then v1alpha when v1 is UNIMPLEMENTED; undefined when neither is offered. */
async function discover(rpc: CheckRpc, context: CheckContext): Promise<{ version: ReflectionVersion; services: string[] } | undefined> {
  for (const version of ['v1', 'v1alpha'] as const) {
    try {
      return { version, services: await listServices(rpc, version, context) };
    } catch (reason) {
      if (!isUnimplemented(reason)) throw reason;
    }
  }
  return undefined;
}

export async function checkReflection(rpc: CheckRpc, target: CheckTarget, context: CheckContext): Promise<CheckStep> {
  const byReflection = target.config.schema.kind === 'reflection';
  const watch = stopwatch();
  try {
    const found = await discover(rpc, context);
    const durationMs = watch.elapsed();
    if (found) {
      const empty = found.services.every((name) => name.startsWith('grpc.reflection.'));
      return step('reflection', empty && byReflection ? 'warning' : 'ok', servicesText(found.version, found.services), { durationMs });
    }
    if (!byReflection) return step('reflection', 'skipped', 'not offered; this connection reads its schema from files', { durationMs });
    return step('reflection', 'failed', 'the server offers no reflection (v1 or v1alpha), and this connection reads its schema by reflection', {
      advice: 'load .proto files or a descriptor set instead',
      durationMs,
    });
  } catch (reason) {
    if (isCancel(reason)) throw reason;
    const durationMs = watch.elapsed();
    const outcome = byReflection ? 'failed' : 'warning';
    if (reason instanceof TimedOut) return step('reflection', outcome, `no answer to reflection within ${seconds(reason.ms)}`, { durationMs });
    if (!(reason instanceof FerryFailure)) throw reason;
    // Reflection's errors are sentences that name the status (an UNAVAILABLE one says why instead).
    const { code, message } = reason.error;
    const credentials = code === 'UNAUTHENTICATED' || code === 'PERMISSION_DENIED';
    return step('reflection', outcome, message, { ...(credentials && { advice: METADATA_ADVICE }), durationMs });
  }
}
