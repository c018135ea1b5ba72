// Runs obtainCertificate against a real host proxy container in a process of its own, so its trust is
// what a runner's is: Node's roots plus NODE_EXTRA_CA_CERTS, read at process start (tests set it per run).
// Usage: tsx test/support/acme-obtain.ts '<json: {socket, container, app, hosts, directory, email?, now?}>'
// Prints one JSON line: the result (without the key) or {error, name}; a new certificate is installed
// into the running proxy (installCertificate) and the app's ACME settings recorded, as a deploy does.
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { ProxyControl } from '../../src/deploy/haproxy.js';
import { acmeHost } from '../../src/deploy/placements/host-proxy/acme-host.js';
import { obtainCertificate, setAcmeApp } from '../../src/deploy/placements/host-proxy/acme.js';
import { installCertificate } from '../../src/deploy/placements/host-proxy/certs.js';

const a = JSON.parse(process.argv[2]!) as { socket: string; container: string; app: string; hosts: string[]; directory: string; email?: string; now?: string };
const transport = unixTransport(a.socket);
const lines: string[] = [];
try {
  const docker = new Docker(await new EngineClient(transport).connect());
  const ctx = { docker, control: new ProxyControl(docker, a.container) };
  const host = acmeHost(ctx, (fn) => fn());
  const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`), debug() {} };
  try {
    const r = await obtainCertificate(host, { app: a.app, hosts: a.hosts, directory: a.directory, ...(a.email && { email: a.email }), log, ...(a.now && { now: new Date(a.now) }) });
    if (r.action !== 'reused') await installCertificate(ctx, a.app, r);
    await setAcmeApp(host, a.app, { hosts: a.hosts, directory: a.directory, ...(a.email && { email: a.email }) });
    const { keyPem: _key, ...shown } = r;
    console.log(JSON.stringify({ ...shown, log: lines }));
  } catch (e) {
    console.log(JSON.stringify({ error: (e as Error).message, name: (e as Error).name, log: lines }));
  }
} finally {
  transport.close();
}
