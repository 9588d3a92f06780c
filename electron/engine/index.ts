/**
 * The engine's public surface: `electron/cli`, `electron/serve` and `electron/main` import the engine only
 * from here (lint fails a deep import), so what front ends may rely on is listed in one place.
 */
export { createEngine, type Engine, type EngineOptions } from './create-engine';
export { loadSchema, type LoadSchemaOptions } from './load-schema';
export { createChannelPool, MAX_TIMER_MS, useConnectionAdvice, waitForReady, type ChannelPool, type ConnectionAdvice, type ConnectionOptions } from './channels';
export { checkMetadata, metadataEntryProblem, startCall, type CallCodec, type CallSession } from './calls';
export { decodeToProtoJson, encodeProtoJson, parseJsonSequence } from './codec';
export { describeSymbol, summarizeMethod, type MethodDescriptor, type SchemaRegistry } from './schema';
export {
  checkAssertions,
  createEnvSecretStore,
  findWorkspaceRoot,
  loadWorkspace,
  redactSecretValues,
  resolveRequest,
  writeFileAtomic,
  type AssertionResult,
  type CallOutcome,
  type ResolvedRequest,
  type SecretStore,
} from './workspace';
