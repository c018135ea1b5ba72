import { afterEach, describe, expect, it, vi } from 'vitest';
import { OwnProxyEdge } from '../../src/deploy/placements/own-proxy/edge.js';
import { PROXY_COMMAND } from '../../src/deploy/haproxy.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import { logger, settings } from '../support/deploy-fakes.js';
import type { Service, ServiceSpec, SwarmApi } from '../../src/deploy/placements/swarm/api.js';
import { ensureSwarmProxy } from '../../src/deploy/placements/swarm/proxy.js';
import { proxyConfigName, proxyServiceSpec, swarmProxyConfig } from '../../src/deploy/placements/swarm/spec.js';
import { FakeHost, type ProxyImage } from '../support/fake-docker-host.js';
import { blogSettings, BLOG1, HP, IMAGES, runOn, SHOP1, SHOP2, shopSettings } from '../support/host-proxy-world.js';

// What a proxy image must bring, on the fake host: the proxies run shipshape's command (an image whose
// entrypoint does not add -W still reloads), an image without bash is refused naming proxy-image and
// leaves no proxy, a proxy whose runtime API never opens is removed, and a changed proxy-image is warned.

const PROXY = 'shop-proxy';
const own = (over: Partial<DeploySettings> = {}): DeploySettings => ({ ...settings, app: 'shop', soakSeconds: 0.2, ...over });

function host(proxyImages: Record<string, ProxyImage> = {}): FakeHost {
  const h = FakeHost.empty();
  h.d.images = structuredClone(IMAGES);
  h.d.proxyImages = proxyImages;
  return h;
}

const deployOwn = (h: FakeHost, s: DeploySettings, img: string) => {
  const r = runOn(h, s, { edge: (docker, run) => new OwnProxyEdge(docker, s, run.logger) });
  return { log: r.log, done: r.main(img) };
};
const deployHost = (h: FakeHost, s: DeploySettings, img: string) => {
  const r = runOn(h, s);
  return { log: r.log, done: r.main(img) };
};

afterEach(() => vi.useRealTimers());

/** Moves the fake clock until `p` settles (each of the deploy's waits ends by its bound). */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) await vi.advanceTimersByTimeAsync(1_000);
  return p;
}

