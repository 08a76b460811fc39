/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the system's openssl, for TLS tests (the
 * simulator's wss, Parley's https). Undefined when openssl is missing, so a test can skip with a reason.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TestCertificate {
  /** PEM certificate; also the CA bundle a client trusts, since it signs itself. */
  cert: string;
  /** PEM private key. */
  key: string;
}

export function makeTestCertificate(dir: string, name = 'test'): TestCertificate | undefined {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'];
  try {
    execFileSync('openssl', [...args, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    return { cert, key };
  } catch {
    return undefined;
  }
}
