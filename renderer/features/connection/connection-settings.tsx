import { VariableInput } from '../../components/variable-input';
import { useFerry, useFerryStore, type ConnectionForm } from '../../store';
import { useVariableSuggestions } from '../variables';
import { FilePickButton } from './file-pick-button';
import { appendLines } from './picked-files';

const PEM_FILES = '.pem,.crt,.cer,.key';
const PKCS12_FILES = '.p12,.pfx';

/** The less common connection options: TLS files and names, and the paths of a file-based schema. */
export function ConnectionSettings({ id }: { id: string }) {
  const form = useFerry((s) => s.connection.form);
  const setForm = useFerry((s) => s.setConnectionForm);
  const store = useFerryStore();
  const variables = useVariableSuggestions();
  // Staging takes a moment: the paths join the form as it is then, not as it was when the pick began.
  const current = () => store.getState().connection.form;
  // Picked .proto files import each other from the folder they were picked in.
  const addProtoFiles = (picked: string[], root: string | undefined) => {
    const now = current();
    setForm({ protoFiles: appendLines(now.protoFiles, picked), importPaths: root === undefined ? now.importPaths : appendLines(now.importPaths, [root]) });
  };
  const text = (key: 'caCertPath' | 'certPath' | 'keyPath' | 'pfxPath' | 'authority', label: string, placeholder: string, pick?: string) => (
    <div className="field">
      <label className="field">
        <span className="field-label">{label}</span>
        <input value={form[key]} spellCheck={false} placeholder={placeholder} onChange={(e) => setForm({ [key]: e.target.value })} />
      </label>
      {pick ? <FilePickButton label={pick} accept={key === 'pfxPath' ? PKCS12_FILES : PEM_FILES} onPaths={([path]) => path !== undefined && setForm({ [key]: path })} /> : null}
    </div>
  );
  const paths = (key: 'protoFiles' | 'importPaths' | 'descriptorSets', label: string, placeholder: string) => (
    <label className="field field-wide">
      <span className="field-label">{label}</span>
      <textarea rows={3} value={form[key]} spellCheck={false} placeholder={placeholder} onChange={(e) => setForm({ [key]: e.target.value })} />
    </label>
  );

  return (
    <section id={id} className="connection-settings" aria-label="Advanced settings">
      <fieldset>
        <legend>Transport security</legend>
        {form.tls === 'plaintext' ? (
          <p className="muted small">Plaintext: no TLS. Choose TLS under Security to set certificates.</p>
        ) : (
          <div className="settings-grid">
            {text('caCertPath', 'CA certificate path', 'system roots when empty', 'Choose CA certificate')}
            {text('certPath', 'Client certificate path', 'for mTLS', 'Choose client certificate')}
            {text('keyPath', 'Client key path', 'for mTLS', 'Choose client key')}
            {text('pfxPath', 'Client bundle path', '.p12 or .pfx, instead of the two above', 'Choose client bundle')}
            <label className="field">
              <span className="field-label">Key passphrase</span>
              <VariableInput
                aria-label="Key passphrase"
                value={form.passphrase}
                variables={variables}
                spellCheck={false}
                placeholder="{{keyPassphrase}}: a secret variable"
                title="Unlocks an encrypted client key or the client bundle. Best a secret {{variable}}: a typed passphrase is used but not kept across reloads, and a saved request keeps only variables."
                onValueChange={(passphrase) => setForm({ passphrase })}
              />
            </label>
            {text('authority', 'Authority override', 'server name (SNI)')}
            <label className="field-check">
              <input type="checkbox" checked={form.insecureSkipVerify} onChange={(e) => setForm({ insecureSkipVerify: e.target.checked })} />
              Skip certificate verification
            </label>
          </div>
        )}
      </fieldset>
      <fieldset className="settings-narrow">
        <legend>Network</legend>
        <label className="field">
          <span className="field-label">Proxy</span>
          <VariableInput
            aria-label="Proxy"
            value={form.proxy}
            variables={variables}
            spellCheck={false}
            placeholder="from HTTPS_PROXY, NO_PROXY"
            aria-describedby={`${id}-proxy-help`}
            title="An HTTP proxy every connection to this server goes through (CONNECT, TLS inside it). Empty: the proxy environment variables where Ferry runs. A password in it is not kept across reloads."
            onValueChange={(proxy) => setForm({ proxy })}
          />
        </label>
        <p id={`${id}-proxy-help`} className="muted small">
          http://[user:password@]host:port, or direct
        </p>
        <label className="field">
          <span className="field-label">Max message size (MiB)</span>
          <input
            inputMode="decimal"
            value={form.maxMessageMiB}
            placeholder="4"
            title="The largest message sent or received; a larger one ends the call RESOURCE_EXHAUSTED"
            onChange={(e) => setForm({ maxMessageMiB: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Keepalive (s)</span>
          <input inputMode="numeric" value={form.keepaliveSec} placeholder="none" title="Seconds between pings on an idle connection, for proxies and load balancers that drop idle ones" onChange={(e) => setForm({ keepaliveSec: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">Compression</span>
          <select value={form.compression} onChange={(e) => setForm({ compression: e.target.value as ConnectionForm['compression'] })}>
            <option value="">None</option>
            <option value="gzip">gzip</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Schema source</legend>
        {form.schemaSource === 'reflection' ? <p className="muted small">Server reflection (v1, falling back to v1alpha). Paths are read by Ferry, not the browser.</p> : null}
        {form.schemaSource === 'proto-files' ? (
          <div className="settings-grid">
            {paths('protoFiles', 'Proto files or folders (one per line)', '/path/to/service.proto or /path/to/protos')}
            {paths('importPaths', 'Import paths (one per line)', '/path/to/protos')}
            <div className="file-pick-row">
              <FilePickButton label="Choose .proto files" accept=".proto" multiple onPaths={addProtoFiles} />
              <FilePickButton label="Choose a folder of .proto files" accept=".proto" folder onPaths={addProtoFiles} />
            </div>
          </div>
        ) : null}
        {form.schemaSource === 'descriptor-set' ? (
          <div className="settings-grid">
            {paths('descriptorSets', 'Descriptor set files (one per line)', '/path/to/descriptor.binpb')}
            <div className="file-pick-row">
              <FilePickButton
                label="Choose descriptor sets"
                accept=".binpb,.pb,.protoset,.desc,.bin"
                multiple
                onPaths={(picked) => setForm({ descriptorSets: appendLines(current().descriptorSets, picked) })}
              />
            </div>
          </div>
        ) : null}
      </fieldset>
    </section>
  );
}
