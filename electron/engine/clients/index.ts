export { createClientHub, type ClientHub, type EngineClient } from './client-hub';
export { coalesceEvents, createEventOutbox, type ClientTransport, type EventOutbox } from './event-outbox';
export { dispatchCommand, invokeCommand } from './invoke-command';
export { inlineMessages, type DecodeMessage } from './inline-messages';
