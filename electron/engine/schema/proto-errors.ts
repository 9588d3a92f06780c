import { fail } from '../../../shared/errors';

/**
 * protobufjs parse errors look like `illegal token '}' (/path/a.proto, line 6)` and carry no column: we
 * attach the file ourselves and find the token on that line for a column.
 */
export function failParse(file: string, text: string, reason: unknown): never {
  const message = reason instanceof Error ? reason.message : String(reason);
  const lineMatch = /line (\d+)\)?\s*$/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  // protobufjs reports a truncated file as `illegal end of input 'null'`.
  const cleaned = message.replace(/\s*\((?:[^()]*, )?line \d+\)\s*$/, '').replace(/^illegal end of input 'null'$/, 'unexpected end of file');
  const token = /'([^']+)'/.exec(cleaned)?.[1];
  const lineText = line !== undefined ? text.split('\n')[line - 1] : undefined;
  const index = token !== undefined && lineText !== undefined ? lineText.indexOf(token) : -1;
  const column = index >= 0 ? index + 1 : undefined;
  const where = `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}`;
  return fail('SCHEMA_ERROR', `${where}: ${cleaned}`, {
    file,
    ...(line !== undefined && { line }),
    ...(column !== undefined && { column }),
  });
}

/** `no such type: Foo in Type .pkg.Bar` from resolveAll → which file and what is missing. */
export function failResolve(reason: unknown, fileOf: (fullName: string) => string | undefined): never {
  const message = reason instanceof Error ? reason.message : String(reason);
  const owner = /in (?:Type|Service|Method|Field) (\.[\w.]+)/.exec(message)?.[1];
  const file = owner ? fileOf(owner) : undefined;
  return fail('SCHEMA_ERROR', `${file ? `${file}: ` : ''}${message.replace(/^no such/, 'unknown')}`, file ? { file } : undefined);
}
