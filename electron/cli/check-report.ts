/**
 * `ferry check`'s report as text: one line per step (a mark, the step's name, what it found), its advice
 * indented under it, then the certificate chain the server sent. Marks are words as well as symbols, so the
 * report reads the same in a log without colours.
 */
import type { CertificateSummary, CheckOutcome, ConnectionCheck, TlsDetails } from '../../shared/model';

const MARKS: Record<CheckOutcome, string> = { ok: 'ok  ', warning: 'warn', failed: 'FAIL', skipped: '--  ' };
const NAME_WIDTH = 12;

function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 10 ? ` (${ms.toFixed(1)} ms)` : ` (${Math.round(ms)} ms)`;
}

function certificateLines(certificate: CertificateSummary, index: number): string[] {
  const role = index === 0 ? 'server' : `issuer ${index}`;
  const left = certificate.daysLeft < 0 ? `expired ${-certificate.daysLeft} day(s) ago` : `${certificate.daysLeft} day(s) left`;
  return [
    `  ${role}: ${certificate.subject}${certificate.selfSigned ? ' (self-signed)' : ''}`,
    `    issued by ${certificate.issuer}`,
    ...(certificate.subjectAltNames.length > 0 ? [`    names ${certificate.subjectAltNames.join(', ')}`] : []),
    `    valid ${certificate.validFrom} to ${certificate.validTo} (${left})`,
    `    sha256 ${certificate.fingerprint256}`,
  ];
}

function tlsLines(tls: TlsDetails): string[] {
  const trust = tls.trusted ? `trusted for ${tls.serverName}` : `not trusted for ${tls.serverName}${tls.trustError ? `: ${tls.trustError}` : ''}`;
  return [`certificate chain (${tls.protocol}, ${tls.cipher}, ALPN ${tls.alpn ?? 'none'}; ${trust}):`, ...tls.chain.flatMap(certificateLines)];
}

/** The whole report, ending with a newline. */
export function checkReportText(check: ConnectionCheck): string {
  const lines = [`ferry check ${check.target}`];
  for (const step of check.steps) {
    lines.push(`  ${MARKS[step.outcome]}  ${step.step.padEnd(NAME_WIDTH)}${step.summary}${duration(step.durationMs)}`);
    if (step.advice !== undefined) lines.push(`        ${''.padEnd(NAME_WIDTH)}${step.advice}`);
  }
  if (check.tls) lines.push('', ...tlsLines(check.tls));
  const verdict = check.outcome === 'ok' ? 'every check passed' : check.outcome === 'warning' ? 'passed, with warnings' : 'failed';
  lines.push('', `${check.target}: ${verdict}`);
  return `${lines.join('\n')}\n`;
}
