import { WORKSPACE_FORMAT_VERSION, REQUEST_FILE_SUFFIX, type HistoryEntry, type MethodSummary, type ProtocolChoice, type RequestFile } from '../../shared/model';
import { protocolChoice, toConnectionConfig, type ConnectionForm } from './connection-form';
import { parseDeadline } from './editor-slice';
import type { MetadataRow, RequestTab } from './types';

/** `pkg.Service.Method` (the tree's name) → `pkg.Service/Method` (the file's). */
export function fileMethodName(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot === -1 ? fullName : `${fullName.slice(0, dot)}/${fullName.slice(dot + 1)}`;
}

/** A method known only by name (saved file, history entry) until a schema with it is loaded. */
export function placeholderMethod(fileMethod: string): MethodSummary {
  const [service = '', name = ''] = fileMethod.split('/');
  return { name, fullName: `${service}.${name}`, path: `/${fileMethod}`, kind: 'unary', requestType: '', responseType: '' };
}

/** What a user types as a file name → a workspace-relative request path: `users/get` → `users/get.ferry.json`. */
export function requestPathOf(text: string): string {
  const trimmed = text.trim().replace(/\\/g, '/').replace(/^\/+/, '');
  return trimmed.endsWith(REQUEST_FILE_SUFFIX) ? trimmed : `${trimmed}${REQUEST_FILE_SUFFIX}`;
}

/** The display name of a request path: its file name without the suffix. */
export function requestBaseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.endsWith(REQUEST_FILE_SUFFIX) ? file.slice(0, -REQUEST_FILE_SUFFIX.length) : file;
}

/**
 * The tab as a request file. A tab opened from a file keeps that file's target, TLS and schema (they may
 * hold `{{variables}}`); a new tab takes them from the connection form.
 */
export function tabToRequestFile(tab: RequestTab, form: ConnectionForm, name?: string): RequestFile | undefined {
  if (!tab.method) return undefined;
  const base = tab.saved?.file;
  const built = toConnectionConfig(form);
  const deadline = parseDeadline(tab.deadlineSec);
  const connection = built.ok ? { tls: built.config.tls, schema: built.config.schema } : { tls: { mode: 'plaintext' as const }, schema: { kind: 'reflection' as const } };
  return {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: name ?? base?.name ?? tab.method.name,
    ...(base?.order !== undefined && { order: base.order }),
    target: base?.target ?? form.target,
    ...(base ? protocolOf(base) : protocolChoice(form)),
    tls: base?.tls ?? connection.tls,
    schema: base?.schema ?? connection.schema,
    method: fileMethodName(tab.method.fullName),
    metadata: tab.metadata.filter((r) => r.key.trim() !== '').map((r) => ({ key: r.key.trim(), value: r.value, enabled: r.enabled })),
    ...(tab.environmentMetadata === false && { environmentMetadata: false }),
    ...(deadline.ok && deadline.ms !== undefined && { deadlineMs: deadline.ms }),
    messages: tab.body.trim() === '' ? [] : [tab.body],
    assertions: tab.assertions,
    ...(tab.captures.length > 0 && { captures: tab.captures }),
  };
}

function protocolOf(file: ProtocolChoice): ProtocolChoice {
  return { ...(file.protocol && { protocol: file.protocol }), ...(file.httpVersion && { httpVersion: file.httpVersion }), ...(file.codec && { codec: file.codec }) };
}

/** The editable parts of a tab from a request file (or a history entry turned into one). */
export function tabFieldsOf(file: RequestFile, method: MethodSummary, nextId: (prefix: string) => string): Pick<RequestTab, 'method' | 'body' | 'bodyTouched' | 'metadata' | 'environmentMetadata' | 'deadlineSec' | 'assertions' | 'captures'> {
  const metadata: MetadataRow[] = file.metadata.map((m) => ({ id: nextId('md'), key: m.key, value: m.value, enabled: m.enabled }));
  return {
    method,
    body: file.messages[0] ?? '',
    bodyTouched: true,
    metadata,
    // Set either way: a tab a file opens in must not keep another request's choice.
    environmentMetadata: file.environmentMetadata,
    deadlineSec: file.deadlineMs === undefined ? '' : String(file.deadlineMs / 1000),
    assertions: file.assertions,
    captures: file.captures ?? [],
  };
}

/** A history entry as an unsaved request, for reopening it in a new tab. */
export function requestFileFromHistory(entry: HistoryEntry): RequestFile {
  return {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: entry.method.slice(entry.method.lastIndexOf('/') + 1),
    target: entry.target,
    ...protocolOf(entry),
    tls: { mode: 'plaintext' },
    schema: { kind: 'reflection' },
    method: entry.method,
    metadata: entry.request.metadata.map((m) => ({ ...m, enabled: true })),
    ...(entry.request.deadlineMs !== undefined && { deadlineMs: entry.request.deadlineMs }),
    messages: entry.request.messages,
    assertions: [],
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The tab holds edits its workspace file does not (body, metadata, deadline, assertions, captures), or, never saved,
 * something the user wrote. What the tab cannot change (a file's other messages, its target) is not compared.
 */
export function tabHasUnsavedChanges(tab: RequestTab): boolean {
  if (!tab.saved) return tab.method !== undefined && (tab.bodyTouched || tab.metadata.length > 0 || tab.assertions.length > 0 || tab.captures.length > 0);
  const { file } = tab.saved;
  const metadata = tab.metadata.filter((r) => r.key.trim() !== '').map((r) => ({ key: r.key.trim(), value: r.value, enabled: r.enabled }));
  const deadline = parseDeadline(tab.deadlineSec);
  return (
    tab.body !== (file.messages[0] ?? '') ||
    !sameJson(metadata, file.metadata.map(({ key, value, enabled }) => ({ key, value, enabled }))) ||
    (tab.environmentMetadata === false) !== (file.environmentMetadata === false) ||
    (deadline.ok ? deadline.ms : NaN) !== file.deadlineMs ||
    !sameJson(tab.assertions, file.assertions) ||
    !sameJson(tab.captures, file.captures ?? []) ||
    (tab.method !== undefined && fileMethodName(tab.method.fullName) !== file.method)
  );
}

/** The name a tab shows: a saved request's own name, else its method's. */
export function tabTitle(tab: RequestTab): string {
  return tab.saved?.file.name ?? tab.method?.name ?? 'New request';
}
