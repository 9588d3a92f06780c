import protobuf from 'protobufjs';
import { fail } from '../../../shared/errors';
import type { ServiceSummary } from '../../../shared/model';
import { describeMethod, summarizeMethod, type MethodDescriptor, type TypeLookup } from './method-descriptor';

const strip = (name: string): string => name.replace(/^\./, '');

/** Edit distance, for "did you mean" on a mistyped symbol. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function allOf(namespace: protobuf.NamespaceBase, out: protobuf.ReflectionObject[] = []): protobuf.ReflectionObject[] {
  for (const child of namespace.nestedArray) {
    out.push(child);
    if (child instanceof protobuf.Service) out.push(...child.methodsArray);
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) allOf(child, out);
  }
  return out;
}

/** One schema per connection: every service, method, message and enum, plus the well-known and google.rpc types. */
export class SchemaRegistry implements TypeLookup {
  constructor(
    readonly root: protobuf.Root,
    /** Which reflection API answered, when the schema came from reflection. */
    readonly reflectionVersion?: 'v1' | 'v1alpha',
  ) {}

  /** Services sorted by name; the reflection services themselves are left out, as grpcurl's users expect. */
  listServices(): ServiceSummary[] {
    return allOf(this.root)
      .filter((o): o is protobuf.Service => o instanceof protobuf.Service && !strip(o.fullName).startsWith('grpc.reflection.'))
      .map((service) => ({
        name: service.name,
        fullName: strip(service.fullName),
        methods: service.methodsArray.map(summarizeMethod),
        ...(service.comment && { doc: service.comment }),
      }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  findService(name: string): protobuf.Service {
    const found = this.lookup(name);
    return found instanceof protobuf.Service ? found : this.notFound(name, 'service');
  }

  /** Accepts `pkg.Service/Method`, `pkg.Service.Method` and a leading dot. */
  findMethod(name: string): MethodDescriptor {
    const normalized = strip(name.trim()).replace('/', '.');
    const found = this.lookup(normalized);
    return found instanceof protobuf.Method ? describeMethod(found) : this.notFound(name, 'method');
  }

  findType(fullName: string): protobuf.Type | undefined {
    const found = this.lookup(fullName);
    return found instanceof protobuf.Type ? found : undefined;
  }

  /** A service, method, message or enum, for `describe`. */
  findSymbol(name: string): protobuf.ReflectionObject {
    const found = this.lookup(strip(name.trim()).replace('/', '.'));
    const describable = found instanceof protobuf.Service || found instanceof protobuf.Method || found instanceof protobuf.Type || found instanceof protobuf.Enum;
    return describable ? found : this.notFound(name, 'symbol');
  }

  private lookup(name: string): protobuf.ReflectionObject | null {
    const trimmed = strip(name.trim());
    if (trimmed === '') return null;
    return this.root.lookup(`.${trimmed}`);
  }

  private notFound(name: string, what: string): never {
    const wanted = strip(name.trim()).replace('/', '.');
    const candidates = allOf(this.root).map((o) => strip(o.fullName));
    const close = candidates
      .map((candidate) => ({ candidate, score: distance(wanted.toLowerCase(), candidate.toLowerCase()) }))
      .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 4)))
      .sort((a, b) => a.score - b.score)
      .slice(0, 3)
      .map(({ candidate }) => candidate);
    const hint = close.length > 0 ? `did you mean ${close.join(', ')}?` : 'list the services with `ferry list`';
    return fail('SYMBOL_NOT_FOUND', `${what} "${name}" is not in the schema`, { hint });
  }
}
