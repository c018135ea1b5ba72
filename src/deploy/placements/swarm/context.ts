import type { DeploySettings } from '../../../settings/index.js';
import type { DriveContext } from '../../core/context.js';
import type { Docker } from '../../engine/docker.js';
import type { SwarmApi } from './api.js';
import { monitorSecondsOf, replicasOf, UPDATE_DELAY_SECONDS } from './spec.js';

/** A swarm deploy's run: the machine's shared part (lease and history on the manager) plus the manager's Swarm API. */
export interface SwarmContext extends DriveContext {
  docker: Docker;
  swarm: SwarmApi;
}

/** How long one update (or its rollback) may take to converge: each task's health timeout, monitor and delay, plus a minute. */
export const convergeTimeoutMs = (s: DeploySettings) => (replicasOf(s) * (s.healthTimeoutSeconds + monitorSecondsOf(s) + UPDATE_DELAY_SECONDS) + 60) * 1000;