describe('the proxies run shipshape’s command, not the image’s entrypoint', () => {
  it('the host proxy reloads (a new app is staged by a reload) with an image whose entrypoint does not add -W', async () => {
    const h = host({ 'haproxy:plain': { entrypointAddsW: false } });
    await deployHost(h, shopSettings({ proxyImage: 'haproxy:plain' }), SHOP1).done;
    expect(h.d.containers[HP]!.spec).toMatchObject(PROXY_COMMAND);
    expect(h.get(HP, 'shop.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
  });

  it('the app’s own proxy applies a changed health path by its reload with such an image', async () => {
    const h = host({ 'haproxy:plain': { entrypointAddsW: false } });
    await deployOwn(h, own({ proxyImage: 'haproxy:plain' }), SHOP1).done;
    await deployOwn(h, own({ proxyImage: 'haproxy:plain', healthPath: '/' }), SHOP2).done;
    expect(h.d.containers[PROXY]!.spec).toMatchObject(PROXY_COMMAND);
    expect(Object.values(h.served(PROXY)!.routes)[0]!.check).toBe('GET / :8080');
  });

  it('the fake models the image: without shipshape’s command, SIGUSR2 starts no new worker', async () => {
    const h = host({ 'haproxy:plain': { entrypointAddsW: false } });
    await deployOwn(h, own({ proxyImage: 'haproxy:plain' }), SHOP1).done;
    const b = h.d.containers[PROXY]!;
    delete b.spec.Entrypoint;
    delete b.spec.Cmd;
    const docker = h.docker();
    await docker.stop(PROXY);
    await docker.start(PROXY);
    const pid = b.worker!.pid;
    await docker.signal(PROXY, 'SIGUSR2');
    expect(b.worker!.pid).toBe(pid);
  });
});

describe('a proxy created before shipshape set its command, from an image whose entrypoint does not add -W', () => {
  /** What an older shipshape left: the container runs the image's entrypoint, HAProxy without -W. */
  async function oldStyle(h: FakeHost, name: string): Promise<void> {
    const b = h.d.containers[name]!;
    delete b.spec.Entrypoint;
    delete b.spec.Cmd;
    await h.docker().stop(name);
    await h.docker().start(name);
  }

  it('own proxy: a changed health path whose reload starts no worker fails, says why and what to do, and puts the config back', async () => {
    const h = host({ 'haproxy:plain': { entrypointAddsW: false } });
    await deployOwn(h, own({ proxyImage: 'haproxy:plain' }), SHOP1).done;
    await oldStyle(h, PROXY);
    const config = h.runningFile(PROXY, '/usr/local/etc/haproxy/haproxy.cfg');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const caught = deployOwn(h, own({ proxyImage: 'haproxy:plain', healthPath: '/' }), SHOP2).done.catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    const cause = ((await caught) as Error).cause as Error;
    expect(cause.message).toMatch(/^shop-proxy did not start a new worker within 15 s of its reload for the new check \(last: worker pid still \d+\); its config was put back as it was; shop-proxy runs its image's entrypoint \(null\), created by an older shipshape, and HAProxy ignores a reload unless that adds -W \(master-worker\): remove shop-proxy on the host/);
    expect(h.runningFile(PROXY, '/usr/local/etc/haproxy/haproxy.cfg')).toBe(config);
    expect(h.get(PROXY, 'localhost', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
  });

  it('host proxy: a reload that starts no worker says why and what to do', async () => {
    const h = host({ 'haproxy:plain': { entrypointAddsW: false } });
    await deployHost(h, { ...blogSettings, proxyImage: 'haproxy:plain' }, BLOG1).done;
    await oldStyle(h, HP);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const err = await settle(deployHost(h, shopSettings({ proxyImage: 'haproxy:plain' }), SHOP1).done.catch((e: Error) => e));
    const cause = (err as Error).cause as Error;
    expect(cause.message).toMatch(new RegExp(`^the host proxy ${HP} did not start a new worker within 15 s of its reload \\(last: worker pid still \\d+\\); ${HP} runs its image's entrypoint \\(null\\), created by an older shipshape`));
  });
});

describe('an image without bash', () => {
  const message = /^Input 'proxy-image': "haproxy:nobash" cannot run bash in (\S+) \(exit 126: bash is missing: OCI runtime exec failed.*\)\. shipshape reaches HAProxy's runtime API through bash.*; removed \1, which this deploy had created, so the next deploy creates it again$/s;

  it('is refused for the app’s own proxy, naming proxy-image, and leaves no proxy and no lease', async () => {
    const h = host({ 'haproxy:nobash': { bash: false } });
    const err = await deployOwn(h, own({ proxyImage: 'haproxy:nobash' }), SHOP1).done.catch((e: Error) => e);
    expect(err).toMatchObject({ phase: 'locked', message: expect.stringMatching(/^deploy of shop: the deploy did not begin; nothing changed: Input 'proxy-image'/) });
    expect(((err as Error).cause as Error).message).toMatch(message);
    expect(h.d.containers[PROXY]).toBeUndefined();
    expect(h.d.leases.shop).toBeUndefined();
    // The next deploy with an image that has bash starts from scratch.
    await deployOwn(h, own(), SHOP1).done;
    expect(h.get(PROXY, 'localhost', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
  });

  it('is refused for the host proxy, naming proxy-image, and leaves no proxy', async () => {
    const h = host({ 'haproxy:nobash': { bash: false } });
    const err = await deployHost(h, shopSettings({ proxyImage: 'haproxy:nobash' }), SHOP1).done.catch((e: Error) => e);
    expect(((err as Error).cause as Error).message).toMatch(message);
    expect(h.d.containers[HP]).toBeUndefined();
    expect(h.d.leases).toEqual({});
    await deployHost(h, shopSettings(), SHOP1).done;
    expect(h.get(HP, 'shop.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
  });
});

describe('a proxy whose runtime API does not open in time', () => {
  it('is removed when this deploy created it, and the error says so; the retry creates it again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const h = host({ 'haproxy:stuck': { opensRuntime: false } });
    const caught = deployOwn(h, own({ proxyImage: 'haproxy:stuck' }), SHOP1).done.catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const cause = ((await caught) as Error).cause as Error;
    expect(cause.message).toMatch(/^proxy shop-proxy did not open its runtime API within 20 s: .*\(its last log lines: shop-proxy log line\); removed shop-proxy, which this deploy had created, so the next deploy creates it again$/);
    expect(h.d.containers[PROXY]).toBeUndefined();
    vi.useRealTimers();
    await deployOwn(h, own(), SHOP1).done;
    expect(h.get(PROXY, 'localhost', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
  });

  it('is left as it was when it existed before this deploy (stopped), and the error says so', async () => {
    const h = host();
    await deployOwn(h, own(), SHOP1).done;
    h.d.proxyImages = { 'haproxy:test': { opensRuntime: false } };
    await h.docker().stop(PROXY);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const caught = deployOwn(h, own(), SHOP2).done.catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const cause = ((await caught) as Error).cause as Error;
    expect(cause.message).toMatch(/did not open its runtime API within 20 s: .*; shop-proxy existed before this deploy and was left as it was: check it on the host$/);
    expect(h.d.containers[PROXY]).toBeDefined();
  });
});

describe('a changed proxy-image', () => {
  it('is reported for the app’s own proxy (the running one is kept), naming the input, both images and what to do', async () => {
    const h = host();
    await deployOwn(h, own(), SHOP1).done;
    const run = deployOwn(h, own({ proxyImage: 'haproxy:newer' }), SHOP2);
    await run.done;
    expect(run.log.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      `warning: input 'proxy-image' is "haproxy:newer", but the proxy shop-proxy runs "haproxy:test"; a deploy does not replace a running proxy, so this one goes on with "haproxy:test". To use "haproxy:newer", remove shop-proxy on the host (docker rm -f shop-proxy; this drops its open connections) and deploy again; or set proxy-image to "haproxy:test" to keep it`,
    ]);
    expect(h.d.containers[PROXY]!.spec.Image).toBe('haproxy:test');
    expect(h.get(PROXY, 'localhost', '/')).toBe(`HTTP/1.1 200 OK ${SHOP2}`);
  });

  it('is reported for the host proxy, saying every app on the host would lose its connections', async () => {
    const h = host();
    await deployHost(h, blogSettings, BLOG1).done;
    const run = deployHost(h, shopSettings({ proxyImage: 'docker.io/library/haproxy:newer' }), SHOP1);
    await run.done;
    expect(run.log.lines.filter((l) => l.startsWith('warning:')).join('\n')).toContain(
      `warning: input 'proxy-image' is "docker.io/library/haproxy:newer", but the proxy ${HP} runs "haproxy:test"; a deploy does not replace a running proxy`,
    );
    expect(run.log.lines.join('\n')).toContain('this drops the open connections of every app on this host');
  });

  it('is not reported when only the spelling differs (docker.io/library/…)', async () => {
    const h = host();
    await deployOwn(h, own({ proxyImage: 'haproxy:lts' }), SHOP1).done;
    const run = deployOwn(h, own({ proxyImage: 'docker.io/library/haproxy:lts' }), SHOP2);
    await run.done;
    expect(run.log.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});

describe('the Swarm proxy service', () => {
  const swarmS = { ...settings, app: 'shop' } as DeploySettings;
  // Enough of the Swarm API to create or update the proxy service; `nodes` ends the call there.
  const api = (existing?: Service) => {
    const calls: { created?: ServiceSpec; updated?: ServiceSpec } = {};
    const a: Partial<Record<keyof SwarmApi, unknown>> = {
      ensureConfig: async () => {},
      configId: async () => 'cfg-1',
      ownService: async () => existing,
      createService: async (spec: ServiceSpec) => ((calls.created = spec), 'svc-1'),
      updateService: async (_: Service, spec: ServiceSpec) => void (calls.updated = spec),
      nodes: async () => {
        throw new Error('stop here');
      },
    };
    return { swarm: a as unknown as SwarmApi, calls };
  };
  const opts = (log = logger()) => ({ logger: log, now: () => 0, sleep: async () => {} });

  it('runs shipshape’s command, not the image’s entrypoint', async () => {
    const { swarm, calls } = api();
    await expect(ensureSwarmProxy(swarm, swarmS, opts())).rejects.toThrow('stop here');
    expect(calls.created!.TaskTemplate.ContainerSpec).toMatchObject({ Image: 'haproxy:test', Command: PROXY_COMMAND.Entrypoint, Args: PROXY_COMMAND.Cmd });
  });

  it('applies a changed proxy-image by its update and says so, naming the input and the image it ran', async () => {
    const spec = proxyServiceSpec(swarmS, { name: proxyConfigName('shop', swarmProxyConfig(swarmS)), id: 'cfg-1' });
    const old = { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate.ContainerSpec, Image: 'haproxy:old' } } };
    const { swarm, calls } = api({ ID: 'svc-proxy', Version: { Index: 1 }, Spec: old });
    const log = logger();
    await expect(ensureSwarmProxy(swarm, swarmS, opts(log))).rejects.toThrow('stop here');
    expect(calls.updated!.TaskTemplate.ContainerSpec.Image).toBe('haproxy:test');
    expect(log.lines).toContain(`shop-proxy: updating the proxy service for input 'proxy-image' "haproxy:test" (it ran "haproxy:old") (one node at a time; each node's port closes for a moment)`);
  });
});
