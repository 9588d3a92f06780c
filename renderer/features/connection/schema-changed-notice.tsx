import { useEffect } from 'react';
import { useFerry } from '../../store';
import { schemaChangedText } from './schema-changed-text';

/** The schema's files changed on disk since it was loaded: which, and that Reload schema reads them. */
export function SchemaChangedNotice() {
  const changed = useFerry((s) => s.connection.changedOnDisk);
  if (!changed) return null;
  return (
    <p className="schema-changed small" role="status" aria-label="Schema files changed" title={changed.join('\n')}>
      {schemaChangedText(changed)}
    </p>
  );
}

/** Asks whether the schema's files changed each time the user comes back to the page (focus, or the tab shown again). */
export function useSchemaChangeChecks() {
  const check = useFerry((s) => s.checkSchemaChanges);
  useEffect(() => {
    const onFocus = () => void check();
    const onVisible = () => document.visibilityState === 'visible' && void check();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [check]);
}
