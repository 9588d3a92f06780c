import type { PagedEvent } from '../../../shared/api';
import { compactJson, type CallEvent } from '../../../shared/model';

export type MessageEvent = Extract<CallEvent, { type: 'call.message-sent' | 'call.message-received' }>;

export function isMessageEvent(event: CallEvent): event is MessageEvent {
  return event.type === 'call.message-sent' || event.type === 'call.message-received';
}

// Live events are immutable once received: their preview is computed once, on first render.
const inlinePreviews = new WeakMap<object, { maxChars: number; preview: string }>();

/**
 * A message row's one-line JSON: the engine's preview of a read-back event, or the live event's inline
 * message flattened the same way (compact JSON, cut at `maxChars`). Undefined when neither is at hand.
 */
export function rowPreview(event: PagedEvent, maxChars: number): string | undefined {
  if (event.preview !== undefined) return event.preview;
  if (!isMessageEvent(event) || event.message === undefined) return undefined;
  const known = inlinePreviews.get(event);
  if (known?.maxChars === maxChars) return known.preview;
  const preview = compactJson(JSON.stringify(event.message), maxChars);
  inlinePreviews.set(event, { maxChars, preview });
  return preview;
}
