import protobuf from 'protobufjs';
import { fail } from '../../../shared/errors';
import type { ServiceSummary } from '../../../shared/model';
import { byCodeUnits, editDistance } from '../../../shared/util';
import { addBuiltins, addDescriptorTypes, hasBuiltins } from './base-root';
import { describeMethod, summarizeMethod, type MethodDescriptor, type TypeLookup } from './method-descriptor';
import { withoutLeadingDot } from '../codec/well-known';

function allOf(namespace: protobuf.NamespaceBase, out: protobuf.ReflectionObject[] = []): protobuf.ReflectionObject[] {
  for (const child of namespace.nestedArray) {
    out.push(child);
    if (child instanceof protobuf.Service) out.push(...child.methodsArray);
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) allOf(child, out);
  }
  return out;
}

/**
 * The services under a namespace. Only packages can hold services (.proto has no services inside messages,
 * nor do descriptors), so messages are not walked: walking them was ~4% of loading googleapis.
 */
export function servicesOf(namespace: protobuf.NamespaceBase, out: protobuf.Service[] = []): protobuf.Service[] {
  for (const child of namespace.nestedArray) {
    if (child instanceof protobuf.Service) out.push(child);
    else if (child instanceof protobuf.Namespace && !(child instanceof protobuf.Type)) servicesOf(child, out);
  }
  return out;
}

/**
 * Asks the schema's origin (a reflection server) for the file defining `fullName` and adds it to `root`.
 * Resolves whether or not the server knew the name; rejects only when the server cannot be asked.
 */
export type FetchSymbol = (fullName: string, root: protobuf.Root) => Promise<void>;

/** The loaders add the built-ins before resolving; this keeps the promise for a root built elsewhere. */
function withBuiltins(root: protobuf.Root): protobuf.Root {
  if (!hasBuiltins(root)) addBuiltins(root).resolveAll();
  return root;
}

/** The full type name in an `Any` type URL (`type.googleapis.com/pkg.Msg` → `pkg.Msg`). */
export const typeNameOfUrl = (typeUrl: string): string => withoutLeadingDot(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));

/**
 * A root built on first use, its service list known before: what a schema cache hit gives, so `ferry list`
 * answers without building the types of a googleapis-sized schema.
 */
export interface DeferredRoot {
  services: ServiceSummary[];
  /** The whole root; the same object `partial` returned, if it was called. */
  build(): protobuf.Root;
  /**
   * A root that has at least the declaration holding `fullName` and all it refers to, grown in place on
   * later calls. A name that starts with none of the source's packages or top-level declarations may be one
   * without its package: undefined then, and everything is built.
   */
  partial?(fullName: string): protobuf.Root | undefined;
  /**
   * The full names the source knows without building, in the order of its tree: packages, top-level
   * declarations and services' methods (not what messages nest). What a mistyped name is compared with.
   */
  names?(): string[];
}

/** The files a schema was read from. */
export interface SchemaFiles {
  /** When the load began (Date.now()): a file changed after it is news. */
  since: number;
  /** The input files as given, each folder among them replaced by its files then. */
  inputs: readonly string[];
  /** The same listed again now: a file new in a folder shows here. A folder now empty or gone stands as itself. */
  inputsNow(): readonly string[];
  /** Every file the load read, imports included (absolute paths); asked only when wanted. */
  files(): readonly string[];
}

/** One schema per connection: every service, method, message and enum, plus the well-known and google.rpc types. */
export class SchemaRegistry implements TypeLookup {
  private built: protobuf.Root | undefined;
  /** Dropped once built: what it holds (cache text, descriptors) can be larger than the root. */
  private deferred: DeferredRoot | undefined;

  constructor(
    root: protobuf.Root | DeferredRoot,
    /** Which reflection API answered, when the schema came from reflection. */
    readonly reflectionVersion?: 'v1' | 'v1alpha',
    private readonly fetchSymbol?: FetchSymbol,
  ) {
    if (root instanceof protobuf.Root) this.built = withBuiltins(root);
    else this.deferred = root;
  }

  get root(): protobuf.Root {
    if (!this.built) {
      this.built = withBuiltins(this.deferred!.build());
      this.deferred = undefined;
    }
    return this.built;
  }

  /** Questions already sent to the server, so an unknown `Any` type is asked about once per registry. */
  private readonly fetches = new Map<string, Promise<void>>();

  /** Every service the server listed by reflection, its reflection services included (what grpcurl lists). */
  reflectedServices?: string[];

  /** What a schema from files was read from, to tell when it changed on disk; none for reflection. */
  readFrom?: SchemaFiles;

