// An in-memory Docker host for the placements' unit tests: containers, files per container, and an
// HAProxy model behind `exec` (the runtime API, `haproxy -c`, the /proc check, SIGUSR2 reloads), as far
// as EngineRuntime, HostProxyEdge, certs.ts, acme-host.ts, container.ts, own-proxy and ProxyControl use
// them. Every call is one numbered operation: a test fails the n-th (before or after its effect) or
// freezes every call from the n-th on (a killed main step). `served()` says what the proxies serve.
import { createHash } from 'node:crypto';
import type { ContainerInfo, ContainerSpec, Docker } from '../../src/deploy/engine/docker.js';
import type { HostState } from '../../src/deploy/core/host-state.js';
import type { HostStore, Lease, LeaseOwner } from '../../src/deploy/core/store.js';
import { parseConfig, runtimeCommand, type Server, type ServerState, type Worker } from './fake-haproxy.js';

const CONFIG = '/usr/local/etc/haproxy/haproxy.cfg';
const SERVER_STATE = '/usr/local/etc/haproxy/server-state';
const CRT_LIST = '/usr/local/etc/haproxy/certs.list';
const ACME_MAP = '/usr/local/etc/haproxy/acme.map';

/** What an app image does: the port it listens on and the paths it answers 200 on. */
export interface AppImage {
  port: number;
  paths: string[];
}

interface Box {
  name: string;
  spec: ContainerSpec;
  running: boolean;
  ip: string;
  files: Record<string, string>;
  worker?: Worker;
  /** Started as HAProxy's master (`-W`): SIGUSR2 starts a new worker; without it SIGUSR2 does nothing. */
  masterWorker?: boolean;
}

/**
 * What a proxy image brings, where it differs from the official one (absent: bash, an entrypoint script
 * adding `-W -db`, a runtime API that opens at start).
 */
export interface ProxyImage {
  bash?: boolean;
  /** false: the image's entrypoint runs its command as given (no `-W`). */
  entrypointAddsW?: boolean;
  /** false: HAProxy never opens its runtime API (a stalled start). */
  opensRuntime?: boolean;
}

export interface HostData {
  containers: Record<string, Box>;
  images: Record<string, AppImage>;
  proxyImages?: Record<string, ProxyImage>;
  networks: string[];
  leases: Record<string, { holder: string; stale?: boolean }>;
  states: Record<string, HostState>;
  nextIp: number;
  nextPid: number;
  /** Leases a run that was killed held: the real lease waits for their expiry, then breaks them. */
  broken: string[];
}

const hash = (s: string | undefined) => (s ? createHash('sha256').update(s).digest('hex').slice(0, 12) : 'none');

export class FakeHost {
  ops: string[] = [];
  /** Operation indexes (1-based) that fail; `failAfter`: the effect happens, then the call fails (its answer lost). */
  failAt = new Set<number>();
  failAfter = false;
  /** Or the operations this says fail (by name). */
  failWhen?: (op: string) => boolean;
  failures: string[] = [];
  /** From this operation index on, every call hangs (the process was killed). */
  freezeAt = 0;
  frozen = false;
  /** Called after each operation's effect (a client probing the host meanwhile). */
  onOp?: () => void;

  constructor(public d: HostData) {}

  static empty(): FakeHost {
    return new FakeHost({ containers: {}, images: {}, networks: [], leases: {}, states: {}, nextIp: 2, nextPid: 100, broken: [] });
  }

  clone(): FakeHost {
    return new FakeHost(structuredClone(this.d));
  }

  private async op<T>(name: string, effect: () => T): Promise<T> {
    if (this.frozen) return new Promise<T>(() => {});
    if (this.freezeAt && this.ops.length + 1 >= this.freezeAt) {
      this.frozen = true;
      // What a killed main step held stays held: the real lease waits for its expiry and breaks it.
      for (const l of Object.values(this.d.leases)) l.stale = true;
      return new Promise<T>(() => {});
    }
    this.ops.push(name);
    const fail = this.failAt.has(this.ops.length) || !!this.failWhen?.(name);
    if (fail && !this.failAfter) {
      this.failures.push(name);
      throw new Error(`injected failure in ${name}`);
    }
    const out = effect();
    this.onOp?.();
    if (fail) {
      this.failures.push(name);
      throw new Error(`injected failure in ${name} (after it took effect)`);
    }
    return out;
  }

