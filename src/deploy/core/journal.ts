import type { Color } from './color.js';

/** One deploy phase; named in errors so the `::error::` line says where it failed. */
export type PhaseName = 'locked' | 'pulled' | 'released' | 'started' | 'gated' | 'switched' | 'soaking' | 'retired' | 'updating' | 'converged' | 'reverting' | 'reverted' | 'removing' | 'renewing' | 'done';

/** What the machine runs: a deploy or rollback (blue-green or Swarm), a teardown, or a renewal of the host's certificates. */
export type JournalKind = 'deploy' | 'rollback' | 'remove' | 'renew';

/**
 * The deploy's phases in order, and the failure side. Each is persisted (GITHUB_STATE) as it is
 * entered, before its work starts, so the post step knows what may have begun:
 * - locked: taking the lease;           undo: release it
 * - pulled: pulling the image;          undo: release
 * - released: the release command runs; undo: remove its one-off container (the live color was never touched)
 * - started: candidate created/started; undo: take it out of the router, remove it (a rollback's: stop it)
 * - gated: waiting at the health gate;  undo: as started
 * - switched: the switch was sent;      undo: switch back to the previous color, drain, then as started
 * - soaking: probing after the switch;  undo: as switched
 * - retired: soak passed, old color draining and stopping; forward: finish retiring
 * - reverting: an undo is under way;    continue it (every step is idempotent)
 * - reverted: undo done;                release the lease
 * - done: lease released;               nothing left
 */
export const PHASES: readonly PhaseName[] = ['locked', 'pulled', 'released', 'started', 'gated', 'switched', 'soaking', 'retired', 'reverting', 'reverted', 'done'];

/**
 * deploy-mode swarm (placements/swarm/run.ts):
 * - locked: lease, overlay network, proxy service, the no-op check;  undo: release
 * - updating: the create/update (or Swarm rollback) is issued and converging;  undo: back to the
 *   previous spec (Swarm rollback, or wait for Swarm's own), a first create's service removed
 * - converged: every task runs the new spec;  forward: the host history, release
 */
export const SWARM_PHASES: readonly PhaseName[] = ['locked', 'updating', 'converged', 'reverting', 'reverted', 'done'];

/**
 * `remove` and `renew` go forward only: `removing` (the placement's teardown, then the host state) is
 * completed by the post step after a kill; `renewing` needs nothing but its lease freed (each
 * certificate is loaded atomically).
 */
export const TEARDOWN_PHASES: Record<'remove' | 'renew', readonly PhaseName[]> = { remove: ['locked', 'removing', 'done'], renew: ['locked', 'renewing', 'done'] };

/** What a swarm deploy's undo needs: the service before the update. */
export interface SwarmJournal {
  /** The service did not exist: this deploy created it (undo removes it). */
  created: boolean;
  serviceId?: string;
  /** The image the service ran before (the previous spec's). */
  previousImage?: string;
  previousReplicas?: number;
  /** The service's version and update start before this deploy's update (an older update's status does not count). */
  versionBefore?: number;
  startedBefore?: string;
}

/** What the undo of each phase needs, as saved for the post step. */
export interface DeployJournal {
  v: 1;
  /** Absent: the blue-green container deploy (journals saved before swarm mode existed have none). */
  mode?: 'swarm';
  app: string;
  /** The deploy host as given (`deploy-host`); post undoes only on the same host. */
  host: string;
  /** Lease holder id: post undoes only while the lease is still this holder's. */
  holder: string;
  kind: JournalKind;
  phase: PhaseName;
  /** The lease the run holds when it is not the app's own (`renew`: the host's renewal lease). */
  lease?: string;
  /** The color being put live. */
  target?: Color;
  /** The color that was live before (none on a first deploy). */
  previous?: Color;
  /** `new`: a container this deploy created (removed on undo); `previous`: the old color's own (stopped on undo). */
  candidateKind?: 'new' | 'previous';
  image?: string;
  /** The switch was sent (from phase `switched` on): undo must switch back before removing the candidate. */
  switched?: boolean;
  /** A worker with `overlap: false`: the previous color was stopped before the candidate started (undo starts it again). */
  stoppedPrevious?: boolean;
  /** Reverting from `released`: only the release container is to go. */
  released?: boolean;
  /** Why it is reverting (for the host history). */
  reason?: string;
  /** deploy-mode swarm: the service as it was before the update. */
  swarm?: SwarmJournal;
  /** What the placement changed at its shared edge and how to undo it (the placement's own shape). */
  edge?: Record<string, unknown>;
}

