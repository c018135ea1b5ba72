import type { RouteResult } from '../../core/model.js';
import type { DeploySettings } from '../../../settings/index.js';
import { InputError } from '../../../settings/parsers.js';
import type { Logger } from '../../../log.js';
import { LETS_ENCRYPT, type RouteSettings } from '../../../settings/route.js';
import type { Docker } from '../../engine/docker.js';
import { HostStateError, ProxyError } from '../../core/edge-errors.js';
import { addrCmd, CONFIG_DIR, CONFIG_FILE, moves, ProxyControl, serverCmd } from '../../haproxy.js';
import { type Color } from '../../core/color.js';
import { HostProxyRouter } from './router.js';
import type { Journal } from '../../core/journal.js';
import type { HostStore, LeaseOwner } from '../../core/store.js';
import type { Edge } from '../../core/placement.js';
import { healthOf } from '../own-proxy/router.js';
import type { Router } from '../../core/router.js';
import { listAcmeApps, obtainCertificate, setAcmeApp, type AcmeApp, type AcmeHost } from './acme.js';
import { acmeHost } from './acme-host.js';
import { acmeTotalMs } from './acme-due.js';
import { checkCertificate } from '../../../settings/certificate.js';
import { checkFits, parseHostProxyState, removeApp, restoreApp, shapeOf, stageApp, unstageApp, upsertApp, withLive, type HostProxyState } from './apps.js';
import { dropKeptCertificate, installCertificate, keepCertificate, removeCertificate, restoreCertificate, type CertificateInfo, type CertificatePair, type HostProxyContext } from './certs.js';
import { appBackend, hostProxyConfig, runtimeShape as shape, stageBackend, type HostApp } from './config.js';
import { ensureHostProxy, hostProxyName, reloadHostProxy, waitWorkerGone } from './container.js';
import { putMaps } from './files.js';

const APPS_FILE = 'apps.json';
/** Config changes are a few engine calls and one reload: a short lease, apart from each app's deploy lease. */
const LOCK_TTL_MS = 120_000;


/** What a deploy changed on the host proxy, in the journal (`edge`), so its undo — main's or the post step's — restores it. */
interface StagedChange {
  /** The entry is staged: the candidate is gated in a backend of its own; routes, check and TLS change at the switch. */
  staged?: boolean;
  /** The app's entry before the deploy (null: it had none). */
  previous?: HostApp | null;
  /** The certificate before the switch changed it: kept beside it ('file'), or there was none. */
  cert?: 'file' | 'none';
  /** The app's ACME settings before the switch changed them (null: none). */
  acme?: AcmeApp | null;
}

const configText = (state: HostProxyState) => hostProxyConfig(state.apps, { tls: true, staged: state.staged });
const sameAcme = (a: AcmeApp | undefined, b: AcmeApp | undefined) => JSON.stringify(a && [a.hosts, a.directory, a.email ?? '']) === JSON.stringify(b && [b.hosts, b.directory, b.email ?? '']);

/**
 * The host-wide proxy as the place an app lives: its container (one per host), the app list in its
 * state volume, and the host-wide config lock (a lease on the proxy's name), taken only around changes.
 *
 * A deploy never changes what the proxy serves before the switch. When the app's routes, check, port or
 * TLS mode change (or the app is new), `prepare` stages its entry: a backend of its own with the new
 * check, routed to by no request, where the candidate is gated; the switch then commits the entry by a
 * hitless reload (with the new certificate and ACME settings), and its undo reloads the entry as it was.
 * Otherwise the switch is runtime-API `set server` commands on the app's backend, as on its own proxy.
 */
export class HostProxyEdge implements Edge {
  readonly name = hostProxyName();
  readonly where: string;
  readonly control: ProxyControl;
  /** The certificate and ACME settings the switch installs (this run's; the post step only undoes). */
  private pending: { pair?: CertificatePair } = {};

  constructor(
    private readonly docker: Docker,
    private readonly s: DeploySettings,
    private readonly run: { owner: LeaseOwner; logger: Logger; store: HostStore; journal?: Journal; onRoute?: (r: RouteResult) => void },
  ) {
    this.control = new ProxyControl(docker, this.name);
    this.where = `the host proxy ${this.name}`;
  }

