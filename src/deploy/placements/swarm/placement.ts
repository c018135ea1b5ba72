import type { DeploySettings } from '../../../settings/index.js';
import type { Recovery, Strategy } from '../../core/strategy.js';
import type { CertificateStatus } from '../../core/model.js';
import type { Placement, Plan } from '../../core/placement.js';
import type { Docker } from '../../engine/docker.js';
import type { Run } from '../run.js';
import { SwarmApi } from './api.js';
import type { SwarmContext } from './context.js';
import { removeSwarmObjects } from './remove.js';
import { swarmStrategy } from './run.js';
import { swarmRecovery } from './undo.js';

/** The app as a Swarm service on the manager's cluster, its ingress an HAProxy service (run.ts, proxy.ts). */
export class SwarmPlacement implements Placement {
  readonly where: string;
  private readonly c: SwarmContext;

  constructor(docker: Docker, s: DeploySettings, run: Run) {
    this.where = `the swarm of ${run.result.host}`;
    // The lease and the host history live on the manager, as a container deploy's on its host.
    this.c = { ...run, settings: s, docker, swarm: new SwarmApi(docker.api) };
  }

  async deploy(plan: Plan): Promise<Strategy> {
    this.c.journal.enter('locked', { mode: 'swarm' });
    return swarmStrategy(this.c, plan);
  }

  recovery(): Recovery {
    return swarmRecovery(this.c);
  }

  remove(removed: string[]): Promise<void> {
    return removeSwarmObjects(this.c.swarm, this.c.settings.app, { logger: this.c.logger, sleep: this.c.sleep, removed });
  }

  /** Certificates on a swarm are not kept by shipshape yet (refused at input time). */
  async renew(): Promise<CertificateStatus[]> {
    return [];
  }
}
