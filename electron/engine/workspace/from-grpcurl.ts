import { attemptSync, fail, type Result } from '../../../shared/errors';
import { REQUEST_FORMAT_VERSION, type RequestFile, type SchemaSource, type TlsSettings } from '../../../shared/model';
import { splitShellWords } from './shell-words';

/** grpcurl flags Ferry understands. Output-only flags are accepted and dropped: they do not change the request. */
const VALUE_FLAGS = new Set(['cacert', 'cert', 'key', 'authority', 'H', 'rpc-header', 'd', 'import-path', 'proto', 'protoset', 'max-time', 'format']);
const BOOL_FLAGS = new Set(['plaintext', 'insecure', 'v', 'vv', 'emit-defaults']);

interface Flags {
  values: Map<string, string[]>;
  bools: Set<string>;
  positionals: string[];
}

/**
 * A pasted grpcurl command → a request. Unsupported flags are errors naming the flag (silently dropping
 * `-reflect-header` or `-servername` would give a request that behaves differently).
 */
export function fromGrpcurlCommand(text: string, options: { name?: string } = {}): Result<RequestFile> {
  return attemptSync(() => {
    const words = splitShellWords(text);
    if (words.length === 0 || !/(^|\/)grpcurl(\.exe)?$/.test(words[0]!)) fail('BAD_INPUT', 'expected a command starting with grpcurl');
    const flags = parseFlags(words.slice(1));
    const [target, method, ...extra] = flags.positionals;
    const verb = [target, method].find((word) => word === 'list' || word === 'describe');
    if (verb) fail('BAD_INPUT', `grpcurl ${verb} is not a call; only calls can be imported`);
    if (!target || !method || extra.length > 0) fail('BAD_INPUT', 'expected grpcurl [flags] ADDRESS METHOD');
    if (flags.values.has('format') && value(flags, 'format') !== 'json') fail('BAD_INPUT', 'only -format json is supported');
    const normalized = normalizeMethod(method);
    const maxTime = value(flags, 'max-time');
    const deadlineMs = maxTime === undefined ? undefined : secondsToMs(maxTime);
    return {
      formatVersion: REQUEST_FORMAT_VERSION,
      name: options.name ?? normalized.split('/')[1]!,
      target,
      tls: tlsFrom(flags),
      schema: schemaFrom(flags),
      method: normalized,
      metadata: [...(flags.values.get('H') ?? []), ...(flags.values.get('rpc-header') ?? [])].map(headerFrom),
      ...(deadlineMs !== undefined && { deadlineMs }),
      messages: splitMessages(value(flags, 'd') ?? ''),
      assertions: [],
    };
  });
}

function parseFlags(words: string[]): Flags {
  const flags: Flags = { values: new Map(), bools: new Set(), positionals: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') {
      flags.positionals.push(word);
      continue;
    }
    // Go's flag package: -name, --name, -name=value, -name value.
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (BOOL_FLAGS.has(name)) {
      if (eq === -1 || body.slice(eq + 1) === 'true') flags.bools.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) fail('BAD_INPUT', `grpcurl flag -${name} is not supported by the importer`, { expected: [...VALUE_FLAGS, ...BOOL_FLAGS].map((f) => `-${f}`).join(' ') });
    const flagValue = eq !== -1 ? body.slice(eq + 1) : words[++i];
    if (flagValue === undefined) fail('BAD_INPUT', `grpcurl flag -${name} needs a value`);
    flags.values.set(name, [...(flags.values.get(name) ?? []), flagValue]);
  }
  return flags;
}

function value(flags: Flags, name: string): string | undefined {
  const values = flags.values.get(name);
  return values?.[values.length - 1];
}

function normalizeMethod(method: string): string {
  const slash = method.lastIndexOf('/');
  if (slash !== -1) return method;
  const dot = method.lastIndexOf('.');
  if (dot <= 0) fail('BAD_INPUT', `"${method}" is not a method name`, { expected: 'pkg.Service/Method' });
  return `${method.slice(0, dot)}/${method.slice(dot + 1)}`;
}

function secondsToMs(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) fail('BAD_INPUT', `-max-time expects seconds, got "${text}"`);
  return Math.round(seconds * 1000);
}

function tlsFrom(flags: Flags): TlsSettings {
  const tlsOnly = ['cacert', 'cert', 'key'].filter((name) => flags.values.has(name));
  if (flags.bools.has('plaintext')) {
    if (tlsOnly.length > 0 || flags.bools.has('insecure')) fail('BAD_INPUT', '-plaintext cannot be combined with TLS flags');
    if (flags.values.has('authority')) fail('BAD_INPUT', '-authority with -plaintext is not supported by Ferry requests yet');
    return { mode: 'plaintext' };
  }
  const tls: TlsSettings = { mode: 'tls' };
  const set = (key: 'caCertPath' | 'certPath' | 'keyPath' | 'authority', flag: string) => {
    const text = value(flags, flag);
    if (text !== undefined) tls[key] = text;
  };
  set('caCertPath', 'cacert');
  set('certPath', 'cert');
  set('keyPath', 'key');
  set('authority', 'authority');
  if (flags.bools.has('insecure')) tls.insecureSkipVerify = true;
  return tls;
}

function schemaFrom(flags: Flags): SchemaSource {
  const protos = flags.values.get('proto') ?? [];
  const protosets = flags.values.get('protoset') ?? [];
  if (protos.length > 0 && protosets.length > 0) fail('BAD_INPUT', 'use either -proto or -protoset, not both');
  if (protosets.length > 0) return { kind: 'descriptor-set', files: protosets };
  if (protos.length > 0) return { kind: 'proto-files', files: protos, importPaths: flags.values.get('import-path') ?? [] };
  return { kind: 'reflection' };
}

function headerFrom(text: string): { key: string; value: string; enabled: boolean } {
  const colon = text.indexOf(':');
  if (colon <= 0) fail('BAD_INPUT', `-H "${text}" is not of the form 'key: value'`);
  return { key: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1).trim(), enabled: true };
}

/**
 * `-d` holds one JSON message, or several one after another for streams. They are split at top-level
 * bracket depth without parsing, so each message keeps its exact text (and `{{variables}}` survive).
 */
export function splitMessages(data: string): string[] {
  if (data === '@') fail('BAD_INPUT', '-d @ reads standard input; paste the messages into -d instead');
  const messages: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '"') {
      for (i++; i < data.length && data[i] !== '"'; i++) if (data[i] === '\\') i++;
      continue;
    }
    if (depth === 0 && /\s/.test(c)) continue;
    if (depth === 0 && c !== '{' && c !== '[') fail('BAD_INPUT', `-d: expected a JSON object at character ${i + 1}, found "${c}"`);
    if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) messages.push(data.slice(start, i + 1));
    }
  }
  if (depth !== 0) fail('BAD_INPUT', '-d: a JSON message is not closed');
  return messages;
}