  get ctx(): HostProxyContext {
    return { docker: this.docker, control: this.control };
  }

  acmeHost(): AcmeHost {
    return acmeHost(this.ctx, (fn) => this.withLock(fn));
  }

  private get route(): RouteSettings {
    if (!this.s.route) throw new InputError('hosts', 'is empty: this app is not on the host proxy');
    return this.s.route;
  }

  private get edge(): StagedChange {
    return (this.run.journal?.value.edge ?? {}) as StagedChange;
  }

  private setEdge(patch: StagedChange): void {
    const j = this.run.journal;
    if (j) j.enter(j.phase, { edge: { ...this.edge, ...patch } });
  }

  get leaseBudgetMs(): number {
    return this.s.route?.tls === 'acme' ? acmeTotalMs() : 0;
  }

  get changesEdge(): boolean {
    return !!this.edge.staged;
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const owner = { ...this.run.owner, id: `${this.run.owner.id}/${this.s.app}` };
    await this.run.store.acquireLease({ app: this.name, owner, ttlMs: LOCK_TTL_MS, waitMs: LOCK_TTL_MS, now: Date.now, pollMs: 250, reclaimOwn: true });
    try {
      return await fn();
    } finally {
      await this.run.store.releaseLease(this.name, owner.id);
    }
  }

  async readState(): Promise<HostProxyState | undefined> {
    if (!(await this.docker.inspect(this.name))) return undefined;
    const text = await this.docker.getFile(this.name, `${CONFIG_DIR}/${APPS_FILE}`);
    return text ? parseHostProxyState(text, `the host proxy's app list (${APPS_FILE} in ${this.name})`) : undefined;
  }

  /**
   * `force`: reload even when the config file already holds `text`: an undo or a teardown retried after a
   * reload that wrote the file but never reached (or lost the answer of) its SIGUSR2 finds the file right
   * and the running worker still on the config before it.
   */
  private async writeState(state: HostProxyState, o: { reload: boolean; fresh?: string[]; force?: boolean }): Promise<{ reloaded: boolean; oldWorker?: string }> {
    const files = configText(state);
    const current = (await this.docker.getFile(this.name, `${CONFIG_DIR}/${CONFIG_FILE}`)) ?? '';
    // The config names its maps by their content's hash: comparing configs compares routes too.
    const reload = o.reload && (!!o.force || shape(current) !== shape(files.config));
    let oldWorker: string | undefined;
    if (reload) oldWorker = await reloadHostProxy(this.docker, this.control, files, { fresh: o.fresh });
    else {
      await putMaps(this.docker, this.name, files, current);
      await this.docker.putFile(this.name, CONFIG_DIR, CONFIG_FILE, files.config);
    }
    await this.docker.putFile(this.name, CONFIG_DIR, APPS_FILE, `${JSON.stringify(state, null, 2)}\n`);
    return { reloaded: reload, oldWorker };
  }

  /** The app's entry as the inputs ask for it (`live`: the color it names). */
  private entry(live: Color | undefined): HostApp {
    const r = this.route;
    return { app: this.s.app, route: { hosts: r.hosts, ...(r.pathPrefix && { pathPrefix: r.pathPrefix }), tls: r.tls }, containerPort: this.s.containerPort, healthPath: this.s.healthPath, ...(live && { live }) };
  }

  private acmeWanted(): AcmeApp | undefined {
    const r = this.route;
    return r.tls === 'acme' ? { hosts: r.hosts, ...(r.acme ?? { directory: LETS_ENCRYPT }) } : undefined;
  }

