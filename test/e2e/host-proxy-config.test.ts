import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { hostGet } from '../support/deploy-load.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { ProxyControl } from '../../src/deploy/haproxy.js';
import { hostProxyConfig } from '../../src/deploy/placements/host-proxy/config.js';
import { HostProxyRouter } from '../../src/deploy/placements/host-proxy/router.js';
import { run, runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// The host proxy's config in the real HAProxy image with two real apps: routed by Host, prefix stripped,
// anything else the proxy's 404, ACME challenges answered from the runtime-API map.
const tb = testbed();
const net = `i12-net-${process.pid}`;
const names = ['i12-a-blue', 'i12-a-green', 'i12-b-blue', 'i12-host-proxy'];
const dir = mkdtempSync(join(tmpdir(), 'i12-host-proxy-'));
const PORT = 18480;

const get = (host: string, path: string) => hostGet(PORT, host, path);

afterAll(async () => {
  await run('docker', ['rm', '-f', ...names]);
  await run('docker', ['network', 'rm', net]);
  rmSync(dir, { recursive: true, force: true });
});

describe('host proxy config on HAProxy', () => {
  it('routes two apps by Host and prefix, 404s the rest, answers ACME challenges itself; a router swap of one app leaves the other alone', async () => {
    await run('docker', ['rm', '-f', ...names]);
    await runOk('docker', ['network', 'create', net]);
    for (const [name, body] of [['i12-a-blue', 'app-a'], ['i12-b-blue', 'app-b']]) {
      await runOk('docker', ['run', '-d', '--name', name, '--network', net, tb.baseImage, 'sh', '-c', `mkdir -p /www/x && echo ${body} > /www/index.html && echo ${body}-x > /www/x/index.html && exec httpd -f -p 8080 -h /www`]);
    }
    const files = hostProxyConfig(
      [
        { app: 'i12-a', route: { hosts: ['a.test'], tls: 'off' }, containerPort: 8080, healthPath: '/', live: 'blue' },
        { app: 'i12-b', route: { hosts: ['a.test'], pathPrefix: '/b', tls: 'off' }, containerPort: 8080, healthPath: '/', live: 'blue' },
      ],
      { tls: false },
    );
    writeFileSync(join(dir, 'haproxy.cfg'), files.config.replaceAll('/usr/local/etc/haproxy', '/cfg'));
    for (const [name, text] of Object.entries(files.maps)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'acme.map'), '');
    chmodSync(dir, 0o755);
    await runOk('docker', ['run', '-d', '--name', 'i12-host-proxy', '--network', net, '-p', `127.0.0.1:${PORT}:8080`, '-v', `${dir}:/cfg:ro`, tb.proxyImage, 'haproxy', '-W', '-db', '-f', '/cfg/haproxy.cfg']);
    let a = { status: 0, body: '' };
    for (let i = 0; i < 50 && a.status !== 200; i++) {
      a = await get('a.test', '/').catch(() => a);
      if (a.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(a).toEqual({ status: 200, body: 'app-a' });
    expect(await get('A.TEST:80', '/b/x/')).toEqual({ status: 200, body: 'app-b-x' });
    // A fully qualified Host (trailing dot) is the same name: routed, not the 404 page.
    expect(await get('a.test.', '/')).toEqual({ status: 200, body: 'app-a' });
    expect(await get('A.Test.:80', '/b/x/')).toEqual({ status: 200, body: 'app-b-x' });
    expect((await get('a.test..', '/')).status).toBe(404);
    expect(await runOk('docker', ['exec', 'i12-host-proxy', 'haproxy', '-c', '-f', '/cfg/haproxy.cfg'])).toMatch(/Configuration file is valid/);
    expect(await get('a.test', '/bx/')).toMatchObject({ status: 404 });
    expect((await get('other.test', '/')).status).toBe(404);
    expect((await get('other.test', '/')).body).toContain('No app on this proxy serves this host and path');
    await runOk('docker', ['exec', 'i12-host-proxy', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/9999; printf "add map /cfg/acme.map tok1 tok1.key\\n" >&3; cat <&3']);
    expect(await get('a.test', '/.well-known/acme-challenge/tok1')).toEqual({ status: 200, body: 'tok1.key' });

    // A swap of app a through the router touches only a's backend: b keeps answering the same.
    await runOk('docker', ['run', '-d', '--name', 'i12-a-green', '--network', net, tb.baseImage, 'sh', '-c', 'mkdir -p /www && echo app-a2 > /www/index.html && exec httpd -f -p 8080 -h /www']);
    const transport = unixTransport(tb.dockerSocket);
    try {
      const docker = new Docker(await new EngineClient(transport).connect());
      const routes = new Map([['i12-a', { host: 'a.test' }], ['i12-b', { host: 'a.test', pathPrefix: '/b' }]]);
      const router = new HostProxyRouter(new ProxyControl(docker, 'i12-host-proxy'), async () => {}, routes);
      await router.addTarget('i12-a', 'green');
      for (let i = 0; i < 50 && !(await router.health('i12-a')).green?.up; i++) await new Promise((r) => setTimeout(r, 200));
      expect((await router.health('i12-a')).green?.up).toBe(true);
      expect((await router.probe('i12-b', '/x/')).status).toMatch(/^HTTP\/1\.[01] 200/);
      await router.switchTo('i12-a', 'green', 'blue');
      expect(await get('a.test', '/')).toEqual({ status: 200, body: 'app-a2' });
      expect(await get('a.test', '/b/x/')).toEqual({ status: 200, body: 'app-b-x' });
    } finally {
      transport.close();
    }
  }, 90_000);
});
