// The host proxy placement (ContainerPlacement over HostProxyEdge) on the fake Docker host: the shapes of
// a redeploy, a baseline host (app `blog` with a provided certificate, app `shop` v1 live) and what is
// served, for the unit tests that fail, kill and settle a deploy at every operation.
import { emptyResult, type DriveContext } from '../../src/deploy/core/context.js';
import { Journal, type DeployJournal } from '../../src/deploy/core/journal.js';
import { drive, settleWith } from '../../src/deploy/core/machine.js';
import type { Edge } from '../../src/deploy/core/placement.js';
import { removal } from '../../src/deploy/core/teardown.js';
import type { Docker } from '../../src/deploy/engine/docker.js';
import type { AcmeCertificate, AcmeHost, AcmeRequest } from '../../src/deploy/placements/host-proxy/acme.js';
import { ContainerPlacement } from '../../src/deploy/placements/container.js';
import { HostProxyEdge } from '../../src/deploy/placements/host-proxy/edge.js';
import { selfSignedCertificate } from '../../src/deploy/placements/host-proxy/default-cert.js';
import type { Run } from '../../src/deploy/placements/run.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import type { RouteSettings } from '../../src/settings/route.js';
import { logger, settings } from './deploy-fakes.js';
import { FakeHost, type AppImage } from './fake-docker-host.js';

export const HP = 'shipshape-host-proxy';
const CONFIG_DIR = '/usr/local/etc/haproxy';
export const image = (app: string, v: string) => `reg/${app}@sha256:${v.padEnd(64, '0')}`;
export const SHOP1 = image('shop', '1');
export const SHOP2 = image('shop', '2');
/** shop v2 listening on 9090 (a changed container-port). */
export const SHOP2P = image('shop', '29');
export const BLOG1 = image('blog', '1');
/** shop v3 answers /healthz but not /ready; v4 answers nothing (fails any gate). */
export const SHOP3 = image('shop', '3');
export const SHOP4 = image('shop', '4');

export const IMAGES: Record<string, AppImage> = {
  [SHOP1]: { port: 8080, paths: ['/', '/healthz'] },
  [SHOP2]: { port: 8080, paths: ['/', '/healthz', '/ready'] },
  [SHOP2P]: { port: 9090, paths: ['/', '/healthz'] },
  [BLOG1]: { port: 8080, paths: ['/', '/healthz'] },
  [SHOP3]: { port: 8080, paths: ['/', '/healthz'] },
  [SHOP4]: { port: 8080, paths: [] },
};

const BLOG_CERT = selfSignedCertificate('blog.test');
/** What the ACME stub issues (a test's vi.mock of acme.js calls acmeStub). */
const ACME_CERT = selfSignedCertificate('shop.test');
const ACME_RENEWED = selfSignedCertificate('shop.test');
/** `refuse`: the CA refuses every order; `renewed`: it issues another certificate than the first one. */
export const acme = { refuse: false, renewed: false };