  /**
   * Under the host lock: the proxy exists and the entry fits (ports, no other app's route); a changed
   * entry is staged. Then the certificate the switch installs: a provided one checked, an ACME one
   * reused or obtained (HTTP-01 answered by this proxy for any host, routed or not).
   */
  async prepare(live: Color | undefined): Promise<void> {
    const route = this.route;
    const entry = this.entry(live);
    const staged = await this.withLock(async () => {
      const before = await this.readState();
      checkFits(before, entry, route);
      const existing = before?.apps.find((a) => a.app === this.s.app);
      const same = !!existing && shapeOf(existing) === shapeOf(entry);
      const next = same ? before! : stageApp(before, entry, route);
      // Entered before the reload: a kill right after it must find what to undo.
      if (!same) this.setEdge({ staged: true, previous: existing ?? null });
      await ensureHostProxy(this.docker, { name: this.name, image: this.s.proxyImage, platform: `${this.docker.api.os}/${this.docker.api.arch}`, httpPort: route.httpPort, httpsPort: route.httpsPort, config: () => configText(next), logger: this.run.logger });
      if (!same) await this.writeState(next, { reload: true });
      return !same;
    });
    if (staged) this.run.logger.info(`${this.s.app}: its candidate is checked on ${this.name} apart from live traffic (GET ${this.s.healthPath} on port ${this.s.containerPort}); its routes (${route.hosts.join(', ')}${route.pathPrefix ?? ''}, TLS ${route.tls}) take effect at the switch`);
    let certificate: CertificateInfo | undefined;
    if (route.tls === 'provided' && route.certificate) {
      const checked = checkCertificate(route.certificate, route.hosts, new Date());
      this.pending.pair = route.certificate;
      certificate = { names: checked.names, notAfter: checked.notAfter };
    }
    if (route.tls === 'acme') {
      const c = await obtainCertificate(this.acmeHost(), { app: this.s.app, ...this.acmeWanted()!, log: this.run.logger });
      if (c.action !== 'reused') this.pending.pair = c;
      certificate = { names: c.names, notAfter: c.notAfter };
    }
    this.run.onRoute?.({ hosts: route.hosts, ...(route.pathPrefix && { pathPrefix: route.pathPrefix }), tls: route.tls, proxy: this.name, reloaded: staged, ...(certificate && { certificate }) });
  }

  /** Under the host lock, at the switch: the new certificate and ACME settings, each kept as it was first (journaled). */
  private async installPending(): Promise<void> {
    const app = this.s.app;
    if (this.pending.pair) {
      if (this.edge.cert === undefined) this.setEdge({ cert: await keepCertificate(this.ctx, app) });
      await installCertificate(this.ctx, app, this.pending.pair);
    }
    const host = this.acmeHost();
    const had = (await listAcmeApps(host))[app];
    const want = this.acmeWanted();
    if (!sameAcme(had, want)) {
      if (this.edge.acme === undefined) this.setEdge({ acme: had ?? null });
      await setAcmeApp(host, app, want);
    }
  }

  /** Under the host lock: the certificate and ACME settings as they were before the switch. */
  private async restoreEdge(): Promise<void> {
    const e = this.edge;
    if (e.cert) await restoreCertificate(this.ctx, this.s.app, e.cert);
    if (e.acme !== undefined) await setAcmeApp(this.acmeHost(), this.s.app, e.acme ?? undefined);
    if (e.cert || e.acme !== undefined) this.setEdge({ cert: undefined, acme: undefined });
  }

  private async switchTo(to: Color, from: Color | undefined): Promise<void> {
    const app = this.s.app;
    const committing = to === this.run.journal?.value.target;
    if (!this.edge.staged) {
      await this.withLock(async () => {
        if (committing) await this.installPending();
        await this.control.apply(moves.switch(to, from, appBackend(app)));
        if (!committing) await this.restoreEdge();
      });
      return;
    }
    const fresh = [appBackend(app), stageBackend(app)];
    const out = await this.withLock(async () => {
      const state = await this.readState();
      if (!state) throw new HostStateError(`the host proxy ${this.name} has no app list; it was removed during the deploy of ${app}`);
      if (committing) {
        await this.installPending();
        return this.writeState(upsertApp(state, this.entry(to), this.route), { reload: true, fresh });
      }
      const previous = this.edge.previous;
      const r = await this.writeState(restoreApp(state, app, previous ? { ...previous, live: to } : undefined), { reload: true, fresh, force: true });
      await this.restoreEdge();
      return r;
    });
    // The requests the old worker holds go to `from`: it drains before anything stops it. With no `from`
    // (a new app) it holds none of this app's, and the route is live with the new worker.
    if (out.reloaded && from) await waitWorkerGone(this.docker, this.control, out.oldWorker, this.run.logger);
  }

