import { peerText } from '../../log.js';

/** One line of the Engine's pull stream (POST /images/create). */
export interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

type LayerState = 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'done' | 'existed';

const STATES: Record<string, LayerState> = {
  'Pulling fs layer': 'waiting',
  Waiting: 'waiting',
  Downloading: 'downloading',
  'Verifying Checksum': 'downloading',
  'Download complete': 'downloaded',
  Extracting: 'extracting',
  'Pull complete': 'done',
  'Already exists': 'existed',
};

export const PULL_EVERY_MS = 3000;
/** The most lines one pull logs (a stalled pull still says it stalls, every PULL_EVERY_MS, up to this). */
export const PULL_MAX_LINES = 60;

const size = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} kB`);

/** `repo@sha256:0123456789ab…`: the log names the image once in full (the deploy's first line), then short. */
export const shortRef = (ref: string) => ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…');

/**
 * Turns the pull stream into a few log lines: the engine's own lines that are not about a layer
 * ("Pulling from …", "Digest: …", "Status: …") as they come, and a summary of the layers when one
 * changes state, at most every PULL_EVERY_MS. Byte progress never makes a line by itself.
 */
export class PullProgress {
  private readonly layers = new Map<string, { state: LayerState; current: number; total: number }>();
  private lines = 0;
  private lastAt = -Infinity;
  private pending = false;

  private readonly ref: string;

  constructor(
    ref: string,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.ref = shortRef(ref);
  }

  feed(m: PullMessage): void {
    const state = m.status ? STATES[m.status] : undefined;
    if (!state || !m.id) {
      if (!m.status || m.error) return;
      // Said in order: the layers' last change before the engine's next line ("Digest: …").
      if (this.pending) this.summary();
      // "Pulling from <repo>" carries the tag or digest as its id: the line's prefix names it already.
      const id = m.id && !m.status.startsWith('Pulling from') && !m.status.includes(m.id) ? ` ${m.id}` : '';
      this.say(`pull ${this.ref}: ${peerText(`${m.status}${id}`, 300)}`);
      return;
    }
    const layer = this.layers.get(m.id) ?? { state, current: 0, total: 0 };
    const changed = layer.state !== state || !this.layers.has(m.id);
    layer.state = state;
    if (state === 'downloading' && m.progressDetail?.total) {
      layer.current = m.progressDetail.current ?? layer.current;
      layer.total = m.progressDetail.total;
    }
    if (state === 'downloaded' || state === 'extracting' || state === 'done') layer.current = layer.total;
    this.layers.set(m.id, layer);
    if (changed) this.pending = true;
    if (this.pending && this.now() - this.lastAt >= PULL_EVERY_MS) this.summary();
  }

  /** The stream ended: the summary, if the last change has not been said. */
  end(): void {
    if (this.pending) this.summary();
  }

  private summary(): void {
    const all = [...this.layers.values()];
    const done = all.filter((l) => l.state === 'done' || l.state === 'existed').length;
    const existed = all.filter((l) => l.state === 'existed').length;
    const total = all.reduce((n, l) => n + l.total, 0);
    const current = all.reduce((n, l) => n + l.current, 0);
    const bytes = total ? `, ${size(current)} of ${size(total)} downloaded` : '';
    this.say(`pull ${this.ref}: ${done} of ${all.length} layers done${existed ? ` (${existed} already on the host)` : ''}${bytes}`);
    this.pending = false;
  }

  private say(line: string): void {
    this.lastAt = this.now();
    if (this.lines++ < PULL_MAX_LINES) this.log(line);
  }
}

/** Splits a byte stream into lines as it arrives; `rest` keeps a partial last line (bounded). */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const parts = (this.rest + chunk.toString('utf8')).split('\n');
    this.rest = parts.pop() ?? '';
    // One engine JSON line is small; a "line" this long is not one, and is not kept whole.
    if (this.rest.length > 1024 * 1024) this.rest = this.rest.slice(-1024 * 1024);
    for (const p of parts) if (p.trim()) this.onLine(p);
  }

  end(): void {
    if (this.rest.trim()) this.onLine(this.rest);
    this.rest = '';
  }
}
