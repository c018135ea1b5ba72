export const id = 907;
export const ids = [907];
export const modules = {

/***/ 44907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sH: () => (/* reexport */ DeployError),
  gg: () => (/* binding */ deploy),
  parseJournal: () => (/* reexport */ parseJournal),
  dU: () => (/* binding */ rollback),
  settleDeploy: () => (/* binding */ settleDeploy)
});

// UNUSED EXPORTS: HostStateError, LockError, ProxyError, UndoError

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
;// CONCATENATED MODULE: ./src/deploy/context.ts
const realSleep = (ms) => new Promise((r) => setTimeout(r, ms));
function emptyResult(app, host) {
    return {
        noop: false,
        color: 'blue',
        to: { color: 'blue', digest: '' },
        host,
        engineVersion: '',
        app,
        lock: { waitedMs: 0 },
        health: { attempts: [] },
        timings: { pull: 0, health: 0, switch: 0, soak: 0 },
    };
}

// EXTERNAL MODULE: ./src/validate.ts
var validate = __webpack_require__(60397);
;// CONCATENATED MODULE: ./src/deploy/edge-errors.ts
// The errors each edge (lock, proxy, runtime, host state) throws; no imports, so any edge module can use them.
/** An Error whose `name` is its class's (what the `::error::` line and logs show). */
class NamedError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = new.target.name;
    }
}
/** The app's deploy lease is held by someone else past the wait, or could not be taken or released. */
class LockError extends NamedError {
}
/** The router (the proxy) refused or failed a command, or never became ready. */
class ProxyError extends NamedError {
}
/** The runtime could not create, start or pull an app instance as specified. */
class RuntimeError extends NamedError {
}
/** The host state (live color, history) could not be read, parsed or written. */
class HostStateError extends NamedError {
}

;// CONCATENATED MODULE: ./src/deploy/runtime-engine.ts



/** The Engine's container spec for a service spec: what `docker inspect` shows of an app instance. */
function containerSpec(spec) {
    const hostConfig = {
        RestartPolicy: { Name: 'unless-stopped' },
        NetworkMode: spec.network,
        // Init: an init process as PID 1 forwards SIGTERM, so apps that never expected to be PID 1 (busybox
        // httpd, node) stop when retired instead of after the whole stop timeout, and zombies are reaped.
        Init: true,
    };
    if (spec.volumes?.length)
        hostConfig.Mounts = spec.volumes.map(mount);
    if (spec.limits?.memoryBytes)
        hostConfig.Memory = spec.limits.memoryBytes;
    if (spec.limits?.cpus)
        hostConfig.NanoCpus = Math.round(spec.limits.cpus * 1e9);
    if (spec.log)
        hostConfig.LogConfig = { Type: spec.log.driver, Config: spec.log.options };
    return {
        ...(spec.stopTimeoutSeconds !== undefined && { StopTimeout: spec.stopTimeoutSeconds }),
        ...(spec.healthCmd && { Healthcheck: { Test: ['CMD-SHELL', spec.healthCmd], Interval: 2e9, Timeout: 10e9, Retries: 3 } }),
        Image: spec.image,
        Env: spec.env.map(([k, v]) => `${k}=${v}`),
        Labels: {
            ...spec.labels,
            'shipshape.app': spec.app,
            // `app` (not the spec's `web`): the label hosts already carry, which cleanup and users filter on.
            'shipshape.role': 'app',
            'shipshape.color': spec.color,
            'shipshape.image': spec.image,
        },
        HostConfig: hostConfig,
    };
}
function mount(v) {
    if (v.kind === 'tmpfs')
        return { Type: 'tmpfs', Target: v.target };
    return { Type: v.kind, Source: v.source, Target: v.target, ReadOnly: v.readOnly };
}
/** App instances as containers through the Engine API. */
class EngineRuntime {
    docker;
    platform;
    constructor(docker, platform) {
        this.docker = docker;
        this.platform = platform;
    }
    async pull(image, auth) {
        await this.docker.pull(image, this.platform, auth);
        const got = await this.docker.imagePlatform(image);
        if (!got?.startsWith(this.platform))
            throw new RuntimeError(`pulled ${image} is ${got ? (0,log/* peerText */.qT)(got) : 'missing'}, but the host is ${this.platform}`);
    }
    async create(spec) {
        await this.docker.remove(spec.name);
        const created = await this.docker.create(spec.name, containerSpec(spec), spec.platform);
        if (!created)
            throw new RuntimeError(`container ${spec.name} already exists and could not be replaced`);
        // One network at create (API < 1.44 takes one endpoint); the others joined before the start.
        for (const n of spec.networks ?? [])
            await this.docker.connectNetwork(n.name, spec.name, n.aliases);
    }
    start(name) {
        return this.docker.start(name);
    }
    async inspect(name) {
        const info = await this.docker.inspect(name);
        if (!info)
            return undefined;
        // The address on the router's network (the spec's `network`), not on a user network it also joined.
        const found = info.NetworkSettings.Networks?.[info.HostConfig?.NetworkMode ?? '']?.IPAddress || Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
        return {
            name,
            running: info.State.Running,
            exitCode: info.State.ExitCode,
            image: info.Config.Labels?.['shipshape.image'],
            // Read back from the engine and put into a runtime API line: it must be an address and nothing more.
            ...(found && { address: (0,validate/* ipAddress */.M1)(`the engine's inspect of ${name}`, found) }),
            ...(info.State.Health && { health: info.State.Health.Status }),
            ...(info.State.StartedAt && { startedAt: info.State.StartedAt }),
            restarts: info.RestartCount ?? 0,
        };
    }
    stop(name, graceSeconds) {
        return this.docker.stop(name, graceSeconds);
    }
    remove(name) {
        return this.docker.remove(name);
    }
    logs(name, tail) {
        return this.docker.logs(name, tail);
    }
}

;// CONCATENATED MODULE: ./src/deploy/app-host.ts

