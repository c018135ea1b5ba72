import { peerText } from '../../../log.js';
import { demux, EngineError, engineMessage, parseEngineJson, type EngineClient } from '../../engine/client.js';
import type { RegistryAuth } from '../../core/model.js';

// The Swarm half of the Engine API (services, tasks, nodes, configs, overlay networks), typed to what
// the swarm deploy reads.

export interface UpdateStatus {
  State?: 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';
  Message?: string;
  StartedAt?: string;
  CompletedAt?: string;
}

export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: { Image: string; Labels?: Record<string, string>; Env?: string[]; [k: string]: unknown };
    Networks?: { Target: string; Aliases?: string[] }[];
    ForceUpdate?: number;
    [k: string]: unknown;
  };
  Mode: { Replicated?: { Replicas: number }; Global?: Record<string, never>; ReplicatedJob?: { MaxConcurrent: number; TotalCompletions: number } };
  [k: string]: unknown;
}

export interface Service {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  UpdateStatus?: UpdateStatus;
}

export interface Task {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Spec: { ContainerSpec: { Image: string } };
  Status: { State: string; Message?: string; Err?: string; Timestamp?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
  CreatedAt?: string;
}

export interface SwarmNode {
  ID: string;
  Status: { State: string; Addr?: string };
  Spec: { Availability: string; Role: string };
  Description: { Hostname: string; Platform: { OS: string; Architecture: string } };
}

/** moby decodes X-Registry-Auth with padded URL-safe base64. */
export const registryAuthHeader = (auth?: RegistryAuth): Record<string, string> =>
  auth ? { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_') } : {};

const id = encodeURIComponent;

/** Which of an app's services: the app itself (spec.ts), its proxy (spec.ts) or its release job (job.ts). */
export type ServiceRole = 'app' | 'proxy' | 'release';

/** The labels by which shipshape finds its own services again; every service it creates carries them. */
export const ownLabels = (app: string, role: ServiceRole) => ({ 'shipshape.app': app, 'shipshape.role': role });

const isOwn = (svc: Service, app: string, role: ServiceRole) => Object.entries(ownLabels(app, role)).every(([k, v]) => svc.Spec.Labels?.[k] === v);

/** Why shipshape will not take the name of a service it did not create, and what to do. */
export const foreignServiceMessage = (name: string, app: string, role: ServiceRole) =>
  `a Swarm service named ${name} already exists on this swarm without the labels shipshape.app=${app} and shipshape.role=${role}, so shipshape did not create it and leaves it alone; remove or rename that service, or choose another input 'app' than "${app}"`;

export class SwarmApi {
  constructor(readonly api: EngineClient) {}

  /** Whether this engine is an active swarm manager (what `deploy-mode: auto` decides by). */
  async isManager(): Promise<boolean> {
    const info = await this.api.json<{ Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } }>('GET', '/info');
    return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
  }

  /**
   * The `role` service shipshape runs for `app`: named exactly `name` and labelled `shipshape.app=<app>`
   * and `shipshape.role=<role>` (what spec.ts and job.ts write). Never GET /services/<name>: a name the
   * engine does not know it resolves as an ID prefix, i.e. some other service. The list's name filter
   * is a prefix match too, hence the exact-name check; the service is then inspected by its full ID.
   */
  async ownService(name: string, app: string, role: ServiceRole): Promise<Service | undefined> {
    const labels = ownLabels(app, role);
    const list = await this.api.json<Service[]>('GET', '/services', {
      query: { filters: JSON.stringify({ name: [name], label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) }) },
    });
    const found = list.find((svc) => svc.Spec.Name === name && isOwn(svc, app, role));
    return found && this.serviceById(found.ID);
  }

  /** A service named exactly `name` that is not shipshape's `role` service of `app` (to name it; never to act on). */
  async foreignService(name: string, app: string, role: ServiceRole): Promise<Service | undefined> {
    const list = await this.api.json<Service[]>('GET', '/services', { query: { filters: JSON.stringify({ name: [name] }) } });
    return list.find((svc) => svc.Spec.Name === name && !isOwn(svc, app, role));
  }

  /** A service by its full ID (which the engine matches before any name or prefix); undefined once it is gone. */
  async serviceById(serviceId: string): Promise<Service | undefined> {
    const res = await this.api.request('GET', `/services/${id(serviceId)}`, { query: { insertDefaults: true } });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new EngineError(res.status, `inspect service ${serviceId}: ${engineMessage(res.body)}`);
    const svc = parseEngineJson<Service>(res.body, `inspect service ${serviceId}`);
    // Gone, and the engine fell back to a name or a prefix match: not the service asked for.
    return svc?.ID === serviceId ? svc : undefined;
  }