  /**
   * Services sorted by name. `grpc.reflection.*` is left out (grpcurl lists it): it is how the schema was
   * found, not something a user came to call, and its types are not in a reflected schema anyway.
   */
  listServices(): ServiceSummary[] {
    if (!this.built && this.deferred) return [...this.deferred.services];
    return servicesOf(this.root)
      .filter((service) => !withoutLeadingDot(service.fullName).startsWith('grpc.reflection.'))
      .map((service) => ({
        name: service.name,
        fullName: withoutLeadingDot(service.fullName),
        methods: service.methodsArray.map(summarizeMethod),
        ...(service.comment && { doc: service.comment }),
      }))
      .sort((a, b) => byCodeUnits(a.fullName, b.fullName));
  }

  findService(name: string): protobuf.Service {
    const found = this.lookup(name);
    return found instanceof protobuf.Service ? found : this.notFound(name, 'service');
  }

  /**
   * Accepts `pkg.Service/Method`, `pkg.Service.Method` and a leading dot, and a name without its package
   * (`Service/Method`, `Method`) when exactly one method has it; two or more are bad input listing them all.
   */
  findMethod(name: string): MethodDescriptor {
    const cached = this.methods.get(name);
    if (cached) return cached;
    const normalized = withoutLeadingDot(name.trim()).replace('/', '.');
    const listed = this.listedMethods(normalized);
    if (listed && listed.length > 1) this.failAmbiguous(name, listed);
    const found = this.lookup(listed?.length === 1 ? listed[0]! : normalized);
    if (!(found instanceof protobuf.Method)) return this.notFound(name, 'method');
    // protobufjs resolves a partial name to the first match it meets; only a full name is sure to be unique
    // (and stays so when reflection adds files later), so only full names are remembered.
    if (withoutLeadingDot(found.fullName) !== normalized) {
      if (listed?.length !== 1) this.checkUnique(name, normalized);
      return describeMethod(found);
    }
    const method = describeMethod(found);
    this.methods.set(name, method);
    return method;
  }

  /**
   * The full names of the listed methods a name (with or without its package) matches, while a schema from
   * the cache is not built: then the method's service alone is built, not everything to check that a name
   * is unique. Undefined once built, or for other sources.
   */
  private listedMethods(partial: string): string[] | undefined {
    if (this.built || !this.deferred?.partial) return undefined;
    const suffix = `.${partial}`;
    return this.deferred.services.flatMap((service) =>
      service.methods.map((method) => `${service.fullName}.${method.name}`).filter((full) => full === partial || full.endsWith(suffix)),
    );
  }

  /** Methods found by full name: every call looks its method up, and describing one showed in unary profiles. */
  private readonly methods = new Map<string, MethodDescriptor>();

  private checkUnique(name: string, partial: string): void {
    const matches = allOf(this.root)
      .filter((o): o is protobuf.Method => o instanceof protobuf.Method && withoutLeadingDot(o.fullName).endsWith(`.${partial}`))
      .map((method) => withoutLeadingDot(method.fullName));
    if (matches.length > 1) this.failAmbiguous(name, matches);
  }

  /** Bad input naming every method a name matches (full names in, `pkg.Service/Method` out). */
  private failAmbiguous(name: string, matches: readonly string[]): never {
    const candidates = matches.map((full) => `${full.slice(0, full.lastIndexOf('.'))}/${full.slice(full.lastIndexOf('.') + 1)}`);
    return fail('BAD_INPUT', `method "${name}" is ambiguous: it matches ${candidates.sort().join(', ')}`, { hint: 'give the full name, with its package' });
  }

  findType(fullName: string): protobuf.Type | undefined {
    const found = this.lookup(fullName);
    return found instanceof protobuf.Type ? found : undefined;
  }

  /** The message type an `Any` names, if the schema has it (`type.googleapis.com/pkg.Msg`). */
  resolveAnyType(typeUrl: string): protobuf.Type | undefined {
    return this.findType(typeNameOfUrl(typeUrl));
  }

  /**
   * Like `findType` (also taking an `Any` type URL), but when the schema came from reflection and lacks
   * the type, asks the server for it first and adds it to this registry's root. How the calls layer
   * decodes an `Any` holding a type no method mentions. Without reflection it is `findType`.
   */
  async ensureType(nameOrTypeUrl: string): Promise<protobuf.Type | undefined> {
    const name = typeNameOfUrl(nameOrTypeUrl);
    const local = this.findType(name);
    if (local || !this.fetchSymbol || name === '') return local;
    await this.fetchOnce(name, this.fetchSymbol);
    return this.findType(name);
  }

