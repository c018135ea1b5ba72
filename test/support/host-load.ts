import * as https from 'node:https';

export interface HttpsLoadResult {
  complete: number;
  failed: number;
  /** Response bodies (trimmed) and how often each came. */
  bodies: Record<string, number>;
  /** The first few failures, for the assertion message. */
  errors: string[];
}

/**
 * Bounded HTTPS load on 127.0.0.1:port with SNI and Host `host`, the chain verified against `ca`:
 * `concurrency` clients, each sending one request after the other until `stop()` or `maxRequests`.
 * `keepAlive` reuses connections (one agent per client); otherwise each request opens its own. A
 * request fails on a network error, a timeout (5 s) or a non-2xx status.
 */
export function httpsLoad(o: { port: number; host: string; ca: string; keepAlive: boolean; concurrency?: number; maxRequests?: number }): { stop: () => Promise<HttpsLoadResult> } {
  const out: HttpsLoadResult = { complete: 0, failed: 0, bodies: {}, errors: [] };
  let stopping = false;
  const max = o.maxRequests ?? 20_000;
  const one = (agent: https.Agent | false) =>
    new Promise<void>((resolve) => {
      const fail = (why: string) => {
        out.failed++;
        if (out.errors.length < 5) out.errors.push(why);
        resolve();
      };
      const req = https.get({ host: '127.0.0.1', port: o.port, path: '/', servername: o.host, headers: { host: o.host }, ca: o.ca, agent, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return fail(`status ${res.statusCode}: ${body.slice(0, 100)}`);
          out.complete++;
          out.bodies[body.trim()] = (out.bodies[body.trim()] ?? 0) + 1;
          resolve();
        });
        res.on('error', (e) => fail(e.message));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => fail(e.message));
    });
  const clients = Array.from({ length: o.concurrency ?? 2 }, async () => {
    const agent = o.keepAlive ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    while (!stopping && out.complete + out.failed < max) await one(agent);
    if (agent) agent.destroy();
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(clients);
      return out;
    },
  };
}
