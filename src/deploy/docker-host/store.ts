import { errorMessage } from '../../log.js';
import type { Docker } from '../engine/docker.js';
import { HostStateError } from '../core/edge-errors.js';
import { parseHostState, STATE_DIR, STATE_FILE, stateVolume, type HostState } from '../core/host-state.js';
import { acquireLease, leaseHolder, releaseLease } from './lease.js';
import { type HostStore, type Lease, type LeaseOwner } from '../core/store.js';

/** The never-started container the state volume is read and written through (archive API). */
export const stateContainer = (app: string) => `shipshape-state-${app}`;

/**
 * The host state in the volume `shipshape-state-<app>` (the one earlier proxies mounted, so their
 * state carries over), reached through `shipshape-state-<app>`, a container that never runs; the
 * lease is `shipshape-lock-<app>` (lease.ts).
 */
export class EngineHostStore implements HostStore {
  private ready = new Map<string, Promise<void>>();
  // The state file as this run last read or wrote it: while the run holds the app's lease nobody else
  // writes it, and each archive call costs the engine a helper process (~0.5 s on a small host).
  private known = new Map<string, string>();

  /** `image`: any local image (the proxy's) for the never-started lease and state containers. */
  constructor(
    private readonly docker: Docker,
    private readonly image: string,
  ) {}

  private ensure(app: string): Promise<void> {
    let p = this.ready.get(app);
    if (!p) {
      p = (async () => {
        const name = stateContainer(app);
        if (await this.docker.inspect(name)) return;
        await this.docker.ensureVolume(stateVolume(app), { 'shipshape.app': app });
        // A concurrent deploy may create it first (409): that one is as good.
        await this.docker.create(name, {
          Image: this.image,
          Cmd: ['true'],
          Labels: { 'shipshape.app': app, 'shipshape.role': 'state' },
          HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: stateVolume(app), Target: STATE_DIR }] },
        });
      })();
      this.ready.set(app, p);
      p.catch(() => this.ready.delete(app));
    }
    return p;
  }

  async read(app: string): Promise<HostState> {
    const where = `${STATE_DIR}/${STATE_FILE} in volume ${stateVolume(app)}`;
    let text: string | undefined;
    try {
      text = this.known.get(app);
      if (text === undefined) {
        await this.ensure(app);
        text = await this.docker.getFile(stateContainer(app), `${STATE_DIR}/${STATE_FILE}`);
      }
    } catch (e) {
      throw new HostStateError(`could not read ${where}`, { cause: e });
    }
    try {
      const state = parseHostState(text);
      this.known.set(app, text ?? '');
      return state;
    } catch (e) {
      throw new HostStateError(`the host state of ${app} (volume ${stateVolume(app)}) is not usable: ${errorMessage(e)}`, { cause: e });
    }
  }

  async write(app: string, state: HostState): Promise<void> {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    this.known.delete(app);
    try {
      await this.ensure(app);
      await this.docker.putFile(stateContainer(app), STATE_DIR, STATE_FILE, text);
      this.known.set(app, text);
    } catch (e) {
      throw new HostStateError(`could not write the host state of ${app} (volume ${stateVolume(app)})`, { cause: e });
    }
  }

  acquireLease(o: { app: string; owner: LeaseOwner; ttlMs: number; waitMs: number; now: () => number; pollMs?: number; reclaimOwn?: boolean }): Promise<Lease> {
    return acquireLease(this.docker, { ...o, image: this.image });
  }

  async holds(app: string, holder: string): Promise<boolean> {
    return (await leaseHolder(this.docker, app)) === holder;
  }

  releaseLease(app: string, holder: string): Promise<void> {
    return releaseLease(this.docker, app, holder);
  }

  async forget(app: string): Promise<string[]> {
    const gone: string[] = [];
    if (await this.docker.inspect(stateContainer(app))) {
      await this.docker.remove(stateContainer(app));
      gone.push(stateContainer(app));
    }
    this.ready.delete(app);
    this.known.delete(app);
    await this.docker.removeVolume(stateVolume(app));
    return [...gone, `volume ${stateVolume(app)}`];
  }
}
