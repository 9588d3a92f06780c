import type protobuf from 'protobufjs';
import { fail, type FerryErrorDetails } from '../../../shared/errors';
import { explainParseError, explainUnresolved, type ProtoErrorDetail, type ProtoText } from './proto-error-details';

/**
 * protobufjs parse errors look like `illegal token '}' (/path/a.proto, line 6)` and carry no column: we
 * attach the file ourselves and find the token on that line for a column. A name or field number given
 * twice, or a reserved one taken, comes with no line at all; it is looked up in the text (see
 * proto-error-details.ts).
 */
export function failParse(file: string, text: string, reason: unknown, root: protobuf.Root): never {
  const message = reason instanceof Error ? reason.message : String(reason);
  const explained = explainParseError(message, file, text, root);
  if (explained) return failAtPlace(explained);
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

/**
 * A type nothing defines, from resolveAll (`no such Type or Enum 'Foo' in Type .pkg.Bar`, or for an rpc only
 * `no such type: Foo`): the field or rpc using it, in which file and where.
 */
export function failResolve(reason: unknown, root: protobuf.Root, textOf: ProtoText): never {
  const message = reason instanceof Error ? reason.message : String(reason);
  const explained = explainUnresolved(message, root, textOf);
  if (explained) return failAtPlace(explained);
  const owner = /in (?:Type|Service|Method|Field|Namespace) (\.[\w.]+)/.exec(message)?.[1];
  const file = owner ? (root.lookup(owner)?.filename ?? undefined) : undefined;
  return fail('SCHEMA_ERROR', `${file ? `${file}: ` : ''}${message.replace(/^no such/, 'unknown')}`, file ? { file } : undefined);
}

/** `file:line:column: message`, or `file: message` when the place is not known; `more` joins the details. */
export function failAtPlace({ file, position, message }: ProtoErrorDetail, more?: FerryErrorDetails): never {
  const where = position ? `${file}:${position.line}:${position.column}` : file;
  return fail('SCHEMA_ERROR', `${where}: ${message}`, { file, ...position, ...more });
}
