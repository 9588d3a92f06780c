/**
 * One argument-list validator per FerryApi command. The table's type is derived from FerryApi, so a
 * command without a validator, or a validator of the wrong shape, is a compile error.
 */
import type { ConnectionConfig, MetadataEntry, SchemaSource, TlsSettings } from '../../model';
import type { FerryApi, FerryCommand, MessageDirection, StartCallRequest } from '../ferry-api';
import { arrayOf, boolean, literal, number, object, optional, string, taggedUnion, tuple, type Validator } from './guards';

const id = string({ nonEmpty: true });
const paths = arrayOf(string({ nonEmpty: true }));

const metadataEntry = object<MetadataEntry>({ key: string({ nonEmpty: true }), value: string() });
const metadata = arrayOf(metadataEntry);

const tlsSettings = taggedUnion<TlsSettings, 'mode'>('mode', {
  plaintext: object({ mode: literal('plaintext') }),
  // Explicit type argument: inferred from the shape, optional fields would come out required.
  tls: object<Extract<TlsSettings, { mode: 'tls' }>>({
    mode: literal('tls'),
    caCertPath: optional(string({ nonEmpty: true })),
    certPath: optional(string({ nonEmpty: true })),
    keyPath: optional(string({ nonEmpty: true })),
    insecureSkipVerify: optional(boolean),
    authority: optional(string({ nonEmpty: true })),
  }),
});

const schemaSource = taggedUnion<SchemaSource, 'kind'>('kind', {
  reflection: object({ kind: literal('reflection') }),
  'proto-files': object({ kind: literal('proto-files'), files: paths, importPaths: paths }),
  'descriptor-set': object({ kind: literal('descriptor-set'), files: paths }),
});

const connectionConfig = object<ConnectionConfig>({
  target: string({ nonEmpty: true }),
  tls: tlsSettings,
  schema: schemaSource,
  metadata: optional(metadata),
});

const startCallRequest = object<StartCallRequest>({
  connectionId: id,
  method: string({ nonEmpty: true }),
  metadata,
  deadlineMs: optional(number({ min: 0 })),
  body: optional(string()),
});

const direction: Validator<MessageDirection> = literal('sent', 'received');

export type CommandArgs<K extends FerryCommand> = Parameters<FerryApi[K]>;

export const COMMAND_VALIDATORS: { [K in FerryCommand]: Validator<CommandArgs<K>> } = {
  openConnection: tuple(connectionConfig),
  reloadSchema: tuple(id),
  closeConnection: tuple(id),
  getMessageTemplate: tuple(id, string({ nonEmpty: true })),
  describeSymbol: tuple(id, string({ nonEmpty: true })),
  startCall: tuple(startCallRequest),
  sendMessage: tuple(id, string()),
  halfClose: tuple(id),
  cancelCall: tuple(id),
  getMessage: tuple(id, direction, number({ integer: true, min: 0 })),
  exportSession: tuple(id),
};
