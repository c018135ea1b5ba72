import type { DeploySettings } from '../../../settings/index.js';
import type { Logger } from '../../../log.js';
import { ProxyError } from '../../core/edge-errors.js';
import { PROXY_COMMAND } from '../../haproxy.js';
import { ownLabels, type SwarmApi } from './api.js';
import { converge } from './converge.js';
import { proxyConfigName, proxyServiceName, proxyServiceSpec, swarmProxyConfig } from './spec.js';

/** How long the proxy service may take to come up (counted in the lease). */
export const PROXY_WAIT_MS = 90_000;

/**
 * The app's HAProxy as a global service (one task per node, host-mode port), its config a Swarm config
 * named by its content hash. Created once; updated only when its config, image or port changed — an
 * update restarts the proxy tasks one node at a time (stop-first: that node's port is briefly closed).
 * Its tasks run shipshape's command (PROXY_COMMAND: HAProxy in the foreground on its config), not the
 * image's entrypoint script; a service created before that keeps its command until its next update.
 */
export async function ensureSwarmProxy(swarm: SwarmApi, s: DeploySettings, o: { logger: Logger; now: () => number; sleep: (ms: number) => Promise<void> }): Promise<void> {
  const text = swarmProxyConfig(s);
  const configName = proxyConfigName(s.app, text);
  await swarm.ensureConfig(configName, text, ownLabels(s.app, 'proxy'));
  const base = proxyServiceSpec(s, { name: configName, id: await swarm.configId(configName) });
  const spec = { ...base, TaskTemplate: { ...base.TaskTemplate, ContainerSpec: { ...base.TaskTemplate.ContainerSpec, Command: PROXY_COMMAND.Entrypoint, Args: PROXY_COMMAND.Cmd } } };
  const name = proxyServiceName(s.app);
  const svc = await swarm.ownService(name, s.app, 'proxy');
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (svc) {
    const cs = svc.Spec.TaskTemplate.ContainerSpec as { Image: string; Configs?: { ConfigName: string }[] };
    const ports = (svc.Spec.EndpointSpec as { Ports?: { PublishedPort: number }[] } | undefined)?.Ports?.map((p) => p.PublishedPort);
    const changed = [
      ...(cs.Image === s.proxyImage ? [] : [`input 'proxy-image' "${s.proxyImage}" (it ran "${cs.Image}")`]),
      ...(cs.Configs?.[0]?.ConfigName === configName ? [] : ['its config']),
      ...(same(ports, [s.publicPort.port]) ? [] : [`input 'public-port' ${s.publicPort.port}`]),
    ];
    if (changed.length === 0) return;
    o.logger.info(`${name}: updating the proxy service for ${changed.join(', ')} (one node at a time; each node's port closes for a moment)`);
    await swarm.updateService(svc, spec);
  } else {
    o.logger.info(`${name}: creating the proxy service (global, host-mode port ${s.publicPort.port})`);
  }
  const serviceId = svc ? svc.ID : await swarm.createService(spec);
  const nodes = (await swarm.nodes()).filter((n) => n.Status.State === 'ready' && n.Spec.Availability === 'active');
  const out = await converge(swarm, {
    serviceId,
    image: s.proxyImage,
    replicas: nodes.length,
    timeoutMs: PROXY_WAIT_MS,
    logger: o.logger,
    sleep: o.sleep,
    now: o.now,
    expectUpdate: !!svc,
    staleStartedAt: svc?.UpdateStatus?.StartedAt,
  });
  if (!out.ok) throw new ProxyError(`${name}: the proxy service did not come up on the ${nodes.length} active nodes: ${out.reason}${out.failing?.Status.Err ? ` (${out.failing.Status.Err})` : ''}`);
}
