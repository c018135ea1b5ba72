import type { DeploySettings } from '../../inputs.js';
import { InputError } from '../../input-parsers.js';
import type { Logger } from '../../log.js';
import { LETS_ENCRYPT, type RouteSettings } from '../../route-inputs.js';
import type { Docker } from '../engine/docker.js';
import { HostStateError } from '../edge-errors.js';
import { CONFIG_DIR, CONFIG_FILE, ProxyControl, type Color } from '../haproxy.js';
import { acquireLease, releaseLease, type LeaseOwner } from '../lock.js';
import { obtainCertificate, setAcmeApp } from './acme.js';
import { acmeHost } from './acme-host.js';
import { removeApp, upsertApp, withLive, type HostProxyState } from './apps.js';
import { installCertificate, removeCertificate, type CertificateInfo, type HostProxyContext } from './certs.js';
import { hostProxyConfig, type HostApp } from './config.js';
import { ensureHostProxy, hostProxyName, reloadHostProxy } from './container.js';
import type { Router } from '../router.js';
import { HostProxyRouter } from './router.js';

const APPS_FILE = 'apps.json';
/** Config changes are a few engine calls and one reload: a short lease, apart from each app's deploy lease. */
const LOCK_TTL_MS = 120_000;

/** What the deploy's result and record say about the app's route on the host proxy. */
export interface RouteResult {
  hosts: string[];
  pathPrefix?: string;
  tls: RouteSettings['tls'];
  proxy: string;
  /** How the app's backend got there: a reload (the app set changed) or none needed. */
  reloaded: boolean;
  certificate?: CertificateInfo;
}

const configText = (state: HostProxyState) => hostProxyConfig(state.apps, { tls: true });
// What the running worker cannot take from the runtime API: everything but the servers' `disabled` flags.
const shape = (config: string) => config.replace(/ disabled$/gm, '');

/**
 * The host-wide proxy as one deploy sees it: its container (one per host, `hostProxyName()`), the app
 * list kept in its state volume, and the host-wide config lock (`shipshape-lock-<name>`), taken only
 * around config changes, never for a whole deploy.
 */
export class HostProxySite {
  readonly name = hostProxyName();
  readonly control: ProxyControl;

  constructor(
    private readonly docker: Docker,
    private readonly s: DeploySettings,
    private readonly owner: LeaseOwner,
    private readonly logger: Logger,
  ) {
    this.control = new ProxyControl(docker, this.name);
  }

  get ctx(): HostProxyContext {
    return { docker: this.docker, control: this.control };
  }

  private get route(): RouteSettings {
    if (!this.s.route) throw new InputError('hosts', 'is empty: this app is not on the host proxy');
    return this.s.route;
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lockOwner = { ...this.owner, id: `${this.owner.id}/${this.s.app}` };
    await acquireLease(this.docker, { app: this.name, owner: lockOwner, image: this.s.proxyImage, ttlMs: LOCK_TTL_MS, waitMs: LOCK_TTL_MS, now: Date.now, pollMs: 250 });
    try {
      return await fn();
    } finally {
      await releaseLease(this.docker, this.name, lockOwner.id);
    }
  }

  async readState(): Promise<HostProxyState | undefined> {
    if (!(await this.docker.inspect(this.name))) return undefined;
    const text = await this.docker.getFile(this.name, `${CONFIG_DIR}/${APPS_FILE}`);
    if (!text) return undefined;
    try {
      return JSON.parse(text) as HostProxyState;
    } catch (e) {
      throw new HostStateError(`the host proxy's app list (${APPS_FILE} in ${this.name}) is not JSON; fix or remove it`, { cause: e });
    }
  }

  private async writeState(state: HostProxyState, o: { reload: boolean }): Promise<boolean> {
    const text = configText(state);
    const current = (await this.docker.getFile(this.name, `${CONFIG_DIR}/${CONFIG_FILE}`)) ?? '';
    const reload = o.reload && shape(current) !== shape(text);
    if (reload) await reloadHostProxy(this.docker, this.control, text);
    else await this.docker.putFile(this.name, CONFIG_DIR, CONFIG_FILE, text);
    await this.docker.putFile(this.name, CONFIG_DIR, APPS_FILE, `${JSON.stringify(state, null, 2)}\n`);
    return reload;
  }

  /** The app's entry as the config names it (`live`: the color serving now, from the app's own state). */
  private entry(live: Color | undefined): HostApp {
    const r = this.route;
    return { app: this.s.app, route: { hosts: r.hosts, ...(r.pathPrefix && { pathPrefix: r.pathPrefix }), tls: r.tls }, containerPort: this.s.containerPort, healthPath: this.s.healthPath, ...(live && { live }) };
  }