  private box(name: string): Box {
    const b = this.d.containers[name];
    if (!b) throw new Error(`(HTTP 404) no such container: ${name}`);
    return b;
  }

  // ---- the Docker surface ----

  docker(): Docker {
    const api = { os: 'linux', arch: 'amd64', engineVersion: '27.0' };
    const d: Partial<Record<keyof Docker, unknown>> = {
      api,
      inspect: (name: string) => this.op(`inspect ${name}`, () => this.info(name)),
      create: (name: string, spec: ContainerSpec) =>
        this.op(`create ${name}`, () => {
          if (this.d.containers[name]) return undefined;
          this.d.containers[name] = { name, spec: structuredClone(spec), running: false, ip: `10.0.0.${this.d.nextIp++}`, files: {} };
          return `id-${name}`;
        }),
      start: (name: string) =>
        this.op(`start ${name}`, () => {
          const b = this.box(name);
          if (b.running) return;
          b.running = true;
          const image = this.proxyImage(b);
          b.masterWorker = b.spec.Entrypoint ? !!b.spec.Cmd?.includes('-W') : image.entrypointAddsW !== false;
          if (b.files[CONFIG] !== undefined && image.opensRuntime !== false) b.worker = this.load(b, true);
        }),
      stop: (name: string) =>
        this.op(`stop ${name}`, () => {
          const b = this.d.containers[name];
          if (b) {
            b.running = false;
            delete b.worker;
          }
        }),
      signal: (name: string, signal: string) =>
        this.op(`signal ${name} ${signal}`, () => {
          const b = this.box(name);
          if (signal === 'SIGUSR2' && b.running && b.worker && b.masterWorker) b.worker = this.load(b, false);
        }),
      remove: (name: string) => this.op(`remove ${name}`, () => void delete this.d.containers[name]),
      logs: (name: string) => this.op(`logs ${name}`, () => [`${name} log line`]),
      exec: (name: string, cmd: string[]) => this.op(`exec ${name} ${this.execName(cmd)}`, () => this.exec(this.box(name), cmd)),
      pull: (ref: string) => this.op(`pull ${ref}`, () => undefined),
      imageExists: (ref: string) => this.op(`imageExists ${ref}`, () => true),
      imagePlatform: (ref: string) => this.op(`imagePlatform ${ref}`, () => 'linux/amd64'),
      ensureNetwork: (n: string) => this.op(`ensureNetwork ${n}`, () => void (this.d.networks.includes(n) || this.d.networks.push(n))),
      networkExists: (n: string) => this.op(`networkExists ${n}`, () => this.d.networks.includes(n)),
      connectNetwork: (n: string) => this.op(`connectNetwork ${n}`, () => undefined),
      ensureVolume: (n: string) => this.op(`ensureVolume ${n}`, () => undefined),
      removeVolume: (n: string) => this.op(`removeVolume ${n}`, () => undefined),
      removeImage: (ref: string) => this.op(`removeImage ${ref}`, () => 'removed' as const),
      putFile: (container: string, dir: string, file: string, content: string) => this.op(`putFile ${container} ${file}`, () => void (this.box(container).files[`${dir}/${file}`] = content)),
      getFile: (container: string, path: string) => this.op(`getFile ${container} ${path.slice(path.lastIndexOf('/') + 1)}`, () => this.d.containers[container]?.files[path]),
      wait: (name: string) => this.op(`wait ${name}`, () => 0),
      list: () => this.op('list', () => []),
    };
    return d as unknown as Docker;
  }

  /** A store keeping leases by name (the app's, the host proxy's config lock) and host states by app. */
  store(): HostStore {
    return {
      read: (app) => this.op(`store.read ${app}`, () => structuredClone(this.d.states[app] ?? { colors: {}, history: [] })),
      write: (app, state) => this.op(`store.write ${app}`, () => void (this.d.states[app] = structuredClone(state))),
      acquireLease: (o: { app: string; owner: LeaseOwner }): Promise<Lease> =>
        this.op(`store.acquireLease ${o.app}`, () => {
          const held = this.d.leases[o.app];
          let broken: string | undefined;
          if (held) {
            // The real lease waits until it expires (its wait is its time to live), then breaks it: slow, but it ends.
            this.d.broken.push(`${o.app} of ${held.holder}${held.stale ? ' (killed)' : ''}`);
            broken = `expired lease of ${held.holder}`;
          }
          this.d.leases[o.app] = { holder: o.owner.id };
          return { name: o.app, holder: o.owner.id, waitedMs: 0, ...(broken && { broken }) };
        }),
      holds: (app, holder) => this.op(`store.holds ${app}`, () => this.d.leases[app]?.holder === holder),
      releaseLease: (app, holder) =>
        this.op(`store.releaseLease ${app}`, () => {
          if (this.d.leases[app]?.holder === holder) delete this.d.leases[app];
        }),
      forget: (app) =>
        this.op(`store.forget ${app}`, () => {
          const had = this.d.states[app] ? [`state of ${app}`] : [];
          delete this.d.states[app];
          return had;
        }),
    };
  }

