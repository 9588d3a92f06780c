export { createFerryStore, type FerryStore, type FerryStoreOptions } from './ferry-store';
export { FerryStoreProvider, useFerry, useFerryStore } from './store-context';
export { isStreamingRequest } from './editor-slice';
export { bodyProblems, describeJsonProblem, isJsonWithPlaceholders, type BodyProblem, type EditorProblem } from './body-problems';
export { INLINE_MESSAGE_BYTES, RECENT_EVENTS, type SessionView } from './session-view';
export { messageKey, type FerryState, type RequestTab } from './types';
export { requestTargetMismatch, type RequestTargetMismatch } from './request-target';
export type { ConnectionForm, ProtocolOption } from './connection-form';
