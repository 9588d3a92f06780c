/**
 * How a grant's token endpoint is trusted: Node's CA list, plus the CAs of `caCertPath` (an identity provider
 * behind a company's CA, where nobody can set NODE_EXTRA_CA_CERTS for the desktop app), or no check at all
 * (`insecureSkipVerify`, for a dev server's self-signed certificate).
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fail, ioReason } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { nodeTls } from '../protocols/node-network';
import type { PostTls } from './post-form';

/**
 * The TLS options for the grant's https token endpoint; `caCertPath` is read now, so an edit to it is seen.
 * `what` names the variable in errors.
 */
export async function endpointTls(what: string, fields: OAuth2Grant): Promise<PostTls> {
  if (fields.insecureSkipVerify) return { rejectUnauthorized: false };
  if (fields.caCertPath === undefined) return {};
  return { ca: [...nodeTls().rootCertificates, await readCaCertificates(what, fields.caCertPath)] };
}

async function readCaCertificates(what: string, path: string): Promise<string> {
  const details = { fieldPath: 'caCertPath', file: path, expected: 'a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)' };
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (reason) {
    return fail('BAD_INPUT', `${what}: cannot read caCertPath ${path}: ${ioReason(reason)}`, details);
  }
  const notPem = `${what}: caCertPath ${path} is not a PEM file of CA certificates`;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g);
  if (!blocks) fail('BAD_INPUT', notPem, details);
  for (const block of blocks) {
    try {
      // OpenSSL would skip a damaged certificate without a word, and the check would fail on a CA left out.
      new X509Certificate(block);
    } catch (reason) {
      fail('BAD_INPUT', `${notPem}: ${reason instanceof Error ? reason.message : String(reason)}`, details);
    }
  }
  return blocks.join('\n');
}

/** What to say when the endpoint's certificate failed the check: what failed, and the two ways past it. */
export function certificateAdvice(fields: OAuth2Grant): string {
  return fields.caCertPath === undefined
    ? 'set caCertPath to the PEM file of the CA that issued it (or, for a dev server\'s self-signed certificate, insecureSkipVerify)'
    : `caCertPath ${fields.caCertPath} holds no CA that issued it (or, for a dev server's self-signed certificate, set insecureSkipVerify)`;
}
