import type { DeploySettings } from '../inputs.js';
import { InputError } from '../input-parsers.js';
import { errorMessage, type Logger } from '../log.js';
import { routeUrl } from '../route-inputs.js';
import { MIN_SECRET_LENGTH } from '../secret-forms.js';
import { emptyResult, realSleep, type MachineContext } from './core/context.js';
import { EngineAppHost } from './docker-host/app-host.js';
import { EngineClient } from './engine/client.js';
import { Docker } from './engine/docker.js';
import { openTransport, type Transport } from './engine/transport.js';
import { DeployError } from './core/errors.js';
import { ProxyControl } from './haproxy.js';
import { HostProxyPlacement } from './placements/host-proxy/placement.js';
import { Journal, type DeployJournal } from './core/journal.js';
import { runMachine, type Plan } from './core/blue-green.js';
import { ensureImage, ensureProxy, proxyName } from './placements/own-proxy/proxy.js';
import { NETWORK } from './core/spec.js';
import { HaproxyRouter } from './placements/own-proxy/router.js';
import { NoRouter } from './placements/worker.js';
import { removeFromHost, type RemoveResult } from './remove.js';
import type { CertificateStatus } from './placements/host-proxy/acme-due.js';
import { renewOnHost } from './placements/host-proxy/renew.js';
import { appOptions } from './core/spec.js';
import { EngineRuntime } from './docker-host/runtime.js';
import { EngineHostStore } from './docker-host/store.js';
import type { DeployRequest, DeployResult } from './core/model.js';
import { settle } from './core/undo.js';
import { SwarmApi } from './placements/swarm/api.js';
import type { SwarmContext } from './placements/swarm/context.js';
import { removeFromSwarm } from './placements/swarm/remove.js';
import { swarmMode, swarmStrategy } from './placements/swarm/run.js';
import { swarmRecovery } from './placements/swarm/undo.js';
import { drive, settleWith } from './core/machine.js';

export { DeployError, LockError, ProxyError, HostStateError, UndoError, type PhaseName } from './core/errors.js';
export { parseJournal, type DeployJournal } from './core/journal.js';
export type { DeployRequest, DeployResult, HealthAttempt } from './core/model.js';
export type { RemoveResult } from './remove.js';
export type { CertificateStatus } from './placements/host-proxy/acme-due.js';

/** Puts `req.image` (by digest) live on the app's idle color through the health gate, switch and soak. */
export async function deploy(settings: DeploySettings, req: DeployRequest): Promise<DeployResult> {
  if (!/@sha256:[0-9a-f]{64}$/.test(req.image)) {
    throw new DeployError(`deploy needs an image by digest (repo@sha256:…), got "${req.image}"`);
  }
  return run(settings, req, { kind: 'deploy', image: req.image, registryAuth: req.registryAuth, platformManifests: req.platformManifests });
}

/** Switches back to the previous color's digest (its stopped container) through the same gate, switch and soak. */
export async function rollback(settings: DeploySettings, req: Omit<DeployRequest, 'image'>): Promise<DeployResult> {
  return run(settings, req, { kind: 'rollback', registryAuth: req.registryAuth });
}

/** A web app's traffic goes through its HAProxy (its own, or the host proxy's backend with `hosts`); a worker has no route. */
const router = (docker: Docker, settings: DeploySettings) =>
  appOptions(settings).role === 'worker' ? new NoRouter() : new HaproxyRouter(docker, settings, new ProxyControl(docker, proxyName(settings.app)));

async function connect(settings: DeploySettings): Promise<{ transport: Transport; docker: Docker }> {
  const transport = await openTransport(settings);
  try {
    return { transport, docker: new Docker(await new EngineClient(transport).connect()) };
  } catch (e) {
    transport.close();
    throw e;
  }
}

