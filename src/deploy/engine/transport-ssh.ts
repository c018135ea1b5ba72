import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { knownHostKeys, knownHostsName } from './known-hosts.js';
import { peerText } from '../../log.js';
import { TransportError, type Transport } from './transport-types.js';

export interface SshOptions {
  user: string;
  host: string;
  port: number;
  privateKey: string;
  knownHosts: string;
  dockerSocket: string;
}

const fingerprint = (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

/**
 * One persistent SSH connection for the whole deploy. Each dial is a new channel on it: a
 * streamlocal forward to the engine socket, or `docker system dial-stdio` when the server
 * refuses streamlocal forwarding.
 */
export async function openSshTransport(o: SshOptions): Promise<Transport> {
  const where = `ssh://${o.user}@${knownHostsName(o.host, o.port).replace(/^\[(.*)\]:(\d+)$/, '$1:$2')}`;
  const { keys, revoked } = knownHostKeys(o.knownHosts, o.host, o.port);
  const client = new Client();
  let refusal: string | undefined;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => {
      // Each Engine API call is a small request/response on a new channel: without this, Nagle
      // plus delayed ACKs add ~80 ms to every call.
      client.setNoDelay(true);
      resolve();
    });
    client.once('error', (e) => reject(new TransportError(refusal ?? `SSH connection to ${where} failed: ${e.message}`, { cause: e })));
    client.connect({
      host: o.host,
      port: o.port,
      username: o.user,
      privateKey: o.privateKey,
      readyTimeout: 20000,
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        if (revoked.some((k) => k.equals(key))) {
          refusal = `SSH host key ${fingerprint(key)} of ${where} is marked @revoked in ssh-known-hosts; refusing to connect`;
          return false;
        }
        if (keys.some((k) => k.equals(key))) return true;
        refusal =
          keys.length === 0
            ? `SSH host ${knownHostsName(o.host, o.port)} is not listed in ssh-known-hosts (its key is ${fingerprint(key)}); refusing to connect. Add its line, e.g. from ssh-keyscan -p ${o.port} ${o.host}`
            : `SSH host key of ${knownHostsName(o.host, o.port)} does not match ssh-known-hosts (server offered ${fingerprint(key)}); refusing to connect`;
        return false;
      },
    });
  });
  let closing = false;
  const transport: Transport & { lost?: Error; via?: string } = {
    where,
    close: () => {
      closing = true;
      client.end();
    },
    dial: () => dial(),
  };
  client.on('error', (e) => {
    if (!closing) transport.lost ??= new TransportError(`the SSH connection to ${where} was lost (${e.message})`, { cause: e });
  });
  client.on('close', () => {
    if (!closing) transport.lost ??= new TransportError(`the SSH connection to ${where} was lost`);
  });
  let useDialStdio = false;
  /** Why streamlocal forwarding is not used (the server's refusal), kept for errors and `via`. */
  let refused: Error | undefined;
  const dialStdioCommand =
    o.dockerSocket === '/var/run/docker.sock' ? 'docker system dial-stdio' : `docker -H unix://${o.dockerSocket} system dial-stdio`;

  const forward = () =>
    new Promise<ClientChannel>((resolve, reject) =>
      client.openssh_forwardOutStreamLocal(o.dockerSocket, (err, ch) => (err ? reject(err) : resolve(ch))),
    );
  const dialStdio = () =>
    new Promise<ClientChannel>((resolve, reject) =>
      client.exec(dialStdioCommand, (err, ch) => {
        if (err) {
          const why = refused ? ` (after the streamlocal forward was refused: ${refused.message})` : '';
          return reject(new TransportError(`SSH to ${where}: "${dialStdioCommand}" failed: ${err.message}${why}`, { cause: err }));
        }
        // Its stderr says why it failed ("docker: not found", permission denied): keep the tail for the error.
        let stderr = '';
        ch.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString('utf8')).slice(-500)));
        ch.on('exit', (code: number | null) => {
          // Only while a request still listens: afterwards the stream is done and the exit means nothing.
          if (code && ch.listenerCount('error') > 0) ch.emit('error', new TransportError(`"${dialStdioCommand}" on ${where} exited with ${code}: ${peerText(stderr.trim(), 500)}`));
        });
        resolve(ch);
      }),
    );
  async function dial(): Promise<Duplex> {
    if (!useDialStdio) {
      try {
        const ch = await forward();
        transport.via = 'streamlocal';
        return ch;
      } catch (e) {
        refused = e as Error;
        useDialStdio = true;
      }
    }
    transport.via = `dial-stdio (streamlocal refused: ${refused?.message})`;
    return dialStdio();
  }
  return transport;
}
