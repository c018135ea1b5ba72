import type { DeploySettings } from '../inputs.js';
import type { Logger } from '../log.js';
import { MIN_SECRET_LENGTH } from '../secret-forms.js';
import { digestReference } from '../validate.js';
import { EngineClient } from './engine/client.js';
import { Docker } from './engine/docker.js';
import { openTransport, type Transport } from './engine/transport.js';
import { other, serverCmd, ProxyControl, type Color } from './haproxy.js';
import { withHistory, type HostState } from './host-state.js';
import { acquireLease, releaseLease } from './lock.js';
import { colorName, ensureImage, ensureProxy, proxyName, readHostState, writeHostState } from './proxy.js';
import { liveAndHealthy, swap, type Candidate, type SwapContext } from './swap.js';
import { DeployError, type DeployProgress, type DeployRequest, type DeployResult } from './types.js';

export { DeployError } from './types.js';
export type { DeployProgress, DeployRequest, DeployResult, HealthAttempt } from './types.js';

const LEASE_MARGIN_SECONDS = 240;

/** Puts `req.image` (by digest) live on the app's idle color through the health gate, switch and soak. */
export async function deploy(settings: DeploySettings, req: DeployRequest): Promise<DeployResult> {
  if (!/@sha256:[0-9a-f]{64}$/.test(req.image)) {
    throw new DeployError(`deploy needs an image by digest (repo@sha256:…), got "${req.image}"`);
  }
  return run(settings, req, 'deploy', async (c, platform, state) => {
    if (await liveAndHealthy(c, state, req.image)) {
      const live = state.live as Color;
      c.logger.info(`${settings.app}: ${live} already runs ${req.image} and is healthy; nothing to do`);
      c.result.noop = true;
      c.result.color = live;
      c.result.to = { color: live, digest: req.image };
      const entry = { at: new Date(c.now()).toISOString(), kind: 'deploy' as const, outcome: 'noop' as const, image: req.image, color: live, owner: req.owner.id };
      await writeHostState(c.docker, settings.app, withHistory(state, entry, settings.historyLimit));
      return c.result;
    }
    const pullStart = c.now();
    await c.docker.pull(req.image, platform, req.registryAuth);
    c.result.timings.pull = c.now() - pullStart;
    const got = await c.docker.imagePlatform(req.image);
    if (!got?.startsWith(platform)) throw new DeployError(`pulled ${req.image} is ${got ?? 'missing'}, but the host is ${platform}`, c.result);
    const pulled = req.platformManifests?.find((m) => m.platform === platform);
    if (pulled) c.result.pulledPlatformDigest = pulled.digest;
    const env = settings.env.map(([k, v]) => `${k}=${v}`);
    return swap(c, { kind: 'new', image: req.image, platform, env }, 'deploy', state);
  });
}

/** Switches back to the previous color's digest (its stopped container) through the same gate, switch and soak. */
export async function rollback(settings: DeploySettings, req: Omit<DeployRequest, 'image'>): Promise<DeployResult> {
  return run(settings, req, 'rollback', async (c, _platform, state) => {
    if (!state.live) throw new DeployError(`rollback: ${settings.app} has no live color on ${c.result.host}`, c.result);
    const previous = other(state.live);
    const info = await c.docker.inspect(colorName(settings.app, previous));
    const label = info?.Config.Labels?.['shipshape.image'];
    const image = label && digestReference(`the label shipshape.image of ${colorName(settings.app, previous)}`, label);
    if (!info || !image) {
      throw new DeployError(`rollback: ${settings.app} has no previous color to return to (no ${colorName(settings.app, previous)} container)`, c.result);
    }
    const candidate: Candidate = { kind: 'previous', image };
    return swap(c, candidate, 'rollback', state);
  });
}

