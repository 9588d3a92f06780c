export { encodeProtoJson } from './from-proto-json';
export { decodeToProtoJson, formatJson, type DecodeOptions } from './to-proto-json';
export { exampleMessage, type ExampleOptions } from './example-message';
export { jsonSchemaForType, type JsonSchema } from './json-schema';
