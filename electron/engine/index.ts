/**
 * The engine's public surface: `electron/cli`, `electron/serve` and `electron/main` import the engine only
 * from here (lint fails a deep import), so what front ends may rely on is listed in one place. The one other
 * entry is proto-tokenizer-first.ts, which a front end loading protobufjs from node_modules imports first.
 */
export { createEngine, type Engine, type EngineOptions } from './create-engine';
export { scrubbedRun } from './saved-request-run';
export { createClientHub, dispatchCommand, invokeCommand, type ClientHub, type ClientTransport, type EngineClient } from './clients';
export { loadSchema, type LoadSchemaOptions } from './load-schema';
// For `ferry list` and `ferry describe`, which load a schema without making a call.
export { createChannelPool, MAX_TIMER_MS, useConnectionAdvice, waitForReady, type ChannelPool, type ConnectionAdvice, type ConnectionOptions } from './channels';
export { checkMetadata, metadataEntryProblem } from './calls';
export { createWebClient, type WebClient } from './protocols';
export { monotonicMs } from './monotonic-clock';
export { DEFAULT_SESSION_LIMITS, type SessionLimits } from './sessions';
// For grpcurl mode's output (its layout of JSON, text format and status blocks) and request data.
export {
  GrpcurlFormatter,
  decodeToProtoJson,
  decodeToTextFormat,
  encodeProtoJson,
  encodeTextFormat,
  fetchAnyTypes,
  statusDetails,
  statusTree,
  type GrpcurlFormatOptions,
  type TextLayout,
  typeName,
  withoutLeadingDot,
} from './codec';
export { describeSymbol, expandProtoFolders, openSchemaCache, summarizeMethod, type MethodDescriptor, type SchemaCache, type SchemaRegistry } from './schema';
export { SchemaExporter, describeSymbolText, writeProtoFiles, writeProtoset, type DescribedSymbol } from './schema';
export {
  parsePart,
  partOutcome,
  runSchemaPart,
  useParseThreads,
  workerParseThreads,
  type ParsedPart,
  type ParseThreads,
  type PartJob,
  type PartOutcome,
  type PartThread,
  type WorkerScript,
} from './schema';
export {
  createTokenSource,
  createEnvSecretStore,
  findWorkspaceRoot,
  importBloomRpcFolder,
  importInsomnia,
  bloomRpcImportFiles,
  insomniaImportFiles,
  writeImport,
  inMessage,
  loadWorkspace,
  messageIn,
  placeInInput,
  placeInRequest,
  redactSecretValues,
  resolveRequest,
  savedConnectionConfig,
  savedRequestSource,
  serializeEnvironmentFile,
  serializeManifestFile,
  serializeRequestFile,
  variableNames,
  writeFileAtomic,
  type AssertionResult,
  type CapturedValue,
  type CapturedValues,
  type MessageText,
  type RequestSource,
  type ResolvedRequest,
  type SecretStore,
  type TokenSource,
  type SourceMessage,
} from './workspace';
export { parseMockScript, startMockServer, type MockAnswer, type MockCall, type MockServer } from './mock';
