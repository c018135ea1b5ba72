import { defaultAppOptions } from '../../src/settings/app.js';
import type { DeploySettings } from '../../src/settings/index.js';
import type { Logger } from '../../src/log.js';
import { runOk } from './process.js';
import { HEALTH_PATH } from './deploy-apps.js';
import type { Testbed } from './testbed.js';

/** DeploySettings for an e2e app over the testbed's sshd (host key checked), public on 127.0.0.1:port. */
export function sshSettings(tb: Testbed, app: string, port: number, over: Partial<DeploySettings> = {}): DeploySettings {
  return {
    host: { kind: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, text: tb.ssh.url },
    sshPrivateKey: tb.ssh.privateKey,
    sshKnownHosts: tb.ssh.knownHosts,
    dockerSocket: tb.dockerSocket,
    app,
    containerPort: 8080,
    publicPort: { address: '127.0.0.1', port },
    healthPath: HEALTH_PATH,
    healthTimeoutSeconds: 10,
    proxyImage: tb.proxyImage,
    env: [['DEPLOY_SECRET', 'deploy-e2e-secret-value']],
    soakSeconds: 2,
    rollback: false,
    historyLimit: 20,
    ...over,
    service: over.service ?? defaultAppOptions(),
  };
}

/** Collects log lines so tests can assert on them (and that no secret leaks). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: (m) => lines.push(`debug: ${m}`) };
}

/** Removes everything an e2e app left on the engine (containers, lock, state volume). */
export async function removeApp(app: string): Promise<void> {
  const names = [`${app}-blue`, `${app}-green`, `${app}-proxy`, `shipshape-lock-${app}`, `shipshape-state-${app}`];
  await runOk('docker', ['rm', '-f', ...names]).catch(() => '');
  await runOk('docker', ['volume', 'rm', '-f', `shipshape-state-${app}`]).catch(() => '');
}

/** Removes the apps and a host proxy of a test's own (its container, config lock and state volume). */
export async function removeHostProxyAndApps(proxy: string, apps: string[]): Promise<void> {
  for (const app of apps) await removeApp(app);
  await runOk('docker', ['rm', '-f', proxy, `shipshape-lock-${proxy}`, `shipshape-lock-${proxy}-renew`]).catch(() => '');
  await runOk('docker', ['volume', 'rm', '-f', `${proxy}-state`]).catch(() => '');
}

/** The action's deploy inputs for an e2e app over the testbed's sshd, public on 127.0.0.1:port. */
export function sshDeployInputs(tb: Testbed, app: string, port: number): Record<string, string> {
  return {
    'deploy-host': tb.ssh.url,
    'ssh-private-key': tb.ssh.privateKey,
    'ssh-known-hosts': tb.ssh.knownHosts,
    app,
    'proxy-image': tb.proxyImage,
    'public-port': `127.0.0.1:${port}`,
  };
}

/** The host state file of an app as the deploy keeps it (volume shipshape-state-<app>), read or replaced for tests. */
export async function readHostStateFile(tb: Testbed, app: string): Promise<string> {
  return runOk('docker', ['run', '--rm', '-v', `shipshape-state-${app}:/s`, tb.proxyImage, 'cat', '/s/state.json']);
}

export async function writeHostStateFile(tb: Testbed, app: string, text: string): Promise<void> {
  await runOk('docker', ['run', '--rm', '-i', '-u', '0', '-v', `shipshape-state-${app}:/s`, tb.proxyImage, 'sh', '-c', 'cat > /s/state.json'], { input: text });
}
