export { createSessionRecorder, DEFAULT_BATCH_INTERVAL_MS, type SessionRecorder, type SessionRecorderOptions, type CallEventInput } from './session-recorder';
export { createSessionStore, createTransientStore, type SessionStore, type SessionStoreLimits } from './session-store';
export { createSpillSpace, type SpillSpace } from './spill-space';
export { spillFolder } from './spill-folder';
export { DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-limits';
