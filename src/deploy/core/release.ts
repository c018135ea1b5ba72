import { errorMessage, peerText } from '../../log.js';
import type { AppHost } from './app-host.js';
import type { MachineContext } from './context.js';
import { DeployError } from './errors.js';
import type { Color } from './color.js';
import { appOptions, instanceSpec, NETWORK } from './spec.js';

/** The bound on one release command (a migration); the lease lives this much longer when there is one. */
export const RELEASE_LIMIT_SECONDS = 900;

export const releaseName = (app: string) => `${app}-release`;

/**
 * Before anything starts: every network the app joins exists (never created silently) and its named
 * volumes exist (created with shipshape labels on first use; never removed by a deploy).
 */
export async function preflight(c: MachineContext, host: AppHost): Promise<void> {
  const o = appOptions(c.settings);
  for (const n of o.networks) {
    if (!(await host.networkExists(n.name))) {
      throw new DeployError(`Input 'networks': the network "${n.name}" does not exist on ${c.result.host}; create it there first (shipshape never creates a user's network)`, c.result, { phase: 'locked' });
    }
  }
  for (const v of o.volumes) {
    if (v.kind === 'volume') await host.ensureVolume(v.source, { 'shipshape.app': c.settings.app, 'shipshape.role': 'volume' });
  }
}

/**
 * Phase `released`: the release command in a one-off container of the new image, with the app's env,
 * volumes and networks, after the pull and before the new color starts. A non-zero exit fails the
 * deploy (undo: the container is removed; the live color was never touched).
 */
export async function runRelease(c: MachineContext, host: AppHost, o: { image: string; target: Color }): Promise<void> {
  const cmd = appOptions(c.settings).releaseCommand;
  if (!cmd) return;
  const app = c.settings.app;
  const spec = { ...instanceSpec(c.settings, { color: o.target, image: o.image, platform: c.runtime.platform, network: NETWORK, owner: c.owner }), name: releaseName(app) };
  c.logger.info(`${app}: running the release command ${peerText(JSON.stringify(cmd))} in ${spec.name}`);
  const start = c.now();
  const rec: NonNullable<typeof c.result.release> = { command: cmd };
  c.result.release = rec;
  let out: { exitCode: number; lines: string[] };
  try {
    out = await host.runOnce(spec, cmd, RELEASE_LIMIT_SECONDS * 1000);
  } catch (e) {
    rec.ms = c.now() - start;
    throw new DeployError(`the release command ${JSON.stringify(cmd)} could not run: ${errorMessage(e)}; the live version keeps serving`, c.result, { cause: e, phase: 'released' });
  }
  rec.ms = c.now() - start;
  rec.exitCode = out.exitCode;
  for (const line of out.lines) c.logger.info(`release | ${peerText(line, 1000)}`);
  if (out.exitCode !== 0) {
    throw new DeployError(`the release command ${JSON.stringify(cmd)} exited with code ${out.exitCode}; the new version was not started and the live version keeps serving`, c.result, { phase: 'released' });
  }
  c.logger.info(`${app}: the release command exited with 0 in ${rec.ms} ms`);
}

/** Undo of `released` (also from the post step after a kill): the one-off container goes. */
export async function undoRelease(c: MachineContext, host: AppHost | undefined): Promise<void> {
  await host?.removeOnce(releaseName(c.settings.app));
}
