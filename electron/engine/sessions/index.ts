export { createSessionLog, type SessionLog, type SessionLogOptions, type MessageDirection, type CallEventInput } from './session-log';