async function run(
  settings: DeploySettings,
  req: Omit<DeployRequest, 'image'>,
  kind: 'deploy' | 'rollback',
  body: (c: SwapContext, platform: string, state: HostState) => Promise<DeployResult>,
): Promise<DeployResult> {
  const now = req.now ?? Date.now;
  for (const [, v] of settings.env) if (v.length >= MIN_SECRET_LENGTH) req.mask(v);
  if (settings.sshPrivateKey) req.mask(settings.sshPrivateKey);
  if (req.registryAuth?.password) req.mask(req.registryAuth.password);
  const progress: DeployProgress = { app: settings.app, lockHeld: false, switched: false, holder: req.owner.id };
  const save = () => req.saveState?.({ ...progress });
  const result: DeployResult = {
    noop: false,
    color: 'blue',
    to: { color: 'blue', digest: '' },
    host: settings.host.text,
    engineVersion: '',
    app: settings.app,
    lock: { waitedMs: 0 },
    health: { attempts: [] },
    timings: { pull: 0, health: 0, switch: 0, soak: 0 },
  };
  let transport: Transport | undefined;
  try {
    transport = await openTransport(settings);
    result.host = transport.where;
    const docker = new Docker(await new EngineClient(transport).connect());
    result.engineVersion = docker.api.engineVersion;
    const platform = `${docker.api.os}/${docker.api.arch}`;
    result.platform = platform;
    req.logger.info(`${kind} ${settings.app} on ${transport.where} (Docker ${result.engineVersion}, ${platform})`);
    // A rollback needs an app that was deployed: without its proxy there is nothing to go back to, and
    // nothing on the host may change (no proxy image pulled, no lease, network or volume created).
    if (kind === 'rollback' && !(await docker.inspect(proxyName(settings.app)))) {
      throw new DeployError(
        `rollback: ${settings.app} was never deployed on ${transport.where} (no ${proxyName(settings.app)} container); nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`,
        result,
      );
    }
    await ensureImage(docker, settings.proxyImage, platform, req.registryAuth);
    // The lease outlives the longest deploy (pull budget + gate + soak + retire); waiting as long as
    // it lives means a holder that died without its post step is always recovered by the next deploy.
    const ttlMs = (LEASE_MARGIN_SECONDS + settings.healthTimeoutSeconds + settings.soakSeconds) * 1000;
    const lease = await acquireLease(docker, { app: settings.app, owner: req.owner, image: settings.proxyImage, ttlMs, waitMs: ttlMs, now });
    result.lock = { holder: lease.holder, waitedMs: lease.waitedMs, ...(lease.broken && { broken: lease.broken }) };
    if (lease.broken) req.logger.warning(`Broke an ${lease.broken}`);
    progress.lockHeld = true;
    save();
    try {
      const { proxy, state } = await ensureProxy(docker, settings, platform);
      const c: SwapContext = { settings, docker, proxy, logger: req.logger, now, owner: req.owner, progress, save, result };
      return await body(c, platform, state);
    } finally {
      await releaseLease(docker, settings.app, req.owner.id).then(
        () => {
          progress.lockHeld = false;
          save();
        },
        (e: Error) => req.logger.warning(`Could not release the deploy lock of ${settings.app}: ${e.message}`),
      );
    }
  } catch (e) {
    const lost = transport?.lost ? `${transport.lost.message}; ` : '';
    if (e instanceof DeployError && !lost) throw e;
    const failure = new DeployError(`${kind} of ${settings.app} on ${result.host} failed: ${lost}${(e as Error).message}`, result);
    if (e instanceof DeployError && e.result) Object.assign(failure, { result: e.result });
    throw failure;
  } finally {
    transport?.close();
  }
}

/** Post step after a killed run: removes a never-live candidate and releases our lease; never touches the live color. */
export async function cleanupAfterAbort(settings: DeploySettings, progress: DeployProgress, logger: Logger): Promise<void> {
  if (!progress.lockHeld && !progress.candidate) return;
  const transport = await openTransport(settings);
  try {
    const docker = new Docker(await new EngineClient(transport).connect());
    if (progress.candidate && !progress.switched) {
      const state = await readHostState(docker, settings.app).catch(() => undefined);
      const color = (['blue', 'green'] as Color[]).find((c) => colorName(settings.app, c) === progress.candidate);
      if (color && state?.live !== color) {
        if (await docker.inspect(proxyName(settings.app))) {
          await new ProxyControl(docker, proxyName(settings.app)).apply([serverCmd(color, 'maint')]).catch(() => {});
        }
        await docker.remove(progress.candidate);
        logger.info(`Removed ${progress.candidate}, which never went live`);
      }
    }
    if (progress.lockHeld && progress.holder) {
      await releaseLease(docker, settings.app, progress.holder);
      logger.info(`Released the deploy lock of ${settings.app}`);
    }
  } finally {
    transport.close();
  }
}
