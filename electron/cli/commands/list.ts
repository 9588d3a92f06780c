import { fail } from '../../../shared/errors';
import type { CliIo } from '../cli-io';
import { looksLikeTarget, openCliContext, schemaSourceFromFlags } from '../cli-schema';
import { CONNECTION_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { EXIT_BAD_INPUT } from '../exit-codes';
import { flagBool, parseArgs, type ParsedArgs } from '../parse-args';
import { LIST_USAGE } from '../usage';

/** TARGET is optional when the schema comes from files, so one word may be either. */
export function splitTargetAndName(args: ParsedArgs, command: string, max: number): { target?: string; name?: string } {
  const words = args.positionals;
  if (words.length > max) fail('BAD_INPUT', `\`ferry ${command}\` takes at most ${max} arguments, got ${words.length}`);
  const fromFiles = schemaSourceFromFlags(args).kind !== 'reflection';
  if (words.length === 2) return { target: words[0]!, name: words[1]! };
  if (words.length === 1 && (!fromFiles || looksLikeTarget(words[0]!))) return { target: words[0]! };
  return words.length === 1 ? { name: words[0]! } : {};
}

export async function runList(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, HELP_FLAG], 'list');
  if (flagBool(args, 'help')) return io.out(`${LIST_USAGE}\n`), 0;
  const { target, name } = splitTargetAndName(args, 'list', 2);
  const context = await openCliContext(args, target);
  try {
    if (name === undefined) {
      for (const service of context.registry.listServices()) io.out(`${service.fullName}\n`);
      return 0;
    }
    const service = context.registry.listServices().find((s) => s.fullName === name.replace(/^\./, ''));
    if (!service) {
      io.err(`ferry: service "${name}" is not in the schema (see \`ferry list\` for the services)\n`);
      return EXIT_BAD_INPUT;
    }
    const width = Math.max(...service.methods.map((m) => m.fullName.length));
    for (const method of service.methods) io.out(`${method.fullName.padEnd(width)}  ${method.kind}\n`);
    return 0;
  } finally {
    context.pool.close();
  }
}
