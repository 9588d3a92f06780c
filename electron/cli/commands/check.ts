import { fail, unwrap } from '../../../shared/errors';
import type { ConnectionConfig } from '../../../shared/model';
import { createEngine, useConnectionAdvice } from '../../engine';
import { checkReportText } from '../check-report';
import type { CliIo } from '../cli-io';
import { schemaSourceFromFlags } from '../cli-schema';
import { CONNECTION_FLAGS, HELP_FLAG, SCHEMA_FLAGS } from '../common-flags';
import { CLI_CONNECTION_ADVICE, connectTimeoutMs, connectionFromFlags, headersFromFlags } from '../connection-flags';
import { tlsSettingsOf, transportSettingsOf } from '../connection-settings';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { flagBool, flagString, parseArgs, type ParsedArgs } from '../parse-args';
import { protocolFromFlags, withUrlScheme } from '../protocol-flags';
import { CHECK_USAGE } from '../usage';

/** The connection the flags describe, as the UI's Check connection sends it. */
function configFromFlags(args: ParsedArgs, target: string): ConnectionConfig {
  const connection = withUrlScheme(connectionFromFlags(args), args, target);
  const metadata = [...headersFromFlags(args, 'header'), ...headersFromFlags(args, 'reflect-header')];
  const transport = transportSettingsOf(connection);
  return {
    target,
    ...protocolFromFlags(args, target),
    tls: tlsSettingsOf(connection),
    schema: schemaSourceFromFlags(args),
    ...(metadata.length > 0 && { metadata }),
    ...(Object.keys(transport).length > 0 && { transport }),
    connectTimeoutMs: connectTimeoutMs(args),
  };
}

/** `ferry check TARGET`: exit 0 when nothing failed (warnings too), 1 when a step failed, 2 for bad input. */
export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...SCHEMA_FLAGS, ...CONNECTION_FLAGS, { name: 'format', value: true }, HELP_FLAG], 'check');
  if (flagBool(args, 'help')) return io.out(`${CHECK_USAGE}\n`), EXIT_OK;
  const [target, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0) fail('BAD_INPUT', 'usage: ferry check TARGET [flags] (see `ferry check --help`)');
  const format = flagString(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') fail('BAD_INPUT', `--format must be text or json, got "${format}"`);
  useConnectionAdvice(CLI_CONNECTION_ADVICE);
  const engine = createEngine({ watchWorkspace: false });
  try {
    const check = unwrap(await engine.checkConnection(configFromFlags(args, target)));
    io.out(format === 'json' ? `${JSON.stringify(check, null, 2)}\n` : checkReportText(check));
    return check.outcome === 'failed' ? EXIT_FAILURE : EXIT_OK;
  } finally {
    engine.dispose();
  }
}
