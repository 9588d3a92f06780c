export { encodeProtoJson } from './from-proto-json';
export { decodeToProtoJson, formatJson, type DecodeOptions } from './to-proto-json';
export { exampleMessage, type ExampleOptions } from './example-message';
export { jsonSchemaForType, type JsonSchema } from './json-schema';
export { encodeTextFormat, decodeToTextFormat, type TextFormatOptions, type TextLayout } from './text-format';
export { formatGrpcurlJson, type GrpcurlJsonOptions } from './grpcurl-json';
export { GrpcurlFormatter, fetchAnyTypes, statusDetails, statusTree, type GrpcurlFormatOptions } from './grpcurl-format';
export { typeName, withoutLeadingDot } from './well-known';
