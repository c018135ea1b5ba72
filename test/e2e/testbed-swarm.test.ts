import { describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { openSshTransport } from '../../src/deploy/engine/transport-ssh.js';
import { runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// The three-engine swarm of scripts/testbed-swarm.sh is real: three nodes Ready, the manager reached
// through the testbed's sshd (host key checked), and every node pulls from its namespace's registry.
describe('testbed swarm', () => {
  it('has three Ready nodes, one manager, reached over ssh:// with docker-socket', async () => {
    const tb = testbed();
    expect(tb.swarm.nodes.map((n) => n.address)).toEqual(['10.214.0.11', '10.214.0.12', '10.214.0.13']);
    const env = { ...process.env, PATH: `${tb.ssh.binDir}:${process.env.PATH}` };
    const out = await runOk('docker', ['-H', `unix://${tb.swarm.managerSocket}`, 'node', 'ls', '--format', '{{.Status}} {{.ManagerStatus}}'], { env, timeoutMs: 30_000 });
    expect(out.trim().split('\n').map((l) => l.trim()).sort()).toEqual(['Ready', 'Ready', 'Ready Leader']);
    // Over sshd, as the deploy reaches it: streamlocal forwarding to the manager's socket.
    const transport = await openSshTransport({ user: 'root', host: '127.0.0.1', port: 2222, privateKey: tb.ssh.privateKey, knownHosts: tb.ssh.knownHosts, dockerSocket: tb.swarm.managerSocket });
    try {
      const info = await new EngineClient(transport).json<{ Swarm: { LocalNodeState: string; ControlAvailable: boolean } }>('GET', '/info');
      expect(info.Swarm).toMatchObject({ LocalNodeState: 'active', ControlAvailable: true });
      expect(transport.via).toBe('streamlocal');
    } finally {
      transport.close();
    }
  });

  it('every node pulls the base from the registry in its own namespace', async () => {
    const tb = testbed();
    for (const n of tb.swarm.nodes) {
      const out = await runOk('docker', ['-H', `unix://${n.socket}`, 'pull', '-q', tb.baseImage], { timeoutMs: 60_000 });
      expect(out.trim()).toBe(tb.baseImage);
    }
  });
});
