import { describe, expect, it } from 'vitest';
import type { ConnectionCheck } from '../../shared/model';
import { checkReportText } from './check-report';

const leaf = {
  subject: 'CN=localhost',
  issuer: 'CN=Ferry Test CA',
  subjectAltNames: ['DNS:localhost', 'IP:127.0.0.1'],
  validFrom: '2026-12-07T00:00:00.000Z',
  validTo: '2026-12-09T00:00:00.000Z',
  daysLeft: 1,
  fingerprint256: 'AB:CD',
  selfSigned: false,
};

describe('checkReportText', () => {
  it('prints a line per step with its mark, advice under it, the chain and the verdict', () => {
    const check: ConnectionCheck = {
      target: 'localhost:8443',
      outcome: 'failed',
      steps: [
        { step: 'dns', outcome: 'ok', summary: 'localhost is 127.0.0.1', durationMs: 1.25 },
        { step: 'proxy', outcome: 'skipped', summary: 'no proxy' },
        { step: 'tls', outcome: 'warning', summary: 'TLSv1.3, ALPN h2; the certificate expires in 1 day', durationMs: 12.4, advice: 'renew it' },
        { step: 'health', outcome: 'failed', summary: 'NOT_SERVING' },
      ],
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'h2', serverName: 'localhost', trusted: true, chain: [leaf, { ...leaf, subject: 'CN=Ferry Test CA', subjectAltNames: [], daysLeft: -2, selfSigned: true }] },
    };
    expect(checkReportText(check)).toBe(
      [
        'ferry check localhost:8443',
        '  ok    dns         localhost is 127.0.0.1 (1.3 ms)',
        '  --    proxy       no proxy',
        '  warn  tls         TLSv1.3, ALPN h2; the certificate expires in 1 day (12 ms)',
        '                    renew it',
        '  FAIL  health      NOT_SERVING',
        '',
        'certificate chain (TLSv1.3, TLS_AES_256_GCM_SHA384, ALPN h2; trusted for localhost):',
        '  server: CN=localhost',
        '    issued by CN=Ferry Test CA',
        '    names DNS:localhost, IP:127.0.0.1',
        '    valid 2026-12-07T00:00:00.000Z to 2026-12-09T00:00:00.000Z (1 day(s) left)',
        '    sha256 AB:CD',
        '  issuer 1: CN=Ferry Test CA (self-signed)',
        '    issued by CN=Ferry Test CA',
        '    valid 2026-12-07T00:00:00.000Z to 2026-12-09T00:00:00.000Z (expired 2 day(s) ago)',
        '    sha256 AB:CD',
        '',
        'localhost:8443: failed',
        '',
      ].join('\n'),
    );
  });

  it('says when the chain is not trusted, and a clean run', () => {
    const check: ConnectionCheck = { target: 'h:1', outcome: 'ok', steps: [{ step: 'tcp', outcome: 'ok', summary: 'connected' }], tls: { protocol: 'TLSv1.2', cipher: 'X', alpn: null, serverName: 'h', trusted: false, trustError: 'self-signed certificate', chain: [] } };
    const text = checkReportText(check);
    expect(text).toContain('certificate chain (TLSv1.2, X, ALPN none; not trusted for h: self-signed certificate):');
    expect(text.endsWith('h:1: every check passed\n')).toBe(true);
  });
});
