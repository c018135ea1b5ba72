import type { Color } from '../../core/color.js';
import type { Edge } from '../../core/placement.js';
import type { Docker } from '../../engine/docker.js';
import { ProxyControl } from '../../haproxy.js';
import type { DeploySettings } from '../../../settings/index.js';
import type { Logger } from '../../../log.js';
import { ensureProxy, proxyName } from './proxy.js';
import { HaproxyRouter } from './router.js';

/**
 * The app's own HAProxy, `<app>-proxy`, publishing `public-port`: created (or checked) under the lease,
 * its switch two runtime-API commands. A changed health path or port is applied by one reload only
 * when the live color passes the new check (proxy.ts), so a deploy leaves what serves as it was.
 */
export class OwnProxyEdge implements Edge {
  readonly where: string;
  readonly leaseBudgetMs = 0;
  readonly changesEdge = false;
  readonly router: HaproxyRouter;

  constructor(
    private readonly docker: Docker,
    private readonly s: DeploySettings,
    private readonly logger: Logger,
  ) {
    this.where = `its proxy ${proxyName(s.app)}`;
    this.router = new HaproxyRouter(docker, s, new ProxyControl(docker, proxyName(s.app)));
  }

  async notDeployed(app: string): Promise<string | undefined> {
    return (await this.docker.inspect(proxyName(app))) ? undefined : `no ${proxyName(app)} container`;
  }

  async prepare(live: Color | undefined): Promise<void> {
    await ensureProxy(this.docker, this.s, `${this.docker.api.os}/${this.docker.api.arch}`, live, this.logger);
  }

  async unprepare(): Promise<void> {}

  async finish(): Promise<void> {}

  /** The proxy goes first: no request reaches a color being removed. */
  async detach(removed: string[]): Promise<void> {
    const name = proxyName(this.s.app);
    if (!(await this.docker.inspect(name))) return;
    await this.docker.remove(name);
    removed.push(name);
  }
}