/** obtainCertificate as the host proxy calls it, without a CA: reads the stored certificate as the real one does, then issues or refuses. */
export async function acmeStub(host: AcmeHost, req: AcmeRequest): Promise<AcmeCertificate> {
  await host.storedCertificate(req.app);
  if (acme.refuse) throw new Error(`ACME (${req.directory}): the CA refused the order for ${req.hosts.join(', ')}`);
  return { ...(acme.renewed ? ACME_RENEWED : ACME_CERT), action: 'obtained', names: req.hosts, notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2036-01-01T00:00:00.000Z' };
}

export function route(hosts: string[], tls: RouteSettings['tls'] = 'off', over: Partial<RouteSettings> = {}): RouteSettings {
  return {
    hosts,
    tls,
    httpPort: { port: 80 },
    httpsPort: { port: 443 },
    ...(tls === 'acme' && { acme: { directory: 'https://ca.test/directory' } }),
    ...over,
  };
}

export const appSettings = (app: string, over: Partial<DeploySettings> = {}): DeploySettings => ({ ...settings, app, soakSeconds: 0.2, route: route([`${app}.test`]), ...over });
export const blogSettings = appSettings('blog', { route: route(['blog.test'], 'provided', { certificate: BLOG_CERT }) });
export const shopSettings = (over: Partial<DeploySettings> = {}) => appSettings('shop', over);

/** One run of the placement on the host (main or the post step): its journal, every save recorded. */
export function runOn(h: FakeHost, s: DeploySettings, o: { journal?: DeployJournal; holder?: string; onSave?: (j: DeployJournal) => void; kind?: 'deploy' | 'remove'; edge?: (docker: Docker, run: Run) => Edge } = {}) {
  let t = 1_000_000;
  const saved: DeployJournal[] = [];
  const log = logger();
  const holder = o.journal?.holder ?? o.holder ?? 'run-1';
  // The post step's journal saves go nowhere (settleDeploy): a second post step starts from main's again.
  const journal = new Journal(o.journal ?? { v: 1, app: s.app, host: s.host.text, holder, kind: o.kind ?? 'deploy', phase: 'locked' }, (j) => {
    if (o.journal) return;
    saved.push(j);
    o.onSave?.(j);
  });
  const run: Run = {
    owner: { id: holder },
    logger: log,
    now: () => t,
    sleep: async (ms) => {
      if (h.frozen) return new Promise<void>(() => {});
      t += ms;
    },
    journal,
    result: emptyResult(s.app, s.host.text),
    store: h.store(),
  };
  const docker = h.docker();
  const placement = new ContainerPlacement(docker, s, o.edge?.(docker, run) ?? new HostProxyEdge(docker, s, run), run);
  const c: DriveContext = { settings: s, ...run };
  return {
    saved,
    log,
    main: async (img: string) => drive(c, 'deploy', await placement.deploy({ kind: 'deploy', image: img })),
    rollback: async () => drive(c, 'rollback', await placement.deploy({ kind: 'rollback' })),
    settle: () => settleWith(c, placement.recovery()),
    remove: () => {
      const strategy = removal(c, (removed) => placement.remove(removed));
      return drive(c, 'remove', strategy).then(() => strategy.removed);
    },
    settleRemove: () => settleWith(c, removal(c, (removed) => placement.remove(removed))),
  };
}

/** The post step from main's last saved journal. */
export const postStep = (h: FakeHost, s: DeploySettings, last: DeployJournal) => runOn(h, s, { journal: last }).settle();

export async function deployOn(h: FakeHost, s: DeploySettings, img: string, holder = 'run-0'): Promise<void> {
  await runOn(h, s, { holder }).main(img);
}

/** blog (provided certificate) and, unless `withoutShop`, shop v1 (tls off, GET /healthz on 8080, shop.test), each deployed through the placement. */
export async function baseline(o: { withoutShop?: boolean; shop?: DeploySettings } = {}): Promise<FakeHost> {
  const h = FakeHost.empty();
  h.d.images = structuredClone(IMAGES);
  await deployOn(h, blogSettings, BLOG1, 'run-blog');
  if (!o.withoutShop) await deployOn(h, o.shop ?? shopSettings(), SHOP1, 'run-shop');
  h.ops = [];
  return h;
}

/** Everything the invariant compares: what the host proxy serves (now and after a restart), its app and ACME lists, the host state's live color. */
export function snapshot(h: FakeHost, o: { restart?: boolean } = {}) {
  const file = (f: string) => h.runningFile(HP, `${CONFIG_DIR}/${f}`);
  const apps = JSON.parse(file('apps.json') ?? '{"apps": []}') as { apps: { app: string }[]; staged?: unknown[] };
  return {
    served: h.served(HP),
    afterRestart: o.restart === false ? undefined : h.served(HP, { restart: true }),
    apps: [...apps.apps].sort((a, b) => a.app.localeCompare(b.app)),
    staged: apps.staged ?? [],
    acmeApps: JSON.parse(file('acme-apps.json') ?? '{}') as unknown,
    live: Object.fromEntries(Object.entries(h.d.states).map(([app, st]) => [app, st.live && `${st.live} ${st.colors[st.live]?.image}`])),
  };
}
export type Snapshot = ReturnType<typeof snapshot>;