const COLORS = new Set(['blue', 'green']);

/** Checks what the post step read back; the problem names what is wrong, so the warning can say so. */
export function parseJournal(value: unknown): { journal: DeployJournal } | { problem: string } {
  if (!value || typeof value !== 'object') return { problem: 'the saved deploy state is not an object' };
  const j = value as Partial<DeployJournal> & { v?: unknown };
  if (j.v !== 1) return { problem: `the saved deploy state has version ${JSON.stringify(j.v)}, not 1 (saved by another shipshape version?)` };
  for (const k of ['app', 'host', 'holder'] as const) if (typeof j[k] !== 'string' || !j[k]) return { problem: `the saved deploy state has no ${k}` };
  if (j.mode !== undefined && j.mode !== 'swarm') return { problem: `the saved deploy state has an unknown mode ${JSON.stringify(j.mode)}` };
  if (j.kind === 'remove' || j.kind === 'renew') {
    if (!TEARDOWN_PHASES[j.kind].includes(j.phase as PhaseName)) return { problem: `the saved ${j.kind} state has an unknown phase ${JSON.stringify(j.phase)}` };
    if (j.lease !== undefined && (typeof j.lease !== 'string' || !j.lease)) return { problem: `the saved ${j.kind} state names no lease` };
    return { journal: j as DeployJournal };
  }
  if (!(j.mode === 'swarm' ? SWARM_PHASES : PHASES).includes(j.phase as PhaseName)) {
    return { problem: `the saved deploy state has an unknown ${j.mode === 'swarm' ? 'swarm ' : ''}phase ${JSON.stringify(j.phase)}` };
  }
  if (j.kind !== 'deploy' && j.kind !== 'rollback') return { problem: `the saved deploy state has an unknown kind ${JSON.stringify(j.kind)}` };
  if (j.edge !== undefined && (!j.edge || typeof j.edge !== 'object' || Array.isArray(j.edge))) return { problem: 'the saved deploy state has an edge that is not an object' };
  if (j.mode === 'swarm') return swarmProblem(j) ?? { journal: j as DeployJournal };
  for (const k of ['target', 'previous'] as const) if (j[k] !== undefined && !COLORS.has(j[k])) return { problem: `the saved deploy state has an unknown ${k} color ${JSON.stringify(j[k])}` };
  const after = PHASES.indexOf(j.phase as PhaseName) >= PHASES.indexOf('started');
  if (after && j.phase !== 'done' && j.phase !== 'reverted' && (!j.target || !j.candidateKind)) {
    return { problem: `the saved deploy state is in phase ${j.phase} but does not say which color was the candidate` };
  }
  return { journal: j as DeployJournal };
}

function swarmProblem(j: Partial<DeployJournal>): { problem: string } | undefined {
  if (j.phase !== 'updating' && j.phase !== 'reverting') return undefined;
  const w = j.swarm;
  if (!w || typeof w !== 'object' || typeof w.created !== 'boolean' || typeof j.image !== 'string') {
    return { problem: `the saved swarm deploy state is in phase ${j.phase} but does not say which image was going live and whether the service was created` };
  }
  if (!w.created && typeof w.previousImage !== 'string') return { problem: `the saved swarm deploy state is in phase ${j.phase} but does not name the image the service ran before` };
  return undefined;
}

/** The journal of one run: every `enter` is saved at once (synchronously: safe right before a kill). */
export class Journal {
  constructor(
    private current: DeployJournal,
    private readonly save: (j: DeployJournal) => void,
  ) {
    save({ ...current });
  }

  get value(): DeployJournal {
    return { ...this.current };
  }

  get phase(): PhaseName {
    return this.current.phase;
  }

  enter(phase: PhaseName, patch: Partial<DeployJournal> = {}): void {
    this.current = { ...this.current, ...patch, phase };
    this.save({ ...this.current });
  }
}
