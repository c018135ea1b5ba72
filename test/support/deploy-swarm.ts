import type { DeploySettings } from '../../src/settings/index.js';
import { runOk } from './process.js';
import { sshDeployInputs, sshSettings } from './deploy-settings.js';
import type { Testbed } from './testbed.js';

/** The docker CLI on the testbed swarm's manager (n1). */
export const onManager = (tb: Testbed, ...args: string[]) => runOk('docker', ['-H', `unix://${tb.swarm.managerSocket}`, ...args], { timeoutMs: 60_000 });

/** DeploySettings for deploy-mode swarm on the testbed swarm, over its sshd, with `replicas` tasks. */
// Swarm publishes in host mode on every address of every node: the port alone (an address is refused).
export const swarmSettings = (tb: Testbed, app: string, port: number, replicas: number, over: Partial<DeploySettings> = {}): DeploySettings =>
  sshSettings(tb, app, port, { dockerSocket: tb.swarm.managerSocket, healthTimeoutSeconds: 30, modes: { mode: 'swarm', replicas, containerOnly: [] }, publicPort: { port }, ...over });

/** The action's deploy inputs for a swarm app over the testbed's sshd: the manager's socket, the port alone. */
export const swarmDeployInputs = (tb: Testbed, app: string, port: number): Record<string, string> => ({
  ...sshDeployInputs(tb, app, port),
  'docker-socket': tb.swarm.managerSocket,
  'public-port': String(port),
});

/** Removes what a swarm deploy of `app` left on the manager: its services (a release job too), lease, host state and proxy configs. */
export async function removeSwarmApp(tb: Testbed, app: string): Promise<void> {
  await onManager(tb, 'service', 'rm', app, `${app}-proxy`, `${app}-release`).catch(() => '');
  await onManager(tb, 'rm', '-f', `shipshape-lock-${app}`, `shipshape-state-${app}`).catch(() => '');
  await onManager(tb, 'volume', 'rm', '-f', `shipshape-state-${app}`).catch(() => '');
  // Configs stay in use until the proxy tasks are gone: bounded retries.
  for (let i = 0; i < 20; i++) {
    const configs = (await onManager(tb, 'config', 'ls', '--filter', `label=shipshape.app=${app}`, '-q')).trim();
    if (!configs) return;
    await onManager(tb, 'config', 'rm', ...configs.split('\n')).catch(() => '');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Copies `image` (repo@digest on the anonymous registry) into the basic-auth registry's `repo`: the same digest there, with the auth a deploy needs. */
export async function privateCopy(tb: Testbed, image: string, repo: string): Promise<{ ref: string; registryAuth: { username: string; password: string; serveraddress: string } }> {
  const ref = `${tb.registries.basic}/${repo}@${image.split('@')[1]}`;
  await runOk('skopeo', ['copy', '-q', '--src-tls-verify=false', '--dest-tls-verify=false', '--dest-authfile', tb.authFile, '--preserve-digests', `docker://${image}`, `docker://${tb.registries.basic}/${repo}:v1`], { timeoutMs: 120_000 });
  return { ref, registryAuth: { username: tb.registryUser, password: tb.registryPassword, serveraddress: tb.registries.basic } };
}
