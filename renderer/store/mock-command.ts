/** The Mock server section as the `ferry mock` command a CI job runs, from the workspace root. */
import { mockFilePath, type ConnectionConfig } from '../../shared/model';
import { shellQuote } from '../../shared/util';
import { dialWords, schemaFileWords } from './connection-words';

/** The schema flags: the files the connection read, or its target's reflection with how it was reached. */
function schemaWords(config: ConnectionConfig, root: string | undefined): string[] {
  return config.schema.kind === 'reflection' ? dialWords(config, root) : schemaFileWords(config, root);
}

/**
 * `ferry mock` serving what the page's mock serves: the connection's schema, the responses file the box
 * came from (responses typed and never saved have no file to name), the port and the web port.
 */
export function mockCommand(config: ConnectionConfig, mock: { port: string; web: boolean; passthrough: boolean; file?: { name: string } }, root: string | undefined): string {
  const words = ['ferry', 'mock', ...schemaWords(config, root)];
  if (mock.file) words.push('--responses', mockFilePath(mock.file.name));
  const port = mock.port.trim();
  if (port !== '' && port !== '0') words.push('--port', port);
  if (mock.web) words.push('--web-port', '0');
  // With files the server is named apart; by reflection it is the SERVER the schema came from.
  if (mock.passthrough) words.push(...(config.schema.kind === 'reflection' ? ['--passthrough'] : ['--passthrough-to', config.target]));
  return words.map(shellQuote).join(' ');
}

/**
 * `ferry check` of the connection as the form has it, for a colleague or a CI job: the schema files say
 * reflection is not expected; the metadata, which may hold tokens, is left out.
 */
export function checkCommand(config: ConnectionConfig, root: string | undefined): string {
  return ['ferry', 'check', ...schemaFileWords(config, root), ...dialWords(config, root)].map(shellQuote).join(' ');
}
