import { attemptSync, type Result } from '../../../../shared/errors';
import { WORKSPACE_FORMAT_VERSION, type WorkspaceManifest } from '../../../../shared/model';
import { formatVersionOf, readJsonFile, stringifyStable, type Json } from './field-reader';

/** `ferry.workspace.json`: `{ "formatVersion": 1, "name": "Payments", "defaultEnvironment": "local" }`. */
export function parseManifestFile(text: string, path: string): Result<WorkspaceManifest> {
  return attemptSync(() => {
    const { root, reader } = readJsonFile(text, path);
    formatVersionOf(root, reader, WORKSPACE_FORMAT_VERSION);
    reader.object(root, [], ['formatVersion', 'name', 'defaultEnvironment']);
    const defaultEnvironment = reader.optionalString(root, 'defaultEnvironment', []);
    return {
      formatVersion: WORKSPACE_FORMAT_VERSION,
      name: reader.string(root, 'name', []),
      ...(defaultEnvironment !== undefined && { defaultEnvironment }),
    };
  });
}

export function serializeManifestFile(manifest: WorkspaceManifest): string {
  const out: Json = { formatVersion: WORKSPACE_FORMAT_VERSION, name: manifest.name };
  if (manifest.defaultEnvironment !== undefined) out.defaultEnvironment = manifest.defaultEnvironment;
  return stringifyStable(out);
}