  private info(name: string): ContainerInfo | undefined {
    const b = this.d.containers[name];
    if (!b) return undefined;
    const hc = (b.spec.HostConfig ?? {}) as { NetworkMode?: string; PortBindings?: Record<string, { HostIp: string; HostPort: string }[]> };
    return {
      Id: `id-${name}`,
      Name: `/${name}`,
      Config: { Image: b.spec.Image, Labels: b.spec.Labels ?? null, ...(b.spec.Entrypoint && { Entrypoint: b.spec.Entrypoint }) } as ContainerInfo['Config'],
      State: { Status: b.running ? 'running' : 'exited', Running: b.running, ExitCode: 0 },
      NetworkSettings: { Networks: { [hc.NetworkMode ?? 'shipshape']: { IPAddress: b.ip } } },
      HostConfig: { NetworkMode: hc.NetworkMode, PortBindings: hc.PortBindings ?? null },
    };
  }

  // ---- HAProxy ----

  /** A new worker from the files on disk: config, crt-list, certificates, ACME map; at a reload, the saved server state. */
  private load(b: Box, restart: boolean): Worker {
    const config = b.files[CONFIG] ?? '';
    const files = { ...b.files };
    const p = parseConfig(config, files);
    const servers: Record<string, Server> = {};
    for (const [be, back] of Object.entries(p.backends)) {
      for (const [sv, s] of Object.entries(back.servers)) servers[`${be}/${sv}`] = { state: s.disabled ? 'maint' : 'ready', addr: s.addr, port: s.port, backup: s.backup };
    }
    if (p.loadsState) {
      for (const row of (b.files[SERVER_STATE] ?? '').split('\n')) {
        const [, be, , sv, addr, state, port] = row.split(' ');
        if (row.startsWith('#') || !be || !sv) continue;
        const s = servers[`${be}/${sv}`];
        if (s) Object.assign(s, { addr, state: state as ServerState, port: Number(port) });
      }
    }
    const crtList = (b.files[CRT_LIST] ?? '').split('\n').filter((l) => l.trim() !== '');
    const certs: Record<string, string> = {};
    for (const f of crtList) certs[f] = b.files[f] ?? '';
    const acme: Record<string, string> = {};
    for (const l of (b.files[ACME_MAP] ?? '').split('\n')) if (l.trim()) acme[l.split(' ')[0]!] = l.split(' ')[1] ?? '';
    void restart;
    return { pid: this.d.nextPid++, config, files, servers, certs, crtList, txn: {}, acme };
  }

  private proxyImage(b: Box): ProxyImage {
    return this.d.proxyImages?.[b.spec.Image] ?? {};
  }

  private execName(cmd: string[]): string {
    if (cmd[0] === 'bash' && cmd[2]?.includes('/dev/tcp/')) return `${cmd[3]} ${cmd.slice(4, 5).join(' ')}`;
    if (cmd[0] === 'bash' && cmd[2] === 'echo shipshape-bash-ok') return 'bash check';
    if (cmd[0] === 'haproxy') return 'haproxy -c';
    if (cmd[3] === 'prune-maps') return 'prune-maps';
    return cmd.slice(-2).join(' ');
  }