  /** Like `ensureType` for any symbol, services included: asks a reflection server when the schema lacks it. */
  async ensureSymbol(name: string): Promise<void> {
    const wanted = withoutLeadingDot(name.trim()).replace('/', '.');
    if (wanted === '' || this.lookup(wanted) || !this.fetchSymbol) return;
    await this.fetchOnce(wanted, this.fetchSymbol);
  }

  /** Asks the server about `name` once at a time; a failed question (server gone) may be asked again later. */
  private fetchOnce(name: string, fetchSymbol: FetchSymbol): Promise<void> {
    let pending = this.fetches.get(name);
    if (!pending) {
      pending = fetchSymbol(name, this.root);
      this.fetches.set(name, pending);
      pending.catch(() => this.fetches.delete(name));
    }
    return pending;
  }

  /** A service, method, message or enum, for `describe`. */
  findSymbol(name: string): protobuf.ReflectionObject {
    const found = this.lookup(withoutLeadingDot(name.trim()).replace('/', '.'));
    const describable = found instanceof protobuf.Service || found instanceof protobuf.Method || found instanceof protobuf.Type || found instanceof protobuf.Enum;
    return describable ? found : this.notFound(name, 'symbol');
  }

  private lookup(name: string): protobuf.ReflectionObject | null {
    const trimmed = withoutLeadingDot(name.trim());
    if (trimmed === '') return null;
    const root = this.rootFor(trimmed);
    const found = root.lookup(`.${trimmed}`);
    // descriptor.proto's types come on first use (base-root.ts). Once they are there a miss is a miss: the
    // root is resolved again only when they were just added (resolveAll walks every object of the schema).
    if (found || !trimmed.startsWith('google.protobuf.') || !addDescriptorTypes(root)) return found;
    return root.resolveAll().lookup(`.${trimmed}`);
  }

  /**
   * The root to look a full name up in: for a schema from the cache, one built only as far as that name
   * needs (a call to one googleapis method builds its service's types, not all 7,000 files' worth).
   */
  private rootFor(name: string): protobuf.Root {
    const partial = this.built ? undefined : this.deferred?.partial?.(name);
    return partial ?? this.root;
  }

  /**
   * A schema from the cache knows unbuilt all but what messages nest. A name inside a message
   * (`pkg.Msg.Inerr`) has had that message's declaration built for its lookup: what it nests is added
   * after it, where the whole tree has it.
   */
  private withNestedNear(wanted: string, names: string[]): string[] {
    const root = this.deferred?.partial?.(wanted);
    for (let dot = wanted.lastIndexOf('.'); root && dot > 0; dot = wanted.lastIndexOf('.', dot - 1)) {
      let unit: protobuf.ReflectionObject | null = root.lookup(wanted.slice(0, dot));
      if (!(unit instanceof protobuf.Type)) continue;
      while (unit.parent instanceof protobuf.Type) unit = unit.parent;
      const at = names.indexOf(withoutLeadingDot(unit.fullName));
      const nested = allOf(unit as protobuf.Type).map((o) => withoutLeadingDot(o.fullName));
      return at < 0 ? names : [...names.slice(0, at + 1), ...nested, ...names.slice(at + 1)];
    }
    return names;
  }

  private notFound(name: string, what: string): never {
    const wanted = withoutLeadingDot(name.trim()).replace('/', '.');
    // A schema from the cache suggests from what it knows unbuilt: building googleapis whole for a typo
    // took ~4 s.
    const names = this.built ? undefined : this.deferred?.names?.();
    const candidates = names ? this.withNestedNear(wanted, names) : allOf(this.root).map((o) => withoutLeadingDot(o.fullName));
    const limit = Math.max(2, Math.floor(wanted.length / 4));
    const close = candidates
      // No edit distance is below the difference in length: googleapis has ~60,000 names to compare.
      .filter((candidate) => Math.abs(candidate.length - wanted.length) <= limit)
      .map((candidate) => ({ candidate, score: editDistance(wanted.toLowerCase(), candidate.toLowerCase()) }))
      .filter(({ score }) => score <= limit)
      .sort((a, b) => a.score - b.score)
      .slice(0, 3)
      .map(({ candidate }) => candidate);
    const hint = close.length > 0 ? `did you mean ${close.join(', ')}?` : 'list the services with `ferry list`';
    return fail('SYMBOL_NOT_FOUND', `${what} "${name}" is not in the schema`, { hint });
  }
}
