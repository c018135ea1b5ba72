import type { DeploySettings } from '../settings/index.js';
import { errorMessage, type Logger } from '../log.js';
import { MIN_SECRET_LENGTH } from '../secret-forms.js';
import { emptyResult, realSleep, type DriveContext } from './core/context.js';
import { DeployError } from './core/errors.js';
import { Journal, type DeployJournal, type JournalKind } from './core/journal.js';
import { drive, settleWith } from './core/machine.js';
import { type Recovery } from './core/strategy.js';
import type { CertificateStatus, DeployRequest, DeployResult } from './core/model.js';
import type { Placement, Plan } from './core/placement.js';
import { removal, renewal } from './core/teardown.js';
import { ensureImage, existingImage } from './docker-host/images.js';
import { EngineHostStore, stateContainer } from './docker-host/store.js';
import { EngineClient } from './engine/client.js';
import { Docker } from './engine/docker.js';
import { openTransport, type Transport } from './engine/transport.js';
import { choosePlacement } from './placements/choose.js';
import { hostProxyName } from './placements/host-proxy/container.js';
import { proxyName } from './placements/own-proxy/proxy.js';

export { DeployError, LockError, ProxyError, HostStateError, UndoError, type PhaseName } from './core/errors.js';
export { parseJournal, type DeployJournal } from './core/journal.js';
export type { CertificateStatus, DeployRequest, DeployResult, HealthAttempt } from './core/model.js';

export interface RemoveResult {
  app: string;
  host: string;
  /** Containers, volumes, services, the host proxy's backend and certificate that were there and are gone. */
  removed: string[];
}

type RunRequest = Pick<DeployRequest, 'owner' | 'logger' | 'mask' | 'saveState' | 'now'>;

/** How long one renewal may hold the host's renewal lease (each certificate's ACME exchange is bounded on its own). */
const RENEW_LEASE_MS = 30 * 60_000;

/** Puts `req.image` (by digest) live on the app's idle color through the health gate, switch and soak. */
export async function deploy(settings: DeploySettings, req: DeployRequest): Promise<DeployResult> {
  if (!/@sha256:[0-9a-f]{64}$/.test(req.image)) {
    throw new DeployError(`deploy needs an image by digest (repo@sha256:…), got "${req.image}"`);
  }
  return deployOrRollback(settings, req, { kind: 'deploy', image: req.image, registryAuth: req.registryAuth, platformManifests: req.platformManifests });
}

/** Switches back to the previous color's digest (its stopped container) through the same gate, switch and soak. */
export async function rollback(settings: DeploySettings, req: Omit<DeployRequest, 'image'>): Promise<DeployResult> {
  return deployOrRollback(settings, req, { kind: 'rollback', registryAuth: req.registryAuth });
}

async function connect(settings: DeploySettings, logger: Logger): Promise<{ transport: Transport; docker: Docker }> {
  const transport = await openTransport(settings, (line) => logger.info(line));
  try {
    return { transport, docker: new Docker(await new EngineClient(transport).connect()) };
  } catch (e) {
    transport.close();
    throw e;
  }
}

/** The containers whose image the lease and state containers borrow when the run works from what the host runs. */
const shipshapeContainers = (app: string) => [stateContainer(app), proxyName(app), hostProxyName()];

/**
 * One run of the machine on the deploy host: connects, chooses the placement once, and gives `work`
 * the run's context (journal saved through `req.saveState`, the lease's store on `image`). A lost
 * connection is named in the error whatever failed after it.
 */
async function onHost<T>(
  settings: DeploySettings,
  req: RunRequest,
  o: { kind: JournalKind; what: string; journal?: DeployJournal; lease?: string; image: (docker: Docker, platform: string) => Promise<string> },
  work: (c: DriveContext, placement: Placement, host: { docker: Docker; platform: string; where: string; image: string }) => Promise<T>,
): Promise<T> {
  for (const [, v] of settings.env) if (v.length >= MIN_SECRET_LENGTH) req.mask(v);
  if (settings.sshPrivateKey) req.mask(settings.sshPrivateKey);
  const result = emptyResult(settings.app, settings.host.text);
  let transport: Transport | undefined;
  try {
    const conn = await connect(settings, req.logger);
    transport = conn.transport;
    const docker = conn.docker;
    const platform = `${docker.api.os}/${docker.api.arch}`;
    Object.assign(result, { host: transport.where, engineVersion: docker.api.engineVersion, platform });
    req.logger.info(`${o.kind === 'renew' ? 'renew' : `${o.kind} ${settings.app}`} on ${transport.where} (Docker ${docker.api.engineVersion}, ${platform})`);
    const journal = o.journal
      ? new Journal(o.journal, () => {})
      : new Journal({ v: 1, app: settings.app, host: settings.host.text, holder: req.owner.id, kind: o.kind, phase: 'locked', ...(o.lease && { lease: o.lease }) }, (j) => req.saveState?.(j));
    const owner = o.journal ? { id: o.journal.holder } : req.owner;
    const image = await o.image(docker, platform);
    const store = new EngineHostStore(docker, image);
    const c: DriveContext = { settings, logger: req.logger, now: req.now ?? Date.now, sleep: realSleep, owner, journal, store, result };
    const placement = await choosePlacement(docker, settings, c);
    return await work(c, placement, { docker, platform, where: transport.where, image });
  } catch (e) {
    const lost = transport?.lost ? `${transport.lost.message}; ` : '';
    if (e instanceof DeployError && !lost) throw e;
    const phase = e instanceof DeployError ? e.phase : undefined;
    throw new DeployError(`${o.what} on ${result.host} failed: ${lost}${errorMessage(e)}`, e instanceof DeployError && e.result ? e.result : o.kind === 'deploy' || o.kind === 'rollback' ? result : undefined, {
      cause: transport?.lost ?? e,
      phase,
    });
  } finally {
    transport?.close();
  }
}

