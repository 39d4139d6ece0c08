// A throw-away certificate for 127.0.0.1 and localhost, made with the
// system's openssl at start-up (nothing is committed, nothing outlives the
// call: the temporary directory is removed before returning).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OPENSSL_CANDIDATES = [process.env.OPENSSL_PATH, '/usr/bin/openssl', '/usr/local/bin/openssl'];

export class MissingOpensslError extends Error {
  constructor() {
    super('the fake apiserver over HTTP/2 needs openssl to make its certificate: install it (apt-get install openssl) or set OPENSSL_PATH');
    this.name = 'MissingOpensslError';
  }
}

export interface Certificate {
  key: string;
  cert: string;
}

export function selfSignedCertificate(): Certificate {
  const openssl = OPENSSL_CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!openssl) throw new MissingOpensslError();
  const dir = mkdtempSync(join(tmpdir(), 'rxkube-fake-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      openssl,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
