export { startCall, type CallSession, type StartCallOptions } from './call-session';
export { callCodec, type CallCodec } from './call-codec';
export type { CallTransport, OpenCallTransport, TransportListener, TransportRequest, TransportStatus } from './call-transport';
export { grpcTransport } from './grpc-transport';
export { checkMetadata, fromGrpcMetadata, metadataEntryProblem, toGrpcMetadata } from './metadata';
export { decodeStatusDetails, STATUS_DETAILS_KEY, type DetailDecoder } from './status-details';
export { explainUnavailable } from './call-status';
