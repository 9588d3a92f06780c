/**
 * For OAuth 2.0 tests of the CLI: a workspace whose environments send `Bearer {{accessToken}}` as metadata
 * with every request, and two saved Echo requests that capture the `authorization` the bench server echoes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentVariable, RequestFile } from '../../../shared/model';
import { serializeEnvironmentFile, serializeManifestFile, serializeRequestFile } from '../workspace';

function echo(name: string, order: number): RequestFile {
  return {
    formatVersion: 3,
    name,
    order,
    target: '{{host}}',
    tls: { mode: 'plaintext' },
    schema: { kind: 'reflection' },
    method: 'ferry.testing.v1.Bench/Echo',
    metadata: [],
    messages: ['{"message": "hi"}'],
    assertions: [],
    captures: [{ variable: `sent${order}`, from: 'header', path: 'echo-authorization', secret: false }],
  };
}

/** Writes the workspace into `root` (an empty folder): the first environment is its default, the requests are under api/. */
export function writeTokenWorkspace(root: string, name: string, environments: Record<string, EnvironmentVariable[]>): string {
  const write = (relative: string, text: string) => {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), text);
  };
  write('ferry.workspace.json', serializeManifestFile({ formatVersion: 1, name, defaultEnvironment: Object.keys(environments)[0]! }));
  for (const [environment, variables] of Object.entries(environments)) {
    write(`environments/${environment}.ferry-env.json`, serializeEnvironmentFile({ formatVersion: 1, variables, metadata: [{ key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true }] }));
  }
  write('api/1.ferry.json', serializeRequestFile(echo('First', 1)));
  write('api/2.ferry.json', serializeRequestFile(echo('Second', 2)));
  return root;
}
