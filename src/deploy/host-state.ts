import type { Color } from './haproxy.js';

/** What the host remembers about an app: kept in the state volume, mounted into the proxy. */
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
  const s = JSON.parse(text) as Partial<HostState>;
  return { live: s.live, colors: s.colors ?? {}, history: s.history ?? [] };
}

export function withHistory(state: HostState, entry: HistoryEntry, limit: number): HostState {
  return { ...state, history: [...state.history, entry].slice(-Math.max(1, limit)) };
}
