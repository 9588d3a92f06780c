// The googleapis bench's test data: the .proto files of the npm package google-proto-files (about 7,200),
// installed into build/bench-data/googleapis with npm, outside the project's dependencies (--no-save, its
// own prefix; its install scripts are not run). Does nothing when they are already there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = '6.0.1';
const prefix = join('build', 'bench-data', 'googleapis');
const marker = join(prefix, 'node_modules', 'google-proto-files', 'google', 'cloud', 'aiplatform', 'v1', 'prediction_service.proto');

if (!existsSync(marker)) {
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', `google-proto-files@${VERSION}`], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(marker)) {
    process.stderr.write(`could not install google-proto-files@${VERSION} into ${prefix}\n`);
    process.exit(1);
  }
}
