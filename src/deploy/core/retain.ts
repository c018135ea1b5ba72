import { errorMessage } from '../../log.js';
import type { AppHost } from './app-host.js';
import type { MachineContext } from './context.js';
import { appOptions } from './spec.js';

/**
 * After a successful deploy: keep the images of this app's last `retain` live deploys (rollback and
 * redeploys need no pull) and remove its older ones — only images this app's host history names,
 * never one a container still uses (the engine refuses those). Forward only: failures warn.
 */
export async function pruneImages(c: MachineContext, host: AppHost): Promise<void> {
  const app = c.settings.app;
  const retain = appOptions(c.settings).retain;
  const out: NonNullable<typeof c.result.images> = { retain, retained: [], pruned: [], inUse: [] };
  c.result.images = out;
  try {
    const state = await c.store.read(app);
    const newestFirst = [...state.history].reverse();
    const live: string[] = [];
    for (const e of newestFirst) if ((e.outcome === 'live' || e.outcome === 'noop') && !live.includes(e.image)) live.push(e.image);
    out.retained = live.slice(0, retain);
    for (const c of Object.values(state.colors)) if (c?.image && !out.retained.includes(c.image)) out.retained.push(c.image);
    const older = new Set(newestFirst.flatMap((e) => [e.image, ...(e.from ? [e.from.image] : [])]).filter((i) => !out.retained.includes(i)));
    for (const image of older) {
      const got = await host.removeImage(image);
      if (got === 'removed') out.pruned.push(image);
      else if (got === 'in-use') out.inUse.push(image);
    }
    if (out.pruned.length) c.logger.info(`${app}: removed ${out.pruned.length} older image(s) from the host (retain ${retain})`);
  } catch (e) {
    c.logger.warning(`${app}: pruning older images failed (they stay on the host): ${errorMessage(e)}`);
  }
}