  private exec(b: Box, cmd: string[]): { exitCode: number; stdout: string; stderr: string } {
    const ok = (stdout: string) => ({ exitCode: 0, stdout: stdout ? `${stdout}\n` : '', stderr: '' });
    if (!b.running) throw new Error(`(HTTP 409) container ${b.name} is not running`);
    if (cmd[0] === 'bash' && this.proxyImage(b).bash === false) {
      return { exitCode: 126, stdout: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n', stderr: '' };
    }
    if (cmd[0] === 'bash' && cmd[2] === 'echo shipshape-bash-ok') return ok('shipshape-bash-ok');
    if (cmd[0] === 'bash' && cmd[2]?.includes('/dev/tcp/')) {
      const [label, ...args] = cmd.slice(3);
      const w = b.worker;
      if (!w) return { exitCode: 3, stdout: '', stderr: 'connection refused' };
      if (label === 'probe') return ok(`${this.request(w, args[0]!, args[1] ?? 'localhost')}\n${this.showStat(w)}`);
      if (args.length === 2) return ok(this.payload(b, w, args[0]!, args[1]!));
      return ok(
        args[0]!
          .split('; ')
          .map((c) => runtimeCommand(w, c, () => this.showStat(w)))
          .filter((a) => a !== '')
          .join('\n'),
      );
    }
    if (cmd[0] === 'haproxy') {
      const text = b.files[cmd.at(-1)!];
      if (text === undefined) return { exitCode: 1, stdout: '', stderr: 'no such file' };
      const p = parseConfig(text, b.files);
      if (p.missing) return { exitCode: 1, stdout: '', stderr: `failed to open pattern file <${p.missing}>` };
      const missing = p.routes.find((r) => !p.backends[r.backend]);
      return missing ? { exitCode: 1, stdout: '', stderr: `no backend ${missing.backend}` } : ok('');
    }
    const script = cmd[2] ?? '';
    if (script.includes('/proc/')) return { exitCode: b.worker && String(b.worker.pid) === cmd[4] ? 0 : 1, stdout: '', stderr: '' };
    if (script.includes('$UID')) return ok('99 99');
    if (cmd[3] === 'prune-maps') {
      const [dir, ...keep] = cmd.slice(4);
      for (const f of Object.keys(b.files)) {
        const name = f.slice(f.lastIndexOf('/') + 1);
        if (f === `${dir}/${name}` && /^(routes-.*\.map|tls-.*\.lst)$/.test(name) && !keep.includes(name)) delete b.files[f];
      }
      return ok('');
    }
    if (script.startsWith('rm ')) {
      delete b.files[cmd[4]!];
      return ok('');
    }
    throw new Error(`the fake host cannot run ${JSON.stringify(cmd)}`);
  }

  private payload(b: Box, w: Worker, command: string, file: string): string {
    const m = /^set ssl cert (\S+)$/.exec(command);
    if (!m) return `Unknown command: ${command}`;
    if (w.certs[m[1]!] === undefined) return `Can't replace a certificate which is not referenced by the configuration!`;
    w.txn[m[1]!] = b.files[file] ?? '';
    return `Transaction created for certificate ${m[1]}!`;
  }


  /** The container a server's address names (its DNS name or its IP on the network). */
  private target(s: Server): Box | undefined {
    return this.d.containers[s.addr] ?? Object.values(this.d.containers).find((b) => b.ip === s.addr);
  }

  private up(w: Worker, key: string): boolean {
    const s = w.servers[key]!;
    const check = parseConfig(w.config, w.files).backends[key.split('/')[0]!]?.check;
    const t = this.target(s);
    const image = t && this.d.images[t.spec.Labels?.['shipshape.image'] ?? t.spec.Image];
    return s.state !== 'maint' && !!t?.running && !!image && image.port === s.port && !!check && image.paths.includes(check);
  }

  private showStat(w: Worker): string {
    const rows = Object.keys(w.servers).map((k) => {
      const s = w.servers[k]!;
      const up = this.up(w, k);
      const status = s.state === 'maint' ? 'MAINT' : !up ? 'DOWN' : s.state === 'drain' ? 'DRAIN' : 'UP';
      return `${k.replace('/', ',')},0,${status},${s.state === 'maint' ? '' : up ? 'L7OK' : 'L7STS'},${s.state === 'maint' || !up ? '' : '200'},`;
    });
    return ['# pxname,svname,scur,status,check_status,check_code,last_chk', ...rows].join('\n');
  }

  /** The server a request to `backend` goes to: a ready active one that is up, else a ready backup that is up. */
  private pick(w: Worker, backend: string): string | undefined {
    const keys = Object.keys(w.servers).filter((k) => k.startsWith(`${backend}/`) && w.servers[k]!.state === 'ready' && this.up(w, k));
    return keys.find((k) => !w.servers[k]!.backup) ?? keys[0];
  }

  /** The status line of GET path with Host: host through the worker's frontend. */
  private request(w: Worker, path: string, host: string): string {
    const p = parseConfig(w.config, w.files);
    // The route map is looked up by longest prefix.
    const route = p.routes
      .filter((r) => r.hosts.includes(host) && (!r.prefix || path === r.prefix || path.startsWith(`${r.prefix}/`)))
      .sort((x, y) => (y.prefix?.length ?? 0) - (x.prefix?.length ?? 0))[0];
    const backend = route?.backend ?? p.defaultBackend;
    if (!backend || !p.backends[backend] || Object.keys(p.backends[backend]!.servers).length === 0) return 'HTTP/1.1 404 Not Found';
    const key = this.pick(w, backend);
    if (!key) return 'HTTP/1.1 503 Service Unavailable';
    const t = this.target(w.servers[key]!)!;
    const image = this.d.images[t.spec.Labels?.['shipshape.image'] ?? t.spec.Image]!;
    const appPath = route?.prefix ? path.slice(route.prefix.length) || '/' : path;
    return image.paths.includes(appPath) ? `HTTP/1.1 200 OK${this.verbose ? ` ${t.spec.Labels?.['shipshape.image'] ?? t.spec.Image}` : ''}` : 'HTTP/1.1 404 Not Found';
  }
  private verbose = false;

  // ---- what is served ----

  /**
   * What a proxy serves: per route its hosts and prefix, its backend's check and port, the image each
   * ready server sends requests to (and whether it passes the check), the hosts redirected to HTTPS,
   * and the certificates loaded for SNI. `restart`: what it would serve after a restart from its files.
   */
  served(proxy: string, o: { restart?: boolean } = {}): ServedProxy | undefined {
    const b = this.d.containers[proxy];
    if (!b) return undefined;
    const pid = this.d.nextPid;
    const w = o.restart ? this.load(b, true) : b.worker;
    this.d.nextPid = pid;
    if (!w || !b.running) return { running: false, routes: {}, redirect: [], certs: {} };
    const p = parseConfig(w.config, w.files);
    const routes: ServedProxy['routes'] = {};
    const entries = p.routes.length > 0 ? p.routes : p.defaultBackend ? [{ backend: p.defaultBackend, hosts: ['*'] }] : [];
    for (const r of entries) {
      const be = r.backend;
      const servers = Object.keys(w.servers).filter((k) => k.startsWith(`${be}/`));
      const image = (k: string) => {
        const t = this.target(w.servers[k]!);
        return t ? `${t.spec.Labels?.['shipshape.image'] ?? t.spec.Image}${t.running ? '' : ' (stopped)'}` : 'gone';
      };
      // A backup that is down takes no request: only the ones that would serve count.
      const ready = (backup: boolean) =>
        servers
          .filter((k) => w.servers[k]!.backup === backup && w.servers[k]!.state === 'ready' && (!backup || this.up(w, k)))
          .map((k) => `${k.split('/')[1]} → ${image(k)}${this.up(w, k) ? '' : ' DOWN'}`)
          .sort();
      routes[`${r.hosts.join(' ')}${'prefix' in r && r.prefix ? r.prefix : ''}`] = {
        backend: be,
        check: `GET ${p.backends[be]?.check} :${[...new Set(servers.filter((k) => !w.servers[k]!.backup).map((k) => w.servers[k]!.port))].join(',')}`,
        serving: ready(false),
        fallback: ready(true),
      };
    }
    const certs: Record<string, string> = {};
    for (const f of w.crtList) certs[f] = hash(w.certs[f]);
    return { running: true, routes, redirect: p.redirect, certs };
  }

  /** The image a client gets for GET path on host (through the host proxy's HTTP frontend, as a browser would, redirects included). */
  get(proxy: string, host: string, path: string): string {
    const w = this.d.containers[proxy]?.worker;
    if (!w) return 'no proxy';
    const p = parseConfig(w.config, w.files);
    if (p.redirect.includes(host)) return '301 → https';
    this.verbose = true;
    try {
      return this.request(w, path, host);
    } finally {
      this.verbose = false;
    }
  }

  runningFile(container: string, path: string): string | undefined {
    return this.d.containers[container]?.files[path];
  }
}

export interface ServedProxy {
  running: boolean;
  routes: Record<string, { backend: string; check: string; serving: string[]; fallback: string[] }>;
  redirect: string[];
  certs: Record<string, string>;
}