class EngineAppHost {
    docker;
    constructor(docker) {
        this.docker = docker;
    }
    networkExists(name) {
        return this.docker.networkExists(name);
    }
    async ensureVolume(name, labels) {
        // POST /volumes/create returns the existing volume unchanged when the name is taken.
        await this.docker.ensureVolume(name, labels);
    }
    async runOnce(spec, cmd, timeoutMs) {
        const base = containerSpec(spec);
        await this.docker.remove(spec.name);
        const created = await this.docker.create(spec.name, { ...base, Cmd: cmd, Labels: { ...base.Labels, 'shipshape.role': 'release' }, HostConfig: { ...base.HostConfig, RestartPolicy: { Name: 'no' } } }, spec.platform);
        if (!created)
            throw new Error(`container ${spec.name} already exists and could not be replaced`);
        try {
            for (const n of spec.networks ?? [])
                await this.docker.connectNetwork(n.name, spec.name, n.aliases);
            await this.docker.start(spec.name);
            let exitCode;
            try {
                exitCode = await this.docker.wait(spec.name, timeoutMs);
            }
            catch (e) {
                throw new Error(`did not finish within ${Math.round(timeoutMs / 1000)} s (${e.message}); it was removed`, { cause: e });
            }
            return { exitCode, lines: await this.docker.logs(spec.name, 2000) };
        }
        finally {
            await this.docker.remove(spec.name).catch(() => { });
        }
    }
    removeOnce(name) {
        return this.docker.remove(name);
    }
    removeImage(ref) {
        return this.docker.removeImage(ref);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: ./src/bounds.ts
var bounds = __webpack_require__(80186);
;// CONCATENATED MODULE: ./src/deploy/engine/client.ts



/** An Engine API call failed: `status` is the HTTP status (0: no response — the transport failed, see `cause`). */
class EngineError extends Error {
    status;
    constructor(status, message, options) {
        super(message, options);
        this.status = status;
        this.name = 'EngineError';
    }
}
/** 1.41 (Docker 20.10) added `platform` to container create, which pinning the pulled platform needs. */
const MIN_API = '1.41';
const MAX_API = '1.47';
/** The most of one answer kept in memory (a pull's progress stream is the largest real one). */
const MAX_BODY = 64 * 1024 * 1024;
function compareApi(a, b) {
    const [am, an] = a.split('.').map(Number);
    const [bm, bn] = b.split('.').map(Number);
    return am !== bm ? am - bm : an - bn;
}
/** Docker Engine API over any transport; one HTTP/1.1 request per dialled stream. */
class EngineClient {
    transport;
    prefix = '';
    engineVersion = '';
    apiVersion = '';
    os = '';
    arch = '';
    constructor(transport) {
        this.transport = transport;
    }
    /**
     * Negotiates the API version as the docker CLI does: the lower of the engine's and the newest this
     * client was written against (GET /version is version-less).
     */
    async connect() {
        const v = await this.json('GET', '/version');
        if (typeof v?.ApiVersion !== 'string' || !/^\d+\.\d+$/.test(v.ApiVersion)) {
            throw new EngineError(200, `the Docker engine at ${this.transport.where} answered GET /version without an API version (${(0,log/* peerText */.qT)(JSON.stringify(v ?? null), 200)})`);
        }
        if (compareApi(v.ApiVersion, MIN_API) < 0) {
            throw new EngineError(200, `Docker Engine ${v.Version} speaks API ${v.ApiVersion}; shipshape needs API ${MIN_API} (Docker 20.10) or newer`);
        }
        // Peer text: it reaches the log and the record, so it is kept on one line.
        this.engineVersion = (0,log/* peerText */.qT)(String(v.Version ?? ''), 100);
        this.apiVersion = compareApi(v.ApiVersion, MAX_API) > 0 ? MAX_API : v.ApiVersion;
        this.os = (0,log/* peerText */.qT)(String(v.Os ?? ''), 40);
        this.arch = (0,log/* peerText */.qT)(String(v.Arch ?? ''), 40);
        this.prefix = `/v${this.apiVersion}`;
        return this;
    }
    async request(method, path, req = {}) {
        const qs = Object.entries(req.query ?? {})
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
            .join('&');
        const fullPath = `${this.prefix}${path}${qs ? `?${qs}` : ''}`;
        let payload;
        const headers = { Host: 'docker', Connection: 'close', ...req.headers };
        if (Buffer.isBuffer(req.body)) {
            payload = req.body;
            headers['Content-Type'] ??= 'application/x-tar';
        }
        else if (req.body !== undefined) {
            payload = Buffer.from(JSON.stringify(req.body));
            headers['Content-Type'] = 'application/json';
        }
        if (payload)
            headers['Content-Length'] = String(payload.length);
        // One deadline over the dial (TCP/TLS/SSH channel) and the whole exchange.
        const limit = req.timeoutMs ?? (0,bounds/* peerBounds */.ML)().engineCallMs;
        return new Promise((resolve, reject) => {
            let settled = false;
            let stream;
            let r;
            const fail = (e) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                r?.destroy();
                stream?.destroy();
                reject(new EngineError(0, `Engine API ${method} ${path} on ${this.transport.where} failed: ${(0,log/* peerText */.qT)(e.message)}`, { cause: e }));
            };
            const timer = setTimeout(() => fail(new Error(`no complete answer within ${(0,bounds/* seconds */.YA)(limit)}; check the Docker engine on the deploy host`)), limit);
            this.transport.dial().then((s) => {
                if (settled)
                    return void s.destroy();
                stream = s;
                s.on('error', fail);
                r = external_node_http_.request({ method, path: fullPath, headers, createConnection: () => s }, (res) => {
                    const chunks = [];
                    let total = 0;
                    res.on('data', (c) => {
                        total += c.length;
                        if (total > MAX_BODY)
                            fail(new Error(`the answer is over ${MAX_BODY} bytes`));
                        else
                            chunks.push(c);
                    });
                    res.on('error', fail);
                    res.on('end', () => {
                        if (settled)
                            return;
                        settled = true;
                        clearTimeout(timer);
                        s.destroy();
                        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
                    });
                });
                r.on('error', fail);
                r.end(payload);
            }, fail);
        });
    }
    /** Request that must succeed (2xx, or a status in `accept`); returns parsed JSON (undefined when empty). */
    async json(method, path, req = {}) {
        const res = await this.request(method, path, req);
        if ((res.status < 200 || res.status >= 300) && !req.accept?.includes(res.status)) {
            throw new EngineError(res.status, `Engine API ${method} ${path} → ${res.status}: ${engineMessage(res.body)}`);
        }
        if (res.status >= 300)
            return undefined;
        return parseEngineJson(res.body, `Engine API ${method} ${path}`);
    }
}
/** An engine answer as JSON (undefined when empty); an unparseable one names the call. */
function parseEngineJson(body, what) {
    const text = body.toString('utf8').trim();
    if (text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch (e) {
        throw new EngineError(200, `${what} answered something that is not JSON: ${(0,log/* peerText */.qT)(text, 200)}`, { cause: e });
    }
}
function engineMessage(body) {
    const text = body.toString('utf8').trim();
    try {
        const m = JSON.parse(text).message;
        if (m)
            return (0,log/* peerText */.qT)(m, 500);
    }
    catch {
        // Not JSON (a proxy's HTML error page, plain text): the text itself is the message.
    }
    return (0,log/* peerText */.qT)(text, 500);
}
/** Splits Docker's multiplexed stdout/stderr stream (8-byte frame headers: type, 0,0,0, big-endian size). */
function demux(buf) {
    const out = [];
    const err = [];
    let i = 0;
    while (i + 8 <= buf.length) {
        const type = buf[i];
        const size = buf.readUInt32BE(i + 4);
        const frame = buf.subarray(i + 8, i + 8 + size);
        (type === 2 ? err : out).push(frame);
        i += 8 + size;
    }
    return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
;// CONCATENATED MODULE: ./src/deploy/engine/archive.ts
/** Tar in and out of PUT/GET /containers/{id}/archive (one or a few small files); headers from src/oci/tar. */


function tarFiles(files) {
    const mtime = Math.floor(Date.now() / 1000);
    const parts = [];
    for (const f of files) {
        const data = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8');
        parts.push((0,tar/* encodeHeader */.YS)({ name: f.name, type: 'file', mode: f.mode ?? 0o644, size: data.length, mtime, uid: 0, gid: 0 }), data, (0,tar/* padding */.Ms)(data.length));
    }
    parts.push(tar/* END_OF_ARCHIVE */.bM);
    return Buffer.concat(parts);
}
/** The first regular file in a tar stream, read with node-tar's parser (PAX, GNU long names, old types). */
function untarFirstFile(tar) {
    let found;
    const chunks = [];
    // node-tar's Parser is synchronous when fed a whole buffer with end(): entries and their data arrive
    // inside this call, so the Engine client keeps its synchronous use.
    const parser = new index_min/* Parser */.iX({
        onReadEntry: (entry) => {
            if (found !== undefined || chunks.length > 0 || !REGULAR.has(entry.type))
                return entry.resume();
            entry.on('data', (d) => chunks.push(d));
            entry.on('end', () => (found = Buffer.concat(chunks)));
        },
    });
    parser.end(tar);
    return found;
}
const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);

// EXTERNAL MODULE: ./src/oci/platform.ts
var platform = __webpack_require__(1890);
;// CONCATENATED MODULE: ./src/deploy/engine/docker.ts




const id = (nameOrId) => encodeURIComponent(nameOrId);
/** The Engine API operations a deploy needs, typed. Errors name the object and the engine's message. */
class Docker {
    api;
    constructor(api) {
        this.api = api;
    }
    async inspect(name) {
        const res = await this.api.request('GET', `/containers/${id(name)}/json`);
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw new EngineError(res.status, `inspect container ${name}: ${engineMessage(res.body)}`);
        return parseEngineJson(res.body, `inspect container ${name}`);
    }
    /** Creates a container; returns undefined when the name is taken (409), the atomic test-and-set the lock relies on. */
    async create(name, spec, platform) {
        const res = await this.api.request('POST', '/containers/create', { query: { name, platform }, body: spec });
        if (res.status === 409)
            return undefined;
        if (res.status !== 201)
            throw new EngineError(res.status, `create container ${name}: ${engineMessage(res.body)}`);
        return parseEngineJson(res.body, `create container ${name}`).Id;
    }
    async start(name) {
        await this.api.json('POST', `/containers/${id(name)}/start`, { accept: [304] });
    }
    async stop(name, seconds = 10) {
        await this.api.json('POST', `/containers/${id(name)}/stop`, { query: { t: seconds }, accept: [304, 404], timeoutMs: (seconds + 30) * 1000 });
    }
    /** Sends a signal to the container's main process (e.g. SIGUSR2: HAProxy's graceful reload in master-worker mode). */
    async signal(name, signal) {
        await this.api.json('POST', `/containers/${id(name)}/kill`, { query: { signal } });
    }
    async remove(name) {
        await this.api.json('DELETE', `/containers/${id(name)}`, { query: { force: true }, accept: [404] });
    }
    async logs(name, tail = 20) {
        const res = await this.api.request('GET', `/containers/${id(name)}/logs`, { query: { stdout: 1, stderr: 1, tail } });
        if (res.status !== 200)
            throw new EngineError(res.status, `logs of ${name}: ${engineMessage(res.body)}`);
        const { stdout, stderr } = demux(res.body);
        return (stdout + stderr).split('\n').filter((l) => l !== '').slice(-tail).map((l) => (0,log/* peerText */.qT)(l, 500));
    }
    /** Runs a command in a running container; returns its exit code and demultiplexed output. */
    async exec(name, cmd, timeoutMs) {
        const created = await this.api.json('POST', `/containers/${id(name)}/exec`, {
            body: { Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false },
        });
        const res = await this.api.request('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
        if (res.status !== 200)
            throw new EngineError(res.status, `exec in ${name}: ${engineMessage(res.body)}`);
        const out = demux(res.body);
        const info = await this.api.json('GET', `/exec/${created.Id}/json`);
        return { exitCode: info.ExitCode ?? -1, ...out };
    }
    /** Pulls `ref` for `platform`; registry errors arrive inside the 200 progress stream. */
    async pull(ref, platform, auth) {
        const headers = {};
        // moby decodes this with padded URL-safe base64; unpadded input silently becomes "no credentials".
        if (auth)
            headers['X-Registry-Auth'] = Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
        const res = await this.api.request('POST', '/images/create', { query: { fromImage: ref, platform }, headers, timeoutMs: 600000 });
        if (res.status !== 200)
            throw new EngineError(res.status, `pull ${ref} (${platform}): ${engineMessage(res.body)}`);
        for (const line of res.body.toString('utf8').split('\n')) {
            if (!line.trim())
                continue;
            const msg = parseEngineJson(Buffer.from(line), `pull ${ref}`);
            // The engine answered 200 and then reported the registry's failure in the progress stream.
            if (msg.error)
                throw new EngineError(res.status, `pull ${ref} (${platform}): ${(0,log/* peerText */.qT)(String(msg.errorDetail?.message ?? msg.error), 500)}`);
        }
    }
    async imageExists(ref) {
        return (await this.imagePlatform(ref)) !== undefined;
    }
    /** `os/arch[/variant]` of a local image, undefined when absent. */
    async imagePlatform(ref) {
        const res = await this.api.request('GET', `/images/${id(ref)}/json`);
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw new EngineError(res.status, `inspect image ${ref}: ${engineMessage(res.body)}`);
        const img = parseEngineJson(res.body, `inspect image ${ref}`);
        return (0,platform/* platformKey */.Ng)({ os: img.Os, architecture: img.Architecture, ...(img.Variant && { variant: img.Variant }) });
    }
    async ensureNetwork(name) {
        const res = await this.api.request('GET', `/networks/${id(name)}`);
        if (res.status === 200)
            return;
        const created = await this.api.request('POST', '/networks/create', { body: { Name: name, Driver: 'bridge', CheckDuplicate: true } });
        if (created.status !== 201 && created.status !== 409) {
            throw new EngineError(created.status, `create network ${name}: ${engineMessage(created.body)}`);
        }
    }
    async ensureVolume(name, labels) {
        await this.api.json('POST', '/volumes/create', { body: { Name: name, Labels: labels } });
    }
    async putFile(container, dir, fileName, content) {
        await this.api.json('PUT', `/containers/${id(container)}/archive`, {
            query: { path: dir },
            body: tarFiles([{ name: fileName, content }]),
        });
    }
    async getFile(container, filePath) {
        const res = await this.api.request('GET', `/containers/${id(container)}/archive`, { query: { path: filePath } });
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw new EngineError(res.status, `read ${filePath} from ${container}: ${engineMessage(res.body)}`);
        return untarFirstFile(res.body)?.toString('utf8');
    }
    async networkExists(name) {
        const res = await this.api.request('GET', `/networks/${id(name)}`);
        if (res.status === 404)
            return false;
        if (res.status !== 200)
            throw new EngineError(res.status, `inspect network ${name}: ${engineMessage(res.body)}`);
        return true;
    }
    async connectNetwork(network, container, aliases) {
        await this.api.json('POST', `/networks/${id(network)}/connect`, { body: { Container: container, EndpointConfig: { Aliases: aliases } } });
    }
    /** Waits until the container stops; its exit code. */
    async wait(name, timeoutMs) {
        const res = await this.api.json('POST', `/containers/${id(name)}/wait`, { timeoutMs });
        return res.StatusCode;
    }
    /** Removes a local image reference: `in-use` when a container (running or stopped) still uses it. */
    async removeImage(ref) {
        const res = await this.api.request('DELETE', `/images/${id(ref)}`);
        if (res.status === 404)
            return 'absent';
        if (res.status === 409)
            return 'in-use';
        if (res.status !== 200)
            throw new EngineError(res.status, `remove image ${ref}: ${engineMessage(res.body)}`);
        return 'removed';
    }
    async list(labelFilter) {
        return this.api.json('GET', '/containers/json', { query: { all: 1, filters: JSON.stringify({ label: [labelFilter] }) } });
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(41692);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(85472);
;// CONCATENATED MODULE: ./src/deploy/engine/known-hosts.ts

/** The name a host is listed under in known_hosts: `host`, or `[host]:port` when the port is not 22. */
function knownHostsName(host, port) {
    return port === 22 ? host : `[${host}]:${port}`;
}
function patternMatches(pattern, name) {
    if (pattern.startsWith('|1|')) {
        const [salt, hash] = pattern.slice(3).split('|');
        if (!salt || !hash)
            return false;
        return (0,external_node_crypto_.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
    }
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return re.test(name);
}
/**
 * The host keys (raw SSH wire-format blobs) known_hosts text lists for a host. Negated patterns
 * (`!pat`) exclude; `@revoked` lines are returned separately so they are refused.
 */
function knownHostKeys(text, host, port) {
    const name = knownHostsName(host, port);
    const keys = [];
    const revoked = [];
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const fields = line.split(/\s+/);
        let marker;
        if (fields[0].startsWith('@'))
            marker = fields.shift();
        if (fields.length < 3)
            continue;
        const [patterns, , keyText] = fields;
        const list = patterns.split(',');
        if (list.some((p) => p.startsWith('!') && patternMatches(p.slice(1), name)))
            continue;
        if (!list.some((p) => !p.startsWith('!') && patternMatches(p, name)))
            continue;
        if (marker === '@cert-authority')
            continue;
        (marker === '@revoked' ? revoked : keys).push(Buffer.from(keyText, 'base64'));
    }
    return { keys, revoked };
}

;// CONCATENATED MODULE: ./src/deploy/engine/transport-types.ts

/** The engine could not be reached, or the connection to it broke. */
class TransportError extends NamedError {
}

;// CONCATENATED MODULE: ./src/deploy/engine/transport-ssh.ts






/** One shell word for a POSIX shell (the remote login shell runs `dial-stdio`'s command line). */
const shellQuote = (word) => `'${word.replace(/'/g, `'\\''`)}'`;
const fingerprint = (key) => `SHA256:${(0,external_node_crypto_.createHash)('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
/**
 * One persistent SSH connection for the whole deploy. Each dial is a new channel on it: a
 * streamlocal forward to the engine socket, or `docker system dial-stdio` when the server
 * refuses streamlocal forwarding.
 */
async function openSshTransport(o) {
    const where = `ssh://${o.user}@${knownHostsName(o.host, o.port).replace(/^\[(.*)\]:(\d+)$/, '$1:$2')}`;
    const { keys, revoked } = knownHostKeys(o.knownHosts, o.host, o.port);
    const client = new lib.Client();
    let refusal;
    let closing = false;
    let lost;
    const { waitMs } = (0,bounds/* peerBounds */.ML)();
    // One listener for the client's whole life: ssh2 can emit several errors (a timeout, then "Connection lost
    // before handshake"), and one with no listener would crash the process instead of failing the step.
    let onHandshakeError;
    client.on('error', (e) => {
        if (onHandshakeError)
            return onHandshakeError(e);
        if (!closing)
            lost ??= new TransportError(`the SSH connection to ${where} was lost (${(0,log/* peerText */.qT)(e.message)})`, { cause: e });
    });
    client.on('close', () => {
        if (!closing)
            lost ??= new TransportError(`the SSH connection to ${where} was lost`);
    });
    await new Promise((resolve, reject) => {
        onHandshakeError = (e) => {
            onHandshakeError = undefined;
            client.end();
            const why = /timed out/i.test(e.message) ? `no SSH handshake within ${(0,bounds/* seconds */.YA)(waitMs)} (is it an SSH server, and reachable?)` : (0,log/* peerText */.qT)(e.message);
            reject(new TransportError(refusal ?? `SSH connection to ${where} failed: ${why}; check deploy-host and that sshd answers there`, { cause: e }));
        };
        client.once('ready', () => {
            onHandshakeError = undefined;
            // Each Engine API call is a small request/response on a new channel: without this, Nagle
            // plus delayed ACKs add ~80 ms to every call.
            client.setNoDelay(true);
            resolve();
        });
        client.connect({
            host: o.host,
            port: o.port,
            username: o.user,
            privateKey: o.privateKey,
            readyTimeout: waitMs,
            keepaliveInterval: 5000,
            keepaliveCountMax: 3,
            hostVerifier: (key) => {
                if (revoked.some((k) => k.equals(key))) {
                    refusal = `SSH host key ${fingerprint(key)} of ${where} is marked @revoked in ssh-known-hosts; refusing to connect`;
                    return false;
                }
                if (keys.some((k) => k.equals(key)))
                    return true;
                refusal =
                    keys.length === 0
                        ? `SSH host ${knownHostsName(o.host, o.port)} is not listed in ssh-known-hosts (its key is ${fingerprint(key)}); refusing to connect. Add its line, e.g. from ssh-keyscan -p ${o.port} ${o.host}`
                        : `SSH host key of ${knownHostsName(o.host, o.port)} does not match ssh-known-hosts (server offered ${fingerprint(key)}); refusing to connect`;
                return false;
            },
        });
    });
    const transport = {
        where,
        close: () => {
            closing = true;
            client.end();
        },
        dial: () => (0,bounds/* withDeadline */.NE)(waitMs, () => `SSH to ${where}: no channel to the Docker engine within ${(0,bounds/* seconds */.YA)(waitMs)}`, dial),
        get lost() {
            return lost;
        },
        get via() {
            return via;
        },
    };
    let useDialStdio = false;
    /** Why streamlocal forwarding is not used (the server's refusal), kept for errors and `via`. */
    let refused;
    let via;
    const dialStdioCommand = o.dockerSocket === '/var/run/docker.sock' ? 'docker system dial-stdio' : `docker -H ${shellQuote(`unix://${o.dockerSocket}`)} system dial-stdio`;
    const forward = () => new Promise((resolve, reject) => client.openssh_forwardOutStreamLocal(o.dockerSocket, (err, ch) => (err ? reject(err) : resolve(ch))));
    const dialStdio = () => new Promise((resolve, reject) => client.exec(dialStdioCommand, (err, ch) => {
        if (err) {
            const why = refused ? ` (after the streamlocal forward was refused: ${(0,log/* peerText */.qT)(refused.message)})` : '';
            return reject(new TransportError(`SSH to ${where}: "${dialStdioCommand}" failed: ${(0,log/* peerText */.qT)(err.message)}${why}`, { cause: err }));
        }
        // Its stderr says why it failed ("docker: not found", permission denied): keep the tail for the error.
        let stderr = '';
        ch.stderr.on('data', (d) => void (stderr = (stderr + d.toString('utf8')).slice(-500)));
        ch.on('error', () => { }); // surfaced to the Engine request reading it
        ch.on('exit', (code) => {
            if (code)
                ch.emit('error', new TransportError(`"${dialStdioCommand}" on ${where} exited with ${code}: ${(0,log/* peerText */.qT)(stderr.trim(), 500)}`));
        });
        resolve(ch);
    }));
    async function dial() {
        if (!useDialStdio) {
            try {
                const ch = await forward();
                via = 'streamlocal';
                return ch;
            }
            catch (e) {
                refused = e;
                useDialStdio = true;
            }
        }
        via = `dial-stdio (streamlocal refused: ${(0,log/* peerText */.qT)(refused?.message ?? '')})`;
        return dialStdio();
    }
    return transport;
}

;// CONCATENATED MODULE: ./src/deploy/engine/transport.ts







function unixTransport(socketPath) {
    return {
        where: `unix://${socketPath}`,
        close() { },
        dial: () => connected(external_node_net_.connect(socketPath), `unix://${socketPath}`, 'connect'),
    };
}
/** tcp:// with TLS client certificates; the server certificate is verified against `ca`. */
function tlsTransport(host, port, opts) {
    const where = `tcp://${host}:${port}`;
    return {
        where,
        close() { },
        dial: () => connected(external_node_tls_.connect({ host, port, ca: opts.ca, cert: opts.cert, key: opts.key, servername: external_node_net_.isIP(host) ? undefined : host }), where, 'secureConnect'),
    };
}
/** The socket once `event` fires; an error or no connection (handshake included) within the peer wait rejects, naming the engine. */
function connected(sock, where, event) {
    const { waitMs } = (0,bounds/* peerBounds */.ML)();
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            sock.destroy();
            reject(new TransportError(`cannot connect to the Docker engine at ${where}: no ${event === 'secureConnect' ? 'TLS handshake' : 'connection'} within ${(0,bounds/* seconds */.YA)(waitMs)}`));
        }, waitMs);
        const onError = (e) => {
            clearTimeout(timer);
            // A refused handshake (certificate not signed by tls-ca, client certificate rejected) names TLS.
            const what = event === 'secureConnect' ? `TLS connection to ${where} failed` : `cannot connect to the Docker engine at ${where}`;
            reject(new TransportError(`${what}: ${(0,log/* peerText */.qT)(e.message)}`, { cause: e }));
        };
        sock.once('error', onError);
        sock.once(event, () => {
            clearTimeout(timer);
            sock.removeListener('error', onError);
            resolve(sock);
        });
    });
}
async function openTransport(settings) {
    const host = settings.host;
    if (host.kind === 'unix')
        return unixTransport(host.path);
    if (host.kind === 'tcp') {
        if (!settings.tls?.ca || !settings.tls.cert || !settings.tls.key) {
            throw new TransportError(`deploy-host ${host.text} needs tls-ca, tls-cert and tls-key (the engine must verify the client and be verified)`);
        }
        return tlsTransport(host.host, host.port, settings.tls);
    }
    return openSshTransport({
        user: host.user,
        host: host.host,
        port: host.port,
        privateKey: settings.sshPrivateKey ?? '',
        knownHosts: settings.sshKnownHosts ?? '',
        dockerSocket: settings.dockerSocket,
    });
}

;// CONCATENATED MODULE: ./src/deploy/errors.ts


/** A failed deploy or rollback; `result` carries what happened (health results, last log lines), `phase` where. */
class DeployError extends Error {
    result;
    phase;
    constructor(message, result, options) {
        super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
        this.result = result;
        this.name = 'DeployError';
        this.phase = options?.phase;
    }
}
/** Some undo steps failed; `failed` names each (what may remain on the host). */
class UndoError extends NamedError {
    failed;
    constructor(message, failed, options) {
        super(message, options);
        this.failed = failed;
    }
}

;// CONCATENATED MODULE: ./src/deploy/haproxy.ts



const COLORS = ['blue', 'green'];
const other = (c) => (c === 'blue' ? 'green' : 'blue');
/** In-container ports: ≥ 1024 because the official haproxy image runs as a non-root user. */
const FRONTEND_PORT = 8080;
const RUNTIME_PORT = 9999;
const CONFIG_DIR = '/usr/local/etc/haproxy';
const CONFIG_FILE = 'haproxy.cfg';
const BACKEND = 'app';
/** The `defaults` section every shipshape proxy shares (its own per-app one and the host-wide one). */
const PROXY_DEFAULTS = [
    'defaults',
    '    mode http',
    '    timeout connect 3s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout http-request 10s',
    '    timeout http-keep-alive 10s',
    '    retries 3',
    '    option redispatch',
];
/**
 * One backend with a `blue` and a `green` server found through Docker's DNS. Active checks
 * (drain-state servers are still checked) are the health gate; the runtime API on
 * 127.0.0.1 inside the container does the switch without reloads.
 */
function proxyConfig(c) {
    const server = (color) => `    server ${color} ${c.app}-${color}:${c.containerPort} check${c.live === color ? '' : ' disabled'}`;
    return [
        'global',
        `    stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin`,
        '    stats timeout 10s',
        '',
        ...PROXY_DEFAULTS,
        '',
        'resolvers docker',
        '    nameserver dns 127.0.0.11:53',
        '    resolve_retries 3',
        '    timeout resolve 250ms',
        '    timeout retry 250ms',
        '    hold valid 2s',
        '    hold other 2s',
        '    hold refused 2s',
        '    hold nx 2s',
        '    hold timeout 2s',
        '    hold obsolete 2s',
        '',
        'frontend public',
        `    bind :${FRONTEND_PORT}`,
        `    default_backend ${BACKEND}`,
        '',
        `backend ${BACKEND}`,
        '    balance roundrobin',
        `    option httpchk GET ${c.healthPath}`,
        '    http-check expect rstatus ^2[0-9][0-9]$',
        '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr last,libc,none',
        server('blue'),
        server('green'),
        '',
    ].join('\n');
}
/** Parses `show stat` CSV into the backend's blue/green rows. */
function parseShowStat(csv, backend = BACKEND) {
    const lines = csv.split('\n').filter((l) => l.trim() !== '');
    const head = lines.find((l) => l.startsWith('# '));
    if (!head)
        return {};
    const cols = head.slice(2).split(',');
    const at = (row, name) => row[cols.indexOf(name)] ?? '';
    const out = {};
    for (const line of lines) {
        if (line.startsWith('#'))
            continue;
        const row = line.split(',');
        const sv = at(row, 'svname');
        if (at(row, 'pxname') !== backend || (sv !== 'blue' && sv !== 'green'))
            continue;
        out[sv] = {
            status: at(row, 'status'),
            // "* " marks a check in progress; the rest is the last completed check's result.
            checkStatus: at(row, 'check_status').replace(/^\* /, ''),
            checkCode: at(row, 'check_code'),
            lastCheck: at(row, 'last_chk'),
            sessions: Number(at(row, 'scur') || 0),
        };
    }
    return out;
}
/** Up by its active check (a drained server counts: it is checked but takes no new traffic). */
const checkedUp = (s) => !!s && (s.status === 'UP' || s.status === 'DRAIN') && s.checkStatus === 'L7OK';
const describeStat = (s) => s ? `${s.status} ${s.checkStatus}${s.checkCode ? ` ${s.checkCode}` : ''}${s.lastCheck ? ` (${s.lastCheck})` : ''}`.trim() : 'no server row';
// Pure bash (the official image has bash, no curl/wget): one runtime API command per connection.
const RUNTIME_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 3
printf '%s\\n' "$1" >&3
while IFS= read -r l <&3 || [ -n "$l" ]; do printf '%s\\n' "$l"; done`;
// An HTTP/1.0 GET against the proxy's own frontend (prints the status line), then `show stat`.
const PROBE_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${FRONTEND_PORT} || exit 3
printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nUser-Agent: shipshape-soak\\r\\n\\r\\n' "$1" "\${2:-localhost}" >&3
IFS= read -r l <&3; printf '%s\\n' "$l"; exec 3<&-
exec 4<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 4
printf 'show stat\\n' >&4
while IFS= read -r l <&4 || [ -n "$l" ]; do printf '%s\\n' "$l"; done`;
/** Drives one app's proxy container through its runtime API, via Engine API exec. */
class ProxyControl {
    docker;
    container;
    constructor(docker, container) {
        this.docker = docker;
        this.container = container;
    }
    /**
     * A script run inside the proxy under `timeout -s KILL` (coreutils and busybox both have it): a stalled
     * HAProxy or shell is killed in the container, not left running, and the call ends within the bound.
     */
    async run(label, script, ...args) {
        const { runtimeMs, engineCallMs } = (0,bounds/* peerBounds */.ML)();
        const limit = Math.ceil(runtimeMs / 1000);
        const r = await this.docker.exec(this.container, ['timeout', '-s', 'KILL', String(limit), 'bash', '-c', script, label, ...args], runtimeMs + engineCallMs);
        return { ...r, timedOut: r.exitCode === 137 || r.exitCode === 124 };
    }
    async runtime(command) {
        const r = await this.run('runtime', RUNTIME_SCRIPT, command);
        if (r.timedOut)
            throw new ProxyError(`HAProxy runtime API "${command}" in ${this.container} did not answer within ${(0,bounds/* seconds */.YA)((0,bounds/* peerBounds */.ML)().runtimeMs)} (stopped); check the proxy container`);
        if (r.exitCode !== 0)
            throw new ProxyError(`HAProxy runtime API "${command}" in ${this.container} failed (exit ${r.exitCode}): ${(0,log/* peerText */.qT)(r.stderr.trim(), 500)}`);
        const out = r.stdout.trim();
        // Errors come back as text on the first line; later lines (e.g. `show stat`'s check_desc "Not Found") are data.
        const first = out.split('\n')[0];
        if (/^(Unknown command|No such|Require|Invalid|.* not found\.?$)/i.test(first))
            throw new ProxyError(`HAProxy runtime API "${command}": ${(0,log/* peerText */.qT)(first, 500)}`);
        return out;
    }
    async stats(backend = BACKEND) {
        return parseShowStat(await this.runtime('show stat'), backend);
    }
    /** Several commands in one runtime session (`;`-separated), applied back to back. */
    async apply(commands) {
        await this.runtime(commands.join('; '));
    }
    /** Status line of GET <path> through the proxy's own frontend (the public route), and the servers' stats, in one exec. */
    /** `host`: the Host header (the host proxy routes by it); `backend`: whose servers' stats. */
    async probeWithStats(path, o = {}) {
        const r = await this.run('probe', PROBE_SCRIPT, path, ...(o.host ? [o.host] : []));
        const [first, ...rest] = r.stdout.split('\n');
        // The app's status line is peer text: it reaches the log, the record and the job summary.
        const status = first.trim().startsWith('HTTP/')
            ? (0,log/* peerText */.qT)(first.trim(), 200)
            : r.timedOut
                ? `no response within ${(0,bounds/* seconds */.YA)((0,bounds/* peerBounds */.ML)().runtimeMs)}`
                : `no response (exit ${r.exitCode}${r.stderr.trim() ? `: ${(0,log/* peerText */.qT)(r.stderr.trim(), 300)}` : ''})`;
        return { status, stats: parseShowStat(rest.join('\n'), o.backend) };
    }
}
const serverCmd = (color, state, backend = BACKEND) => `set server ${backend}/${color} state ${state}`;
const addrCmd = (color, ip, port, backend = BACKEND) => `set server ${backend}/${color} addr ${ip} port ${port}`;

;// CONCATENATED MODULE: ./src/deploy/journal.ts
/**
 * The deploy's phases in order, and the failure side. Each is persisted (GITHUB_STATE) as it is
 * entered, before its work starts, so the post step knows what may have begun:
 * - locked: taking the lease;           undo: release it
 * - pulled: pulling the image;          undo: release
 * - released: the release command runs; undo: remove its one-off container (the live color was never touched)
 * - started: candidate created/started; undo: take it out of the router, remove it (a rollback's: stop it)
 * - gated: waiting at the health gate;  undo: as started
 * - switched: the switch was sent;      undo: switch back to the previous color, drain, then as started
 * - soaking: probing after the switch;  undo: as switched
 * - retired: soak passed, old color draining and stopping; forward: finish retiring
 * - reverting: an undo is under way;    continue it (every step is idempotent)
 * - reverted: undo done;                release the lease
 * - done: lease released;               nothing left
 */
const PHASES = ['locked', 'pulled', 'released', 'started', 'gated', 'switched', 'soaking', 'retired', 'reverting', 'reverted', 'done'];
const journal_COLORS = new Set(['blue', 'green']);
/** Checks what the post step read back; the problem names what is wrong, so the warning can say so. */
function parseJournal(value) {
    if (!value || typeof value !== 'object')
        return { problem: 'the saved deploy state is not an object' };
    const j = value;
    if (j.v !== 1)
        return { problem: `the saved deploy state has version ${JSON.stringify(j.v)}, not 1 (saved by another shipshape version?)` };
    for (const k of ['app', 'host', 'holder'])
        if (typeof j[k] !== 'string' || !j[k])
            return { problem: `the saved deploy state has no ${k}` };
    if (!PHASES.includes(j.phase))
        return { problem: `the saved deploy state has an unknown phase ${JSON.stringify(j.phase)}` };
    if (j.kind !== 'deploy' && j.kind !== 'rollback')
        return { problem: `the saved deploy state has an unknown kind ${JSON.stringify(j.kind)}` };
    for (const k of ['target', 'previous'])
        if (j[k] !== undefined && !journal_COLORS.has(j[k]))
            return { problem: `the saved deploy state has an unknown ${k} color ${JSON.stringify(j[k])}` };
    const after = PHASES.indexOf(j.phase) >= PHASES.indexOf('started');
    if (after && j.phase !== 'done' && j.phase !== 'reverted' && (!j.target || !j.candidateKind)) {
        return { problem: `the saved deploy state is in phase ${j.phase} but does not say which color was the candidate` };
    }
    return { journal: j };
}
/** The journal of one run: every `enter` is saved at once (synchronously: safe right before a kill). */
class Journal {
    current;
    save;
    constructor(current, save) {
        this.current = current;
        this.save = save;
        save({ ...current });
    }
    get value() {
        return { ...this.current };
    }
    get phase() {
        return this.current.phase;
    }
    enter(phase, patch = {}) {
        this.current = { ...this.current, ...patch, phase };
        this.save({ ...this.current });
    }
}

;// CONCATENATED MODULE: ./src/deploy/proxy.ts



const NETWORK = 'shipshape';
const proxyName = (app) => `${app}-proxy`;
/** Pulls an image only when the engine does not have it yet (the proxy and lock image); auth only for its own registry. */
async function ensureImage(docker, ref, platform, auth) {
    if (await docker.imageExists(ref))
        return;
    await docker.pull(ref, platform, auth && ref.startsWith(`${auth.serveraddress}/`) ? auth : undefined);
}
/**
 * The app's proxy container `<app>-proxy`: owns the public port and gets its config (naming `live`)
 * through the archive API before its first start.
 */
async function ensureProxy(docker, s, platform, live) {
    const name = proxyName(s.app);
    await docker.ensureNetwork(NETWORK);
    let info = await docker.inspect(name);
    if (!info) {
        await ensureImage(docker, s.proxyImage, platform);
        const port = `${FRONTEND_PORT}/tcp`;
        const created = await docker.create(name, {
            Image: s.proxyImage,
            Labels: { 'shipshape.app': s.app, 'shipshape.role': 'proxy' },
            ExposedPorts: { [port]: {} },
            HostConfig: {
                PortBindings: { [port]: [{ HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) }] },
                RestartPolicy: { Name: 'unless-stopped' },
                NetworkMode: NETWORK,
            },
        });
        if (created)
            await writeProxyConfig(docker, s, live);
        info = await docker.inspect(name);
    }
    if (!info)
        throw new ProxyError(`proxy container ${name} vanished while being created`);
    const bound = info.HostConfig?.PortBindings?.[`${FRONTEND_PORT}/tcp`]?.[0];
    const wanted = { HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) };
    if (bound && (bound.HostIp !== wanted.HostIp || bound.HostPort !== wanted.HostPort)) {
        const show = (b) => (b.HostIp ? `${b.HostIp}:${b.HostPort}` : b.HostPort);
        throw new ProxyError(`input 'public-port' is ${show(wanted)} but ${name} already publishes ${show(bound)}; Docker cannot change a running container's ports, so remove ${name} on the host to move the app (this drops open connections)`);
    }
    const control = new ProxyControl(docker, name);
    if (!info.State.Running) {
        await docker.start(name);
        await waitForRuntime(control, name);
    }
    await applyCheckChange(docker, s, control, live);
    return control;
}
/** The config lines that define the health check and the app port: what the runtime API cannot change. */
const checkLines = (config) => config
    .split('\n')
    .filter((l) => /^\s*(option httpchk|server (blue|green) )/.test(l))
    .map((l) => l.replace(/ disabled$/, ''))
    .join('\n');
/**
 * A changed `health-path` or `container-port` needs a new config: HAProxy's runtime API cannot change
 * a backend's check. It is rewritten (naming the live color) and the proxy reloaded gracefully (SIGUSR2 to
 * the master) once, before the new color starts; swaps themselves never reload. Only when the live color
 * passes the new check too — otherwise the reload would take it down.
 */
async function applyCheckChange(docker, s, control, live) {
    const current = (await docker.getFile(control.container, `${CONFIG_DIR}/${CONFIG_FILE}`)) ?? '';
    const wanted = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
    if (checkLines(current) === checkLines(wanted))
        return;
    if (live) {
        const { status } = await control.probeWithStats(s.healthPath);
        if (!/^HTTP\/\S+ 2\d\d/.test(status) || checkLines(current).includes(`:${s.containerPort} `) === false) {
            throw new ProxyError(`input 'health-path' "${s.healthPath}" / 'container-port' ${s.containerPort} differ from the check ${control.container} runs, ` +
                `and the live color ${live} does not pass the new one (GET ${s.healthPath}: ${status}); reloading would take it down. ` +
                `Deploy once more with the previous values, or remove ${control.container} on the host to start over (this drops open connections)`);
        }
    }
    await writeProxyConfig(docker, s, live);
    await docker.signal(control.container, 'SIGUSR2');
    // The reloaded worker must have checked the live server before traffic relies on it again.
    if (!live)
        return;
    const deadline = Date.now() + RELOAD_UP_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
        try {
            const stat = (await control.stats())[live];
            if (stat?.status === 'UP')
                return;
            last = stat ? `${stat.status} ${stat.checkStatus}` : 'no server row';
        }
        catch (e) {
            // The new worker may not answer on the runtime socket for a moment after the reload.
            last = (0,log/* errorMessage */.gJ)(e);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new ProxyError(`${control.container} reloaded for the new check, but the live color ${live} was not UP within ${RELOAD_UP_MS / 1000} s (last: ${last})`);
}
const RELOAD_UP_MS = 15_000;
async function waitForRuntime(control, name) {
    let last;
    for (let i = 0; i < 50; i++) {
        try {
            await control.runtime('show info');
            return;
        }
        catch (e) {
            last = e;
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    throw new ProxyError(`proxy ${name} did not open its runtime API within 10 s: ${(0,log/* errorMessage */.gJ)(last)}`, { cause: last });
}
/** The on-disk config names the live color, so a proxy restart comes back serving it. */
async function writeProxyConfig(docker, s, live) {
    const text = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
    await docker.putFile(proxyName(s.app), CONFIG_DIR, CONFIG_FILE, text);
}

// EXTERNAL MODULE: ./src/deploy/spec.ts
var deploy_spec = __webpack_require__(68836);
;// CONCATENATED MODULE: ./src/deploy/release.ts




/** The bound on one release command (a migration); the lease lives this much longer when there is one. */
const RELEASE_LIMIT_SECONDS = 900;
const releaseName = (app) => `${app}-release`;
/**
 * Before anything starts: every network the app joins exists (never created silently) and its named
 * volumes exist (created with shipshape labels on first use; never removed by a deploy).
 */
async function preflight(c, host) {
    const o = (0,deploy_spec/* appOptions */.Cp)(c.settings);
    for (const n of o.networks) {
        if (!(await host.networkExists(n.name))) {
            throw new DeployError(`Input 'networks': the network "${n.name}" does not exist on ${c.result.host}; create it there first (shipshape never creates a user's network)`, c.result, { phase: 'locked' });
        }
    }
    for (const v of o.volumes) {
        if (v.kind === 'volume')
            await host.ensureVolume(v.source, { 'shipshape.app': c.settings.app, 'shipshape.role': 'volume' });
    }
}
/**
 * Phase `released`: the release command in a one-off container of the new image, with the app's env,
 * volumes and networks, after the pull and before the new color starts. A non-zero exit fails the
 * deploy (undo: the container is removed; the live color was never touched).
 */
async function runRelease(c, host, o) {
    const cmd = (0,deploy_spec/* appOptions */.Cp)(c.settings).releaseCommand;
    if (!cmd)
        return;
    const app = c.settings.app;
    const spec = { ...(0,deploy_spec/* serviceSpec */.x1)(c.settings, { color: o.target, image: o.image, platform: c.runtime.platform, network: NETWORK, owner: c.owner }), name: releaseName(app) };
    c.logger.info(`${app}: running the release command ${(0,log/* peerText */.qT)(JSON.stringify(cmd))} in ${spec.name}`);
    const start = c.now();
    const rec = { command: cmd };
    c.result.release = rec;
    let out;
    try {
        out = await host.runOnce(spec, cmd, RELEASE_LIMIT_SECONDS * 1000);
    }
    catch (e) {
        rec.ms = c.now() - start;
        throw new DeployError(`the release command ${JSON.stringify(cmd)} could not run: ${(0,log/* errorMessage */.gJ)(e)}; the live version keeps serving`, c.result, { cause: e, phase: 'released' });
    }
    rec.ms = c.now() - start;
    rec.exitCode = out.exitCode;
    for (const line of out.lines)
        c.logger.info(`release | ${(0,log/* peerText */.qT)(line, 1000)}`);
    if (out.exitCode !== 0) {
        throw new DeployError(`the release command ${JSON.stringify(cmd)} exited with code ${out.exitCode}; the new version was not started and the live version keeps serving`, c.result, { phase: 'released' });
    }
    c.logger.info(`${app}: the release command exited with 0 in ${rec.ms} ms`);
}
/** Undo of `released` (also from the post step after a kill): the one-off container goes. */
async function undoRelease(c, host) {
    await host?.removeOnce(releaseName(c.settings.app));
}

;// CONCATENATED MODULE: ./src/deploy/retain.ts


/**
 * After a successful deploy: keep the images of this app's last `retain` live deploys (rollback and
 * redeploys need no pull) and remove its older ones — only images this app's host history names,
 * never one a container still uses (the engine refuses those). Forward only: failures warn.
 */
async function pruneImages(c, host) {
    const app = c.settings.app;
    const retain = (0,deploy_spec/* appOptions */.Cp)(c.settings).retain;
    const out = { retain, retained: [], pruned: [], inUse: [] };
    c.result.images = out;
    try {
        const state = await c.store.read(app);
        const newestFirst = [...state.history].reverse();
        const live = [];
        for (const e of newestFirst)
            if ((e.outcome === 'live' || e.outcome === 'noop') && !live.includes(e.image))
                live.push(e.image);
        out.retained = live.slice(0, retain);
        for (const c of Object.values(state.colors))
            if (c?.image && !out.retained.includes(c.image))
                out.retained.push(c.image);
        const older = new Set(newestFirst.flatMap((e) => [e.image, ...(e.from ? [e.from.image] : [])]).filter((i) => !out.retained.includes(i)));
        for (const image of older) {
            const got = await host.removeImage(image);
            if (got === 'removed')
                out.pruned.push(image);
            else if (got === 'in-use')
                out.inUse.push(image);
        }
        if (out.pruned.length)
            c.logger.info(`${app}: removed ${out.pruned.length} older image(s) from the host (retain ${retain})`);
    }
    catch (e) {
        c.logger.warning(`${app}: pruning older images failed (they stay on the host): ${(0,log/* errorMessage */.gJ)(e)}`);
    }
}

;// CONCATENATED MODULE: ./src/deploy/host-state.ts


const STATE_DIR = '/var/lib/shipshape';
const STATE_FILE = 'state.json';
const stateVolume = (app) => `shipshape-state-${app}`;
function parseHostState(text) {
    if (!text)
        return { colors: {}, history: [] };
    const where = `the deploy host's ${STATE_DIR}/${STATE_FILE}`;
    let s;
    try {
        s = JSON.parse(text);
    }
    catch {
        throw new validate/* HostValueError */.Gz(where, 'its content (not JSON)', text);
    }
    // `live` names a runtime API server and a container: only blue or green may come back from the host.
    const live = s.live === undefined || s.live === null ? undefined : (0,validate/* oneOf */.yL)(where, "'live'", COLORS, s.live);
    return { live, colors: s.colors ?? {}, history: Array.isArray(s.history) ? s.history : [] };
}
function withHistory(state, entry, limit) {
    return { ...state, history: [...state.history, entry].slice(-Math.max(1, limit)) };
}

;// CONCATENATED MODULE: ./src/deploy/waits.ts


const POLL_MS = 200;
const DRAIN_POLL_MS = 100;
const DRAIN_LIMIT_MS = 15000;
/** The health gate: the router's active check of `color` (no traffic yet) until it passes, the instance exits, or the timeout. */
async function gate(c, color, name) {
    const s = c.settings;
    const start = c.now();
    const deadline = start + s.healthTimeoutSeconds * 1000;
    const attempts = c.result.health.attempts;
    for (;;) {
        const target = (await c.router.health(s.app))[color];
        const ok = !!target?.up;
        const detail = target ? (0,log/* peerText */.qT)(target.detail, 200) : 'no server row';
        attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok, detail });
        if (attempts.length > 40)
            attempts.splice(0, attempts.length - 40);
        if (ok)
            return;
        const inst = await c.runtime.inspect(name);
        const exited = !inst ? `container ${name} is gone` : !inst.running ? `container ${name} exited (code ${inst.exitCode})` : undefined;
        if (exited || c.now() >= deadline) {
            const logs = await c.runtime.logs(name, 20).catch((e) => [`(its logs could not be read: ${e.message})`]);
            const last = attempts
                .slice(-3)
                .map((a) => a.detail)
                .join('; ');
            throw new DeployError(`${name} did not pass the health check GET ${s.healthPath} ${exited ? `(${exited})` : `within ${s.healthTimeoutSeconds} s`}; last checks: ${last}${logs.length ? `; last log lines:\n${logs.map((l) => (0,log/* peerText */.qT)(l, 500)).join('\n')}` : ''}`, { ...c.result, lastLogLines: logs }, { phase: 'gated' });
        }
        await c.sleep(POLL_MS);
    }
}
/** Probes the public route and the new color's check for `soak-seconds`; returns a failure reason or undefined. */
async function soak(c, color) {
    const s = c.settings;
    const out = { seconds: s.soakSeconds, probes: 0, failures: 0, ok: true };
    c.result.soak = out;
    const end = c.now() + s.soakSeconds * 1000;
    while (c.now() < end) {
        const { health, status } = await c.router.probe(s.app, s.healthPath);
        const target = health[color];
        out.probes++;
        const code = /^HTTP\/\d\.\d (\d{3})/.exec(status)?.[1];
        const fault = !target?.up
            ? `proxy check of ${color}: ${target ? (0,log/* peerText */.qT)(target.detail, 200) : 'no server row'}`
            : !code || !code.startsWith('2')
                ? `GET ${s.healthPath} through the proxy answered "${(0,log/* peerText */.qT)(status, 200)}"`
                : undefined;
        if (fault) {
            out.failures++;
            out.ok = false;
            return `soak failed after ${out.probes} probe(s): ${fault}`;
        }
        await c.sleep(POLL_MS);
    }
    return undefined;
}
/** Waits until `color` has no requests in flight (bounded); says so when it gives up. */
async function waitDrained(c, color) {
    const end = c.now() + DRAIN_LIMIT_MS;
    while (c.now() < end) {
        if (((await c.router.health(c.settings.app))[color]?.sessions ?? 0) === 0)
            return;
        await c.sleep(DRAIN_POLL_MS);
    }
    c.logger.warning(`${color} still had requests in flight after ${DRAIN_LIMIT_MS / 1000} s of draining`);
}

;// CONCATENATED MODULE: ./src/deploy/undo.ts






/** Appends to the host history; a failure is a warning naming what was lost (the deploy itself is settled). */
async function recordHistory(c, outcome, reason) {
    const j = c.journal.value;
    if (!j.target || !j.image)
        return;
    const r = c.result;
    const entry = {
        at: new Date(c.now()).toISOString(),
        kind: j.kind,
        outcome,
        image: j.image,
        color: j.target,
        ...(r.from && { from: { color: r.from.color, image: r.from.digest } }),
        owner: c.owner.id,
        ...(c.owner.runUrl && { runUrl: c.owner.runUrl }),
        ...(reason && { reason }),
    };
    try {
        await c.store.write(c.settings.app, withHistory(await c.store.read(c.settings.app), entry, c.settings.historyLimit));
    }
    catch (e) {
        c.logger.warning(`The host history of ${c.settings.app} misses this ${j.kind} (${outcome}): ${(0,log/* errorMessage */.gJ)(e)}`);
    }
}
/**
 * Undoes the journal's phase so the previously live color serves, the candidate is gone (a rollback's,
 * the old color's own container, is stopped again) and the host state names the previous color.
 * The same code runs when main fails and in the post step after a kill; every step is idempotent.
 * Throws UndoError naming what could not be undone (the journal then stays `reverting`).
 */
async function undo(c, reason) {
    const j = c.journal.value;
    const app = c.settings.app;
    if (j.phase === 'released' || (j.phase === 'reverting' && j.released)) {
        c.journal.enter('reverting', { reason: j.reason ?? reason, released: true });
        try {
            await undoRelease(c, c.appHost);
        }
        catch (e) {
            throw new UndoError(`could not remove the release container of ${app}: ${(0,log/* errorMessage */.gJ)(e)}`, [`remove ${app}-release`]);
        }
        await recordHistory(c, 'failed', reason);
        c.journal.enter('reverted');
        return;
    }
    if (!j.target || !j.candidateKind || !['started', 'gated', 'switched', 'soaking', 'reverting'].includes(j.phase))
        return;
    const target = j.target;
    const name = (0,deploy_spec/* instanceName */.zl)(app, target);
    const switched = j.switched === true;
    if (switched && !j.previous) {
        // A first deploy has nothing to return to: taking it down would leave no version serving.
        c.logger.warning(`${name} failed after the switch and ${app} has no previous version to return to; it keeps serving: ${reason}`);
        await recordHistory(c, 'failed', reason);
        c.journal.enter('reverted');
        return;
    }
    c.journal.enter('reverting', { reason: j.reason ?? reason });
    const failed = [];
    const step = async (what, fn) => {
        try {
            await fn();
            return true;
        }
        catch (e) {
            failed.push(`${what} (${(0,log/* errorMessage */.gJ)(e)})`);
            return false;
        }
    };
    if (switched && j.previous) {
        const previous = j.previous;
        // Until the previous color takes the traffic again, the candidate must stay: it is what serves.
        if (!(await step(`switch ${app} back to ${previous}`, () => c.router.switchTo(app, previous, target)))) {
            throw new UndoError(`could not undo the ${j.kind} of ${app}: ${failed.join('; ')}; ${name} keeps serving`, failed);
        }
        c.logger.warning(`Switched ${app} back to ${previous}: ${reason}`);
        await step(`wait for ${target} to drain`, () => waitDrained(c, target));
    }
    const outOfRouter = await c.router.removeTarget(app, target).then(() => undefined, (e) => (0,log/* errorMessage */.gJ)(e));
    const dropped = j.candidateKind === 'new' ? await step(`remove ${name}`, () => c.runtime.remove(name)) : await step(`stop ${name} again`, () => c.runtime.stop(name, 5));
    if (outOfRouter !== undefined) {
        // With the candidate gone and its target draining (no new requests), nothing reaches it: a warning,
        // not a reason to hold the lease. While it still runs, the router must take it out: the undo failed.
        if (dropped)
            c.logger.warning(`${target} stays in the router in drain state (takes no traffic) until the next deploy: ${outOfRouter}`);
        else
            failed.push(`take ${target} out of the router (${outOfRouter})`);
    }
    if (j.stoppedPrevious && j.previous)
        await step(`start ${(0,deploy_spec/* instanceName */.zl)(app, j.previous)} again`, () => c.runtime.start((0,deploy_spec/* instanceName */.zl)(app, j.previous)));
    if (switched && j.previous) {
        const previous = j.previous;
        await step(`make the router's config name ${previous}`, () => c.router.persist(app, previous));
        await step(`restore the host state (live ${previous})`, async () => {
            const state = await c.store.read(app);
            const colors = { ...state.colors };
            if (j.candidateKind === 'new')
                delete colors[target];
            await c.store.write(app, { ...state, live: previous, colors });
        });
    }
    if (failed.length > 0)
        throw new UndoError(`could not undo the ${j.kind} of ${app}: ${failed.join('; ')}`, failed);
    await recordHistory(c, switched ? 'reverted' : 'failed', reason);
    c.journal.enter('reverted');
}
/** After a passed soak: the old color finishes its requests and is stopped (kept for rollback). Forward only: failures warn. */
async function retire(c) {
    const j = c.journal.value;
    const app = c.settings.app;
    if (j.previous && j.previous !== j.target) {
        const old = j.previous;
        try {
            await waitDrained(c, old);
            await c.router.removeTarget(app, old);
            await c.runtime.stop((0,deploy_spec/* instanceName */.zl)(app, old), (0,deploy_spec/* appOptions */.Cp)(c.settings).stopTimeoutSeconds);
        }
        catch (e) {
            c.logger.warning(`${app}: ${j.target} is live, but retiring ${old} failed (it may still run, taking no traffic): ${(0,log/* errorMessage */.gJ)(e)}`);
        }
    }
    await recordHistory(c, 'live');
}
/**
 * The post step after main was killed: from the saved phase, finish (`retired`) or undo, then free the
 * lease — but only while the lease is still this run's (else another deploy owns the host now).
 */
async function settle(c) {
    const j = c.journal.value;
    const app = c.settings.app;
    if (j.phase === 'done')
        return;
    if (!(await c.store.holds(app, j.holder))) {
        if (j.phase === 'locked')
            return; // killed before (or while) taking the lease: nothing was done
        const left = j.target && j.candidateKind === 'new' && !['locked', 'pulled', 'reverted'].includes(j.phase) ? `; ${(0,deploy_spec/* instanceName */.zl)(app, j.target)} may remain` : '';
        c.logger.warning(`The deploy lease of ${app} is no longer this run's (expired and taken, or released): left the host as it is (phase ${j.phase})${left}`);
        return;
    }
    if (j.phase === 'retired')
        await retire(c);
    else
        await undo(c, `the main step stopped in phase ${j.phase}`);
    await c.store.releaseLease(app, j.holder);
    c.journal.enter('done');
    c.logger.info(`Released the deploy lock of ${app}`);
}

;// CONCATENATED MODULE: ./src/deploy/worker-ready.ts



const worker_ready_POLL_MS = 250;
/**
 * A worker's gate (it has no HTTP): ready when its Docker HEALTHCHECK (the image's or `health-cmd`)
 * says healthy; without one, when it has kept running, unrestarted, for `ready-seconds`.
 */
async function workerReady(c, name) {
    const s = c.settings;
    const readyMs = (0,deploy_spec/* appOptions */.Cp)(s).readySeconds * 1000;
    const start = c.now();
    const deadline = start + (s.healthTimeoutSeconds * 1000 + readyMs);
    const attempts = c.result.health.attempts;
    let first;
    for (;;) {
        const inst = await c.runtime.inspect(name);
        let fault = !inst ? `container ${name} is gone` : !inst.running ? `container ${name} exited (code ${inst.exitCode})` : undefined;
        if (inst && !fault && inst.health === 'unhealthy')
            fault = `container ${name} is unhealthy (its HEALTHCHECK failed)`;
        if (inst && !fault && first && (inst.startedAt !== first.startedAt || inst.restarts !== first.restarts))
            fault = `container ${name} restarted`;
        first ??= inst && { startedAt: inst.startedAt, restarts: inst.restarts, at: c.now() };
        const ready = !fault && !!inst && (inst.health ? inst.health === 'healthy' : c.now() - first.at >= readyMs);
        const detail = fault ?? (inst?.health ? `health ${inst.health}` : `running ${c.now() - (first?.at ?? start)} ms of ${readyMs}`);
        attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok: ready, detail });
        if (attempts.length > 40)
            attempts.splice(0, attempts.length - 40);
        if (ready) {
            c.result.ready = { by: inst.health ? 'healthcheck' : 'running', ms: c.now() - start };
            return;
        }
        if (fault || c.now() >= deadline) {
            const logs = await c.runtime.logs(name, 20).catch((e) => [`(its logs could not be read: ${e.message})`]);
            throw new DeployError(`${name} did not become ready (${fault ?? `not healthy within ${s.healthTimeoutSeconds} s`})${logs.length ? `; last log lines:\n${logs.map((l) => (0,log/* peerText */.qT)(l, 500)).join('\n')}` : ''}`, { ...c.result, lastLogLines: logs }, { phase: 'gated' });
        }
        await c.sleep(worker_ready_POLL_MS);
    }
}
/** A worker's soak: it keeps running (and healthy) for `soak-seconds`; returns a failure reason or undefined. */
async function workerSoak(c, name) {
    const out = { seconds: c.settings.soakSeconds, probes: 0, failures: 0, ok: true };
    c.result.soak = out;
    const end = c.now() + c.settings.soakSeconds * 1000;
    while (c.now() < end) {
        const inst = await c.runtime.inspect(name);
        out.probes++;
        const fault = !inst?.running ? `${name} stopped (code ${inst?.exitCode ?? 'gone'})` : inst.health === 'unhealthy' ? `${name} became unhealthy` : undefined;
        if (fault) {
            out.failures++;
            out.ok = false;
            return `soak failed after ${out.probes} check(s): ${fault}`;
        }
        await c.sleep(worker_ready_POLL_MS);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/deploy/machine.ts











const LEASE_MARGIN_SECONDS = 240;
/**
 * The deploy as a state machine (kamal-proxy's service/target model, with the host's lease): every
 * phase is entered in the journal before its work, and a failure in any phase runs that phase's undo
 * (undo.ts) before the lease is freed. The invariant: a deploy that did not succeed leaves the
 * previously live version serving, removes its candidate and frees the lease; one that succeeded
 * leaves the new version serving.
 */
async function runMachine(c, plan) {
    const s = c.settings;
    const r = c.result;
    // The lease outlives the longest deploy (pull budget + gate + soak + retire); waiting as long as it
    // lives means a holder that died without its post step is always recovered by the next deploy.
    const releaseBudget = (0,deploy_spec/* appOptions */.Cp)(s).releaseCommand ? RELEASE_LIMIT_SECONDS : 0;
    const ttlMs = (LEASE_MARGIN_SECONDS + s.healthTimeoutSeconds + s.soakSeconds + releaseBudget + (0,deploy_spec/* appOptions */.Cp)(s).readySeconds) * 1000;
    try {
        const lease = await c.store.acquireLease({ app: s.app, owner: c.owner, ttlMs, waitMs: ttlMs, now: c.now });
        r.lock = { holder: lease.holder, waitedMs: lease.waitedMs, ...(lease.broken && { broken: lease.broken }) };
        if (lease.broken)
            c.logger.warning(`Broke an ${lease.broken}`);
    }
    catch (e) {
        // The journal stays `locked`: if the lease was taken after all, the post step frees it.
        throw failed(c, plan, 'locked', e);
    }
    try {
        await c.setup?.();
    }
    catch (e) {
        await release(c);
        throw failed(c, plan, 'locked', e);
    }
    try {
        await phases(c, plan);
    }
    catch (e) {
        const phase = c.journal.phase;
        const failure = failed(c, plan, phase, e);
        try {
            await undo(c, (0,log/* errorMessage */.gJ)(e));
        }
        catch (u) {
            // The lease stays ours, so the post step retries the undo from `reverting` under it.
            throw new DeployError(`${failure.message}; then ${(0,log/* errorMessage */.gJ)(u)} (the post step retries)`, failure.result, { cause: u instanceof UndoError ? e : u, phase });
        }
        await release(c);
        throw failure;
    }
    await release(c);
    return r;
}
function failed(c, plan, phase, e) {
    const r = c.result;
    const j = c.journal.value;
    // The live color did not change: that is what the record and outputs must say.
    if (j.previous && phase !== 'retired')
        r.color = j.previous;
    const result = e instanceof DeployError && e.result ? { ...e.result, color: r.color } : r;
    return new DeployError(`${plan.kind} of ${c.settings.app} failed in phase ${phase}: ${(0,log/* errorMessage */.gJ)(e)}`, result, { cause: e, phase });
}
async function release(c) {
    try {
        await c.store.releaseLease(c.settings.app, c.owner.id);
        c.journal.enter('done');
    }
    catch (e) {
        // The journal stays in its phase: the post step tries again; else the lease expires by itself.
        c.logger.warning(`Could not release the deploy lock of ${c.settings.app} (the post step tries again): ${(0,log/* errorMessage */.gJ)(e)}`);
    }
}
/** Whether the live color runs `image` and passes the router's check. */
async function liveAndHealthy(c, state, image) {
    if (!state.live || state.colors[state.live]?.image !== image)
        return false;
    const inst = await c.runtime.inspect((0,deploy_spec/* instanceName */.zl)(c.settings.app, state.live));
    if (!inst?.running || inst.image !== image)
        return false;
    return !!(await c.router.health(c.settings.app))[state.live]?.up;
}
async function phases(c, plan) {
    const s = c.settings;
    const r = c.result;
    const app = s.app;
    const state = await c.store.read(app);
    const live = state.live;
    let image;
    if (plan.kind === 'deploy') {
        image = plan.image;
        if (await liveAndHealthy(c, state, image)) {
            c.logger.info(`${app}: ${live} already runs ${image} and is healthy; nothing to do`);
            Object.assign(r, { noop: true, color: live, to: { color: live, digest: image } });
            c.journal.enter('locked', { target: live, image });
            await recordHistory(c, 'noop');
            return;
        }
    }
    else {
        if (!live)
            throw new DeployError(`rollback: ${app} has no live color on ${r.host}`, r);
        const old = await c.runtime.inspect((0,deploy_spec/* instanceName */.zl)(app, other(live)));
        if (!old?.image)
            throw new DeployError(`rollback: ${app} has no previous color to return to (no ${(0,deploy_spec/* instanceName */.zl)(app, other(live))} container)`, r);
        // Read back from the host and used as an image reference: it must be repo@sha256:… and nothing more.
        image = (0,validate/* digestReference */.O9)(`the label shipshape.image of ${(0,deploy_spec/* instanceName */.zl)(app, other(live))}`, old.image);
    }
    const target = live ? other(live) : 'blue';
    const name = (0,deploy_spec/* instanceName */.zl)(app, target);
    r.color = target;
    r.to = { color: target, digest: image };
    if (live) {
        r.previousColor = live;
        const liveImage = state.colors[live]?.image;
        if (liveImage)
            r.from = { color: live, digest: liveImage };
    }
    const plan1 = { target, previous: live, image, candidateKind: plan.kind === 'deploy' ? 'new' : 'previous' };
    const opts = (0,deploy_spec/* appOptions */.Cp)(s);
    const worker = opts.role === 'worker';
    if (plan.kind === 'deploy') {
        if (c.appHost)
            await preflight(c, c.appHost);
        c.journal.enter('pulled', plan1);
        const pullStart = c.now();
        await c.runtime.pull(image, plan.registryAuth);
        r.timings.pull = c.now() - pullStart;
        const pulled = plan.platformManifests?.find((m) => m.platform === c.runtime.platform);
        if (pulled)
            r.pulledPlatformDigest = pulled.digest;
        if (c.appHost && opts.releaseCommand) {
            c.journal.enter('released', plan1);
            await runRelease(c, c.appHost, { image, target });
        }
    }
    // The idle color's target is out of the router (disabled in its config, or set so on retire/failure).
    c.journal.enter('started', plan1);
    if (worker && !opts.overlap && live) {
        // The one mode with a gap: a worker that must never run twice stops the old color first.
        c.journal.enter('started', { stoppedPrevious: true });
        c.logger.info(`${app}: overlap is false: stopping ${live} before ${target} starts`);
        await c.runtime.stop((0,deploy_spec/* instanceName */.zl)(app, live), opts.stopTimeoutSeconds);
    }
    if (plan.kind === 'deploy')
        await c.runtime.create((0,deploy_spec/* serviceSpec */.x1)(s, { color: target, image, platform: c.runtime.platform, network: NETWORK, owner: c.owner }));
    await c.runtime.start(name);
    c.journal.enter('gated');
    const healthStart = c.now();
    const inst = await c.runtime.inspect(name);
    await c.router.addTarget(app, target, inst?.address ? { ip: inst.address, port: s.containerPort } : undefined);
    await (worker ? workerReady(c, name) : gate(c, target, name));
    r.timings.health = c.now() - healthStart;
    // Atomic switch: the new target takes new requests, the old one drains.
    c.journal.enter('switched', { switched: true });
    const switchStart = c.now();
    await c.router.switchTo(app, target, live);
    r.switchMs = c.now() - switchStart;
    r.timings.switch = r.switchMs;
    c.logger.info(`Switched ${app} to ${target} in ${r.switchMs} ms${live ? ` (${live} draining)` : ''}`);
    c.journal.enter('soaking');
    const next = { ...state, live: target, colors: { ...state.colors, [target]: { image, since: new Date(c.now()).toISOString() } } };
    await Promise.all([c.router.persist(app, target), c.store.write(app, next)]);
    const soakStart = c.now();
    const failure = worker ? await workerSoak(c, name) : await soak(c, target);
    r.timings.soak = c.now() - soakStart;
    if (failure) {
        r.rollbackReason = failure;
        const to = live ? `reverted to ${live}` : 'failed after the switch (no previous color to return to)';
        throw new DeployError(`${image} ${to}: ${failure}`, r, { phase: 'soaking' });
    }
    c.journal.enter('retired');
    await retire(c);
    if (c.appHost && plan.kind === 'deploy')
        await pruneImages(c, c.appHost);
}

;// CONCATENATED MODULE: ./src/deploy/router-haproxy.ts



/** Router health from HAProxy's server rows. */
const healthOf = (stats) => {
    const out = {};
    for (const [color, stat] of Object.entries(stats))
        out[color] = { up: checkedUp(stat), detail: describeStat(stat), sessions: stat.sessions };
    return out;
};
/**
 * The app's own HAProxy (`<app>-proxy`), driven through its runtime API: servers `blue` and `green`
 * in one backend; a switch is two `set server` commands in one session, never a reload.
 */
class HaproxyRouter {
    docker;
    settings;
    control;
    constructor(docker, settings, control) {
        this.docker = docker;
        this.settings = settings;
        this.control = control;
    }
    check(app) {
        if (app !== this.settings.app)
            throw new ProxyError(`${this.control.container} routes ${this.settings.app} only, not ${app}`);
    }
    async addTarget(app, color, address) {
        this.check(app);
        // Point the server at the instance now rather than waiting for the next DNS resolution; drain state is checked but takes no traffic.
        await this.control.apply([...(address ? [addrCmd(color, address.ip, address.port)] : []), serverCmd(color, 'drain')]);
    }
    async removeTarget(app, color) {
        this.check(app);
        if (!(await this.docker.inspect(this.control.container))?.State.Running)
            return;
        await this.control.apply([serverCmd(color, 'maint')]);
    }
    async health(app) {
        this.check(app);
        return healthOf(await this.control.stats());
    }
    async switchTo(app, to, from) {
        this.check(app);
        await this.control.apply(from ? [serverCmd(to, 'ready'), serverCmd(from, 'drain')] : [serverCmd(to, 'ready')]);
    }
    async probe(app, path) {
        this.check(app);
        const { status, stats } = await this.control.probeWithStats(path);
        return { status, health: healthOf(stats) };
    }
    async persist(app, live) {
        this.check(app);
        await writeProxyConfig(this.docker, this.settings, live);
    }
}

;// CONCATENATED MODULE: ./src/deploy/router-none.ts
/** A worker's router: it has no route and no port, so there is nothing to add, switch or drain. */
class NoRouter {
    async addTarget() { }
    async removeTarget() { }
    async health() {
        return {};
    }
    async switchTo() { }
    async probe() {
        return { status: '', health: {} };
    }
    async persist() { }
}

;// CONCATENATED MODULE: ./src/deploy/lock.ts

const L = {
    holder: 'shipshape.lock.holder',
    runUrl: 'shipshape.lock.run-url',
    actor: 'shipshape.lock.actor',
    started: 'shipshape.lock.started-at',
    expires: 'shipshape.lock.expires-at',
};
const lockName = (app) => `shipshape-lock-${app}`;
function describe(labels) {
    const who = labels[L.holder] ?? 'unknown holder';
    const parts = [who];
    if (labels[L.actor])
        parts.push(`by ${labels[L.actor]}`);
    if (labels[L.runUrl])
        parts.push(`(${labels[L.runUrl]})`);
    parts.push(`since ${labels[L.started] ?? '?'}, expires ${labels[L.expires] ?? '?'}`);
    return parts.join(' ');
}
/**
 * A lease per app: a never-started container named `shipshape-lock-<app>`. Creating it is atomic
 * (a name conflict means taken); holder, run URL and times live in its labels.
 */
async function acquireLease(docker, o) {
    const name = lockName(o.app);
    const start = o.now();
    let broken;
    for (;;) {
        const now = o.now();
        const labels = {
            [L.holder]: o.owner.id,
            [L.started]: new Date(now).toISOString(),
            [L.expires]: new Date(now + o.ttlMs).toISOString(),
            'shipshape.app': o.app,
        };
        if (o.owner.runUrl)
            labels[L.runUrl] = o.owner.runUrl;
        if (o.owner.actor)
            labels[L.actor] = o.owner.actor;
        const created = await docker.create(name, { Image: o.image, Cmd: ['true'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
        if (created)
            return { name, holder: o.owner.id, waitedMs: o.now() - start, ...(broken && { broken }) };
        const held = await docker.inspect(name);
        if (!held)
            continue;
        const heldLabels = held.Config.Labels ?? {};
        const expires = Date.parse(heldLabels[L.expires] ?? '');
        if (!Number.isFinite(expires) || expires <= o.now()) {
            broken = `expired lease of ${describe(heldLabels)}`;
            await docker.remove(held.Id);
            continue;
        }
        if (o.now() - start >= o.waitMs) {
            throw new LockError(`app ${o.app} is locked by ${describe(heldLabels)}; waited ${Math.round((o.now() - start) / 1000)} s`);
        }
        await new Promise((r) => setTimeout(r, Math.min(o.pollMs ?? 1000, Math.max(1, expires - o.now()))));
    }
}
/** Releases the lease only if we still hold it (never someone else's after ours was broken). */
async function releaseLease(docker, app, holder) {
    const held = await docker.inspect(lockName(app));
    if (held && held.Config.Labels?.[L.holder] === holder)
        await docker.remove(held.Id);
}
/** The id of whoever holds the app's lease now (undefined: free). */
async function leaseHolder(docker, app) {
    return (await docker.inspect(lockName(app)))?.Config.Labels?.[L.holder];
}

;// CONCATENATED MODULE: ./src/deploy/store-engine.ts




/** The never-started container the state volume is read and written through (archive API). */
const stateContainer = (app) => `shipshape-state-${app}`;
/**
 * The host state in the volume `shipshape-state-<app>` (the one earlier proxies mounted, so their
 * state carries over), reached through `shipshape-state-<app>`, a container that never runs; the
 * lease is `shipshape-lock-<app>` (lock.ts).
 */
class EngineHostStore {
    docker;
    image;
    ready = new Map();
    /** `image`: any local image (the proxy's) for the never-started lease and state containers. */
    constructor(docker, image) {
        this.docker = docker;
        this.image = image;
    }
    ensure(app) {
        let p = this.ready.get(app);
        if (!p) {
            p = (async () => {
                const name = stateContainer(app);
                if (await this.docker.inspect(name))
                    return;
                await this.docker.ensureVolume(stateVolume(app), { 'shipshape.app': app });
                // A concurrent deploy may create it first (409): that one is as good.
                await this.docker.create(name, {
                    Image: this.image,
                    Cmd: ['true'],
                    Labels: { 'shipshape.app': app, 'shipshape.role': 'state' },
                    HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: stateVolume(app), Target: STATE_DIR }] },
                });
            })();
            this.ready.set(app, p);
            p.catch(() => this.ready.delete(app));
        }
        return p;
    }
    async read(app) {
        const where = `${STATE_DIR}/${STATE_FILE} in volume ${stateVolume(app)}`;
        let text;
        try {
            await this.ensure(app);
            text = await this.docker.getFile(stateContainer(app), `${STATE_DIR}/${STATE_FILE}`);
        }
        catch (e) {
            throw new HostStateError(`could not read ${where}`, { cause: e });
        }
        try {
            return parseHostState(text);
        }
        catch (e) {
            throw new HostStateError(`the host state of ${app} (volume ${stateVolume(app)}) is not usable: ${(0,log/* errorMessage */.gJ)(e)}`, { cause: e });
        }
    }
    async write(app, state) {
        try {
            await this.ensure(app);
            await this.docker.putFile(stateContainer(app), STATE_DIR, STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
        }
        catch (e) {
            throw new HostStateError(`could not write the host state of ${app} (volume ${stateVolume(app)})`, { cause: e });
        }
    }
    acquireLease(o) {
        return acquireLease(this.docker, { ...o, image: this.image });
    }
    async holds(app, holder) {
        return (await leaseHolder(this.docker, app)) === holder;
    }
    releaseLease(app, holder) {
        return releaseLease(this.docker, app, holder);
    }
}

;// CONCATENATED MODULE: ./src/deploy/index.ts




















/** Puts `req.image` (by digest) live on the app's idle color through the health gate, switch and soak. */
async function deploy(settings, req) {
    if (!/@sha256:[0-9a-f]{64}$/.test(req.image)) {
        throw new DeployError(`deploy needs an image by digest (repo@sha256:…), got "${req.image}"`);
    }
    return run(settings, req, { kind: 'deploy', image: req.image, registryAuth: req.registryAuth, platformManifests: req.platformManifests });
}
/** Switches back to the previous color's digest (its stopped container) through the same gate, switch and soak. */
async function rollback(settings, req) {
    return run(settings, req, { kind: 'rollback', registryAuth: req.registryAuth });
}
/** A web app's traffic goes through its HAProxy; a worker has no route. */
const router = (docker, settings) => (0,deploy_spec/* appOptions */.Cp)(settings).role === 'worker' ? new NoRouter() : new HaproxyRouter(docker, settings, new ProxyControl(docker, proxyName(settings.app)));
async function connect(settings) {
    const transport = await openTransport(settings);
    try {
        return { transport, docker: new Docker(await new EngineClient(transport).connect()) };
    }
    catch (e) {
        transport.close();
        throw e;
    }
}
async function run(settings, req, plan) {
    const now = req.now ?? Date.now;
    for (const [, v] of settings.env)
        if (v.length >= secret_forms/* MIN_SECRET_LENGTH */.vb)
            req.mask(v);
    if (settings.sshPrivateKey)
        req.mask(settings.sshPrivateKey);
    if (req.registryAuth?.password)
        req.mask(req.registryAuth.password);
    const result = emptyResult(settings.app, settings.host.text);
    let transport;
    try {
        const conn = await connect(settings);
        transport = conn.transport;
        const docker = conn.docker;
        result.host = transport.where;
        result.engineVersion = docker.api.engineVersion;
        const platform = `${docker.api.os}/${docker.api.arch}`;
        result.platform = platform;
        req.logger.info(`${plan.kind} ${settings.app} on ${transport.where} (Docker ${result.engineVersion}, ${platform})`);
        // A rollback needs an app that was deployed: without its proxy there is nothing to go back to, and
        // nothing on the host may change (no proxy image pulled, no lease, network or volume created).
        if (plan.kind === 'rollback' && !(await docker.inspect(proxyName(settings.app)))) {
            throw new DeployError(`rollback: ${settings.app} was never deployed on ${transport.where} (no ${proxyName(settings.app)} container); nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`, result);
        }
        await ensureImage(docker, settings.proxyImage, platform, req.registryAuth);
        const store = new EngineHostStore(docker, settings.proxyImage);
        const journal = new Journal({ v: 1, app: settings.app, host: settings.host.text, holder: req.owner.id, kind: plan.kind, phase: 'locked' }, (j) => req.saveState?.(j));
        const worker = (0,deploy_spec/* appOptions */.Cp)(settings).role === 'worker';
        const c = {
            settings,
            router: router(docker, settings),
            runtime: new EngineRuntime(docker, platform),
            store,
            appHost: new EngineAppHost(docker),
            // Under the lease: the proxy's config names the live color, and a changed check reloads it once. A worker has none.
            setup: worker ? () => docker.ensureNetwork(NETWORK) : async () => void (await ensureProxy(docker, settings, platform, (await store.read(settings.app)).live)),
            logger: req.logger,
            now,
            sleep: realSleep,
            owner: req.owner,
            journal,
            result,
        };
        return await runMachine(c, plan);
    }
    catch (e) {
        const lost = transport?.lost ? `${transport.lost.message}; ` : '';
        if (e instanceof DeployError && !lost)
            throw e;
        const phase = e instanceof DeployError ? e.phase : undefined;
        throw new DeployError(`${plan.kind} of ${settings.app} on ${result.host} failed: ${lost}${(0,log/* errorMessage */.gJ)(e)}`, e instanceof DeployError && e.result ? e.result : result, {
            cause: transport?.lost ?? e,
            phase,
        });
    }
    finally {
        transport?.close();
    }
}
/**
 * The post step after main stopped (killed, canceled or failed mid-undo): from the saved phase, undo
 * (the previous version serves, the candidate goes, the lease is freed) or finish a passed deploy.
 */
async function settleDeploy(settings, saved, logger) {
    if (saved.phase === 'done')
        return;
    if (saved.app !== settings.app || saved.host !== settings.host.text) {
        throw new DeployError(`the saved deploy is of ${saved.app} on ${saved.host}, but the inputs say ${settings.app} on ${settings.host.text}; left it alone`);
    }
    const { transport, docker } = await connect(settings);
    try {
        const platform = `${docker.api.os}/${docker.api.arch}`;
        const c = {
            settings,
            router: router(docker, settings),
            runtime: new EngineRuntime(docker, platform),
            store: new EngineHostStore(docker, settings.proxyImage),
            appHost: new EngineAppHost(docker),
            logger,
            now: Date.now,
            sleep: realSleep,
            owner: { id: saved.holder },
            journal: new Journal(saved, () => { }),
            result: emptyResult(settings.app, transport.where),
        };
        await settle(c);
    }
    finally {
        transport.close();
    }
}


/***/ })

};

//# sourceMappingURL=907.index.js.map