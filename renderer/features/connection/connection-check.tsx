import type { CertificateSummary, CheckOutcome, CheckStep, TlsDetails } from '../../../shared/model';
import { CopyCommand } from '../../components/copy-command';
import { checkCommand, toConnectionConfig, useFerry } from '../../store';

const OUTCOME_WORDS: Record<CheckOutcome, string> = { ok: 'OK', warning: 'Warning', failed: 'Failed', skipped: 'Skipped' };
const STEP_NAMES: Record<CheckStep['step'], string> = { dns: 'Name', proxy: 'Proxy', tcp: 'TCP', tls: 'TLS', http2: 'HTTP/2', health: 'Health', reflection: 'Reflection' };

function StepRow({ step }: { step: CheckStep }) {
  const took = step.durationMs === undefined ? '' : ` (${step.durationMs < 10 ? step.durationMs.toFixed(1) : Math.round(step.durationMs)} ms)`;
  return (
    <li className={`check-step check-${step.outcome}`} aria-label={`${STEP_NAMES[step.step]}: ${OUTCOME_WORDS[step.outcome]}`}>
      <span className="check-outcome">{OUTCOME_WORDS[step.outcome]}</span>
      <span className="check-name">{STEP_NAMES[step.step]}</span>
      <span className="check-summary">
        {step.summary}
        {took}
        {step.advice ? <span className="check-advice">{step.advice}</span> : null}
      </span>
    </li>
  );
}

function Certificate({ certificate, index }: { certificate: CertificateSummary; index: number }) {
  const left = certificate.daysLeft < 0 ? `expired ${-certificate.daysLeft} day(s) ago` : `${certificate.daysLeft} day(s) left`;
  return (
    <li>
      <strong>{index === 0 ? 'Server' : `Issuer ${index}`}</strong>: {certificate.subject}
      {certificate.selfSigned ? ' (self-signed)' : ''}
      <div className="muted small">
        issued by {certificate.issuer}; valid {certificate.validFrom.slice(0, 10)} to {certificate.validTo.slice(0, 10)} ({left})
        {certificate.subjectAltNames.length > 0 ? `; names ${certificate.subjectAltNames.join(', ')}` : ''}
      </div>
      <div className="muted small check-fingerprint">SHA-256 {certificate.fingerprint256}</div>
    </li>
  );
}

function Chain({ tls }: { tls: TlsDetails }) {
  const trust = tls.trusted ? `trusted for ${tls.serverName}` : `not trusted for ${tls.serverName}${tls.trustError ? `: ${tls.trustError}` : ''}`;
  return (
    <details className="check-chain">
      <summary>
        Certificate chain ({tls.protocol}, ALPN {tls.alpn ?? 'none'}; {trust})
      </summary>
      <ol aria-label="Certificate chain">
        {tls.chain.map((certificate, index) => (
          <Certificate key={certificate.fingerprint256 + index} certificate={certificate} index={index} />
        ))}
      </ol>
    </details>
  );
}

/** The same check as a `ferry check` command, for a colleague or a CI job. */
function CopyCheckCommand() {
  const form = useFerry((s) => s.connection.form);
  const root = useFerry((s) => s.workspace.snapshot?.root);
  const built = toConnectionConfig(form);
  if (!built.ok) return null;
  return <CopyCommand label="Copy as ferry check" title="The ferry check command that makes the same check, e.g. on another machine" command={checkCommand(built.config, root)} copied="Copied." />;
}

/** What Check connection found, under the connection bar, until closed or checked again. */
export function ConnectionCheckReport() {
  const check = useFerry((s) => s.connection.check);
  const close = useFerry((s) => s.closeConnectionCheck);
  if (!check) return null;
  return (
    <section className="connection-check" aria-label="Connection check" aria-busy={check.status === 'checking'}>
      <div className="connection-check-head">
        <strong>Connection check</strong>
        {check.status === 'done' ? (
          <span role="status" aria-label="Check verdict" className={`check-${check.result.outcome}`}>
            {check.result.target}: {check.result.outcome === 'ok' ? 'every check passed' : check.result.outcome === 'warning' ? 'passed, with warnings' : 'failed'}
          </span>
        ) : null}
        <CopyCheckCommand />
        <button type="button" className="button-ghost small" onClick={close}>
          Close check
        </button>
      </div>
      {check.status === 'checking' ? <p className="muted small">Checking…</p> : null}
      {check.status === 'error' ? <p role="alert">{check.error.message}</p> : null}
      {check.status === 'done' ? (
        <>
          <ol className="check-steps" aria-label="Check steps">
            {check.result.steps.map((step) => (
              <StepRow key={step.step} step={step} />
            ))}
          </ol>
          {check.result.tls ? <Chain tls={check.result.tls} /> : null}
        </>
      ) : null}
    </section>
  );
}
