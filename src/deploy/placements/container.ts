import type { DeploySettings } from '../../settings/index.js';
import { blueGreen } from '../core/blue-green.js';
import type { MachineContext } from '../core/context.js';
import { DeployError } from '../core/errors.js';
import type { Recovery, Strategy } from '../core/strategy.js';
import { type CertificateStatus } from '../core/model.js';
import { COLORS } from '../core/color.js';
import type { Edge, Placement, Plan } from '../core/placement.js';
import { instanceName } from '../core/spec.js';
import { blueGreenRecovery } from '../core/undo.js';
import { EngineAppHost } from '../docker-host/app-host.js';
import { EngineRuntime } from '../docker-host/runtime.js';
import type { Docker } from '../engine/docker.js';
import { HostProxyEdge } from './host-proxy/edge.js';
import { renewOnHost } from './host-proxy/renew.js';
import type { Run } from './run.js';

/**
 * An app of containers on one Docker host, blue-green behind its edge: its own proxy, the host proxy,
 * or none (a worker). The blue-green strategy (core/blue-green.ts) runs on the Engine runtime.
 */
export class ContainerPlacement implements Placement {
  readonly where: string;

  constructor(
    private readonly docker: Docker,
    private readonly s: DeploySettings,
    private readonly edge: Edge,
    private readonly run: Run,
    /** Every edge the app may have been deployed behind: a remove works from what the host runs, whatever the inputs say now. */
    private readonly edges: Edge[] = [edge],
  ) {
    this.where = edge.where;
  }

  private context(): MachineContext {
    const platform = `${this.docker.api.os}/${this.docker.api.arch}`;
    const store = this.run.store;
    return {
      settings: this.s,
      router: this.edge.router,
      runtime: new EngineRuntime(this.docker, platform),
      appHost: new EngineAppHost(this.docker),
      setup: async () => this.edge.prepare((await store.read(this.s.app)).live),
      edge: this.edge,
      ...this.run,
    };
  }

  async deploy(plan: Plan): Promise<Strategy> {
    // A rollback needs an app that was deployed: nothing on the host may change (no lease, network or volume created).
    const missing = plan.kind === 'rollback' ? await this.edge.notDeployed(this.s.app) : undefined;
    if (missing) {
      throw new DeployError(
        `rollback: ${this.s.app} was never deployed on ${this.run.result.host} (${missing}); nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`,
        this.run.result,
      );
    }
    return blueGreen(this.context(), plan);
  }

  recovery(): Recovery {
    return blueGreenRecovery(this.context());
  }

  async remove(removed: string[]): Promise<void> {
    for (const edge of this.edges) await edge.detach(removed);
    for (const name of COLORS.map((c) => instanceName(this.s.app, c))) {
      if (!(await this.docker.inspect(name))) continue;
      await this.docker.remove(name);
      removed.push(name);
    }
  }

  /** The host's certificates live on its host proxy, whichever app's inputs ask. */
  renew(): Promise<CertificateStatus[]> {
    return renewOnHost(new HostProxyEdge(this.docker, this.s, this.run), this.run.logger);
  }
}
