import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { utils } from 'ssh2';
import { openSshTransport } from '../../src/deploy/engine/transport-ssh.js';

describe('a slow SSH connection says it is connecting (issue 22)', () => {
  let server: net.Server | undefined;
  afterEach(() => void server?.close());

  it('logs while the handshake waits, and stops once it failed', async () => {
    const sockets: net.Socket[] = [];
    // Accepts and never speaks SSH: the handshake waits as on a slow or filtered host.
    server = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const lines: string[] = [];
    const dialing = openSshTransport({
      user: 'u',
      host: '127.0.0.1',
      port,
      privateKey: utils.generateKeyPairSync('ed25519').private,
      knownHosts: '',
      dockerSocket: '/var/run/docker.sock',
      slowAfterMs: 20,
      progress: (l) => {
        lines.push(l);
        // What the user saw first; then the host goes away.
        for (const s of sockets) s.destroy();
      },
    });
    await expect(dialing).rejects.toThrow(/SSH connection to ssh:\/\/u@127\.0\.0\.1:\d+ failed/);
    expect(lines[0]).toMatch(new RegExp(`^connecting to ssh://u@127\\.0\\.0\\.1:${port} over SSH, \\d+ s of up to \\d+ s…$`));
    const seen = lines.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(lines.length, 'no line after the dial ended').toBe(seen);
  });
});