async function run(settings: DeploySettings, req: Omit<DeployRequest, 'image'>, plan: Plan): Promise<DeployResult> {
  const now = req.now ?? Date.now;
  for (const [, v] of settings.env) if (v.length >= MIN_SECRET_LENGTH) req.mask(v);
  if (settings.sshPrivateKey) req.mask(settings.sshPrivateKey);
  if (req.registryAuth?.password) req.mask(req.registryAuth.password);
  const result = emptyResult(settings.app, settings.host.text);
  let transport: Transport | undefined;
  try {
    const conn = await connect(settings);
    transport = conn.transport;
    const docker = conn.docker;
    result.host = transport.where;
    result.engineVersion = docker.api.engineVersion;
    const platform = `${docker.api.os}/${docker.api.arch}`;
    result.platform = platform;
    req.logger.info(`${plan.kind} ${settings.app} on ${transport.where} (Docker ${result.engineVersion}, ${platform})`);
    // deploy-mode picks the machine's strategy: a swarm manager gets the Swarm service (swarm/run.ts).
    if (await swarmMode(docker, settings)) {
      await ensureImage(docker, settings.proxyImage, platform, req.registryAuth);
      const journal = new Journal({ v: 1, mode: 'swarm', app: settings.app, host: settings.host.text, holder: req.owner.id, kind: plan.kind, phase: 'locked' }, (j) => req.saveState?.(j));
      const c = swarmContext(docker, settings, { owner: req.owner, logger: req.logger, now, journal, result });
      return await drive(c, plan.kind, swarmStrategy(c, plan));
    }
    // A rollback needs an app that was deployed: without its proxy there is nothing to go back to, and
    // nothing on the host may change (no proxy image pulled, no lease, network or volume created).
    if (settings.route && appOptions(settings).role === 'worker') throw new InputError('hosts', 'is set, but role is worker: a worker has no route');
    const store = new EngineHostStore(docker, settings.proxyImage);
    const journal = new Journal({ v: 1, app: settings.app, host: settings.host.text, holder: req.owner.id, kind: plan.kind, phase: 'locked' }, (j) => req.saveState?.(j));
    const site = settings.route
      ? new HostProxyPlacement(docker, settings, { owner: req.owner, logger: req.logger, store, journal, onRoute: (route) => (result.route = { ...route, url: routeUrl(settings.route!) }) })
      : undefined;
    if (plan.kind === 'rollback' && !(site ? await site.carries(settings.app) : await docker.inspect(proxyName(settings.app)))) {
      const what = site ? `no backend on ${site.name}` : `no ${proxyName(settings.app)} container`;
      throw new DeployError(
        `rollback: ${settings.app} was never deployed on ${transport.where} (${what}); nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`,
        result,
      );
    }
    await ensureImage(docker, settings.proxyImage, platform, req.registryAuth);
    const worker = appOptions(settings).role === 'worker';
    const c: MachineContext = {
      settings,
      router: site ? site.router : router(docker, settings),
      runtime: new EngineRuntime(docker, platform),
      store,
      appHost: new EngineAppHost(docker),
      // Under the lease: the proxy's config names the live color, and a changed check reloads it once. A worker has none.
      setup: worker
        ? () => docker.ensureNetwork(NETWORK)
        : site
          ? async () => site.prepare((await store.read(settings.app)).live)
          : async () => void (await ensureProxy(docker, settings, platform, (await store.read(settings.app)).live)),
      ...(site && { edge: site }),
      logger: req.logger,
      now,
      sleep: realSleep,
      owner: req.owner,
      journal,
      result,
    };
    return await runMachine(c, plan);
  } catch (e) {
    const lost = transport?.lost ? `${transport.lost.message}; ` : '';
    if (e instanceof DeployError && !lost) throw e;
    const phase = e instanceof DeployError ? e.phase : undefined;
    throw new DeployError(`${plan.kind} of ${settings.app} on ${result.host} failed: ${lost}${errorMessage(e)}`, e instanceof DeployError && e.result ? e.result : result, {
      cause: transport?.lost ?? e,
      phase,
    });
  } finally {
    transport?.close();
  }
}

