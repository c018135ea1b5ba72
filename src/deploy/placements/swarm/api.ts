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

export class SwarmApi {
  constructor(readonly api: EngineClient) {}

  /** Whether this engine is an active swarm manager (what `deploy-mode: auto` decides by). */
  async isManager(): Promise<boolean> {
    const info = await this.api.json<{ Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } }>('GET', '/info');
    return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
  }

  async service(name: string): Promise<Service | undefined> {
    const res = await this.api.request('GET', `/services/${id(name)}`, { query: { insertDefaults: true } });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new EngineError(res.status, `inspect service ${name}: ${engineMessage(res.body)}`);
    return parseEngineJson<Service>(res.body, `inspect service ${name}`);
  }

  async createService(spec: ServiceSpec, auth?: RegistryAuth): Promise<string> {
    const res = await this.api.json<{ ID: string; Warning?: string }>('POST', '/services/create', { body: spec, headers: registryAuthHeader(auth) });
    return res.ID;
  }

  /** An update at `version` (optimistic concurrency); `rollback`: Swarm's own return to PreviousSpec. */
  async updateService(svc: Service, spec: ServiceSpec, o: { auth?: RegistryAuth; rollback?: boolean } = {}): Promise<void> {
    await this.api.json('POST', `/services/${id(svc.ID)}/update`, {
      query: { version: svc.Version.Index, ...(o.rollback && { rollback: 'previous' }) },
      body: spec,
      headers: registryAuthHeader(o.auth),
    });
  }

  /** Removes a service (its tasks go with it); absent is fine. */
  async removeService(name: string): Promise<void> {
    const res = await this.api.request('DELETE', `/services/${id(name)}`);
    if (res.status !== 200 && res.status !== 404) throw new EngineError(res.status, `remove service ${name}: ${engineMessage(res.body)}`);
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
