import { summarizeMethod } from '../../engine';
import type { CliIo } from '../cli-io';
import { openCliContext, splitTargetAndName } from '../cli-schema';
import { CONNECTION_FLAGS, EXPORT_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { exportSchemaFromFlags } from '../schema-export-flags';
import { flagBool, parseArgs } from '../parse-args';
import { LIST_USAGE } from '../usage';

export async function runList(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, ...EXPORT_FLAGS, HELP_FLAG], 'list');
  if (flagBool(args, 'help')) return io.out(`${LIST_USAGE}\n`), 0;
  const { target, name } = splitTargetAndName(args, 'list', 2);
  const context = await openCliContext(args, target);
  try {
    if (name === undefined) {
      const services = context.registry.listServices().map((s) => s.fullName);
      for (const service of services) io.out(`${service}\n`);
      await exportSchemaFromFlags(args, context.registry, services);
      return 0;
    }
    // findService fails with SYMBOL_NOT_FOUND and close names, which main prints and maps to exit 2.
    const methods = context.registry.findService(name).methodsArray.map(summarizeMethod);
    const width = Math.max(...methods.map((m) => m.fullName.length));
    for (const method of methods) io.out(`${method.fullName.padEnd(width)}  ${method.kind}\n`);
    await exportSchemaFromFlags(args, context.registry, [name]);
    return 0;
  } finally {
    context.pool.close();
  }
}