  /**
   * The router over the app's backend (HostProxyRouter; its staged backend while the candidate is
   * gated there). Changes take the host lock: a reload for another app meanwhile would lose them.
   */
  get router(): Router {
    const app = this.s.app;
    const r = this.route;
    const inner = new HostProxyRouter(this.control, (_app, live) => this.persistLive(live), new Map([[app, { host: r.hosts[0]!, ...(r.pathPrefix && { pathPrefix: r.pathPrefix }) }]]));
    const staging = () => !!this.edge.staged && !this.run.journal?.value.switched;
    const stage = stageBackend(app);
    const mine = (a: string) => {
      if (a !== app) throw new ProxyError(`this deploy routes ${app} only, not ${a}`);
    };
    return {
      // The staged backend has no backup twins: the candidate's server only.
      addTarget: (a, color, address) =>
        this.withLock(() => (staging() ? (mine(a), this.control.apply([...(address ? [addrCmd(color, address.ip, address.port, stage)] : []), serverCmd(color, 'drain', stage)])) : inner.addTarget(a, color, address))),
      removeTarget: async (a, color) => {
        if (!(await this.docker.inspect(this.name))?.State.Running) return;
        await this.withLock(() => (staging() ? (mine(a), this.control.apply([serverCmd(color, 'maint', stage)])) : inner.removeTarget(a, color)));
      },
      health: async (a) => (staging() ? (mine(a), healthOf(await this.control.stats(stage))) : inner.health(a)),
      switchTo: (a, to, from) => (mine(a), this.switchTo(to, from)),
      probe: (a, path) => inner.probe(a, path),
      persist: (a, live) => inner.persist(a, live),
    };
  }

  private async persistLive(live: Color | undefined): Promise<void> {
    await this.withLock(async () => {
      const state = await this.readState();
      if (!state) throw new HostStateError(`the host proxy ${this.name} has no app list; it was removed during the deploy of ${this.s.app}`);
      await this.writeState(withLive(state, this.s.app, live), { reload: false });
    });
  }

  async unprepare(): Promise<void> {
    const e = this.edge;
    const j = this.run.journal?.value;
    if (!e.staged && !e.cert && e.acme === undefined) return;
    if (!(await this.docker.inspect(this.name))) return;
    // A first deploy that failed after its switch keeps serving (nothing to return to): so do its routes and certificate.
    const keep = !!j?.switched && !j.previous;
    await this.withLock(async () => {
      const state = await this.readState();
      if (state && e.staged) await this.writeState(unstageApp(state, this.s.app), { reload: true, fresh: [stageBackend(this.s.app)], force: true });
      if (!keep) await this.restoreEdge();
    });
    await this.finish();
  }

  async finish(): Promise<void> {
    if (this.edge.cert === 'file' || this.pending.pair) await dropKeptCertificate(this.ctx, this.s.app).catch((e: Error) => this.run.logger.warning(`${this.s.app}: the certificate kept for an undo stays on ${this.name}: ${e.message}`));
  }

  async notDeployed(app: string): Promise<string | undefined> {
    return (await this.readState())?.apps.some((a) => a.app === app) ? undefined : `no backend on ${this.name}`;
  }

  /** Teardown: the app's backend and routes leave by a hitless reload, then its certificate. The proxy stays. */
  async detach(removed: string[]): Promise<void> {
    const app = this.s.app;
    if (!(await this.docker.inspect(this.name))) return;
    await this.withLock(async () => {
      const state = await this.readState();
      const listed = !!state && (state.apps.some((a) => a.app === app) || !!state.staged?.some((a) => a.app === app));
      if (listed) await this.writeState(removeApp(state, app), { reload: true, force: true });
      // Also when the app list has it no more: a teardown stopped after its reload left these (each step idempotent).
      await removeCertificate(this.ctx, app);
      await dropKeptCertificate(this.ctx, app);
      if ((await listAcmeApps(this.acmeHost()))[app]) await setAcmeApp(this.acmeHost(), app, undefined);
      if (listed) removed.push(`backend app-${app} and certificate on ${this.name}`);
    });
  }
}
