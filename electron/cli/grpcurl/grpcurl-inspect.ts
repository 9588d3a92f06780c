import { describeFerryError, fail, toFerryError } from '../../../shared/errors';
import { GrpcurlFormatter, SchemaExporter, describeSymbolText, typeName, withoutLeadingDot, writeProtoFiles, writeProtoset, type SchemaRegistry } from '../../engine';
import type { CliIo } from '../cli-io';
import type { GrpcurlCommand } from './grpcurl-command';
import { grpcurlFailure } from './grpcurl-output';
import type { GrpcurlSchema } from './grpcurl-schema';

async function lookup<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (reason) {
    const error = toFerryError(reason);
    if (error.code === 'INTERNAL_BUG') throw reason;
    return grpcurlFailure(`${prefix}: ${error.message}`, error.code);
  }
}

/** -protoset-out and -proto-out-dir after list, describe or invoke: the files defining `symbols` and their dependencies. */
export async function exportSchema(command: GrpcurlCommand, registry: SchemaRegistry, symbols: readonly string[]): Promise<void> {
  if (!command.protosetOut && !command.protoOutDir) return;
  const exporter = new SchemaExporter(registry);
  const filesFor = (out: string) => {
    try {
      return exporter.filesFor(symbols.map((s) => s.replace('/', '.')));
    } catch (reason) {
      const error = toFerryError(reason);
      const symbol = symbols.find((s) => error.message.includes(s.replace('/', '.'))) ?? symbols[0];
      return grpcurlFailure(`Failed to write ${out}: failed to find descriptor for ${JSON.stringify(symbol)}: ${error.message}`, error.code);
    }
  };
  const write = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (reason) {
      const error = toFerryError(reason);
      grpcurlFailure(`Failed to write ${what}: ${describeFerryError(error)}`, error.code);
    }
  };
  if (command.protosetOut) {
    const out = `protoset to ${command.protosetOut}`;
    const files = filesFor(out);
    await write(out, () => writeProtoset(command.protosetOut!, files));
  }
  if (command.protoOutDir) {
    const out = `protos to ${command.protoOutDir}`;
    const files = filesFor(out);
    await write(out, () => writeProtoFiles(command.protoOutDir!, registry, files));
  }
}

async function anyRegistry(schema: GrpcurlSchema): Promise<SchemaRegistry> {
  return schema.usesReflection ? schema.reflection() : schema.files!;
}

/** `grpcurl … list [service]`. */
export async function runList(command: GrpcurlCommand, schema: GrpcurlSchema, io: CliIo): Promise<void> {
  if (command.symbol === undefined) {
    const services = (await lookup('Failed to list services', () => schema.listServices())).sort();
    io.out(services.length === 0 ? '(No services)\n' : services.map((s) => `${s}\n`).join(''));
    if (services.length > 0) await exportSchema(command, await anyRegistry(schema), services);
    return;
  }
  const symbol = command.symbol;
  const prefix = `Failed to list methods for service ${JSON.stringify(symbol)}`;
  const registry = await lookup(prefix, () => schema.find(symbol));
  const service = await lookup(prefix, async () => {
    try {
      return registry.findService(symbol);
    } catch {
      return fail('SYMBOL_NOT_FOUND', registry.root.lookup(`.${withoutLeadingDot(symbol)}`) ? `Service not found: ${symbol}` : `Symbol not found: ${symbol}`);
    }
  });
  const full = typeName(service);
  const methods = service.methodsArray.map((m) => `${full}.${m.name}`).sort();
  io.out(methods.length === 0 ? '(No methods)\n' : methods.map((m) => `${m}\n`).join(''));
  await exportSchema(command, registry, [symbol]);
}

/** `grpcurl … describe [symbol]`: each symbol as `<name> is <kind>:` and its .proto text. */
export async function runDescribe(command: GrpcurlCommand, schema: GrpcurlSchema, io: CliIo): Promise<void> {
  let symbols: string[];
  if (command.symbol !== undefined) symbols = [command.symbol];
  else {
    symbols = await lookup('Failed to list services', () => schema.listServices());
    if (symbols.length === 0) io.out('Server returned an empty list of exposed services\n');
  }
  const formatter = new GrpcurlFormatter({ format: command.format, emitDefaults: true });
  let registry: SchemaRegistry | undefined;
  for (const raw of symbols) {
    const symbol = withoutLeadingDot(raw);
    const prefix = `Failed to resolve symbol ${JSON.stringify(symbol)}`;
    registry = await lookup(prefix, () => schema.find(symbol));
    const described = await lookup(prefix, async () => describeSymbolText(new SchemaExporter(registry!), symbol));
    io.out(`${described.fullName} is ${described.kind}:\n${described.text}\n`);
    if (command.msgTemplate && described.kind === 'a message') {
      io.out(`\nMessage template:\n${formatter.template(registry.findType(described.fullName)!)}\n`);
    }
  }
  if (registry && symbols.length > 0) await exportSchema(command, registry, symbols);
}
