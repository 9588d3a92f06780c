export * from './grpc-status';
export { jsonStringRanges } from './json-string-ranges';
