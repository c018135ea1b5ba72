import type { DeploySettings } from '../../../settings/index.js';
import type { Docker } from '../../engine/docker.js';
import { ProxyError } from '../../core/edge-errors.js';
import { checkedUp, describeStat, moves, type ProxyControl, type ServerStat } from '../../haproxy.js';
import { type Color } from '../../core/color.js';
import { writeProxyConfig } from './proxy.js';
import type { Health, Router } from '../../core/router.js';

/** Router health from HAProxy's server rows. */
export const healthOf = (stats: Partial<Record<Color, ServerStat>>): Health => {
  const out: Health = {};
  for (const [color, stat] of Object.entries(stats) as [Color, ServerStat][]) out[color] = { up: checkedUp(stat), detail: describeStat(stat), sessions: stat.sessions };
  return out;
};

/**
 * The app's own HAProxy (`<app>-proxy`), driven through its runtime API: servers `blue` and `green`
 * in one backend; a switch is two `set server` commands in one session, never a reload.
 */
export class HaproxyRouter implements Router {
  constructor(
    private readonly docker: Docker,
    private readonly settings: DeploySettings,
    private readonly control: ProxyControl,
  ) {}

  private check(app: string): void {
    if (app !== this.settings.app) throw new ProxyError(`${this.control.container} routes ${this.settings.app} only, not ${app}`);
  }

  async addTarget(app: string, color: Color, address?: { ip: string; port: number }): Promise<void> {
    this.check(app);
    // Point the server at the instance now rather than waiting for the next DNS resolution; drain state is checked but takes no traffic.
    await this.control.apply(moves.add(color, address));
  }

  async removeTarget(app: string, color: Color): Promise<void> {
    this.check(app);
    if (!(await this.docker.inspect(this.control.container))?.State.Running) return;
    await this.control.apply(moves.remove(color));
  }

  async health(app: string): Promise<Health> {
    this.check(app);
    return healthOf(await this.control.stats());
  }

  async switchTo(app: string, to: Color, from?: Color): Promise<void> {
    this.check(app);
    await this.control.apply(moves.switch(to, from));
  }

  async probe(app: string, path: string): Promise<{ status: string; health: Health }> {
    this.check(app);
    const { status, stats } = await this.control.probeWithStats(path);
    return { status, health: healthOf(stats) };
  }

  async persist(app: string, live: Color | undefined): Promise<void> {
    this.check(app);
    await writeProxyConfig(this.docker, this.settings, live);
  }
}