  async createService(spec: ServiceSpec, auth?: RegistryAuth): Promise<string> {
    const res = await this.api.request('POST', '/services/create', { body: spec, headers: registryAuthHeader(auth) });
    if (res.status === 409) {
      // Reached only when the lookup by name and labels found none: a service shipshape did not create holds the name.
      const labels = spec.Labels ?? {};
      throw new EngineError(409, `${foreignServiceMessage(spec.Name, labels['shipshape.app'] ?? '', (labels['shipshape.role'] ?? '') as ServiceRole)} (${engineMessage(res.body)})`);
    }
    if (res.status !== 201 && res.status !== 200) throw new EngineError(res.status, `create service ${spec.Name}: ${engineMessage(res.body)}`);
    return parseEngineJson<{ ID: string }>(res.body, `create service ${spec.Name}`).ID;
  }

  /** An update at `version` (optimistic concurrency); `rollback`: Swarm's own return to PreviousSpec. */
  async updateService(svc: Service, spec: ServiceSpec, o: { auth?: RegistryAuth; rollback?: boolean } = {}): Promise<void> {
    await this.api.json('POST', `/services/${id(svc.ID)}/update`, {
      query: { version: svc.Version.Index, ...(o.rollback && { rollback: 'previous' }) },
      body: spec,
      headers: registryAuthHeader(o.auth),
    });
  }

  /** Removes a service by its full ID (its tasks go with it); absent is fine. */
  async removeService(serviceId: string): Promise<void> {
    const res = await this.api.request('DELETE', `/services/${id(serviceId)}`);
    if (res.status !== 200 && res.status !== 404) throw new EngineError(res.status, `remove service ${serviceId}: ${engineMessage(res.body)}`);
  }

  /** Removes shipshape's `role` service of `app` named `name`, if there is one; what was removed. */
  async removeOwnService(name: string, app: string, role: ServiceRole): Promise<Service | undefined> {
    const svc = await this.ownService(name, app, role);
    if (svc) await this.removeService(svc.ID);
    return svc;
  }

  async tasks(serviceId: string): Promise<Task[]> {
    return this.api.json<Task[]>('GET', '/tasks', { query: { filters: JSON.stringify({ service: [serviceId] }) } });
  }

  /** Tasks by service name (a prefix match; still listed while a removed service's tasks shut down). */
  async tasksNamed(name: string): Promise<Task[]> {
    return this.api.json<Task[]>('GET', '/tasks', { query: { filters: JSON.stringify({ name: [name] }) } });
  }

  async nodes(): Promise<SwarmNode[]> {
    return this.api.json<SwarmNode[]>('GET', '/nodes');
  }

  /** The last `tail` log lines of a task, through the manager (the task may run on any node). */
  async taskLogs(taskId: string, tail = 20): Promise<string[]> {
    const res = await this.api.request('GET', `/tasks/${id(taskId)}/logs`, { query: { stdout: 1, stderr: 1, tail } });
    if (res.status !== 200) return [`(no logs: ${engineMessage(res.body)})`];
    const { stdout, stderr } = demux(res.body);
    return (stdout + stderr).split('\n').filter((l) => l !== '').slice(-tail).map((l) => peerText(l, 500));
  }

  /** Creates a config unless one of that name exists (configs are immutable: the name carries the content hash). */
  async ensureConfig(name: string, data: string, labels: Record<string, string>): Promise<void> {
    const res = await this.api.request('GET', `/configs/${id(name)}`);
    if (res.status === 200) return;
    const created = await this.api.request('POST', '/configs/create', { body: { Name: name, Labels: labels, Data: Buffer.from(data).toString('base64') } });
    if (created.status !== 201 && created.status !== 409) throw new EngineError(created.status, `create config ${name}: ${engineMessage(created.body)}`);
  }

  /** The configs labelled `shipshape.app=<app>` (the app's proxy configs, one per content hash). */
  async appConfigs(app: string): Promise<{ ID: string; Spec: { Name: string } }[]> {
    return this.api.json('GET', '/configs', { query: { filters: JSON.stringify({ label: [`shipshape.app=${app}`] }) } });
  }

  /** Removes a config; false while a task still uses it; absent is fine. */
  async removeConfig(configId: string): Promise<boolean> {
    const res = await this.api.request('DELETE', `/configs/${id(configId)}`);
    if (res.status === 200 || res.status === 204 || res.status === 404) return true;
    if (/in use/i.test(engineMessage(res.body))) return false;
    throw new EngineError(res.status, `remove config ${configId}: ${engineMessage(res.body)}`);
  }

  async configId(name: string): Promise<string> {
    return (await this.api.json<{ ID: string }>('GET', `/configs/${id(name)}`)).ID;
  }

  async ensureOverlay(name: string): Promise<void> {
    const res = await this.api.request('GET', `/networks/${id(name)}`);
    if (res.status === 200) return;
    const created = await this.api.request('POST', '/networks/create', {
      body: { Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: { 'shipshape.role': 'network' } },
    });
    if (created.status !== 201 && created.status !== 409) throw new EngineError(created.status, `create overlay network ${name}: ${engineMessage(created.body)}`);
  }
}
