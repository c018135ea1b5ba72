import { describe, expect, it, vi } from 'vitest';
import { HostStateError } from '../../src/deploy/core/edge-errors.js';
import { CONFIG_DIR } from '../../src/deploy/haproxy.js';
import { ACME_APPS_FILE, parseAcmeApps } from '../../src/deploy/placements/host-proxy/acme.js';
import { HostProxyEdge } from '../../src/deploy/placements/host-proxy/edge.js';
import { renewOnHost } from '../../src/deploy/placements/host-proxy/renew.js';
import { logger } from '../support/deploy-fakes.js';
import { baseline, deployOn, HP, route, runOn, SHOP1, SHOP2, shopSettings, snapshot } from '../support/host-proxy-world.js';

// Issue 24: acme-apps.json is read back from the host proxy's state volume and its values reach file names,
// runtime-API lines, the ACME order and the log: checked like apps.json, a tampered file refused, never used.

vi.mock('../../src/deploy/placements/host-proxy/acme.js', async (orig) => ({
  ...(await orig<object>()),
  obtainCertificate: async (...a: Parameters<typeof import('../support/host-proxy-world.js').acmeStub>) => (await import('../support/host-proxy-world.js')).acmeStub(...a),
}));

const WHERE = `${CONFIG_DIR}/${ACME_APPS_FILE} in the host proxy ${HP}`;
const good = { hosts: ['shop.test'], directory: 'https://ca.test/directory' };

describe('parseAcmeApps', () => {
  it('keeps what shipshape writes, and only its fields', () => {
    const text = JSON.stringify({ shop: { ...good, email: 'ops@shop.test', extra: 'x' }, blog: good });
    expect(parseAcmeApps(text, WHERE)).toEqual({ shop: { ...good, email: 'ops@shop.test' }, blog: good });
    expect(parseAcmeApps('{}', WHERE)).toEqual({});
  });

  it('refuses a tampered file, naming the file on the host and the value', () => {
    const cases: [unknown, RegExp][] = [
      [{ 'shop.pem\nshow ssl cert': good }, /an entry has the app name "shop\.pem\\nshow ssl cert", which shipshape never writes/],
      [{ '../etc': good }, /app name "\.\.\/etc"/],
      [{ shop: { ...good, hosts: ['shop.test if TRUE'] } }, /the app shop has the hosts \["shop\.test if TRUE"\]/],
      [{ shop: { ...good, hosts: [] } }, /the app shop has the hosts \[\]/],
      [{ shop: { ...good, hosts: 'shop.test' } }, /the app shop has the hosts "shop\.test"/],
      [{ shop: { ...good, directory: 'http://ca.test/directory' } }, /the app shop has the ACME directory "http:\/\/ca\.test\/directory"/],
      [{ shop: { ...good, directory: 'https://ca.test/d\n::add-mask::x' } }, /the app shop has the ACME directory/],
      [{ shop: { ...good, email: 'ops@shop.test\nx' } }, /the app shop has the e-mail/],
      [{ shop: 'https://ca.test' }, /the entry of shop is "https:\/\/ca\.test"/],
      [[good], /is not an object of apps/],
    ];
    for (const [file, message] of cases) {
      const e = (() => {
        try {
          parseAcmeApps(JSON.stringify(file), WHERE);
        } catch (x) {
          return x as Error;
        }
      })();
      expect(e, JSON.stringify(file)).toBeInstanceOf(HostStateError);
      expect(e!.message.startsWith(WHERE), e!.message).toBe(true);
      expect(e!.message).toMatch(message);
    }
    expect(() => parseAcmeApps('{"shop":', WHERE)).toThrow(new RegExp(`^${WHERE.replace(/[./]/g, '\\$&')} is not JSON`));
  });
});

describe('a tampered acme-apps.json on the host proxy', () => {
  const acmeShop = shopSettings({ route: route(['shop.test'], 'acme') });
  async function tampered() {
    const h = await baseline();
    await deployOn(h, acmeShop, SHOP1, 'run-acme');
    const path = `${CONFIG_DIR}/${ACME_APPS_FILE}`;
    expect(JSON.parse(h.d.containers[HP]!.files[path]!)).toEqual({ shop: good });
    h.d.containers[HP]!.files[path] = JSON.stringify({ shop: good, 'x.pem\nset ssl cert /etc/passwd': good });
    h.ops = [];
    return h;
  }

  it('renew refuses it, naming the file, and loads nothing', async () => {
    const h = await tampered();
    const before = snapshot(h).served;
    const edge = new HostProxyEdge(h.docker(), { ...acmeShop, renew: true }, { owner: { id: 'run-r' }, logger: logger(), store: h.store() });
    const e = await renewOnHost(edge, logger()).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(HostStateError);
    expect((e as Error).message).toMatch(new RegExp(`^${WHERE.replace(/[./]/g, '\\$&')}: an entry has the app name "x\\.pem\\\\nset ssl cert /etc/passwd"`));
    expect(h.ops.filter((op) => !/^(inspect|getFile)/.test(op))).toEqual([]);
    expect(snapshot(h).served).toEqual(before);
  });

  it('a deploy that would record its ACME settings fails before its switch and leaves every app serving as before', async () => {
    const h = await tampered();
    const before = snapshot(h);
    const e = await runOn(h, acmeShop, { holder: 'run-2' }).main(SHOP2).catch((x: unknown) => x as Error);
    expect(String((e as Error)?.message)).toContain(WHERE);
    const after = snapshot(h);
    expect(after.served).toEqual(before.served);
    expect(after.live).toEqual(before.live);
  });
});
