import { describeFerryError } from '../../shared/errors';
import type { RequestRun, RunSummary } from './run-report';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one <testsuite> per collection
 * folder, one <testcase> per request, a <failure> per failed assertion or capture, an <error> when the request could
 * not be made; problems found before sending are one errored testcase each, so CI shows them too.
 */
export function runSummaryJunit(summary: RunSummary): string {
  const suites = new Map<string, RequestRun[]>();
  for (const run of summary.runs) suites.set(run.collection, [...(suites.get(run.collection) ?? []), run]);
  const failures = summary.runs.filter((run) => !run.passed && !run.error).length;
  const errors = summary.runs.filter((run) => run.error).length + summary.errors.length;
  const tests = summary.runs.length + summary.errors.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ferry run" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(summary.durationMs)}">`,
  ];
  if (summary.errors.length > 0) {
    lines.push(`  <testsuite name="workspace" tests="${summary.errors.length}" failures="0" errors="${summary.errors.length}" time="0">`);
    for (const error of summary.errors) {
      const file = error.details?.file ?? 'workspace';
      lines.push(`    <testcase classname="workspace" name="${attr(file)}" time="0">`);
      lines.push(`      <error message="${attr(describeFerryError(error))}" type="${attr(error.code)}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  for (const [collection, runs] of suites) lines.push(...suiteLines(collection, runs));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function suiteLines(collection: string, runs: RequestRun[]): string[] {
  const name = collection === '' ? '(workspace root)' : collection;
  const failed = runs.filter((run) => !run.passed && !run.error).length;
  const errored = runs.filter((run) => run.error).length;
  const time = runs.reduce((total, run) => total + run.durationMs, 0);
  const lines = [`  <testsuite name="${attr(name)}" tests="${runs.length}" failures="${failed}" errors="${errored}" time="${seconds(time)}">`];
  for (const run of runs) {
    lines.push(`    <testcase classname="${attr(name)}" name="${attr(`${run.name} (${run.file})${run.iteration !== undefined ? ` [iteration ${run.iteration}]` : ''}`)}" time="${seconds(run.durationMs)}">`);
    if (run.error) {
      lines.push(`      <error message="${attr(describeFerryError(run.error))}" type="${attr(run.error.code)}"/>`);
    }
    for (const result of run.assertions) {
      if (result.passed) continue;
      const message = `${result.description}: ${result.failure}`;
      lines.push(`      <failure message="${attr(message)}" type="assertion">${text(message)}</failure>`);
    }
    for (const capture of run.captures) {
      if (capture.failure === undefined) continue;
      const message = `${capture.description}: ${capture.failure}`;
      lines.push(`      <failure message="${attr(message)}" type="capture">${text(message)}</failure>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * XML 1.0 allows only tab, newline and carriage return below U+0020 (and no lone surrogates or U+FFFE/F);
 * a server's error message can hold anything, so everything else is replaced before escaping.
 */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and newlines (which attribute normalisation would turn into spaces). */
export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
