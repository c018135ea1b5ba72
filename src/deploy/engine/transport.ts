import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { peerBounds, seconds } from '../../bounds.js';
import type { DeploySettings } from '../../settings/index.js';
import { peerText } from '../../log.js';
import { openSshTransport } from './transport-ssh.js';
import { TransportError, type Transport } from './transport-types.js';

export { TransportError, type Transport } from './transport-types.js';

export function unixTransport(socketPath: string): Transport {
  return {
    where: `unix://${socketPath}`,
    close() {},
    dial: () => connected(net.connect(socketPath), `unix://${socketPath}`, 'connect'),
  };
}

/** tcp:// with TLS client certificates; the server certificate is verified against `ca`. */
export function tlsTransport(host: string, port: number, opts: { ca?: string; cert?: string; key?: string }): Transport {
  const where = `tcp://${host}:${port}`;
  return {
    where,
    close() {},
    dial: () =>
      connected(tls.connect({ host, port, ca: opts.ca, cert: opts.cert, key: opts.key, servername: net.isIP(host) ? undefined : host }), where, 'secureConnect'),
  };
}

/** The socket once `event` fires; an error or no connection (handshake included) within the peer wait rejects, naming the engine. */
function connected(sock: net.Socket, where: string, event: 'connect' | 'secureConnect'): Promise<Duplex> {
  const { waitMs } = peerBounds();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new TransportError(`cannot connect to the Docker engine at ${where}: no ${event === 'secureConnect' ? 'TLS handshake' : 'connection'} within ${seconds(waitMs)}`));
    }, waitMs);
    const onError = (e: Error) => {
      clearTimeout(timer);
      // A refused handshake (certificate not signed by tls-ca, client certificate rejected) names TLS.
      const what = event === 'secureConnect' ? `TLS connection to ${where} failed` : `cannot connect to the Docker engine at ${where}`;
      reject(new TransportError(`${what}: ${peerText(e.message)}`, { cause: e }));
    };
    sock.once('error', onError);
    sock.once(event, () => {
      clearTimeout(timer);
      sock.removeListener('error', onError);
      resolve(sock);
    });
  });
}

/** `progress`: told when the connection is slow to come up (SSH). */
export async function openTransport(settings: DeploySettings, progress?: (line: string) => void): Promise<Transport> {
  const host = settings.host;
  if (host.kind === 'unix') return unixTransport(host.path);
  if (host.kind === 'tcp') {
    // readSettings refuses tcp:// without all three; settings made in code may still lack them.
    if (!settings.engineTls) {
      throw new TransportError(`deploy-host ${host.text} needs tls-ca, tls-cert and tls-key (the engine must verify the client and be verified)`);
    }
    return tlsTransport(host.host, host.port, settings.engineTls);
  }
  return openSshTransport({
    user: host.user,
    host: host.host,
    port: host.port,
    privateKey: settings.sshPrivateKey ?? '',
    knownHosts: settings.sshKnownHosts ?? '',
    dockerSocket: settings.dockerSocket,
    progress,
  });
}
