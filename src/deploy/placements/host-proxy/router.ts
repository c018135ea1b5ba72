import { ProxyError } from '../../core/edge-errors.js';
import { moves, type ProxyControl } from '../../haproxy.js';
import { type Color } from '../../core/color.js';
import { healthOf } from '../own-proxy/router.js';
import type { Health, Router } from '../../core/router.js';
import { appBackend } from './config.js';

/** The host proxy's container: one per host, carrying every app that has `hosts`. */
export const HOST_PROXY = 'shipshape-host-proxy';

/**
 * Many apps' backends (`app-<app>`) on the host-wide proxy, through its runtime API: a swap is
 * `set server` commands on the app's own backend only, so other apps are never touched. `persist`
 * (the on-disk config naming the live color) is the caller's, under the host-wide config lock.
 */
export class HostProxyRouter implements Router {
  constructor(
    private readonly control: ProxyControl,
    private readonly persistLive: (app: string, live: Color | undefined) => Promise<void>,
    /** Each app's first host and its path prefix: how the soak probe reaches it through the frontend. */
    private readonly routes: ReadonlyMap<string, { host: string; pathPrefix?: string }>,
  ) {}

  private backend(app: string): string {
    if (!this.routes.has(app)) throw new ProxyError(`${this.control.container} carries no backend for ${app}`);
    return appBackend(app);
  }

  async addTarget(app: string, color: Color, address?: { ip: string; port: number }): Promise<void> {
    const b = this.backend(app);
    await this.control.apply(moves.add(color, address, b));
  }

  async removeTarget(app: string, color: Color): Promise<void> {
    await this.control.apply(moves.remove(color, this.backend(app)));
  }

  async health(app: string): Promise<Health> {
    return healthOf(await this.control.stats(this.backend(app)));
  }

  async switchTo(app: string, to: Color, from?: Color): Promise<void> {
    const b = this.backend(app);
    await this.control.apply(moves.switch(to, from, b));
  }

  async probe(app: string, path: string): Promise<{ status: string; health: Health }> {
    const b = this.backend(app);
    const route = this.routes.get(app)!;
    // Through the frontend with the app's Host and prefix (the public route); the stats are its backend's.
    const { status, stats } = await this.control.probeWithStats(`${route.pathPrefix ?? ''}${path}`, { host: route.host, backend: b });
    return { status, health: healthOf(stats) };
  }

  persist(app: string, live: Color | undefined): Promise<void> {
    this.backend(app);
    return this.persistLive(app, live);
  }
}
