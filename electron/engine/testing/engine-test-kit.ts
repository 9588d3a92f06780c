/** Test-only helpers for driving an engine through its FerryApi. */
import type { FerryApi, FerryEvent } from '../../../shared/api';
import type { CallEvent } from '../../../shared/model';

/** Every event of one call, resolved when its `call.ended` arrives. Subscribe before the call can end. */
export function collectCall(engine: Pick<FerryApi, 'onEvent'>, callId: string): Promise<CallEvent[]> {
  const events: CallEvent[] = [];
  return new Promise((resolve) => {
    const stop = engine.onEvent((event: FerryEvent) => {
      if (event.type !== 'call.events' || event.callId !== callId) return;
      events.push(...event.events);
      if (event.events.some((e) => e.type === 'call.ended')) {
        stop();
        resolve(events);
      }
    });
  });
}
