import { describeFerryError, fail, toFerryError } from '../../../shared/errors';
import type { ConnectionConfig, MetadataEntry } from '../../../shared/model';
import { loadSchema, withoutLeadingDot, type SchemaRegistry } from '../../engine';
import type { GrpcurlCommand } from './grpcurl-command';
import type { Dialer } from './grpcurl-dial';
import { goErrorText, grpcurlFailure, type Timing } from './grpcurl-output';

function goFileError(path: string, code: string | undefined): string {
  if (code === 'ENOENT' || /no such file|not found/.test(code ?? '')) return `open ${path}: no such file or directory`;
  return code ?? 'cannot read';
}

/** The descriptor sets or .proto files of a command line, loaded as grpcurl does before anything is dialed. */
async function loadFiles(command: GrpcurlCommand): Promise<SchemaRegistry | undefined> {
  if (command.protosets.length > 0) {
    try {
      return await loadSchema({ source: { kind: 'descriptor-set', files: command.protosets } });
    } catch (reason) {
      const error = toFerryError(reason);
      const file = error.details?.file ?? command.protosets[0]!;
      const why = error.code === 'IO_ERROR'
        ? `could not load protoset file ${JSON.stringify(file)}: ${goFileError(file, /: (E[A-Z]+)$/.exec(error.message)?.[1] ?? 'ENOENT')}`
        : `could not parse contents of protoset file ${JSON.stringify(file)}: ${describeFerryError(error)}`;
      grpcurlFailure(`Failed to process proto descriptor sets.: ${why}`, error.code);
    }
  }
  if (command.protos.length > 0) {
    try {
      return await loadSchema({ source: { kind: 'proto-files', files: command.protos, importPaths: command.importPaths } });
    } catch (reason) {
      const error = toFerryError(reason);
      grpcurlFailure(`Failed to process proto source files.: could not parse given files: ${describeFerryError(error)}`, error.code);
    }
  }
  return undefined;
}

/**
 * Where grpcurl looks symbols up: server reflection (asked lazily, after dialing) and/or the given files.
 * With both (-use-reflection with -proto or -protoset), reflection answers first and lists the services.
 */
export class GrpcurlSchema {
  private reflected: Promise<SchemaRegistry> | undefined;

  private constructor(
    private readonly command: GrpcurlCommand,
    readonly files: SchemaRegistry | undefined,
    private readonly dialer: Dialer | undefined,
    private readonly metadata: readonly MetadataEntry[],
  ) {}

  static async open(command: GrpcurlCommand, dialer: Dialer | undefined, reflectionMetadata: readonly MetadataEntry[], timing: Timing | undefined): Promise<GrpcurlSchema> {
    const files = await loadFiles(command);
    const schema = new GrpcurlSchema(command, files, dialer, reflectionMetadata);
    // grpcurl dials as soon as it knows reflection is needed, before any question is asked.
    if (command.useReflection && dialer) await dialer.dial(timing);
    return schema;
  }

  /** The schema source (and reflection metadata) that gives the engine the registry `find` answered with. */
  sourceFor(registry: SchemaRegistry): Pick<ConnectionConfig, 'schema' | 'metadata'> {
    const { command } = this;
    if (registry !== this.files) return { schema: { kind: 'reflection' }, metadata: [...this.metadata] };
    if (command.protosets.length > 0) return { schema: { kind: 'descriptor-set', files: command.protosets } };
    return { schema: { kind: 'proto-files', files: command.protos, importPaths: command.importPaths } };
  }

  get usesReflection(): boolean {
    return this.command.useReflection;
  }

  /**
   * The reflection schema; a failure is worded as grpcurl's descriptor source words it ("server does not
   * support the reflection API"), the caller adding its prefix. Only a missing symbol is SYMBOL_NOT_FOUND.
   */
  async reflection(): Promise<SchemaRegistry> {
    const dialer = this.dialer!;
    this.reflected ??= loadSchema({ source: { kind: 'reflection' }, target: dialer.target, connection: dialer.options, pool: dialer.pool, metadata: this.metadata });
    try {
      return await this.reflected;
    } catch (reason) {
      const error = toFerryError(reason);
      fail(error.code === 'SYMBOL_NOT_FOUND' ? 'NOT_FOUND' : error.code, goErrorText(error));
    }
  }

  /** The services grpcurl lists: what the server lists by reflection (its own reflection services too), or every service in the files. */
  async listServices(): Promise<string[]> {
    if (this.usesReflection) {
      const registry = await this.reflection();
      return [...(registry.reflectedServices ?? registry.listServices().map((s) => s.fullName))];
    }
    return this.files!.listServices().map((s) => s.fullName);
  }

  /**
   * The schema that holds `symbol` (or, for an enum value or map entry, the type around it), or a
   * SYMBOL_NOT_FOUND failure "Symbol not found: …".
   */
  async find(symbol: string): Promise<SchemaRegistry> {
    const name = withoutLeadingDot(symbol);
    if (this.usesReflection) {
      const registry = await this.reflection();
      await registry.ensureSymbol(name).catch(() => undefined);
      if (holds(registry, name)) return registry;
    }
    if (this.files && holds(this.files, name)) return this.files;
    return fail('SYMBOL_NOT_FOUND', `Symbol not found: ${name}`);
  }
}

function holds(registry: SchemaRegistry, name: string): boolean {
  const scope = name.slice(0, name.lastIndexOf('.'));
  return registry.root.lookup(`.${name}`) !== null || (scope !== '' && registry.root.lookup(`.${scope}`) !== null);
}
