import { HostValueError, oneOf } from '../../host-values.js';
import { COLORS, type Color } from './color.js';

/** What the host remembers about an app: kept in the state volume (docker-host/store.ts). */
export interface HostState {
  live?: Color;
  colors: Partial<Record<Color, { image: string; since: string }>>;
  history: HistoryEntry[];
}

export interface HistoryEntry {
  at: string;
  kind: 'deploy' | 'rollback';
  outcome: 'live' | 'noop' | 'failed' | 'reverted';
  image: string;
  color: Color;
  /** deploy-mode swarm (absent for the container deploy). */
  mode?: 'swarm';
  from?: { color: Color; image: string };
  owner: string;
  runUrl?: string;
  reason?: string;
}

export const STATE_DIR = '/var/lib/shipshape';
export const STATE_FILE = 'state.json';
export const stateVolume = (app: string) => `shipshape-state-${app}`;

export function parseHostState(text: string | undefined): HostState {
  if (!text) return { colors: {}, history: [] };
  const where = `the deploy host's ${STATE_DIR}/${STATE_FILE}`;
  let s: Partial<HostState>;
  try {
    s = JSON.parse(text) as Partial<HostState>;
  } catch {
    throw new HostValueError(where, 'its content (not JSON)', text);
  }
  // `live` names a runtime API server and a container: only blue or green may come back from the host.
  const live = s.live === undefined || s.live === null ? undefined : oneOf(where, "'live'", COLORS, s.live);
  return { live, colors: s.colors ?? {}, history: Array.isArray(s.history) ? s.history : [] };
}

export function withHistory(state: HostState, entry: HistoryEntry, limit: number): HostState {
  return { ...state, history: [...state.history, entry].slice(-Math.max(1, limit)) };
}