function swarmContext(docker: Docker, settings: DeploySettings, o: Pick<SwarmContext, 'owner' | 'logger' | 'now' | 'journal' | 'result'>): SwarmContext {
  // The lease and the host history live on the manager, as a container deploy's on its host.
  return { ...o, docker, swarm: new SwarmApi(docker.api), settings, sleep: realSleep, store: new EngineHostStore(docker, settings.proxyImage) };
}

/** `remove: true`: tears the app down on its host (remove.ts), touching no other app. */
export async function remove(settings: DeploySettings, req: Pick<DeployRequest, 'owner' | 'logger' | 'mask'>): Promise<RemoveResult> {
  if (settings.sshPrivateKey) req.mask(settings.sshPrivateKey);
  const { transport, docker } = await connect(settings);
  try {
    await ensureImage(docker, settings.proxyImage, `${docker.api.os}/${docker.api.arch}`);
    const o = { owner: req.owner, logger: req.logger, where: transport.where };
    return await ((await swarmMode(docker, settings)) ? removeFromSwarm(docker, settings, { ...o, sleep: realSleep }) : removeFromHost(docker, settings, o));
  } catch (e) {
    throw new DeployError(`remove of ${settings.app} on ${transport.where} failed: ${errorMessage(e)}`, undefined, { cause: e });
  } finally {
    transport.close();
  }
}

/** `renew: true`: renews the due ACME certificates of the host's proxy (host-proxy/renew.ts), nothing else. */
export async function renew(settings: DeploySettings, req: Pick<DeployRequest, 'owner' | 'logger' | 'mask'>): Promise<{ host: string; certificates: CertificateStatus[] }> {
  if (settings.sshPrivateKey) req.mask(settings.sshPrivateKey);
  const { transport, docker } = await connect(settings);
  try {
    await ensureImage(docker, settings.proxyImage, `${docker.api.os}/${docker.api.arch}`);
    return { host: transport.where, certificates: await renewOnHost(docker, settings, { owner: req.owner, logger: req.logger }) };
  } catch (e) {
    throw new DeployError(`renew on ${transport.where} failed: ${errorMessage(e)}`, undefined, { cause: e });
  } finally {
    transport.close();
  }
}

/**
 * The post step after main stopped (killed, canceled or failed mid-undo): from the saved phase, undo
 * (the previous version serves, the candidate goes, the lease is freed) or finish a passed deploy.
 */
export async function settleDeploy(settings: DeploySettings, saved: DeployJournal, logger: Logger): Promise<void> {
  if (saved.phase === 'done') return;
  if (saved.app !== settings.app || saved.host !== settings.host.text) {
    throw new DeployError(`the saved deploy is of ${saved.app} on ${saved.host}, but the inputs say ${settings.app} on ${settings.host.text}; left it alone`);
  }
  const { transport, docker } = await connect(settings);
  try {
    if (saved.mode === 'swarm') {
      const c = swarmContext(docker, settings, { owner: { id: saved.holder }, logger, now: Date.now, journal: new Journal(saved, () => {}), result: emptyResult(settings.app, transport.where) });
      return await settleWith(c, swarmRecovery(c));
    }
    const platform = `${docker.api.os}/${docker.api.arch}`;
    const store = new EngineHostStore(docker, settings.proxyImage);
    const journal = new Journal(saved, () => {});
    const owner = { id: saved.holder };
    const site = settings.route ? new HostProxyPlacement(docker, settings, { owner, logger, store, journal }) : undefined;
    const c: MachineContext = {
      settings,
      router: site ? site.router : router(docker, settings),
      runtime: new EngineRuntime(docker, platform),
      store,
      appHost: new EngineAppHost(docker),
      ...(site && { edge: site }),
      logger,
      now: Date.now,
      sleep: realSleep,
      owner,
      journal,
      result: emptyResult(settings.app, transport.where),
    };
    await settle(c);
  } finally {
    transport.close();
  }
}
