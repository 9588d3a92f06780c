import type { DesktopBridge, DesktopMenuEvent } from '../../shared/api';
import type { SchemaSource } from '../../shared/model';
import type { ConnectionForm, FerryState } from '../store';

/** The store actions the File menu drives. */
export type MenuTarget = Pick<FerryState, 'setConnectionForm' | 'connect'>;

type FileSource = Exclude<SchemaSource, { kind: 'reflection' }>;

/** The connection form's schema fields for a chosen source (one path per line, as the form keeps them). */
function schemaFields(source: FileSource): Partial<ConnectionForm> {
  return source.kind === 'proto-files'
    ? { schemaSource: 'proto-files', protoFiles: source.files.join('\n'), importPaths: source.importPaths.join('\n') }
    : { schemaSource: 'descriptor-set', descriptorSets: source.files.join('\n') };
}

/**
 * Carries out one menu action: the chosen files become the connection's schema, and the connection is
 * opened with them (to the target in the connection bar), as if the user had typed them and pressed Connect.
 */
export async function carryOutMenuEvent(target: MenuTarget, event: DesktopMenuEvent): Promise<void> {
  switch (event.type) {
    case 'schema-source-chosen':
      target.setConnectionForm(schemaFields(event.source));
      await target.connect();
  }
}

/** Follows the desktop menu for the app's lifetime; returns the unsubscribe function. */
export function followDesktopMenu(bridge: Pick<DesktopBridge<File>, 'onMenuEvent'>, state: () => MenuTarget): () => void {
  return bridge.onMenuEvent((event) => void carryOutMenuEvent(state(), event));
}
