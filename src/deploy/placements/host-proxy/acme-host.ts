import { CONFIG_DIR } from '../../haproxy.js';
import { ACME_APPS_FILE, type AcmeHost } from './acme.js';
import { certFile, type HostProxyContext } from './certs.js';

/**
 * The host proxy as ACME uses it: the runtime API for the challenge map, its state volume for the
 * account key and the app list (root's, mode 0600: HAProxy never reads them), and the certificate
 * file certs.ts keeps for the app (chain then key).
 */
export function acmeHost(ctx: HostProxyContext, locked: AcmeHost['locked']): AcmeHost {
  const path = (file: string) => `${CONFIG_DIR}/${file}`;
  return {
    runtime: (command) => ctx.control.runtime(command),
    readFile: (file) => ctx.docker.getFile(ctx.control.container, path(file)),
    writeSecret: (file, text) => ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o600 }),
    writeFile: (file, text) => ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o644 }),
    storedCertificate: (app) => ctx.docker.getFile(ctx.control.container, path(certFile(app))),
    locked,
    where: `${path(ACME_APPS_FILE)} in the host proxy ${ctx.control.container}`,
  };
}
