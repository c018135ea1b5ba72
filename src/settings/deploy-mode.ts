import { declaredDefault, withDefaults } from './defaults.js';
import { InputError, parseInteger, type InputReader } from './parsers.js';

export type DeployMode = 'auto' | 'container' | 'swarm';

/** The deploy inputs of issue 14: where the app runs (one container per color, or a Swarm service). */
export interface ModeSettings {
  mode: DeployMode;
  /** Tasks of the Swarm service; undefined when the input was not given (swarm uses 2). */
  replicas?: number;
  /** Inputs given that only the single-host (container) path has; swarm refuses them by name. */
  containerOnly: string[];
}

/** Tasks of the Swarm service when `replicas` is empty (not a declared default: the input is refused in container mode; its description says it). */
export const DEFAULT_REPLICAS = 2;

/**
 * Inputs the swarm path has no equivalent for: the post-switch soak (Swarm's update monitor takes its
 * place), image retention per host (Swarm's nodes keep their own images), and the host-wide proxy's
 * routes and certificates (its hitless reload has no Swarm form; docs/swarm.md says
 * why). A runner passes each one's declared default (defaults.ts), so only another value counts as
 * given. The release command, `role: worker`, `health-cmd`, `ready-seconds`, `overlap` and `remove` do apply.
 */
export const CONTAINER_ONLY = ['retain', 'soak-seconds', 'hosts', 'path-prefix', 'tls', 'renew'] as const;

/** Reads deploy-mode and replicas (empty inputs read as declared); refuses now what `deploy-mode` alone decides. */
export function readModeInputs(given: InputReader): ModeSettings {
  const get = withDefaults(given);
  const mode = get('deploy-mode') as DeployMode;
  if (!['auto', 'container', 'swarm'].includes(mode)) throw new InputError('deploy-mode', `"${mode}" must be auto, container or swarm`);
  const replicasText = get('replicas');
  const replicas = replicasText ? parseInteger('replicas', replicasText, 1, 100) : undefined;
  const containerOnly = CONTAINER_ONLY.filter((name) => get(name) !== declaredDefault(name));
  const settings = { mode, ...(replicas !== undefined && { replicas }), containerOnly };
  // Known from the inputs alone; with `auto` the same checks run once the engine said which mode it is.
  if (mode !== 'auto') refuseForMode(settings, mode);
  return settings;
}

/** Refuses the inputs that make no sense in `mode`, naming the input. */
export function refuseForMode(s: Partial<ModeSettings>, mode: 'container' | 'swarm'): void {
  if (mode === 'container' && s.replicas !== undefined) {
    throw new InputError('replicas', `is ${s.replicas}, but it applies to deploy-mode swarm only (the deploy host is ${s.mode === 'auto' ? 'not an active swarm manager' : 'deploy-mode container'})`);
  }
  const first = mode === 'swarm' ? s.containerOnly?.[0] : undefined;
  if (first) {
    throw new InputError(first, `applies to the single-host path only, not to deploy-mode swarm${s.mode === 'auto' ? ' (the deploy host is an active swarm manager)' : ''}; remove it`);
  }
}