async function deployOrRollback(settings: DeploySettings, req: Omit<DeployRequest, 'image'>, plan: Plan): Promise<DeployResult> {
  if (req.registryAuth?.password) req.mask(req.registryAuth.password);
  // A deploy creates its proxy from proxy-image; a rollback borrows the image the host already runs (it pulls nothing before its check).
  const image = async (docker: Docker) => (plan.kind === 'rollback' && (await existingImage(docker, shipshapeContainers(settings.app)))) || settings.proxyImage;
  return onHost(settings, req, { kind: plan.kind, what: `${plan.kind} of ${settings.app}`, image }, async (c, placement, host) => {
    // A rollback of an app never deployed fails here, before anything on the host changes.
    const strategy = await placement.deploy(plan);
    await ensureImage(host.docker, host.image, host.platform, req.registryAuth);
    return drive(c, plan.kind, strategy);
  });
}

/** The lease and state containers' image for a run that only tears down or renews: the host's own, pulled only when it has none. */
const hostImage = (settings: DeploySettings) => async (docker: Docker, platform: string) => {
  const found = await existingImage(docker, shipshapeContainers(settings.app));
  if (found) return found;
  await ensureImage(docker, settings.proxyImage, platform);
  return settings.proxyImage;
};

/** `remove: true`: the app's route, instances and host state leave its host (the placement's teardown), touching no other app. */
export async function remove(settings: DeploySettings, req: RunRequest): Promise<RemoveResult> {
  return onHost(settings, req, { kind: 'remove', what: `remove of ${settings.app}`, image: hostImage(settings) }, async (c, placement, host) => {
    const strategy = removal(c, (removed) => placement.remove(removed));
    await drive(c, 'remove', strategy);
    req.logger.info(`Removed ${settings.app} from ${host.where}: ${strategy.removed.join(', ') || 'nothing was there'}`);
    return { app: settings.app, host: host.where, removed: strategy.removed };
  });
}

/** `renew: true`: renews the due ACME certificates the host keeps, nothing else. */
export async function renew(settings: DeploySettings, req: RunRequest): Promise<{ host: string; certificates: CertificateStatus[] }> {
  const lease = `${hostProxyName()}-renew`;
  return onHost(settings, req, { kind: 'renew', what: 'renew', lease, image: hostImage(settings) }, async (c, placement, host) => {
    const strategy = renewal(c, () => placement.renew(), RENEW_LEASE_MS);
    await drive(c, 'renew', strategy);
    return { host: host.where, certificates: strategy.statuses };
  });
}

/**
 * The post step after main stopped (killed, canceled or failed mid-undo): from the saved phase, undo
 * (the previous version serves, the candidate goes, the lease is freed) or finish a passed deploy,
 * complete a killed remove, or free a killed renewal's lease.
 */
export async function settleDeploy(settings: DeploySettings, saved: DeployJournal, logger: Logger): Promise<void> {
  if (saved.phase === 'done') return;
  if (saved.app !== settings.app || saved.host !== settings.host.text) {
    throw new DeployError(`the saved ${saved.kind} is of ${saved.app} on ${saved.host}, but the inputs say ${settings.app} on ${settings.host.text}; left it alone`);
  }
  const req = { owner: { id: saved.holder }, logger, mask: () => {} };
  await onHost(settings, req, { kind: saved.kind, what: `the post step's ${saved.kind} of ${saved.app}`, journal: saved, image: hostImage(settings) }, async (c, placement) => {
    const recovery: Recovery =
      // A killed renewal leaves nothing to finish (each certificate is loaded atomically): only its lease is freed.
      saved.kind === 'remove' ? removal(c, (removed) => placement.remove(removed)) : saved.kind === 'renew' ? { recover: async () => {} } : placement.recovery();
    await settleWith(c, recovery);
  });
}
