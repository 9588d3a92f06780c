import { useId, useState } from 'react';
import { describeFerryError } from '../../../shared/errors';
import type { ConnectivityState } from '../../../shared/model';
import { StatusBadge, type BadgeTone } from '../../components/status-badge';
import { VariableInput } from '../../components/variable-input';
import { useFerry, type ConnectionForm, type ProtocolOption } from '../../store';
import { useVariableSuggestions } from '../variables';
import { ConnectionCheckReport } from './connection-check';
import { ConnectionSettings } from './connection-settings';
import { SchemaChangedNotice, useSchemaChangeChecks } from './schema-changed-notice';

const CONNECTIVITY_TONE: Record<ConnectivityState, BadgeTone> = {
  READY: 'ok',
  IDLE: 'muted',
  CONNECTING: 'warn',
  TRANSIENT_FAILURE: 'error',
  SHUTDOWN: 'muted',
};

function ConnectivityBadge() {
  const status = useFerry((s) => s.connection.status);
  const connectivity = useFerry((s) => s.connection.connectivity);
  const label = status === 'connecting' ? 'CONNECTING' : status === 'connected' ? (connectivity ?? 'IDLE') : 'NOT CONNECTED';
  const tone = status === 'connected' && connectivity ? CONNECTIVITY_TONE[connectivity] : status === 'connecting' ? 'warn' : 'muted';
  return <StatusBadge tone={tone} label={label.replace('_', ' ')} role="status" ariaLabel="Connectivity" />;
}

/**
 * Why the last Connect (or schema reload) failed, and what is in use now: the previous connection, which
 * keeps its tree and Send, or nothing.
 */
/** Failures where the server was not reached, or not understood: the step-by-step check says which step. */
const CHECKABLE = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'UNKNOWN']);

function ConnectionError() {
  const error = useFerry((s) => s.connection.error);
  const checkConnection = useFerry((s) => s.checkConnection);
  const failedTarget = useFerry((s) => s.connection.failedTarget);
  const status = useFerry((s) => s.connection.status);
  const current = useFerry((s) => (s.connection.status === 'connected' ? s.connection.info?.target : undefined));
  if (!error) return null;
  const what = failedTarget === undefined ? 'Reloading the schema failed' : `Could not connect to ${failedTarget}`;
  const message = describeFerryError(error);
  const now =
    current !== undefined && failedTarget !== undefined ? (
      <>
        Still connected to <code>{current}</code>: its services stay listed and Send goes there.
      </>
    ) : status === 'failed' ? (
      'Not connected: connect to a server to list its services and send.'
    ) : null;
  return (
    <p className="connection-error" role="alert">
      <span className="error-text">
        {what}: <strong>{error.code}</strong> {message}
        {/[.!?]$/.test(message) ? '' : '.'}
      </span>{' '}
      {now ? <span className="connection-now">{now}</span> : null}
      {CHECKABLE.has(error.code) && failedTarget !== undefined ? (
        <button type="button" className="button-ghost small" onClick={() => void checkConnection()}>
          See which step fails
        </button>
      ) : null}
    </p>
  );
}

export function ConnectionBar() {
  const form = useFerry((s) => s.connection.form);
  const status = useFerry((s) => s.connection.status);
  const reloading = useFerry((s) => s.connection.reloading);
  const info = useFerry((s) => s.connection.info);
  const setForm = useFerry((s) => s.setConnectionForm);
  const connect = useFerry((s) => s.connect);
  const reloadSchema = useFerry((s) => s.reloadSchema);
  const checkConnection = useFerry((s) => s.checkConnection);
  const checking = useFerry((s) => s.connection.check?.status === 'checking');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsId = useId();
  const recentId = useId();
  const recentTargets = useFerry((s) => s.connection.recentTargets);
  const variables = useVariableSuggestions();
  const changedOnDisk = useFerry((s) => s.connection.changedOnDisk !== undefined);
  useSchemaChangeChecks();

  return (
    <div className="connection">
      <form
        className="connection-bar"
        aria-label="Connection"
        onSubmit={(event) => {
          event.preventDefault();
          void connect();
        }}
      >
        <label className="field field-target">
          <span className="field-label">Target</span>
          <VariableInput
            aria-label="Target"
            value={form.target}
            variables={variables}
            spellCheck={false}
            list={recentId}
            placeholder={form.protocol === 'grpc' ? 'host:port' : 'https://host/prefix or host:port'}
            onValueChange={(target) => setForm({ target })}
          />
          <datalist id={recentId} aria-label="Recent targets">
            {recentTargets.map((target) => (
              <option key={target} value={target} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">Protocol</span>
          <select value={form.protocol} onChange={(e) => setForm({ protocol: e.target.value as ProtocolOption })}>
            <option value="grpc">gRPC</option>
            <option value="grpc-web">gRPC-Web</option>
            <option value="grpc-web-text">gRPC-Web (text)</option>
            <option value="connect">Connect</option>
            <option value="connect-json">Connect (JSON)</option>
          </select>
        </label>
        {form.protocol !== 'grpc' ? (
          <label className="field">
            <span className="field-label">HTTP version</span>
            <select value={form.httpVersion} onChange={(e) => setForm({ httpVersion: e.target.value as ConnectionForm['httpVersion'] })}>
              <option value="">Auto</option>
              <option value="1.1">HTTP/1.1</option>
              <option value="2">HTTP/2</option>
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">Security</span>
          <select value={form.tls} onChange={(e) => setForm({ tls: e.target.value as 'plaintext' | 'tls' })}>
            <option value="plaintext">Plaintext</option>
            <option value="tls">TLS</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Schema</span>
          <select value={form.schemaSource} onChange={(e) => setForm({ schemaSource: e.target.value as typeof form.schemaSource })}>
            <option value="reflection">Server reflection</option>
            <option value="proto-files">.proto files</option>
            <option value="descriptor-set">Descriptor set</option>
          </select>
        </label>
        <button type="button" className="button-ghost" aria-expanded={settingsOpen} aria-controls={settingsId} onClick={() => setSettingsOpen(!settingsOpen)}>
          Advanced settings
        </button>
        <button type="submit" className="button-primary" disabled={status === 'connecting'} aria-busy={status === 'connecting'}>
          Connect
        </button>
        <ConnectivityBadge />
        <button
          type="button"
          className={changedOnDisk ? 'button-primary' : 'button-ghost'}
          disabled={!info || reloading}
          aria-busy={reloading}
          onClick={() => void reloadSchema()}
          title="Load the schema again; open request bodies are kept"
        >
          Reload schema
        </button>
        {info?.reflectionVersion ? <span className="muted small">reflection {info.reflectionVersion}</span> : null}
        <button
          type="button"
          className="button-ghost"
          disabled={checking}
          aria-busy={checking}
          onClick={() => void checkConnection()}
          title="Check, step by step, how this server is reached with these settings: name, proxy, TCP, TLS and its certificates, HTTP/2, health, reflection"
        >
          Check connection
        </button>
      </form>
      {settingsOpen ? <ConnectionSettings id={settingsId} /> : null}
      <ConnectionError />
      <ConnectionCheckReport />
      <SchemaChangedNotice />
    </div>
  );
}
