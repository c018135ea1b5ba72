import { type Color, COLORS } from '../core/color.js';
import type { Edge } from '../core/placement.js';
import type { Health, Router } from '../core/router.js';
import { instanceName, NETWORK } from '../core/spec.js';
import type { Docker } from '../engine/docker.js';

/** A worker takes no traffic: every route is a no-op and it reports no health (its readiness is the runtime's). */
export class NoRouter implements Router {
  async addTarget(): Promise<void> {}
  async removeTarget(): Promise<void> {}
  async health(): Promise<Health> {
    return {};
  }
  async switchTo(): Promise<void> {}
  async probe(): Promise<{ status: string; health: Health }> {
    return { status: '', health: {} };
  }
  async persist(): Promise<void> {}
}

/** A worker (`role: worker`) on a Docker host: no proxy and no route, only the app network its instances join. */
export class WorkerEdge implements Edge {
  readonly where = 'no route (a worker)';
  readonly leaseBudgetMs = 0;
  readonly changesEdge = false;
  readonly router = new NoRouter();

  constructor(private readonly docker: Docker) {}

  async notDeployed(app: string): Promise<string | undefined> {
    for (const c of COLORS) if (await this.docker.inspect(instanceName(app, c))) return undefined;
    return `no ${instanceName(app, 'blue')} or ${instanceName(app, 'green')} container`;
  }

  async prepare(_live: Color | undefined): Promise<void> {
    await this.docker.ensureNetwork(NETWORK);
  }

  async unprepare(): Promise<void> {}

  async finish(): Promise<void> {}

  async detach(): Promise<void> {}
}
