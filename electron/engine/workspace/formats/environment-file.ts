import { attemptSync, type Result } from '../../../../shared/errors';
import { VARIABLE_NAME, VARIABLE_NAME_RULE, WORKSPACE_FORMAT_VERSION, type EnvironmentFile, type EnvironmentVariable } from '../../../../shared/model';
import { formatVersionOf, readJsonFile, stringifyStable, type FieldReader } from './field-reader';

/**
 * `environments/<name>.ferry-env.json`: named variables for `{{name}}` substitution.
 *
 *   { "formatVersion": 1,
 *     "variables": [
 *       { "name": "host", "value": "localhost:50051" },
 *       { "name": "count", "value": 3 },
 *       { "name": "token", "secret": true } ] }
 *
 * A secret variable has no value in the file, ever: its value comes from a SecretStore (FERRY_VAR_TOKEN in
 * the CLI, the OS keychain in the desktop app). A file that holds one anyway is rejected, so a value pasted
 * by hand is caught before it is committed.
 */

export function parseEnvironmentFile(text: string, path: string): Result<EnvironmentFile> {
  return attemptSync(() => {
    const { root, reader } = readJsonFile(text, path);
    formatVersionOf(root, reader, WORKSPACE_FORMAT_VERSION);
    reader.object(root, [], ['formatVersion', 'variables']);
    const seen = new Set<string>();
    const variables = reader.array(root.variables ?? [], ['variables']).map((value, i) => {
      const variable = variableFromFile(value, i, reader);
      if (seen.has(variable.name)) reader.fail(['variables', i, 'name'], `variable "${variable.name}" is defined twice`, 'each name once');
      seen.add(variable.name);
      return variable;
    });
    return { formatVersion: WORKSPACE_FORMAT_VERSION, variables };
  });
}

export function serializeEnvironmentFile(file: EnvironmentFile): string {
  const variables = file.variables.map((variable) =>
    // The value of a secret is dropped here whatever the caller passed: this is the last gate before disk.
    variable.secret ? { name: variable.name, secret: true } : { name: variable.name, value: variable.value ?? '' },
  );
  return stringifyStable({ formatVersion: WORKSPACE_FORMAT_VERSION, variables });
}

function variableFromFile(value: unknown, index: number, reader: FieldReader): EnvironmentVariable {
  const path = ['variables', index];
  const entry = reader.object(value, path, ['name', 'value', 'secret']);
  const name = reader.string(entry, 'name', path);
  if (!VARIABLE_NAME.test(name)) reader.fail([...path, 'name'], `"${name}" is not a valid variable name`, VARIABLE_NAME_RULE);
  const secret = reader.optionalBoolean(entry, 'secret', path) ?? false;
  if (secret && entry.value !== undefined) {
    reader.fail([...path, 'value'], `secret variable "${name}" must not have a value in the file`, 'no value: secrets come from FERRY_VAR_* or the keychain');
  }
  if (!secret && entry.value === undefined) reader.fail(path, `variable "${name}" has no value`, 'a value, or "secret": true');
  return secret ? { name, secret } : { name, value: entry.value, secret };
}
