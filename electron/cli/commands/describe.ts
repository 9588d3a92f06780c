import { fail } from '../../../shared/errors';
import { describeSymbol } from '../../engine';
import type { CliIo } from '../cli-io';
import { openCliContext, splitTargetAndName } from '../cli-schema';
import { CONNECTION_FLAGS, EXPORT_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { exportSchemaFromFlags } from '../schema-export-flags';
import { flagBool, parseArgs } from '../parse-args';
import { DESCRIBE_USAGE } from '../usage';

export async function runDescribe(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, ...EXPORT_FLAGS, HELP_FLAG], 'describe');
  if (flagBool(args, 'help')) return io.out(`${DESCRIBE_USAGE}\n`), 0;
  const { target, name } = splitTargetAndName(args, 'describe', 2);
  const context = await openCliContext(args, target);
  try {
    if (name === undefined) {
      // grpcurl prints every service when no symbol is given; so do we.
      const services = context.registry.listServices();
      if (services.length === 0) fail('SYMBOL_NOT_FOUND', 'the schema defines no services');
      io.out(services.map((s) => describeSymbol(context.registry, s.fullName)).join('\n'));
      await exportSchemaFromFlags(args, context.registry, services.map((s) => s.fullName));
      return 0;
    }
    io.out(describeSymbol(context.registry, name));
    await exportSchemaFromFlags(args, context.registry, [name]);
    return 0;
  } finally {
    context.pool.close();
  }
}
