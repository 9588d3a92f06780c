export { startCall, type CallSession, type CallCodec, type StartCallOptions } from './call-session';
export { checkMetadata, fromGrpcMetadata, metadataEntryProblem, toGrpcMetadata } from './metadata';
export { decodeStatusDetails, richDetailsFromTrailers, STATUS_DETAILS_KEY, type DetailDecoder } from './status-details';
export type { MessageDirection } from '../sessions/session-log';
export { explainUnavailable } from './call-status';
