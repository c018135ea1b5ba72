// A swarm manager's service endpoints in memory, answering as moby does (daemon/cluster/helpers.go
// getService, filters.go): GET/DELETE/update of /services/<x> resolve x as a full ID, else an exact
// name, else an ID prefix; the list's `name` filter is a name prefix, its `label` filters all must hold.
import { EngineClient, type EngineRequest, type EngineResponse } from '../../src/deploy/engine/client.js';
import type { Service, ServiceSpec } from '../../src/deploy/placements/swarm/api.js';

const answer = (status: number, body?: unknown): EngineResponse => ({ status, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)) });

export class FakeSwarmEngine extends EngineClient {
  services: Service[] = [];
  /** Every call as `METHOD path` (with its filters, if any). */
  calls: string[] = [];
  private next = 0;

  constructor() {
    super({ where: 'fake swarm manager', dial: () => Promise.reject(new Error('no transport in the fake')) } as never);
  }

  /** Adds a service as if created; `id` defaults to a 25-character ID as the engine makes them. */
  add(name: string, labels: Record<string, string> = {}, id?: string): Service {
    const svc: Service = {
      ID: id ?? `${(++this.next).toString(36)}`.padStart(25, 'q'),
      Version: { Index: 1 },
      Spec: { Name: name, Labels: labels, TaskTemplate: { ContainerSpec: { Image: 'img' } }, Mode: { Replicated: { Replicas: 1 } } },
    };
    this.services.push(svc);
    return svc;
  }

  names(): string[] {
    return this.services.map((s) => s.Spec.Name).sort();
  }

  private resolve(x: string): Service | 'ambiguous' | undefined {
    const byId = this.services.find((s) => s.ID === x);
    if (byId) return byId;
    const byName = this.services.filter((s) => s.Spec.Name === x);
    if (byName.length > 0) return byName[0];
    const byPrefix = this.services.filter((s) => s.ID.startsWith(x));
    return byPrefix.length > 1 ? 'ambiguous' : byPrefix[0];
  }

  override async request(method: string, path: string, req: EngineRequest = {}): Promise<EngineResponse> {
    const filters = typeof req.query?.filters === 'string' ? (JSON.parse(req.query.filters) as Record<string, string[]>) : undefined;
    this.calls.push(`${method} ${path}${filters ? ` ${req.query!.filters}` : ''}`);
    if (method === 'GET' && path === '/services') {
      const labels = (filters?.label ?? []).map((l): [string, string?] => (l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l]));
      return answer(200, this.services.filter((s) => (filters?.name ?? ['']).some((n) => s.Spec.Name.startsWith(n)) && labels.every(([k, v]) => s.Spec.Labels?.[k] !== undefined && (v === undefined || s.Spec.Labels[k] === v))));
    }
    if (method === 'POST' && path === '/services/create') {
      const spec = req.body as ServiceSpec;
      if (this.services.some((s) => s.Spec.Name === spec.Name)) return answer(409, { message: `rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${spec.Name} already exists` });
      const svc = this.add(spec.Name, spec.Labels);
      svc.Spec = spec;
      return answer(201, { ID: svc.ID });
    }
    const m = /^\/services\/([^/]+)(\/update)?$/.exec(path);
    if (m) {
      const svc = this.resolve(decodeURIComponent(m[1]!));
      if (svc === 'ambiguous') return answer(400, { message: `service ${m[1]} is ambiguous` });
      if (!svc) return answer(404, { message: `service ${m[1]} not found` });
      if (method === 'GET' && !m[2]) return answer(200, svc);
      if (method === 'DELETE' && !m[2]) {
        this.services = this.services.filter((s) => s !== svc);
        return answer(200);
      }
      if (method === 'POST' && m[2]) {
        svc.Spec = req.body as ServiceSpec;
        svc.Version.Index++;
        return answer(200, {});
      }
    }
    if (method === 'GET' && (path === '/tasks' || path === '/configs' || path === '/nodes')) return answer(200, []);
    return answer(500, { message: `the fake swarm engine does not answer ${method} ${path}` });
  }
}
