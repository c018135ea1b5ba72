import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { peerBounds, seconds, withDeadline } from '../../bounds.js';
import { peerText } from '../../log.js';
import { knownHostKeys, knownHostsName } from './known-hosts.js';
import { TransportError, type Transport } from './transport-types.js';

export interface SshOptions {
  user: string;
  host: string;
  port: number;
  privateKey: string;
  knownHosts: string;
  dockerSocket: string;
  /** Told when the connection takes longer than SLOW_DIAL_MS (the handshake may wait up to the peer bound). */
  progress?: (line: string) => void;
  /** When the connection counts as slow (tests shorten it). */
  slowAfterMs?: number;
}

export const SLOW_DIAL_MS = 2000;

/** One shell word for a POSIX shell (the remote login shell runs `dial-stdio`'s command line). */
export const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

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
  let closing = false;
  let lost: Error | undefined;
  const { waitMs } = peerBounds();
  // One listener for the client's whole life: ssh2 can emit several errors (a timeout, then "Connection lost
  // before handshake"), and one with no listener would crash the process instead of failing the step.
  let onHandshakeError: ((e: Error) => void) | undefined;
  client.on('error', (e) => {
    if (onHandshakeError) return onHandshakeError(e);
    if (!closing) lost ??= new TransportError(`the SSH connection to ${where} was lost (${peerText(e.message)})`, { cause: e });
  });
  client.on('close', () => {
    if (!closing) lost ??= new TransportError(`the SSH connection to ${where} was lost`);
  });
  const started = Date.now();
  const slowMs = o.slowAfterMs ?? SLOW_DIAL_MS;
  const slow = o.progress && setInterval(() => o.progress!(`connecting to ${where} over SSH, ${Math.round((Date.now() - started) / 1000)} s of up to ${seconds(waitMs)}…`), slowMs);
  const handshake = new Promise<void>((resolve, reject) => {
    onHandshakeError = (e) => {
      onHandshakeError = undefined;
      client.end();
      const why = /timed out/i.test(e.message) ? `no SSH handshake within ${seconds(waitMs)} (is it an SSH server, and reachable?)` : peerText(e.message);
      reject(new TransportError(refusal ?? `SSH connection to ${where} failed: ${why}; check deploy-host and that sshd answers there`, { cause: e }));
    };
    client.once('ready', () => {
      onHandshakeError = undefined;
      if (o.progress && Date.now() - started >= slowMs) o.progress(`connected to ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // Each Engine API call is a small request/response on a new channel: without this, Nagle
      // plus delayed ACKs add ~80 ms to every call.
      client.setNoDelay(true);
      resolve();
    });
    client.connect({
      host: o.host,
      port: o.port,
      username: o.user,
      privateKey: o.privateKey,
      readyTimeout: waitMs,
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
  try {
    await handshake;
  } finally {
    if (slow) clearInterval(slow);
  }
  const transport: Transport = {
    where,
    close: () => {
      closing = true;
      client.end();
    },
    dial: () => withDeadline(waitMs, () => `SSH to ${where}: no channel to the Docker engine within ${seconds(waitMs)}`, dial),
    get lost() {
      return lost;
    },
    get via() {
      return via;
    },
  };
  let useDialStdio = false;
  /** Why streamlocal forwarding is not used (the server's refusal), kept for errors and `via`. */
  let refused: Error | undefined;
  let via: string | undefined;
  const dialStdioCommand =
    o.dockerSocket === '/var/run/docker.sock' ? 'docker system dial-stdio' : `docker -H ${shellQuote(`unix://${o.dockerSocket}`)} system dial-stdio`;

  const forward = () =>
    new Promise<ClientChannel>((resolve, reject) =>
      client.openssh_forwardOutStreamLocal(o.dockerSocket, (err, ch) => (err ? reject(err) : resolve(ch))),
    );
  const dialStdio = () =>
    new Promise<ClientChannel>((resolve, reject) =>
      client.exec(dialStdioCommand, (err, ch) => {
        if (err) {
          const why = refused ? ` (after the streamlocal forward was refused: ${peerText(refused.message)})` : '';
          return reject(new TransportError(`SSH to ${where}: "${dialStdioCommand}" failed: ${peerText(err.message)}${why}`, { cause: err }));
        }
        // Its stderr says why it failed ("docker: not found", permission denied): keep the tail for the error.
        let stderr = '';
        ch.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString('utf8')).slice(-500)));
        ch.on('error', () => {}); // surfaced to the Engine request reading it
        ch.on('exit', (code: number | null) => {
          if (code) ch.emit('error', new TransportError(`"${dialStdioCommand}" on ${where} exited with ${code}: ${peerText(stderr.trim(), 500)}`));
        });
        resolve(ch);
      }),
    );
  async function dial(): Promise<Duplex> {
    if (!useDialStdio) {
      try {
        const ch = await forward();
        via = 'streamlocal';
        return ch;
      } catch (e) {
        refused = e as Error;
        useDialStdio = true;
      }
    }
    via = `dial-stdio (streamlocal refused: ${peerText(refused?.message ?? '')})`;
    return dialStdio();
  }
  return transport;
}
