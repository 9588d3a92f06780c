import { useFerry } from '../../store';

/** The less common connection options: TLS files and names, and the paths of a file-based schema. */
export function ConnectionSettings({ id }: { id: string }) {
  const form = useFerry((s) => s.connection.form);
  const setForm = useFerry((s) => s.setConnectionForm);
  const text = (key: 'caCertPath' | 'certPath' | 'keyPath' | 'authority', label: string, placeholder: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input value={form[key]} spellCheck={false} placeholder={placeholder} onChange={(e) => setForm({ [key]: e.target.value })} />
    </label>
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
            {text('caCertPath', 'CA certificate path', 'system roots when empty')}
            {text('certPath', 'Client certificate path', 'for mTLS')}
            {text('keyPath', 'Client key path', 'for mTLS')}
            {text('authority', 'Authority override', 'server name (SNI)')}
            <label className="field-check">
              <input type="checkbox" checked={form.insecureSkipVerify} onChange={(e) => setForm({ insecureSkipVerify: e.target.checked })} />
              Skip certificate verification
            </label>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Schema source</legend>
        {form.schemaSource === 'reflection' ? <p className="muted small">Server reflection (v1, falling back to v1alpha). Paths are read by Ferry, not the browser.</p> : null}
        {form.schemaSource === 'proto-files' ? (
          <div className="settings-grid">
            {paths('protoFiles', 'Proto files (one per line)', '/path/to/service.proto')}
            {paths('importPaths', 'Import paths (one per line)', '/path/to/protos')}
          </div>
        ) : null}
        {form.schemaSource === 'descriptor-set' ? paths('descriptorSets', 'Descriptor set files (one per line)', '/path/to/descriptor.binpb') : null}
      </fieldset>
    </section>
  );
}
