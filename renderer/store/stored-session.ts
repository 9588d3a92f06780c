/**
 * What a page reload brings back, as Postman and Kreya do: the open tabs (unsaved bodies too), the connection
 * settings and the workspace. Plain data only: no call sessions, templates or errors. Secret values never get
 * here (the engine keeps them), and the values of sensitive metadata keys (authorization, *-token…) are not
 * kept unless they are only `{{variables}}`.
 */
import { assertion, capture, guards, onlyFalse, requestFile, validateWith } from '../../shared/api/validate';
import { err, ferryError, ok, type Result } from '../../shared/errors';
import type { Assertion, Capture, FileStamp, MethodSummary, RequestFile } from '../../shared/model';
import { isSecretKey } from '../../shared/util';
import type { ConnectionForm } from './connection-form';
import type { FerryState } from './types';

export const STORED_SESSION_VERSION = 1;

export interface StoredTab {
  method?: MethodSummary;
  body: string;
  bodyTouched: boolean;
  metadata: Array<{ key: string; value: string; enabled: boolean }>;
  environmentMetadata?: false;
  deadlineSec: string;
  assertions: Assertion[];
  /** Absent in what a page stored before captures. */
  captures?: Capture[];
  saved?: { path: string; stamp: FileStamp; file: RequestFile };
}

export interface StoredSession {
  version: number;
  tabs: StoredTab[];
  activeIndex: number;
  connection: { form: ConnectionForm; connected: boolean };
  workspace: { dir: string; open: boolean; environment?: string };
  /** The Mock server section's boxes as typed (the mock itself is not started again); absent while both are empty. */
  mock?: { port: string; responses: string; web?: boolean; passthrough?: boolean; record?: boolean; file?: string };
}

const { arrayOf, boolean, literal, number, object, optional, string } = guards;

const methodSummary = object<MethodSummary>({
  name: string(),
  fullName: string(),
  path: string(),
  kind: literal('unary', 'server-stream', 'client-stream', 'bidi'),
  requestType: string(),
  responseType: string(),
  doc: optional(string()),
});

const storedTab = object<StoredTab>({
  method: optional(methodSummary),
  body: string(),
  bodyTouched: boolean,
  metadata: arrayOf(object({ key: string(), value: string(), enabled: boolean })),
  environmentMetadata: optional(onlyFalse),
  deadlineSec: string(),
  assertions: arrayOf(assertion),
  captures: optional(arrayOf(capture)),
  saved: optional(object({ path: string({ nonEmpty: true }), stamp: object<FileStamp>({ mtimeMs: number(), hash: string() }), file: requestFile })),
});

const connectionForm = object<ConnectionForm>({
  target: string(),
  protocol: literal('grpc', 'grpc-web', 'grpc-web-text', 'connect', 'connect-json'),
  httpVersion: literal('', '1.1', '2'),
  tls: literal('plaintext', 'tls'),
  caCertPath: string(),
  certPath: string(),
  keyPath: string(),
  insecureSkipVerify: boolean,
  authority: string(),
  proxy: string(),
  pfxPath: string(),
  passphrase: string(),
  maxMessageMiB: string(),
  keepaliveSec: string(),
  compression: literal('', 'gzip'),
  schemaSource: literal('reflection', 'proto-files', 'descriptor-set'),
  protoFiles: string(),
  importPaths: string(),
  descriptorSets: string(),
});

const storedSession = object<StoredSession>({
  version: number({ integer: true }),
  tabs: arrayOf(storedTab),
  activeIndex: number({ integer: true, min: 0 }),
  connection: object({ form: connectionForm, connected: boolean }),
  workspace: object<StoredSession['workspace']>({ dir: string(), open: boolean, environment: optional(string()) }),
  mock: optional(object<NonNullable<StoredSession['mock']>>({ port: string(), responses: string(), web: optional(boolean), passthrough: optional(boolean), record: optional(boolean), file: optional(string({ nonEmpty: true })) })),
});

/** A sensitive key's value is kept only when it is nothing but variables (`Bearer {{token}}` is kept: no secret in it). */
function keptValue(key: string, value: string): string {
  if (!isSecretKey(key)) return value;
  return value.replace(/\{\{[^{}]*\}\}/g, '').replace(/^\s*(Bearer|Basic)\s*$/i, '').trim() === '' ? value : '';
}

/** A passphrase is kept only when it is nothing but `{{variables}}`: their values stay where they are. */
function onlyVariables(text: string): string {
  return /^(\{\{[^{}]*\}\})*$/.test(text) ? text : '';
}

/** A proxy URL's password is not kept (unless it is only a variable); the rest of the URL is. */
function keptProxy(proxy: string): string {
  return proxy.replace(/(\/\/[^:/@]*):([^@/]*)@/, (whole, user: string, password: string) => (/^(\{\{[^{}]*\}\})*$/.test(password) ? whole : `${user}@`));
}

export function storedSessionOf(state: FerryState): StoredSession {
  const { workspace, connection } = state;
  return {
    version: STORED_SESSION_VERSION,
    tabs: state.tabs.map((tab) => ({
      ...(tab.method && { method: tab.method }),
      body: tab.body,
      bodyTouched: tab.bodyTouched,
      metadata: tab.metadata.map(({ key, value, enabled }) => ({ key, value: keptValue(key, value), enabled })),
      ...(tab.environmentMetadata === false && { environmentMetadata: false as const }),
      deadlineSec: tab.deadlineSec,
      assertions: tab.assertions,
      ...(tab.captures.length > 0 && { captures: tab.captures }),
      ...(tab.saved && { saved: tab.saved }),
    })),
    activeIndex: Math.max(0, state.tabs.findIndex((t) => t.id === state.activeTabId)),
    connection: { form: { ...connection.form, proxy: keptProxy(connection.form.proxy), passphrase: onlyVariables(connection.form.passphrase) }, connected: connection.status === 'connected' },
    workspace: {
      dir: workspace.snapshot?.root ?? workspace.dir,
      open: workspace.status === 'open',
      ...(workspace.environment !== undefined && { environment: workspace.environment }),
    },
    ...((state.mock.port !== '' || state.mock.responses !== '' || state.mock.web || state.mock.passthrough || state.mock.record) && {
      mock: {
        port: state.mock.port,
        responses: state.mock.responses,
        ...(state.mock.web && { web: true }),
        ...(state.mock.passthrough && { passthrough: true }),
        ...(state.mock.record && { record: true }),
        ...(state.mock.file && { file: state.mock.file.name }),
      },
    }),
  };
}

/** Fields sessions stored before them lack, and what they meant then: none set (no proxy, no bundle, defaults). */
const LATER_FORM_FIELDS = ['proxy', 'pfxPath', 'passphrase', 'maxMessageMiB', 'keepaliveSec', 'compression'] as const;

function withLaterFields(value: unknown): unknown {
  const form = (value as { connection?: { form?: Record<string, unknown> } } | null)?.connection?.form;
  if (form && typeof form === 'object') for (const key of LATER_FORM_FIELDS) if (!(key in form)) form[key] = '';
  return value;
}

/** Parses what the page's storage held; anything unexpected is an error saying where, never a crash. */
export function readStoredSession(text: string): Result<StoredSession> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err(ferryError('BAD_INPUT', 'the saved session is not JSON'));
  }
  const checked = validateWith(storedSession, withLaterFields(value), 'session');
  if (!checked.ok) return checked;
  if (checked.value.version !== STORED_SESSION_VERSION) return err(ferryError('BAD_INPUT', `the saved session has version ${checked.value.version}; this Ferry reads ${STORED_SESSION_VERSION}`));
  return ok(checked.value);
}