  /**
   * Under the host lock: the proxy exists (created with the current app set), the app is in its app
   * list with its routes, and the config applied by a hitless reload when the app set changed; a
   * provided certificate is loaded through the runtime API.
   */
  async setup(platform: string, live: Color | undefined): Promise<RouteResult> {
    const route = this.route;
    const out = await this.withLock(async () => {
      const before = await this.readState();
      const next = upsertApp(before, this.entry(live), route);
      await ensureHostProxy(this.docker, { name: this.name, image: this.s.proxyImage, platform, httpPort: route.httpPort, httpsPort: route.httpsPort, config: () => configText(next) });
      const reloaded = await this.writeState(next, { reload: true });
      const certificate = route.certificate ? await installCertificate(this.ctx, this.s.app, route.certificate) : undefined;
      return { reloaded, certificate };
    });
    if (out.reloaded) this.logger.info(`${this.s.app}: added to the host proxy ${this.name} by a hitless reload (${route.hosts.join(', ')}${route.pathPrefix ?? ''})`);
    let certificate = out.certificate;
    if (route.tls === 'acme') certificate = await this.acme();
    return { hosts: route.hosts, ...(route.pathPrefix && { pathPrefix: route.pathPrefix }), tls: route.tls, proxy: this.name, reloaded: out.reloaded, ...(certificate && { certificate }) };
  }

  /**
   * tls: acme, before the switch: the stored certificate is reused while more than a third of its
   * lifetime is left, else one is obtained (HTTP-01 answered by this proxy; outside the host lock, it
   * can take a while). Loading it and recording the app's ACME settings (for `renew`) are under the lock.
   */
  private async acme(): Promise<CertificateInfo> {
    const route = this.route;
    const settings = route.acme ?? { directory: LETS_ENCRYPT };
    const host = acmeHost(this.ctx);
    const c = await obtainCertificate(host, { app: this.s.app, hosts: route.hosts, ...settings, log: this.logger });
    return this.withLock(async () => {
      const info = c.action === 'reused' ? { names: c.names, notAfter: c.notAfter } : await installCertificate(this.ctx, this.s.app, c);
      await setAcmeApp(host, this.s.app, { hosts: route.hosts, ...settings });
      return info;
    });
  }

  /**
   * The router over this app's backend. Its runtime-API changes (target added, switch, removal) take
   * the host lock too: a reload for another app saves the servers' state and starts a new worker from
   * it, and a switch landing between the two would be lost. `persist` writes the live color into the
   * config on disk (no reload).
   */
  router(): Router {
    const r = this.route;
    const inner = new HostProxyRouter(this.control, (app, live) => this.persistLive(app, live), new Map([[this.s.app, { host: r.hosts[0]!, ...(r.pathPrefix && { pathPrefix: r.pathPrefix }) }]]));
    return {
      addTarget: (app, color, address) => this.withLock(() => inner.addTarget(app, color, address)),
      removeTarget: (app, color) => this.withLock(() => inner.removeTarget(app, color)),
      switchTo: (app, to, from) => this.withLock(() => inner.switchTo(app, to, from)),
      health: (app) => inner.health(app),
      probe: (app, path) => inner.probe(app, path),
      persist: (app, live) => inner.persist(app, live),
    };
  }

  private async persistLive(app: string, live: Color | undefined): Promise<void> {
    await this.withLock(async () => {
      const state = await this.readState();
      if (!state) throw new HostStateError(`the host proxy ${this.name} has no app list; it was removed during the deploy of ${app}`);
      await this.writeState(withLive(state, app, live), { reload: false });
    });
  }

  /** Whether the app has a backend here (a rollback needs one). */
  async carries(app: string): Promise<boolean> {
    return !!(await this.readState())?.apps.some((a) => a.app === app);
  }

  /** Teardown: the app's backend and routes leave by a hitless reload, then its certificate. The proxy stays. */
  async removeApp(app: string): Promise<{ removed: boolean }> {
    return this.withLock(async () => {
      const state = await this.readState();
      if (!state?.apps.some((a) => a.app === app)) return { removed: false };
      await this.writeState(removeApp(state, app), { reload: true });
      await removeCertificate(this.ctx, app);
      await setAcmeApp(acmeHost(this.ctx), app, undefined);
      return { removed: true };
    });
  }
}
