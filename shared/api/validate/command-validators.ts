/**
 * One argument-list validator per FerryApi command. The table's type is derived from FerryApi, so a
 * command without a validator, or a validator of the wrong shape, is a compile error.
 */
import type { ConnectionConfig, LoadPlan, MetadataEntry } from '../../model';
import type { EnvironmentChoice, EventQuery, LoadTestRequest, SavedRequestRunOptions, ExportRange, FerryApi, FerryCommand, HistoryQuery, MessageDirection, MockStartRequest, PickedText, SaveExpectation, StagedFile, StartCallRequest, TokenTrial } from '../ferry-api';
import { arrayOf, boolean, literal, number, object, optional, string, tuple, type Validator } from './guards';
import { assertion, capture, capturedVariable, environmentFile, oauth2Grant, onlyFalse, protocolChoice, requestFile, schemaSource, tlsSettings, transportSettings } from './model-validators';

const id = string({ nonEmpty: true });

const metadataEntry = object<MetadataEntry>({ key: string({ nonEmpty: true }), value: string() });
const metadata = arrayOf(metadataEntry);
const environmentChoice = object<EnvironmentChoice>({ environment: optional(string({ nonEmpty: true })), captured: optional(arrayOf(capturedVariable)), environmentMetadata: optional(onlyFalse) });

const connectionConfig = object<ConnectionConfig>({
  target: string({ nonEmpty: true }),
  ...protocolChoice,
  tls: tlsSettings,
  schema: schemaSource,
  metadata: optional(metadata),
  transport: optional(transportSettings),
  connectTimeoutMs: optional(number({ integer: true, min: 1 })),
  variables: optional(environmentChoice),
});

const startCallRequest = object<StartCallRequest>({
  connectionId: id,
  method: string({ nonEmpty: true }),
  metadata,
  deadlineMs: optional(number({ min: 0 })),
  body: optional(string()),
  emitDefaults: optional(boolean),
  keepSession: optional(boolean),
  inlineMessageBytes: optional(number({ integer: true, min: 0 })),
  variables: optional(environmentChoice),
});

// Bounds a page cannot get past by mistake: each call's latency is kept until the run ends (8 bytes a call).
const loadPlan = object<LoadPlan>({
  concurrency: number({ integer: true, min: 1, max: 10_000 }),
  total: optional(number({ integer: true, min: 1, max: 100_000_000 })),
  durationMs: optional(number({ min: 1, max: 24 * 3600 * 1000 })),
  rate: optional(number({ min: 0.001 })),
});
const loadTestRequest = object<LoadTestRequest>({
  loadId: id,
  connectionId: id,
  method: string({ nonEmpty: true }),
  metadata,
  messages: arrayOf(string()),
  deadlineMs: optional(number({ min: 0 })),
  variables: optional(environmentChoice),
  rows: optional(arrayOf(arrayOf(capturedVariable))),
  plan: loadPlan,
  channels: optional(number({ integer: true, min: 1, max: 64 })),
});

const mockStartRequest = object<MockStartRequest>({
  mockId: id,
  connectionId: id,
  port: optional(number({ integer: true, min: 0, max: 65535 })),
  web: optional(boolean),
  passthrough: optional(boolean),
  record: optional(string({ nonEmpty: true })),
  responses: optional(string()),
});

const direction: Validator<MessageDirection> = literal('sent', 'received');

const seq = number({ integer: true, min: 1 });
const pageLimit = number({ integer: true, min: 1 });
const eventQuery = object<EventQuery>({
  fromSeq: seq,
  limit: pageLimit,
  direction: optional(direction),
  text: optional(string()),
  previewChars: optional(number({ integer: true, min: 0 })),
});
const exportRange = object<ExportRange>({ fromSeq: seq, limit: pageLimit });

const path = string({ nonEmpty: true });
const saveExpectation = object<SaveExpectation>({
  expectedHash: optional(string({ nonEmpty: true })),
  expectedMtimeMs: optional(number({ min: 0 })),
  overwrite: optional(boolean),
});
const environmentName = string({ nonEmpty: true });
const tokenTrial = object<TokenTrial>({ variable: string({ nonEmpty: true }), grant: oauth2Grant, environment: optional(environmentName) });
const stagedFile = object<StagedFile>({ name: string({ nonEmpty: true }), contentBase64: string() });
const historyQuery = object<HistoryQuery>({ query: optional(string()), limit: optional(number({ integer: true, min: 1 })) });

export type CommandArgs<K extends FerryCommand> = Parameters<FerryApi[K]>;

export const COMMAND_VALIDATORS: { [K in FerryCommand]: Validator<CommandArgs<K>> } = {
  ping: tuple(),
  openConnection: tuple(connectionConfig),
  checkConnection: tuple(connectionConfig),
  reloadSchema: tuple(id),
  schemaChanges: tuple(id),
  closeConnection: tuple(id),
  getMessageTemplate: tuple(id, string({ nonEmpty: true })),
  describeSymbol: tuple(id, string({ nonEmpty: true })),
  startCall: tuple(startCallRequest),
  sendMessage: tuple(id, string()),
  halfClose: tuple(id),
  cancelCall: tuple(id),
  releaseCall: tuple(id),
  getMessage: tuple(id, direction, number({ integer: true, min: 0 })),
  readEvents: tuple(id, eventQuery),
  exportSession: tuple(id, exportRange),
  checkAssertions: tuple(arrayOf(assertion), id),
  captureValues: tuple(arrayOf(capture), id),
  runSavedRequest: tuple(object<SavedRequestRunOptions>({ path, variables: environmentChoice, runId: id, responses: optional(boolean), lastResponses: optional(number({ integer: true, min: 1 })), transport: optional(transportSettings) })),
  cancelSavedRequest: tuple(id),
  runLoadTest: tuple(loadTestRequest),
  loadTestProgress: tuple(id),
  stopLoadTest: tuple(id),
  startMock: tuple(mockStartRequest),
  setMockResponses: tuple(id, string()),
  mockCalls: tuple(id, number({ integer: true, min: 0 })),
  stopMock: tuple(id),
  openWorkspace: tuple(path),
  createWorkspace: tuple(path),
  saveRequest: tuple(path, requestFile, saveExpectation),
  deleteRequest: tuple(path),
  renameRequest: tuple(path, path),
  saveEnvironment: tuple(environmentName, environmentFile, saveExpectation),
  deleteEnvironment: tuple(environmentName),
  saveMock: tuple(string({ nonEmpty: true }), string(), saveExpectation),
  deleteMock: tuple(string({ nonEmpty: true })),
  importInsomnia: tuple(string(), string({ nonEmpty: true })),
  importBloomRpc: tuple(arrayOf(object<PickedText>({ name: string({ nonEmpty: true }), text: string() }))),
  tryToken: tuple(tokenTrial),
  beginSignIn: tuple(tokenTrial),
  finishSignIn: tuple(id),
  cancelSignIn: tuple(id),
  resolveTarget: tuple(requestFile, environmentChoice),
  copyAsGrpcurl: tuple(requestFile, environmentChoice),
  importGrpcurl: tuple(string({ nonEmpty: true })),
  stageFiles: tuple(arrayOf(stagedFile)),
  listHistory: tuple(historyQuery),
  clearHistory: tuple(),
};
