import { peerText } from '../../log.js';
import { demux, EngineClient, EngineError, engineMessage, parseEngineJson } from './client.js';
import { tarFiles, untarFirstFile } from './archive.js';
import { LineSplitter, PullProgress, type PullMessage } from './pull-progress.js';
import { platformKey } from '../../oci/platform.js';
import type { RegistryAuth } from '../core/model.js';

export interface ContainerInfo {
  Id: string;
  Name: string;
  Config: { Image: string; Labels: Record<string, string> | null };
  State: { Status: string; Running: boolean; Restarting?: boolean; OOMKilled?: boolean; ExitCode: number; StartedAt?: string; Health?: { Status: string } };
  RestartCount?: number;
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  HostConfig?: { NetworkMode?: string; PortBindings?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
}

export interface ContainerSpec {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  HostConfig?: Record<string, unknown>;
  Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  StopTimeout?: number;
  NetworkingConfig?: Record<string, unknown>;
}


const id = (nameOrId: string) => encodeURIComponent(nameOrId);

/** The Engine API operations a deploy needs, typed. Errors name the object and the engine's message. */
export class Docker {
  constructor(readonly api: EngineClient) {}

  async inspect(name: string): Promise<ContainerInfo | undefined> {
    const res = await this.api.request('GET', `/containers/${id(name)}/json`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new EngineError(res.status, `inspect container ${name}: ${engineMessage(res.body)}`);
    return parseEngineJson<ContainerInfo>(res.body, `inspect container ${name}`);
  }

  /** Creates a container; returns undefined when the name is taken (409), the atomic test-and-set the lock relies on. */
  async create(name: string, spec: ContainerSpec, platform?: string): Promise<string | undefined> {
    const res = await this.api.request('POST', '/containers/create', { query: { name, platform }, body: spec });
    if (res.status === 409) return undefined;
    if (res.status !== 201) throw new EngineError(res.status, `create container ${name}: ${engineMessage(res.body)}`);
    return parseEngineJson<{ Id: string }>(res.body, `create container ${name}`).Id;
  }

  async start(name: string): Promise<void> {
    await this.api.json('POST', `/containers/${id(name)}/start`, { accept: [304] });
  }

  async stop(name: string, seconds = 10): Promise<void> {
    await this.api.json('POST', `/containers/${id(name)}/stop`, { query: { t: seconds }, accept: [304, 404], timeoutMs: (seconds + 30) * 1000 });
  }

  /** Sends a signal to the container's main process (e.g. SIGUSR2: HAProxy's graceful reload in master-worker mode). */
  async signal(name: string, signal: string): Promise<void> {
    await this.api.json('POST', `/containers/${id(name)}/kill`, { query: { signal } });
  }

  async remove(name: string): Promise<void> {
    await this.api.json('DELETE', `/containers/${id(name)}`, { query: { force: true }, accept: [404] });
  }

  async logs(name: string, tail = 20): Promise<string[]> {
    const res = await this.api.request('GET', `/containers/${id(name)}/logs`, { query: { stdout: 1, stderr: 1, tail } });
    if (res.status !== 200) throw new EngineError(res.status, `logs of ${name}: ${engineMessage(res.body)}`);
    const { stdout, stderr } = demux(res.body);
    return (stdout + stderr).split('\n').filter((l) => l !== '').slice(-tail).map((l) => peerText(l, 500));
  }

  /** Runs a command in a running container (as `user`, default the container's); returns its exit code and demultiplexed output. */
  async exec(name: string, cmd: string[], timeoutMs?: number, user?: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const created = await this.api.json<{ Id: string }>('POST', `/containers/${id(name)}/exec`, {
      body: { Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false, ...(user && { User: user }) },
    });
    const res = await this.api.request('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
    if (res.status !== 200) throw new EngineError(res.status, `exec in ${name}: ${engineMessage(res.body)}`);
    const out = demux(res.body);
    const info = await this.api.json<{ ExitCode: number | null }>('GET', `/exec/${created.Id}/json`);
    return { exitCode: info.ExitCode ?? -1, ...out };
  }

  /** Pulls `ref` for `platform`; registry errors arrive inside the 200 progress stream, read as it arrives. */
  async pull(ref: string, platform: string, auth?: RegistryAuth, progress?: (line: string) => void): Promise<void> {
    const headers: Record<string, string> = {};
    // moby decodes this with padded URL-safe base64; unpadded input silently becomes "no credentials".
    if (auth) headers['X-Registry-Auth'] = Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const said = new PullProgress(ref, progress ?? (() => {}));
    let failure: string | undefined;
    const lines = new LineSplitter((line) => {
      const msg = parseEngineJson<PullMessage>(Buffer.from(line), `pull ${ref}`);
      // The engine answered 200 and then reported the registry's failure in the progress stream.
      if (msg?.error) failure ??= peerText(String(msg.errorDetail?.message ?? msg.error), 500);
      else if (msg) said.feed(msg);
    });
    const res = await this.api.request('POST', '/images/create', { query: { fromImage: ref, platform }, headers, timeoutMs: 600000, onData: (c) => lines.push(c) });
    if (res.status !== 200) throw new EngineError(res.status, `pull ${ref} (${platform}): ${engineMessage(res.body)}`);
    lines.end();
    if (failure) throw new EngineError(res.status, `pull ${ref} (${platform}): ${failure}`);
    said.end();
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await this.imagePlatform(ref)) !== undefined;
  }

  /** `os/arch[/variant]` of a local image, undefined when absent. */
  async imagePlatform(ref: string): Promise<string | undefined> {
    const res = await this.api.request('GET', `/images/${id(ref)}/json`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new EngineError(res.status, `inspect image ${ref}: ${engineMessage(res.body)}`);
    const img = parseEngineJson<{ Os: string; Architecture: string; Variant?: string }>(res.body, `inspect image ${ref}`);
    return platformKey({ os: img.Os, architecture: img.Architecture, ...(img.Variant && { variant: img.Variant }) });
  }

  async ensureNetwork(name: string): Promise<void> {
    const res = await this.api.request('GET', `/networks/${id(name)}`);
    if (res.status === 200) return;
    const created = await this.api.request('POST', '/networks/create', { body: { Name: name, Driver: 'bridge', CheckDuplicate: true } });
    if (created.status !== 201 && created.status !== 409) {
      throw new EngineError(created.status, `create network ${name}: ${engineMessage(created.body)}`);
    }
  }

  async removeVolume(name: string): Promise<void> {
    await this.api.json('DELETE', `/volumes/${id(name)}`, { accept: [404] });
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.api.json('POST', '/volumes/create', { body: { Name: name, Labels: labels } });
  }

  /** `o`: the file's mode and owner (default 0644, root). */
  async putFile(container: string, dir: string, fileName: string, content: string, o: { mode?: number; uid?: number; gid?: number } = {}): Promise<void> {
    await this.api.json('PUT', `/containers/${id(container)}/archive`, {
      query: { path: dir },
      body: tarFiles([{ name: fileName, content, ...o }]),
    });
  }

  async getFile(container: string, filePath: string): Promise<string | undefined> {
    const res = await this.api.request('GET', `/containers/${id(container)}/archive`, { query: { path: filePath } });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new EngineError(res.status, `read ${filePath} from ${container}: ${engineMessage(res.body)}`);
    return untarFirstFile(res.body)?.toString('utf8');
  }

  async networkExists(name: string): Promise<boolean> {
    const res = await this.api.request('GET', `/networks/${id(name)}`);
    if (res.status === 404) return false;
    if (res.status !== 200) throw new EngineError(res.status, `inspect network ${name}: ${engineMessage(res.body)}`);
    return true;
  }

  async connectNetwork(network: string, container: string, aliases: string[]): Promise<void> {
    await this.api.json('POST', `/networks/${id(network)}/connect`, { body: { Container: container, EndpointConfig: { Aliases: aliases } } });
  }

  /** Waits until the container stops; its exit code. */
  async wait(name: string, timeoutMs: number): Promise<number> {
    const res = await this.api.json<{ StatusCode: number }>('POST', `/containers/${id(name)}/wait`, { timeoutMs });
    return res.StatusCode;
  }

  /** Removes a local image reference: `in-use` when a container (running or stopped) still uses it. */
  async removeImage(ref: string): Promise<'removed' | 'in-use' | 'absent'> {
    const res = await this.api.request('DELETE', `/images/${id(ref)}`);
    if (res.status === 404) return 'absent';
    if (res.status === 409) return 'in-use';
    if (res.status !== 200) throw new EngineError(res.status, `remove image ${ref}: ${engineMessage(res.body)}`);
    return 'removed';
  }

  async list(labelFilter: string): Promise<{ Id: string; Names: string[]; Labels: Record<string, string>; State: string }[]> {
    return this.api.json('GET', '/containers/json', { query: { all: 1, filters: JSON.stringify({ label: [labelFilter] }) } });
  }
}
