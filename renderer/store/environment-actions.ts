import type { ImportSummary, PickedText } from '../../shared/api';
import { describeFerryError, type Result } from '../../shared/errors';
import { WORKSPACE_FORMAT_VERSION, WORKSPACE_MANIFEST_FILE, type OAuth2Grant } from '../../shared/model';
import type { EnvironmentContent, FerryState, SliceContext } from './types';
import { workspaceHelpers, type WorkspaceSet } from './workspace-helpers';

/** Environment and manifest actions of the workspace slice: the engine writes the files, atomically. */
export function createEnvironmentActions(ctx: SliceContext, set: WorkspaceSet, get: () => FerryState) {
  const { api } = ctx;
  const { patch, check, reload } = workspaceHelpers(ctx, set, get);
  const environmentAt = (name: string) => get().workspace.snapshot?.environments.find((e) => e.name === name);

  /** After an import: the workspace read again, and a notice of what came in and what could not. */
  const imported = async (result: Result<ImportSummary>, from: string): Promise<void> => {
    if (!check(result) || !result.ok) return;
    await reload();
    const { requests, environments, warnings } = result.value;
    const counted = `Imported ${requests} request${requests === 1 ? '' : 's'} and ${environments} environment${environments === 1 ? '' : 's'} from ${from}.`;
    patch({ notice: [counted, ...warnings].join(' ') });
  };

  return {
    async saveEnvironment(name: string, { variables, metadata }: EnvironmentContent, original?: string): Promise<boolean> {
      if (get().workspace.status !== 'open') {
        patch({ error: 'Open a workspace folder first.' });
        return false;
      }
      const existing = environmentAt(original ?? name);
      const expected = existing && original === name ? { expectedHash: existing.stamp.hash } : {};
      patch({ notice: undefined });
      const file = { formatVersion: WORKSPACE_FORMAT_VERSION, variables, ...(metadata?.length && { metadata }) };
      if (!check(await api.saveEnvironment(name, file, expected))) return false;
      if (original !== undefined && original !== name) check(await api.deleteEnvironment(original));
      await reload();
      await get().setEnvironment(name);
      return true;
    },

    /** Asks the token endpoint with a grant as edited (the saved environment's variables filled in); the words of what came back. */
    async tryToken(variable: string, grant: OAuth2Grant, environment: string | undefined): Promise<{ ok: boolean; text: string }> {
      const answer = await api.tryToken({ variable, grant, ...(environment !== undefined && { environment }) });
      get().noteBackend(answer);
      if (!answer.ok) return { ok: false, text: describeFerryError(answer.error) };
      return { ok: true, text: `The endpoint gave a token${answer.value.expiresInS === undefined ? '' : ` for ${answer.value.expiresInS} s`}.` };
    },

    async beginSignIn(variable: string, grant: OAuth2Grant, environment: string | undefined) {
      const answer = await api.beginSignIn({ variable, grant, ...(environment !== undefined && { environment }) });
      get().noteBackend(answer);
      if (!answer.ok) return { ok: false as const, text: describeFerryError(answer.error) };
      const { signInId, url, userCode } = answer.value;
      return { ok: true as const, signInId, url, ...(userCode !== undefined && { userCode }) };
    },

    async finishSignIn(signInId: string): Promise<{ ok: boolean; text: string }> {
      const answer = await api.finishSignIn(signInId);
      get().noteBackend(answer);
      if (!answer.ok) return { ok: false, text: describeFerryError(answer.error) };
      const lasts = answer.value.expiresInS === undefined ? '' : `, the token lasts ${answer.value.expiresInS} s`;
      return { ok: true, text: `Signed in${lasts}. Requests with this grant, as saved, use it.` };
    },

    async cancelSignIn(signInId: string): Promise<void> {
      get().noteBackend(await api.cancelSignIn(signInId));
    },

    /** Writes an Insomnia export (a picked file's name and text) into the open workspace; the notice says what came in. */
    async importInsomnia(fileName: string, text: string): Promise<void> {
      patch({ notice: undefined });
      await imported(await api.importInsomnia(text, fileName), `${fileName} (under insomnia/ and environments/)`);
    },

    async importBloomRpc(files: PickedText[]): Promise<void> {
      patch({ notice: undefined });
      await imported(await api.importBloomRpc(files), `BloomRPC (under bloomrpc/ and environments/)`);
    },

    async deleteEnvironment(name: string): Promise<boolean> {
      if (!check(await api.deleteEnvironment(name))) return false;
      await reload();
      if (get().workspace.environment === name) await get().setEnvironment(get().workspace.snapshot?.environments[0]?.name);
      return true;
    },

    async createManifest(): Promise<void> {
      const root = get().workspace.snapshot?.root;
      if (root === undefined) return;
      const result = await api.createWorkspace(root);
      if (check(result) && result.ok) patch({ snapshot: result.value, notice: `Created ${WORKSPACE_MANIFEST_FILE}: ferry run now finds this workspace from any file in it.` });
    },
  };
}
