export const id = 365;
export const ids = [365];
export const modules = {

/***/ 88365:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sH: () => (/* reexport */ DeployError),
  gg: () => (/* binding */ deploy),
  parseJournal: () => (/* reexport */ parseJournal),
  TF: () => (/* binding */ remove),
  qV: () => (/* binding */ renew),
  dU: () => (/* binding */ deploy_rollback),
  settleDeploy: () => (/* binding */ settleDeploy)
});

// UNUSED EXPORTS: HostStateError, LockError, ProxyError, UndoError

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
;// CONCATENATED MODULE: ./src/deploy/core/context.ts
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

;// CONCATENATED MODULE: ./src/deploy/core/edge-errors.ts
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

;// CONCATENATED MODULE: ./src/deploy/core/errors.ts


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

;// CONCATENATED MODULE: ./src/deploy/core/journal.ts
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
/**
 * deploy-mode swarm (placements/swarm/run.ts):
 * - locked: lease, overlay network, proxy service, the no-op check;  undo: release
 * - updating: the create/update (or Swarm rollback) is issued and converging;  undo: back to the
 *   previous spec (Swarm rollback, or wait for Swarm's own), a first create's service removed
 * - converged: every task runs the new spec;  forward: the host history, release
 */
const SWARM_PHASES = ['locked', 'updating', 'converged', 'reverting', 'reverted', 'done'];
/**
 * `remove` and `renew` go forward only: `removing` (the placement's teardown, then the host state) is
 * completed by the post step after a kill; `renewing` needs nothing but its lease freed (each
 * certificate is loaded atomically).
 */
const TEARDOWN_PHASES = { remove: ['locked', 'removing', 'done'], renew: ['locked', 'renewing', 'done'] };
const COLORS = new Set(['blue', 'green']);
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
    if (j.mode !== undefined && j.mode !== 'swarm')
        return { problem: `the saved deploy state has an unknown mode ${JSON.stringify(j.mode)}` };
    if (j.kind === 'remove' || j.kind === 'renew') {
        if (!TEARDOWN_PHASES[j.kind].includes(j.phase))
            return { problem: `the saved ${j.kind} state has an unknown phase ${JSON.stringify(j.phase)}` };
        if (j.lease !== undefined && (typeof j.lease !== 'string' || !j.lease))
            return { problem: `the saved ${j.kind} state names no lease` };
        return { journal: j };
    }
    if (!(j.mode === 'swarm' ? SWARM_PHASES : PHASES).includes(j.phase)) {
        return { problem: `the saved deploy state has an unknown ${j.mode === 'swarm' ? 'swarm ' : ''}phase ${JSON.stringify(j.phase)}` };
    }
    if (j.kind !== 'deploy' && j.kind !== 'rollback')
        return { problem: `the saved deploy state has an unknown kind ${JSON.stringify(j.kind)}` };
    if (j.edge !== undefined && (!j.edge || typeof j.edge !== 'object' || Array.isArray(j.edge)))
        return { problem: 'the saved deploy state has an edge that is not an object' };
    if (j.mode === 'swarm')
        return swarmProblem(j) ?? { journal: j };
    for (const k of ['target', 'previous'])
        if (j[k] !== undefined && !COLORS.has(j[k]))
            return { problem: `the saved deploy state has an unknown ${k} color ${JSON.stringify(j[k])}` };
    const after = PHASES.indexOf(j.phase) >= PHASES.indexOf('started');
    if (after && j.phase !== 'done' && j.phase !== 'reverted' && (!j.target || !j.candidateKind)) {
        return { problem: `the saved deploy state is in phase ${j.phase} but does not say which color was the candidate` };
    }
    return { journal: j };
}
function swarmProblem(j) {
    if (j.phase !== 'updating' && j.phase !== 'reverting')
        return undefined;
    const w = j.swarm;
    if (!w || typeof w !== 'object' || typeof w.created !== 'boolean' || typeof j.image !== 'string') {
        return { problem: `the saved swarm deploy state is in phase ${j.phase} but does not say which image was going live and whether the service was created` };
    }
    if (!w.created && typeof w.previousImage !== 'string')
        return { problem: `the saved swarm deploy state is in phase ${j.phase} but does not name the image the service ran before` };
    return undefined;
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

;// CONCATENATED MODULE: ./src/deploy/core/failure-words.ts
/**
 * What failed, in the user's words, for the final error line; the phase's internal name stays on the
 * error object and in the record. `after`: what the undo leaves serving (said only once it is done).
 */
function failureWords(kind, app, phase, previous) {
    const version = kind === 'rollback' ? 'the previous version' : 'the new version';
    const live = previous ? `the live version (${previous}) keeps serving` : 'nothing served before it, and nothing serves now';
    if (kind === 'remove') {
        return phase === 'locked' ? { what: `the removal of ${app} did not begin`, after: 'nothing changed' } : { what: `removing ${app} did not finish`, after: 'the post step completes it' };
    }
    if (kind === 'renew')
        return phase === 'locked' ? { what: 'the certificate renewal did not begin', after: 'nothing changed' } : { what: 'renewing certificates failed' };
    switch (phase) {
        case 'locked':
            return { what: `the ${kind} did not begin`, after: 'nothing changed' };
        case 'pulled':
            return { what: `the host could not pull ${version}`, after: live };
        case 'released':
            return { what: 'the release command failed', after: live };
        case 'started':
            return { what: `${version} failed to start`, after: live };
        case 'gated':
            return { what: `${version} did not pass its health check`, after: live };
        case 'switched':
            return { what: `switching traffic to ${version} failed`, after: previous ? `the live version (${previous}) serves again` : undefined };
        case 'soaking':
            return { what: `${version} failed while it was watched after the switch`, after: previous ? `the live version (${previous}) serves again` : undefined };
        case 'retired':
            return { what: `${version} serves, but retiring the old one failed` };
        case 'updating':
        case 'converged':
            return { what: `Swarm's update to ${version} failed`, after: previous ? 'the previous version serves again' : 'the new service was removed' };
        default:
            return { what: `the ${kind} failed` };
    }
}

;// CONCATENATED MODULE: ./src/deploy/core/machine.ts



/**
 * The deploy as a state machine with the host's lease: a failure in any phase runs that phase's undo
 * before the lease is freed. The invariant: a deploy that did not succeed leaves the previously live
 * version serving and frees the lease; one that succeeded leaves the new version serving.
 */
async function drive(c, kind, strategy) {
    const r = c.result;
    try {
        // Waiting as long as the lease lives means a holder that died without its post step is always recovered by the next deploy.
        const lease = await c.store.acquireLease({ app: leaseOf(c), owner: c.owner, ttlMs: strategy.leaseTtlMs, waitMs: strategy.leaseTtlMs, now: c.now });
        r.lock = { holder: lease.holder, waitedMs: lease.waitedMs, ...(lease.broken && { broken: lease.broken }) };
        if (lease.broken)
            c.logger.warning(`Broke an ${lease.broken}`);
    }
    catch (e) {
        // The journal stays `locked`: if the lease was taken after all, the post step frees it.
        throw failed(c, kind, 'locked', e);
    }
    try {
        await strategy.setup?.();
        await strategy.phases();
    }
    catch (e) {
        const phase = c.journal.phase;
        const failure = failed(c, kind, phase, e);
        try {
            await strategy.undo((0,log/* errorMessage */.gJ)(e));
        }
        catch (u) {
            // The lease stays ours, so the post step retries the undo from `reverting` under it.
            const undone = failed(c, kind, phase, e, { undone: false });
            throw new DeployError(`${undone.message}; then ${(0,log/* errorMessage */.gJ)(u)} (the post step retries)`, failure.result, { cause: u instanceof UndoError ? e : u, phase });
        }
        await freeLease(c);
        throw failure;
    }
    await freeLease(c);
    return r;
}
/** The lease a run holds: the app's own, or the one its journal names (`renew`). */
const leaseOf = (c) => c.journal.value.lease ?? c.settings.app;
/** The error the step ends with: what failed in the user's words (failure-words.ts); the phase stays on it for the record. */
function failed(c, kind, phase, e, o = {}) {
    const r = c.result;
    const j = c.journal.value;
    // The live color did not change: that is what the record and outputs must say.
    if (j.previous && phase !== 'retired')
        r.color = j.previous;
    const result = e instanceof DeployError && e.result ? { ...e.result, color: r.color } : r;
    const { what, after } = failureWords(kind, c.settings.app, phase, j.previous ?? (j.swarm && !j.swarm.created ? 'the previous spec' : undefined));
    const head = `${kind} of ${c.settings.app}: ${what}${after && o.undone !== false ? `; ${after}` : ''}`;
    return new DeployError(`${head}: ${(0,log/* errorMessage */.gJ)(e)}`, result, { cause: e, phase });
}
async function freeLease(c) {
    try {
        await c.store.releaseLease(leaseOf(c), c.owner.id);
        c.journal.enter('done');
    }
    catch (e) {
        // The journal stays in its phase: the post step tries again; else the lease expires by itself.
        c.logger.warning(`Could not release the deploy lock of ${c.settings.app} (the post step tries again): ${(0,log/* errorMessage */.gJ)(e)}`);
    }
}
/**
 * The post step after main stopped: from the saved phase, finish or undo, then free the lease — but only
 * while the lease is still this run's (else another deploy owns the host now).
 */
async function machine_settleWith(c, recovery) {
    const j = c.journal.value;
    const app = leaseOf(c);
    if (j.phase === 'done')
        return;
    if (!(await c.store.holds(app, j.holder))) {
        if (j.phase === 'locked')
            return; // killed before (or while) taking the lease: nothing was done
        c.logger.warning(`The ${j.kind === 'renew' ? 'renewal' : 'deploy'} lease of ${app} is no longer this run's (expired and taken, or released): left the host as it is (phase ${j.phase})${recovery.leftBehind?.() ?? ''}`);
        return;
    }
    await recovery.recover();
    await c.store.releaseLease(app, j.holder);
    c.journal.enter('done');
    c.logger.info(`Released the ${j.kind === 'renew' ? 'renewal' : 'deploy'} lock of ${app}`);
}

;// CONCATENATED MODULE: ./src/deploy/core/teardown.ts
/** A teardown's lease: container removals and a few waits for Swarm tasks to stop. */
const REMOVE_LEASE_MS = 300_000;
/**
 * `remove: true` as the machine runs it, under the app's lease: the placement's teardown (its route
 * first, so no request reaches what is being removed; then its instances), then the app's host state.
 * Forward only: what is gone stays gone, and a killed remove is completed by the post step (every
 * step is idempotent).
 */
function removal(c, teardown) {
    const removed = [];
    const work = async () => {
        c.journal.enter('removing');
        await teardown(removed);
        removed.push(...(await c.store.forget(c.settings.app)));
    };
    return { removed, leaseTtlMs: REMOVE_LEASE_MS, phases: work, undo: async () => { }, recover: work };
}
/**
 * `renew: true` as the machine runs it, under the host's renewal lease (one renewal at a time; each
 * certificate is loaded under the host-wide lock). Nothing to undo: a certificate is loaded atomically
 * or not at all, so the post step only frees the lease.
 */
function renewal(c, renew, leaseTtlMs) {
    const statuses = [];
    return {
        statuses,
        leaseTtlMs,
        phases: async () => {
            c.journal.enter('renewing');
            statuses.push(...(await renew()));
        },
        undo: async () => { },
        recover: async () => { },
    };
}

;// CONCATENATED MODULE: ./src/deploy/docker-host/images.ts
/** Pulls an image only when the engine does not have it yet (the proxy and lease image); auth only for its own registry. */
async function ensureImage(docker, ref, platform, auth) {
    if (await docker.imageExists(ref))
        return;
    await docker.pull(ref, platform, auth && ref.startsWith(`${auth.serveraddress}/`) ? auth : undefined);
}
/**
 * The image a run that works from what the host already runs (rollback, remove, renew, the post step)
 * lends its never-started lease and state containers: the image of the first of `containers` that
 * exists and is present, so a host whose proxy runs a custom `proxy-image` pulls nothing.
 */
async function existingImage(docker, containers) {
    for (const name of containers) {
        const image = (await docker.inspect(name))?.Config.Image;
        if (image && (await docker.imageExists(image)))
            return image;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
;// CONCATENATED MODULE: ./src/host-values.ts


// The validators of values read back from the deploy host (labels, state files, the engine's answers)
// before they are used: each must be what shipshape wrote there. Pure, and no input parser: the deploy
// core imports them (test/unit/architecture.test.ts allows this file), while the input validators live
// with the settings (src/settings/values.ts). Not in src/deploy/core/ because the Engine adapter uses
// ipAddress, whose node:net the core may not import.
const shown = (text) => JSON.stringify(text);
/** A value read back from the deploy host that is about to be used: it must be what shipshape wrote there. */
class HostValueError extends Error {
    constructor(where, what, value) {
        super(`${where} holds ${shown(String(value)).slice(0, 200)} as ${what}, which shipshape never writes; check or remove it on the host`);
        this.name = 'HostValueError';
    }
}
function ipAddress(where, text) {
    if (external_node_net_.isIP(text) === 0)
        throw new HostValueError(where, 'an IP address', text);
    return text;
}
function oneOf(where, what, allowed, value) {
    if (typeof value !== 'string' || !allowed.includes(value))
        throw new HostValueError(where, what, value);
    return value;
}
/** `repo@sha256:…`: the only form of image shipshape labels containers with. */
function digestReference(where, text) {
    let ok = false;
    try {
        ok = !!(0,reference/* parseReference */.F2)(text).digest && !/\s/.test(text);
    }
    catch {
        ok = false;
    }
    if (!ok)
        throw new HostValueError(where, 'an image by digest', text);
    return text;
}

;// CONCATENATED MODULE: ./src/deploy/core/color.ts
const color_COLORS = ['blue', 'green'];
const other = (c) => (c === 'blue' ? 'green' : 'blue');

;// CONCATENATED MODULE: ./src/deploy/core/host-state.ts


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
        throw new HostValueError(where, 'its content (not JSON)', text);
    }
    // `live` names a runtime API server and a container: only blue or green may come back from the host.
    const live = s.live === undefined || s.live === null ? undefined : oneOf(where, "'live'", color_COLORS, s.live);
    return { live, colors: s.colors ?? {}, history: Array.isArray(s.history) ? s.history : [] };
}
function withHistory(state, entry, limit) {
    return { ...state, history: [...state.history, entry].slice(-Math.max(1, limit)) };
}

;// CONCATENATED MODULE: ./src/deploy/docker-host/lease.ts

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
        if (o.reclaimOwn && heldLabels[L.holder] === o.owner.id) {
            // Held under our own id: a process of this run that was killed inside it (the post step reclaims it).
            broken = `lease left by this run (${describe(heldLabels)})`;
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

;// CONCATENATED MODULE: ./src/deploy/docker-host/store.ts




/** The never-started container the state volume is read and written through (archive API). */
const stateContainer = (app) => `shipshape-state-${app}`;
/**
 * The host state in the volume `shipshape-state-<app>` (the one earlier proxies mounted, so their
 * state carries over), reached through `shipshape-state-<app>`, a container that never runs; the
 * lease is `shipshape-lock-<app>` (lease.ts).
 */
class EngineHostStore {
    docker;
    image;
    ready = new Map();
    // The state file as this run last read or wrote it: while the run holds the app's lease nobody else
    // writes it, and each archive call costs the engine a helper process (~0.5 s on a small host).
    known = new Map();
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
            text = this.known.get(app);
            if (text === undefined) {
                await this.ensure(app);
                text = await this.docker.getFile(stateContainer(app), `${STATE_DIR}/${STATE_FILE}`);
            }
        }
        catch (e) {
            throw new HostStateError(`could not read ${where}`, { cause: e });
        }
        try {
            const state = parseHostState(text);
            this.known.set(app, text ?? '');
            return state;
        }
        catch (e) {
            throw new HostStateError(`the host state of ${app} (volume ${stateVolume(app)}) is not usable: ${(0,log/* errorMessage */.gJ)(e)}`, { cause: e });
        }
    }
    async write(app, state) {
        const text = `${JSON.stringify(state, null, 2)}\n`;
        this.known.delete(app);
        try {
            await this.ensure(app);
            await this.docker.putFile(stateContainer(app), STATE_DIR, STATE_FILE, text);
            this.known.set(app, text);
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
    async forget(app) {
        const gone = [];
        if (await this.docker.inspect(stateContainer(app))) {
            await this.docker.remove(stateContainer(app));
            gone.push(stateContainer(app));
        }
        this.ready.delete(app);
        this.known.delete(app);
        await this.docker.removeVolume(stateVolume(app));
        return [...gone, `volume ${stateVolume(app)}`];
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
                        if (req.onData && res.statusCode === 200) {
                            try {
                                req.onData(c);
                            }
                            catch (e) {
                                fail(e);
                            }
                            return;
                        }
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
        parts.push((0,tar/* encodeHeader */.YS)({ name: f.name, type: 'file', mode: f.mode ?? 0o644, size: data.length, mtime, uid: f.uid ?? 0, gid: f.gid ?? 0 }), data, (0,tar/* padding */.Ms)(data.length));
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

;// CONCATENATED MODULE: ./src/deploy/engine/pull-progress.ts

const STATES = {
    'Pulling fs layer': 'waiting',
    Waiting: 'waiting',
    Downloading: 'downloading',
    'Verifying Checksum': 'downloading',
    'Download complete': 'downloaded',
    Extracting: 'extracting',
    'Pull complete': 'done',
    'Already exists': 'existed',
};
const PULL_EVERY_MS = 3000;
/** The most lines one pull logs (a stalled pull still says it stalls, every PULL_EVERY_MS, up to this). */
const PULL_MAX_LINES = 60;
const size = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} kB`);
/** `repo@sha256:0123456789ab…`: the log names the image once in full (the deploy's first line), then short. */
const shortRef = (ref) => ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…');
/**
 * Turns the pull stream into a few log lines: the engine's own lines that are not about a layer
 * ("Pulling from …", "Digest: …", "Status: …") as they come, and a summary of the layers when one
 * changes state, at most every PULL_EVERY_MS. Byte progress never makes a line by itself.
 */
class PullProgress {
    log;
    now;
    layers = new Map();
    lines = 0;
    lastAt = -Infinity;
    pending = false;
    ref;
    constructor(ref, log, now = Date.now) {
        this.log = log;
        this.now = now;
        this.ref = shortRef(ref);
    }
    feed(m) {
        const state = m.status ? STATES[m.status] : undefined;
        if (!state || !m.id) {
            if (!m.status || m.error)
                return;
            // Said in order: the layers' last change before the engine's next line ("Digest: …").
            if (this.pending)
                this.summary();
            // "Pulling from <repo>" carries the tag or digest as its id: the line's prefix names it already.
            const id = m.id && !m.status.startsWith('Pulling from') && !m.status.includes(m.id) ? ` ${m.id}` : '';
            this.say(`pull ${this.ref}: ${(0,log/* peerText */.qT)(`${m.status}${id}`, 300)}`);
            return;
        }
        const layer = this.layers.get(m.id) ?? { state, current: 0, total: 0 };
        const changed = layer.state !== state || !this.layers.has(m.id);
        layer.state = state;
        if (state === 'downloading' && m.progressDetail?.total) {
            layer.current = m.progressDetail.current ?? layer.current;
            layer.total = m.progressDetail.total;
        }
        if (state === 'downloaded' || state === 'extracting' || state === 'done')
            layer.current = layer.total;
        this.layers.set(m.id, layer);
        if (changed)
            this.pending = true;
        if (this.pending && this.now() - this.lastAt >= PULL_EVERY_MS)
            this.summary();
    }
    /** The stream ended: the summary, if the last change has not been said. */
    end() {
        if (this.pending)
            this.summary();
    }
    summary() {
        const all = [...this.layers.values()];
        const done = all.filter((l) => l.state === 'done' || l.state === 'existed').length;
        const existed = all.filter((l) => l.state === 'existed').length;
        const total = all.reduce((n, l) => n + l.total, 0);
        const current = all.reduce((n, l) => n + l.current, 0);
        const bytes = total ? `, ${size(current)} of ${size(total)} downloaded` : '';
        this.say(`pull ${this.ref}: ${done} of ${all.length} layers done${existed ? ` (${existed} already on the host)` : ''}${bytes}`);
        this.pending = false;
    }
    say(line) {
        this.lastAt = this.now();
        if (this.lines++ < PULL_MAX_LINES)
            this.log(line);
    }
}
/** Splits a byte stream into lines as it arrives; `rest` keeps a partial last line (bounded). */
class LineSplitter {
    onLine;
    rest = '';
    constructor(onLine) {
        this.onLine = onLine;
    }
    push(chunk) {
        const parts = (this.rest + chunk.toString('utf8')).split('\n');
        this.rest = parts.pop() ?? '';
        // One engine JSON line is small; a "line" this long is not one, and is not kept whole.
        if (this.rest.length > 1024 * 1024)
            this.rest = this.rest.slice(-1024 * 1024);
        for (const p of parts)
            if (p.trim())
                this.onLine(p);
    }
    end() {
        if (this.rest.trim())
            this.onLine(this.rest);
        this.rest = '';
    }
}

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
    /** Runs a command in a running container (as `user`, default the container's); returns its exit code and demultiplexed output. */
    async exec(name, cmd, timeoutMs, user) {
        const created = await this.api.json('POST', `/containers/${id(name)}/exec`, {
            body: { Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false, ...(user && { User: user }) },
        });
        const res = await this.api.request('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
        if (res.status !== 200)
            throw new EngineError(res.status, `exec in ${name}: ${engineMessage(res.body)}`);
        const out = demux(res.body);
        const info = await this.api.json('GET', `/exec/${created.Id}/json`);
        return { exitCode: info.ExitCode ?? -1, ...out };
    }
    /** Pulls `ref` for `platform`; registry errors arrive inside the 200 progress stream, read as it arrives. */
    async pull(ref, platform, auth, progress) {
        const headers = {};
        // moby decodes this with padded URL-safe base64; unpadded input silently becomes "no credentials".
        if (auth)
            headers['X-Registry-Auth'] = Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
        const said = new PullProgress(ref, progress ?? (() => { }));
        let failure;
        const lines = new LineSplitter((line) => {
            const msg = parseEngineJson(Buffer.from(line), `pull ${ref}`);
            // The engine answered 200 and then reported the registry's failure in the progress stream.
            if (msg?.error)
                failure ??= (0,log/* peerText */.qT)(String(msg.errorDetail?.message ?? msg.error), 500);
            else if (msg)
                said.feed(msg);
        });
        const res = await this.api.request('POST', '/images/create', { query: { fromImage: ref, platform }, headers, timeoutMs: 600000, onData: (c) => lines.push(c) });
        if (res.status !== 200)
            throw new EngineError(res.status, `pull ${ref} (${platform}): ${engineMessage(res.body)}`);
        lines.end();
        if (failure)
            throw new EngineError(res.status, `pull ${ref} (${platform}): ${failure}`);
        said.end();
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
    async removeVolume(name) {
        await this.api.json('DELETE', `/volumes/${id(name)}`, { accept: [404] });
    }
    async ensureVolume(name, labels) {
        await this.api.json('POST', '/volumes/create', { body: { Name: name, Labels: labels } });
    }
    /** `o`: the file's mode and owner (default 0644, root). */
    async putFile(container, dir, fileName, content, o = {}) {
        await this.api.json('PUT', `/containers/${id(container)}/archive`, {
            query: { path: dir },
            body: tarFiles([{ name: fileName, content, ...o }]),
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






const SLOW_DIAL_MS = 2000;
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
    const started = Date.now();
    const slowMs = o.slowAfterMs ?? SLOW_DIAL_MS;
    const slow = o.progress && setInterval(() => o.progress(`connecting to ${where} over SSH, ${Math.round((Date.now() - started) / 1000)} s of up to ${(0,bounds/* seconds */.YA)(waitMs)}…`), slowMs);
    const handshake = new Promise((resolve, reject) => {
        onHandshakeError = (e) => {
            onHandshakeError = undefined;
            client.end();
            const why = /timed out/i.test(e.message) ? `no SSH handshake within ${(0,bounds/* seconds */.YA)(waitMs)} (is it an SSH server, and reachable?)` : (0,log/* peerText */.qT)(e.message);
            reject(new TransportError(refusal ?? `SSH connection to ${where} failed: ${why}; check deploy-host and that sshd answers there`, { cause: e }));
        };
        client.once('ready', () => {
            onHandshakeError = undefined;
            if (o.progress && Date.now() - started >= slowMs)
                o.progress(`connected to ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
    try {
        await handshake;
    }
    finally {
        if (slow)
            clearInterval(slow);
    }
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
/** `progress`: told when the connection is slow to come up (SSH). */
async function openTransport(settings, progress) {
    const host = settings.host;
    if (host.kind === 'unix')
        return unixTransport(host.path);
    if (host.kind === 'tcp') {
        // readSettings refuses tcp:// without all three; settings made in code may still lack them.
        if (!settings.engineTls) {
            throw new TransportError(`deploy-host ${host.text} needs tls-ca, tls-cert and tls-key (the engine must verify the client and be verified)`);
        }
        return tlsTransport(host.host, host.port, settings.engineTls);
    }
    return openSshTransport({
        user: host.user,
        host: host.host,
        port: host.port,
        privateKey: settings.sshPrivateKey ?? '',
        knownHosts: settings.sshKnownHosts ?? '',
        dockerSocket: settings.dockerSocket,
        progress,
    });
}

// EXTERNAL MODULE: ./src/settings/route.ts
var settings_route = __webpack_require__(51228);
// EXTERNAL MODULE: ./src/deploy/core/spec.ts
var core_spec = __webpack_require__(11992);
;// CONCATENATED MODULE: ./src/deploy/core/release.ts



/** The bound on one release command (a migration); the lease lives this much longer when there is one. */
const RELEASE_LIMIT_SECONDS = 900;
const releaseName = (app) => `${app}-release`;
/**
 * Before anything starts: every network the app joins exists (never created silently) and its named
 * volumes exist (created with shipshape labels on first use; never removed by a deploy).
 */
async function preflight(c, host) {
    const o = (0,core_spec/* appOptions */.Cp)(c.settings);
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
    const cmd = (0,core_spec/* appOptions */.Cp)(c.settings).releaseCommand;
    if (!cmd)
        return;
    const app = c.settings.app;
    const spec = { ...(0,core_spec/* instanceSpec */.bD)(c.settings, { color: o.target, image: o.image, platform: c.runtime.platform, network: core_spec/* NETWORK */.pG, owner: c.owner }), name: releaseName(app) };
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

;// CONCATENATED MODULE: ./src/deploy/core/retain.ts


/**
 * After a successful deploy: keep the images of this app's last `retain` live deploys (rollback and
 * redeploys need no pull) and remove its older ones — only images this app's host history names,
 * never one a container still uses (the engine refuses those). Forward only: failures warn.
 */
async function pruneImages(c, host) {
    const app = c.settings.app;
    const retain = (0,core_spec/* appOptions */.Cp)(c.settings).retain;
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

;// CONCATENATED MODULE: ./src/deploy/core/check-words.ts
const CHECK = /^(.*?)\s*\b(L[4-7][A-Z]+|SOCKERR|INI|UNK|HANA|CHECKED)\b(?:\s+(\d{3}))?(?:\s+\((.*)\))?\s*$/;
function readCheck(detail, t) {
    const m = CHECK.exec(detail);
    if (!m) {
        if (/no server row/.test(detail))
            return { seen: 'the proxy has no server for it yet' };
        if (/MAINT/.test(detail))
            return { seen: 'the proxy has not resolved its address yet' };
        return { seen: detail || 'no check result yet' };
    }
    const [, , code, status, text] = m;
    const port = `port ${t.port}`;
    const listening = `is the app listening on \`container-port\` (${t.port})?`;
    switch (code) {
        case 'L4CON':
            return { code, seen: `connection refused on ${port}`, hint: listening };
        case 'L4TOUT':
            return { code, seen: `no connection to ${port} within the check's timeout`, hint: `${listening.slice(0, -1)}, on 0.0.0.0 rather than 127.0.0.1?` };
        case 'SOCKERR':
            return { code, seen: `socket error reaching ${port}${text ? ` (${text})` : ''}`, hint: listening };
        case 'L6TOUT':
        case 'L6RSP':
            return { code, seen: `TLS error on ${port}`, hint: `the check speaks plain HTTP: does the app serve plain HTTP on \`container-port\` (${t.port})?` };
        case 'L7TOUT':
            return { code, seen: `GET ${t.path} did not answer within the check's timeout`, hint: `does the app answer \`health-path\` (${t.path}) quickly, without waiting on something else?` };
        case 'L7RSP':
            return { code, seen: `GET ${t.path} on ${port} answered something that is not HTTP`, hint: `is \`container-port\` (${t.port}) the app's HTTP port?` };
        case 'L7STS': {
            const seen = `GET ${t.path} answered ${status ?? 'a non-2xx status'}`;
            if (status === '404')
                return { code, seen, hint: `does the app serve \`health-path\` (${t.path})?` };
            if (status?.startsWith('5'))
                return { code, seen, hint: 'the app reports an error on its health path: see its log lines' };
            return { code, seen, hint: `the check wants a 2xx answer on \`health-path\` (${t.path})` };
        }
        case 'INI':
            return { code, seen: 'the first check has not finished yet' };
        default:
            return { code, seen: `${code}${status ? ` ${status}` : ''}${text ? ` (${text})` : ''}` };
    }
}
/** One line for the log or an error: `connection refused on port 8080 (L4CON): is the app listening …?` */
function checkWords(detail, t, o = {}) {
    const r = readCheck(detail, t);
    return `${r.seen}${r.code ? ` (${r.code})` : ''}${o.hint && r.hint ? `: ${r.hint}` : ''}`;
}

;// CONCATENATED MODULE: ./src/deploy/core/exit-words.ts

/**
 * Whether the candidate stopped being a candidate: gone, exited, or crashed and restarted since it
 * was started (`restartsBefore`). Such a candidate can only fail its gate, so the gate ends at once.
 */
function candidateDown(inst, restartsBefore) {
    return !inst || !inst.running || inst.status === 'restarting' || (inst.restarts ?? 0) > restartsBefore;
}
// The shapes "command not found" takes in a container's log: tini (`Init: true`), runc, a shell.
const NOT_FOUND = [/exec (\S+) failed: No such file or directory/, /exec: "([^"]+)": executable file not found/, /(?:^|\s)(\S+): (?:command )?not found/, /exec (\S+): no such file or directory/i];
function missingCommand(logs) {
    for (const l of [...logs].reverse()) {
        for (const re of NOT_FOUND) {
            const m = re.exec(l);
            if (m)
                return (0,log/* peerText */.qT)(m[1].replace(/^"|"$/g, ''), 100);
        }
    }
    return undefined;
}
/** What happened to a candidate that exited or restart-loops, and what to do about it. */
function exitWords(name, inst, logs) {
    if (!inst)
        return `the container ${name} is gone (removed while the deploy waited for it?)`;
    const code = inst.exitCode;
    const times = `${inst.restarts} time${inst.restarts === 1 ? '' : 's'}`;
    if (inst.running && inst.status !== 'restarting') {
        // Running again after a crash: the engine has already reset its exit code.
        const cmd = missingCommand(logs);
        return `the container crashed and was restarted ${times}${cmd ? `: \`${cmd}\`: not found — does the image have the command in \`cmd\` (or \`entrypoint\`)?` : ' — see its last log lines'}`;
    }
    const head = `the container exited with code ${code}${inst.restarts ? ` (restarted ${times})` : ''}`;
    if (inst.oomKilled)
        return `${head}: it was killed for using more memory than its limit — raise \`memory\` or lower the app's use`;
    switch (code) {
        case 127: {
            const cmd = missingCommand(logs);
            return `${head}: ${cmd ? `\`${cmd}\`: not found` : 'command not found'} — does the image have the command in \`cmd\` (or \`entrypoint\`)?`;
        }
        case 126:
            return `${head}: its command could not be run (not executable, or permission denied) — check \`cmd\` and \`entrypoint\` and the file's mode in the image`;
        case 0:
            return `${head}: its command ended instead of serving — does \`cmd\` run the server in the foreground?`;
        case 137:
            return `${head}: it was killed (SIGKILL)`;
        case 139:
            return `${head}: it crashed (segmentation fault)`;
        default:
            return `${head}: the app stopped by itself — see its last log lines`;
    }
}

;// CONCATENATED MODULE: ./src/deploy/core/waits.ts




const POLL_MS = 200;
const DRAIN_POLL_MS = 100;
const DRAIN_LIMIT_MS = 15000;
/** When the gate says what it sees: first after PROGRESS_FIRST_MS, then every PROGRESS_EVERY_MS. */
const PROGRESS_FIRST_MS = 2000;
const PROGRESS_EVERY_MS = 5000;
const secs = (ms) => Math.floor(ms / 1000);
/**
 * The health gate: the router's active check of `color` (no traffic yet) until it passes, the
 * instance exits or restarts (at once; `restartsBefore`: its engine restart count before it was started), or the timeout. It logs what the check sees every few seconds.
 */
async function gate(c, color, name, restartsBefore = 0) {
    const s = c.settings;
    const start = c.now();
    const deadline = start + s.healthTimeoutSeconds * 1000;
    const target = { path: s.healthPath, port: s.containerPort };
    const attempts = c.result.health.attempts;
    let nextProgress = start + PROGRESS_FIRST_MS;
    for (;;) {
        const row = (await c.router.health(s.app))[color];
        const ok = !!row?.up;
        const detail = row ? (0,log/* peerText */.qT)(row.detail, 200) : 'no server row';
        attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok, detail });
        if (attempts.length > 40)
            attempts.splice(0, attempts.length - 40);
        if (ok)
            return;
        let inst = await c.runtime.inspect(name);
        const down = candidateDown(inst, restartsBefore);
        if (down || c.now() >= deadline) {
            // Seen running again after a crash: its exit code shows while it is down between restarts.
            for (let i = 0; down && i < 10 && inst?.running && inst.status !== 'restarting'; i++) {
                await c.sleep(POLL_MS);
                inst = await c.runtime.inspect(name);
            }
            const logs = await c.runtime.logs(name, 20).catch((e) => [`(its logs could not be read: ${e.message})`]);
            const last = attempts
                .slice(-3)
                .map((a) => a.detail)
                .join('; ');
            const why = down ? `: ${exitWords(name, inst, logs)}` : ` within ${s.healthTimeoutSeconds} s: ${checkWords(detail, target, { hint: true })}; last checks: ${last}`;
            throw new DeployError(`${name} did not pass the health check GET ${s.healthPath}${why}${logs.length ? `; last log lines:\n${logs.map((l) => (0,log/* peerText */.qT)(l, 500)).join('\n')}` : ''}`, { ...c.result, lastLogLines: logs }, { phase: 'gated' });
        }
        if (c.now() >= nextProgress) {
            c.logger.info(`${s.app}: waiting for ${color}, ${secs(c.now() - start)} s of ${s.healthTimeoutSeconds}: GET :${s.containerPort}${s.healthPath} → ${checkWords(detail, target, { hint: true })}`);
            nextProgress = c.now() + PROGRESS_EVERY_MS;
        }
        await c.sleep(POLL_MS);
    }
}
/**
 * Runs `probe` every `pollMs` for `soak-seconds` and records it in the result; the first fault
 * ends the soak and comes back as the failure reason (`what`: the word for one probe in it).
 */
async function soakLoop(c, what, pollMs, probe) {
    const out = { seconds: c.settings.soakSeconds, probes: 0, failures: 0, ok: true };
    c.result.soak = out;
    const end = c.now() + c.settings.soakSeconds * 1000;
    if (c.settings.soakSeconds > 0)
        c.logger.info(`${c.settings.app}: soaking for ${c.settings.soakSeconds} s (a ${what} every ${pollMs} ms; the first fault fails the deploy)`);
    while (c.now() < end) {
        const fault = await probe();
        out.probes++;
        if (fault) {
            out.failures++;
            out.ok = false;
            return `soak failed after ${out.probes} ${what}(s): ${fault}`;
        }
        await c.sleep(pollMs);
    }
    return undefined;
}
/** Probes the public route and the new color's check for `soak-seconds`; returns a failure reason or undefined. */
function soak(c, color) {
    const s = c.settings;
    return soakLoop(c, 'probe', POLL_MS, async () => {
        const { health, status } = await c.router.probe(s.app, s.healthPath);
        const target = health[color];
        const code = /^HTTP\/\d\.\d (\d{3})/.exec(status)?.[1];
        return !target?.up
            ? `proxy check of ${color}: ${target ? (0,log/* peerText */.qT)(target.detail, 200) : 'no server row'}`
            : !code || !code.startsWith('2')
                ? `GET ${s.healthPath} through the proxy answered "${(0,log/* peerText */.qT)(status, 200)}"`
                : undefined;
    });
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

;// CONCATENATED MODULE: ./src/deploy/core/undo.ts







/** Appends to the host history; a failure is a warning naming what was lost (the deploy itself is settled). */
async function recordHistory(c, outcome, reason) {
    const j = c.journal.value;
    // A swarm service has no colors: its entries say blue, as its outputs do, and carry the mode.
    const color = j.mode === 'swarm' ? 'blue' : j.target;
    if (!color || !j.image || (j.kind !== 'deploy' && j.kind !== 'rollback'))
        return;
    const r = c.result;
    const entry = {
        at: new Date(c.now()).toISOString(),
        kind: j.kind,
        outcome,
        image: j.image,
        color,
        ...(j.mode && { mode: j.mode }),
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
    const name = (0,core_spec/* instanceName */.zl)(app, target);
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
        await step(`start ${(0,core_spec/* instanceName */.zl)(app, j.previous)} again`, () => c.runtime.start((0,core_spec/* instanceName */.zl)(app, j.previous)));
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
            await c.runtime.stop((0,core_spec/* instanceName */.zl)(app, old), (0,core_spec/* appOptions */.Cp)(c.settings).stopTimeoutSeconds);
        }
        catch (e) {
            c.logger.warning(`${app}: ${j.target} is live, but retiring ${old} failed (it may still run, taking no traffic): ${(0,log/* errorMessage */.gJ)(e)}`);
        }
    }
    await recordHistory(c, 'live');
}
/** The blue-green post step: finish (`retired`) or undo from the saved phase. */
function blueGreenRecovery(c) {
    return {
        recover: async () => {
            const phase = c.journal.phase;
            if (phase === 'retired') {
                await retire(c);
                await c.edge?.finish();
            }
            else {
                await undo(c, `the main step stopped in phase ${phase}`);
                await c.edge?.unprepare();
            }
        },
        leftBehind: () => {
            const j = c.journal.value;
            return j.target && j.candidateKind === 'new' && !['locked', 'pulled', 'reverted'].includes(j.phase) ? `; ${(0,core_spec/* instanceName */.zl)(c.settings.app, j.target)} may remain` : '';
        },
    };
}
/**
 * The post step after main was killed: from the saved phase, finish (`retired`) or undo, then free the
 * lease — but only while the lease is still this run's (else another deploy owns the host now).
 */
const settle = (c) => settleWith(c, blueGreenRecovery(c));

;// CONCATENATED MODULE: ./src/deploy/core/worker-ready.ts




const worker_ready_POLL_MS = 250;
/**
 * A worker's gate (it has no HTTP): ready when its Docker HEALTHCHECK (the image's or `health-cmd`)
 * says healthy; without one, when it has kept running, unrestarted, for `ready-seconds`.
 */
async function workerReady(c, name) {
    const s = c.settings;
    const readyMs = (0,core_spec/* appOptions */.Cp)(s).readySeconds * 1000;
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
function workerSoak(c, name) {
    return soakLoop(c, 'check', worker_ready_POLL_MS, async () => {
        const inst = await c.runtime.inspect(name);
        return !inst?.running ? `${name} stopped (code ${inst?.exitCode ?? 'gone'})` : inst.health === 'unhealthy' ? `${name} became unhealthy` : undefined;
    });
}

;// CONCATENATED MODULE: ./src/deploy/core/blue-green.ts









const LEASE_MARGIN_SECONDS = 240;
/**
 * The blue-green deploy as a state machine (kamal-proxy's service/target model) driven by the machine (machine.ts):
 * every phase is entered in the journal before its work, and a failure in any phase runs that phase's
 * undo (undo.ts) before the lease is freed.
 */
function blueGreen(c, plan) {
    const s = c.settings;
    // The lease outlives the longest deploy (pull budget + the placement's own, e.g. ACME + gate + soak + retire).
    const releaseBudget = (0,core_spec/* appOptions */.Cp)(s).releaseCommand ? RELEASE_LIMIT_SECONDS : 0;
    const leaseTtlMs = (LEASE_MARGIN_SECONDS + s.healthTimeoutSeconds + s.soakSeconds + releaseBudget + (0,core_spec/* appOptions */.Cp)(s).readySeconds) * 1000 + (c.edge?.leaseBudgetMs ?? 0);
    const undoAll = async (reason) => {
        await undo(c, reason);
        await c.edge?.unprepare();
    };
    return { leaseTtlMs, setup: c.setup, phases: () => phases(c, plan), undo: undoAll, ...blueGreenRecovery(c) };
}
/** Whether the live color runs `image` and passes the router's check. */
async function liveAndHealthy(c, state, image) {
    if (!state.live || state.colors[state.live]?.image !== image)
        return false;
    const inst = await c.runtime.inspect((0,core_spec/* instanceName */.zl)(c.settings.app, state.live));
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
        // A changed route or check (the placement's edge) is applied through a candidate, never skipped.
        if (!c.edge?.changesEdge && (await liveAndHealthy(c, state, image))) {
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
        const old = await c.runtime.inspect((0,core_spec/* instanceName */.zl)(app, other(live)));
        if (!old?.image)
            throw new DeployError(`rollback: ${app} has no previous color to return to (no ${(0,core_spec/* instanceName */.zl)(app, other(live))} container)`, r);
        // Read back from the host and used as an image reference: it must be repo@sha256:… and nothing more.
        image = digestReference(`the label shipshape.image of ${(0,core_spec/* instanceName */.zl)(app, other(live))}`, old.image);
    }
    const target = live ? other(live) : 'blue';
    const name = (0,core_spec/* instanceName */.zl)(app, target);
    r.color = target;
    r.to = { color: target, digest: image };
    if (live) {
        r.previousColor = live;
        const liveImage = state.colors[live]?.image;
        if (liveImage)
            r.from = { color: live, digest: liveImage };
    }
    const plan1 = { target, previous: live, image, candidateKind: plan.kind === 'deploy' ? 'new' : 'previous' };
    const opts = (0,core_spec/* appOptions */.Cp)(s);
    const worker = opts.role === 'worker';
    if (plan.kind === 'deploy') {
        if (c.appHost)
            await preflight(c, c.appHost);
        c.journal.enter('pulled', plan1);
        const pullStart = c.now();
        await c.runtime.pull(image, plan.registryAuth, (line) => c.logger.info(`${app}: ${line}`));
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
        await c.runtime.stop((0,core_spec/* instanceName */.zl)(app, live), opts.stopTimeoutSeconds);
    }
    if (plan.kind === 'deploy')
        await c.runtime.create((0,core_spec/* instanceSpec */.bD)(s, { color: target, image, platform: c.runtime.platform, network: core_spec/* NETWORK */.pG, owner: c.owner }));
    // A rollback restarts the old color's own container: the gate counts only the restarts after this start.
    const restartsBefore = plan.kind === 'rollback' ? ((await c.runtime.inspect(name))?.restarts ?? 0) : 0;
    await c.runtime.start(name);
    c.journal.enter('gated');
    const healthStart = c.now();
    const inst = await c.runtime.inspect(name);
    await c.router.addTarget(app, target, inst?.address ? { ip: inst.address, port: s.containerPort } : undefined);
    await (worker ? workerReady(c, name) : gate(c, target, name, restartsBefore));
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
    await c.edge?.finish();
    if (c.appHost && plan.kind === 'deploy')
        await pruneImages(c, c.appHost);
}

;// CONCATENATED MODULE: ./src/deploy/docker-host/runtime.ts



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
    async pull(image, auth, progress) {
        await this.docker.pull(image, this.platform, auth, progress);
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
            ...(info.State.Status && { status: info.State.Status }),
            exitCode: info.State.ExitCode,
            ...(info.State.OOMKilled && { oomKilled: true }),
            image: info.Config.Labels?.['shipshape.image'],
            // Read back from the engine and put into a runtime API line: it must be an address and nothing more.
            ...(found && { address: ipAddress(`the engine's inspect of ${name}`, found) }),
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

;// CONCATENATED MODULE: ./src/deploy/docker-host/app-host.ts

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
            // Without the app's aliases: a peer calling the app by its alias must never reach the release.
            for (const n of spec.networks ?? [])
                await this.docker.connectNetwork(n.name, spec.name, []);
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

// EXTERNAL MODULE: ./src/settings/parsers.ts
var parsers = __webpack_require__(30021);
;// CONCATENATED MODULE: ./src/deploy/haproxy.ts




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
 * A backend's retries (after PROXY_DEFAULTS' `retries 3`, `option redispatch`): a GET or HEAD whose
 * server refused the connection or closed it without an answer (a crashed candidate) is sent again,
 * the last time to another usable server (the draining color's backup twin); other methods are never
 * replayed, as their effect may already have happened.
 */
const RETRY_LINES = ['    retry-on conn-failure empty-response junk-response', '    http-request disable-l7-retry if !METH_GET'];
/** The `global` section of an app's own proxy: the runtime API on 127.0.0.1 inside the container. */
const PROXY_GLOBAL = ['global', `    stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin`, '    stats timeout 10s'];
/** The head of a `resolvers` section asking Docker's embedded DNS (its `hold` lines are each proxy's own). */
const DOCKER_RESOLVER = ['resolvers docker', '    nameserver dns 127.0.0.11:53', '    resolve_retries 3', '    timeout resolve 250ms', '    timeout retry 250ms'];
/**
 * One backend with a `blue` and a `green` server found through Docker's DNS. Active checks
 * (drain-state servers are still checked) are the health gate; the runtime API on
 * 127.0.0.1 inside the container does the switch without reloads.
 */
function proxyConfig(c) {
    return [
        ...PROXY_GLOBAL,
        '',
        ...PROXY_DEFAULTS,
        '',
        ...DOCKER_RESOLVER,
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
        ...RETRY_LINES,
        `    option httpchk GET ${c.healthPath}`,
        '    http-check expect rstatus ^2[0-9][0-9]$',
        '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr last,libc,none',
        ...serverLines(c.app, c.containerPort, c.live),
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
/**
 * How every proxy container runs: HAProxy itself as PID 1, master-worker (`-W`: SIGUSR2 to PID 1 is the
 * hitless reload), in the foreground (`-db`), on shipshape's config. Set on the container, not inherited
 * from the image's entrypoint script: an image without the official one's script would run HAProxy
 * without `-W`, and every reload would silently do nothing.
 */
const PROXY_COMMAND = { Entrypoint: ['haproxy'], Cmd: ['-W', '-db', '-f', `${CONFIG_DIR}/${CONFIG_FILE}`] };
// Reads fd $1 to its end and prints it; exit 124 once $T seconds (set by ProxyControl.run) have passed.
// With coreutils (the official image): `cat` under `timeout`, as bash's `read` takes a byte per system
// call (seconds for a 200-app `show servers state`). Without: bash's own `read -t`, bash is all it needs.
const readAll = (fd) => `if command -v timeout >/dev/null 2>&1 && command -v cat >/dev/null 2>&1; then exec timeout -s KILL "$T" cat <&${fd}; fi
end=$((SECONDS + T))
while left=$((end - SECONDS)); [ "$left" -gt 0 ] || exit 124
  IFS= read -r -t "$left" l <&${fd}; rc=$?; [ "$rc" -le 128 ] || exit 124
  [ "$rc" -eq 0 ] || [ -n "$l" ]; do printf '%s\\n' "$l"; done`;
// One runtime API command per connection.
const RUNTIME_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 3
printf '%s\\n' "$1" >&3
${readAll(3)}`;
// A runtime API command whose payload is a file in the container (`cmd <<`, the file, an empty line):
// secrets such as a private key go from the file to the socket, never through an argument or the log.
const PAYLOAD_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 3
{ printf '%s <<\\n' "$1"; while IFS= read -r l || [ -n "$l" ]; do [ -n "$l" ] && printf '%s\\n' "$l"; done <"$2"; printf '\\n'; } >&3
${readAll(3)}`;
// An HTTP/1.0 GET against the proxy's own frontend (prints the status line), then `show stat` of backend $3.
const PROBE_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${FRONTEND_PORT} || exit 3
printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nUser-Agent: shipshape-soak\\r\\n\\r\\n' "$1" "$2" >&3
IFS= read -r -t "$T" l <&3; [ $? -le 128 ] || exit 124
printf '%s\\n' "$l"; exec 3<&-
exec 4<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 4
printf 'show stat %s -1 -1\\n' "$3" >&4
${readAll(4)}`;
/** Exit 126/127 of an exec: the engine could not start the program (the message is on stdout). */
const notRunnable = (r) => r.exitCode === 126 || r.exitCode === 127;
/** Drives one app's proxy container through its runtime API, via Engine API exec. */
class ProxyControl {
    docker;
    container;
    constructor(docker, container) {
        this.docker = docker;
        this.container = container;
    }
    /**
     * A bash script run inside the proxy; its reads give up after the bound (exit 124), so a stalled
     * HAProxy does not leave the exec running and the call ends within the bound.
     */
    async run(label, script, ...args) {
        const { runtimeMs, engineCallMs } = (0,bounds/* peerBounds */.ML)();
        const limit = Math.ceil(runtimeMs / 1000);
        const r = await this.docker.exec(this.container, ['bash', '-c', `T=${limit}\n${script}`, label, ...args], runtimeMs + engineCallMs);
        // 124: the script's own read gave up; 137: coreutils' timeout killed its `cat`.
        return { ...r, timedOut: r.exitCode === 124 || r.exitCode === 137 };
    }
    failed(command, r) {
        const why = (0,log/* peerText */.qT)((r.stderr.trim() || r.stdout.trim()).slice(0, 500), 500);
        if (notRunnable(r)) {
            return new ProxyError(`HAProxy runtime API "${command}" in ${this.container} could not run bash there (exit ${r.exitCode}: ${why}); the runtime API is reached through bash inside the proxy, so input 'proxy-image' must have bash (the official haproxy image has it; its Alpine variant does not)`);
        }
        return new ProxyError(`HAProxy runtime API "${command}" in ${this.container} failed (exit ${r.exitCode}): ${why}`);
    }
    /** A runtime command's answer (trimmed), or why it has none: no answer in time, or the script failed. */
    answer(command, r) {
        if (r.timedOut)
            throw new ProxyError(`HAProxy runtime API "${command}" in ${this.container} did not answer within ${(0,bounds/* seconds */.YA)((0,bounds/* peerBounds */.ML)().runtimeMs)} (stopped); check the proxy container`);
        if (r.exitCode !== 0)
            throw this.failed(command, r);
        return r.stdout.trim();
    }
    async runtime(command) {
        const out = this.answer(command, await this.run('runtime', RUNTIME_SCRIPT, command));
        // Errors come back as text on the first line; later lines (e.g. `show stat`'s check_desc "Not Found") are data.
        const first = out.split('\n')[0];
        if (/^(Unknown command|No such|Require|Invalid|.* not found\.?$)/i.test(first))
            throw new ProxyError(`HAProxy runtime API "${command}": ${(0,log/* peerText */.qT)(first, 500)}`);
        return out;
    }
    /** `command <<` with the content of `file` (inside the container) as its payload; HAProxy's answer. */
    async runtimePayload(command, file) {
        return this.answer(command, await this.run('runtime', PAYLOAD_SCRIPT, command, file));
    }
    /** The pid of the worker answering (a reload in master-worker mode starts another one). */
    async workerPid() {
        return /^Pid: (\d+)$/m.exec(await this.runtime('show info'))?.[1];
    }
    /** The backend's rows only: a host proxy's whole `show stat` is ~1,000 rows at 200 apps. A backend the worker does not have: none. */
    async stats(backend = BACKEND) {
        const out = await this.runtime(`show stat ${backend} -1 -1`).catch((e) => {
            if (e instanceof ProxyError && /: No such proxy/.test(e.message))
                return '';
            throw e;
        });
        return parseShowStat(out, backend);
    }
    /** Several commands in one runtime session (`;`-separated), applied back to back. */
    async apply(commands) {
        await this.runtime(commands.join('; '));
    }
    /** Status line of GET <path> through the proxy's own frontend (the public route), and the servers' stats, in one exec. */
    /** `host`: the Host header (the host proxy routes by it); `backend`: whose servers' stats. */
    async probeWithStats(path, o = {}) {
        const r = await this.run('probe', PROBE_SCRIPT, path, o.host ?? 'localhost', o.backend ?? BACKEND);
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
const twin = (c) => `${c}-bk`;
const serverCmd = (server, state, backend = BACKEND) => `set server ${backend}/${server} state ${state}`;
const addrCmd = (server, ip, port, backend = BACKEND) => `set server ${backend}/${server} addr ${ip} port ${port}`;
/**
 * A backend's servers: one per color, plus each color's backup twin at the same address. HAProxy sends
 * traffic to a backup only while no active server is usable, so the twin of the draining color serves
 * if the new color goes down during the soak, until the deploy has switched back (no 503 in between).
 * `allow-dup-ip`: HAProxy's resolver otherwise gives a name's one address to one server of the backend
 * only, and the twin would sit in maintenance (resolution).
 */
function serverLines(app, port, live) {
    return [
        ...color_COLORS.map((c) => `    server ${c} ${app}-${c}:${port} check${live === c ? '' : ' disabled'}`),
        ...color_COLORS.map((c) => `    server ${twin(c)} ${app}-${c}:${port} check backup resolve-opts allow-dup-ip disabled`),
    ];
}
/** The runtime API commands of a router's moves, shared by the app's own proxy and the host proxy. */
const moves = {
    /** Points the color (and its twin) at the instance; drain: checked, takes no traffic. */
    add: (color, address, b = BACKEND) => [
        ...(address ? [addrCmd(color, address.ip, address.port, b), addrCmd(twin(color), address.ip, address.port, b)] : []),
        serverCmd(color, 'drain', b),
    ],
    /** `to` takes new requests, `from` drains with its twin as the fallback; `to`'s twin is out. */
    switch: (to, from, b = BACKEND) => [
        serverCmd(to, 'ready', b),
        ...(from ? [serverCmd(from, 'drain', b), serverCmd(twin(from), 'ready', b)] : []),
        serverCmd(twin(to), 'maint', b),
    ],
    remove: (color, b = BACKEND) => [serverCmd(color, 'maint', b), serverCmd(twin(color), 'maint', b)],
};

;// CONCATENATED MODULE: ./src/deploy/placements/proxy-container.ts





// What the app's own proxy and the host proxy share of their container's start and checks.
/** How long a started proxy may take to open its runtime API: a loaded host once took more than 10 s. */
const runtimeOpenMs = () => Math.max((0,bounds/* peerBounds */.ML)().waitMs, 10_000);
const BASH_OK = 'shipshape-bash-ok';
/**
 * The one thing shipshape needs inside the proxy image besides `haproxy`: bash, whose /dev/tcp reaches
 * the runtime API on 127.0.0.1 in the container (the Engine API can only exec there, not connect).
 */
async function checkBash(docker, container, image) {
    const r = await docker.exec(container, ['bash', '-c', `echo ${BASH_OK}`], (0,bounds/* peerBounds */.ML)().engineCallMs);
    if (r.exitCode === 0 && r.stdout.includes(BASH_OK))
        return;
    const why = (0,log/* peerText */.qT)((r.stderr.trim() || r.stdout.trim() || 'no output').slice(0, 300), 300);
    throw new parsers/* InputError */.dz('proxy-image', `"${image}" cannot run bash in ${container} (exit ${r.exitCode}${notRunnable(r) ? ': bash is missing' : ''}: ${why}). shipshape reaches HAProxy's runtime API through bash inside the proxy container, so the image needs bash (coreutils are not needed). Use the official haproxy image (e.g. haproxy:lts, Debian-based) or an image derived from it that keeps bash; the Alpine variant (haproxy:lts-alpine) and distroless images have none`);
}
/** Waits until the proxy's runtime API answers `show info`, at most runtimeOpenMs. */
async function waitForRuntime(control, name) {
    const limit = runtimeOpenMs();
    const deadline = Date.now() + limit;
    let last;
    for (;;) {
        try {
            await control.runtime('show info');
            return;
        }
        catch (e) {
            last = e;
        }
        if (Date.now() >= deadline)
            break;
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new ProxyError(`proxy ${name} did not open its runtime API within ${(0,bounds/* seconds */.YA)(limit)}: ${(0,log/* errorMessage */.gJ)(last)}`, { cause: last });
}
/**
 * Starts a proxy container, checks that its image has bash and waits for its runtime API. When that
 * fails, a container this run created is removed — nothing half set up stays, and the next deploy
 * creates it again from scratch; one that existed before is left as it was. The error says which.
 */
async function startProxy(docker, control, o) {
    const name = control.container;
    try {
        await docker.start(name);
        await checkBash(docker, name, o.image);
        await waitForRuntime(control, name);
    }
    catch (e) {
        const logs = await docker.logs(name, 5).catch(() => []);
        const tail = logs.length > 0 ? ` (its last log lines: ${logs.join(' | ')})` : '';
        if (!o.created)
            throw withMessage(e, `${(0,log/* errorMessage */.gJ)(e)}${tail}; ${name} existed before this deploy and was left as it was: check it on the host`);
        try {
            await docker.remove(name);
        }
        catch (r) {
            throw withMessage(e, `${(0,log/* errorMessage */.gJ)(e)}${tail}; removing the new ${name} failed too (${(0,log/* errorMessage */.gJ)(r)}): remove it on the host before deploying again`);
        }
        throw withMessage(e, `${(0,log/* errorMessage */.gJ)(e)}${tail}; removed ${name}, which this deploy had created, so the next deploy creates it again`);
    }
}
function withMessage(e, message) {
    if (e instanceof parsers/* InputError */.dz)
        return new parsers/* InputError */.dz(e.input, message.replace(/^Input '[^']*': /, ''));
    return new ProxyError(message, { cause: e });
}
/** `haproxy:lts` and `docker.io/library/haproxy:lts` are one image. */
const normalize = (ref) => ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
/**
 * A changed `proxy-image` is not applied to a running proxy: replacing its container closes the public
 * port for a moment and drops open connections (every app's, for the host proxy). It is reported.
 */
function reportImageChange(logger, info, name, wanted, o) {
    const running = info.Config.Image;
    if (normalize(running) === normalize(wanted))
        return;
    const drop = o.shared ? 'this drops the open connections of every app on this host' : 'this drops its open connections';
    logger.warning(`input 'proxy-image' is "${wanted}", but the proxy ${name} runs "${running}"; a deploy does not replace a running proxy, so this one goes on with "${running}". To use "${wanted}", remove ${name} on the host (docker rm -f ${name}; ${drop}) and deploy again; or set proxy-image to "${running}" to keep it`);
}
/**
 * Why a reload may have started no new worker: a proxy created before shipshape set its command runs
 * what its image's entrypoint gives, and HAProxy without `-W` ignores SIGUSR2. Empty when it runs ours.
 */
async function masterWorkerHint(docker, name) {
    const info = await docker.inspect(name).catch(() => undefined);
    const entrypoint = info?.Config?.Entrypoint;
    if (!info || JSON.stringify(entrypoint) === JSON.stringify(PROXY_COMMAND.Entrypoint))
        return '';
    return `; ${name} runs its image's entrypoint (${JSON.stringify(entrypoint ?? null)}), created by an older shipshape, and HAProxy ignores a reload unless that adds -W (master-worker): remove ${name} on the host (this drops its open connections) so the next deploy creates it with shipshape's own command`;
}
/**
 * After a SIGUSR2 to the master: polls (every 200 ms, for `ms`) until a worker other than `before`
 * answers and then `ready` (if given) holds. `reloaded`: the new worker came; `last`: what was seen
 * last (the runtime socket may not answer for a moment after the reload).
 */
async function awaitReload(control, before, ms, ready) {
    const deadline = Date.now() + ms;
    let reloaded = false;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
        try {
            if (!reloaded) {
                const now = await control.workerPid();
                reloaded = !!now && now !== before;
                last = `worker pid still ${now}`;
            }
            if (reloaded) {
                const seen = ready ? await ready() : true;
                if (seen === true)
                    return { done: true, reloaded, last };
                last = seen;
            }
        }
        catch (e) {
            last = (0,log/* errorMessage */.gJ)(e);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    return { done: false, reloaded, last };
}

;// CONCATENATED MODULE: ./src/deploy/placements/own-proxy/proxy.ts





const proxyName = (app) => `${app}-proxy`;
/**
 * The app's proxy container `<app>-proxy`: owns the public port and gets its config (naming `live`)
 * through the archive API before its first start. Its command is shipshape's (PROXY_COMMAND), not the
 * image's; one running another image than `proxy-image` is kept and reported (proxy-container.ts).
 */
async function ensureProxy(docker, s, platform, live, logger) {
    const name = proxyName(s.app);
    await docker.ensureNetwork(core_spec/* NETWORK */.pG);
    let info = await docker.inspect(name);
    let created = false;
    if (info)
        reportImageChange(logger, info, name, s.proxyImage, { shared: false });
    else {
        await ensureImage(docker, s.proxyImage, platform);
        const port = `${FRONTEND_PORT}/tcp`;
        created = !!(await docker.create(name, {
            Image: s.proxyImage,
            ...PROXY_COMMAND,
            Labels: { 'shipshape.app': s.app, 'shipshape.role': 'proxy' },
            ExposedPorts: { [port]: {} },
            HostConfig: {
                PortBindings: { [port]: [{ HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) }] },
                RestartPolicy: { Name: 'unless-stopped' },
                NetworkMode: core_spec/* NETWORK */.pG,
            },
        }));
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
    if (!info.State.Running)
        await startProxy(docker, control, { image: info.Config.Image, created });
    await applyCheckChange(docker, s, control, live);
    return control;
}
/**
 * The config lines that define the health check, the app port and the servers (a color's backup twin
 * included: a proxy written before the twins has none, and the runtime API cannot add a server).
 */
const checkLines = (config) => config
    .split('\n')
    .filter((l) => /^\s*(option httpchk|server (blue|green)(-bk)? )/.test(l))
    .map((l) => l.replace(/ disabled$/, ''))
    .join('\n');
/**
 * A changed `health-path` or `container-port`, or a proxy from an older shipshape, needs a new config:
 * HAProxy's runtime API cannot change a backend's check or add servers. It is rewritten (naming the live color) and the proxy reloaded gracefully (SIGUSR2 to
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
    const before = await control.workerPid();
    await writeProxyConfig(docker, s, live);
    await docker.signal(control.container, 'SIGUSR2');
    // A new worker must have started (else the old check still runs), and have checked the live server
    // before traffic relies on it again.
    const out = await awaitReload(control, before, RELOAD_UP_MS, live ? async () => {
        const stat = (await control.stats())[live];
        return stat?.status === 'UP' || (stat ? `${stat.status} ${stat.checkStatus}` : 'no server row');
    } : undefined);
    if (out.done)
        return;
    const last = out.last;
    if (!out.reloaded) {
        // Put back: a config on disk that the running worker never loaded would hide the change from the next deploy.
        await docker.putFile(control.container, CONFIG_DIR, CONFIG_FILE, current);
        throw new ProxyError(`${control.container} did not start a new worker within ${RELOAD_UP_MS / 1000} s of its reload for the new check (last: ${last}); its config was put back as it was${await masterWorkerHint(docker, control.container)}`);
    }
    throw new ProxyError(`${control.container} reloaded for the new check, but the live color ${live} was not UP within ${RELOAD_UP_MS / 1000} s (last: ${last})`);
}
const RELOAD_UP_MS = 15_000;
/** The on-disk config names the live color, so a proxy restart comes back serving it. */
async function writeProxyConfig(docker, s, live) {
    const text = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
    await docker.putFile(proxyName(s.app), CONFIG_DIR, CONFIG_FILE, text);
}

;// CONCATENATED MODULE: ./src/deploy/placements/own-proxy/router.ts



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
        await this.control.apply(moves.add(color, address));
    }
    async removeTarget(app, color) {
        this.check(app);
        if (!(await this.docker.inspect(this.control.container))?.State.Running)
            return;
        await this.control.apply(moves.remove(color));
    }
    async health(app) {
        this.check(app);
        return healthOf(await this.control.stats());
    }
    async switchTo(app, to, from) {
        this.check(app);
        await this.control.apply(moves.switch(to, from));
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

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/config.ts



/** In-container ports of the host-wide proxy (≥ 1024: the official image runs as a non-root user). */
const HOST_HTTP_PORT = 8080;
const HOST_HTTPS_PORT = 8443;
const ACME_MAP = `${CONFIG_DIR}/acme.map`;
const CRT_LIST = `${CONFIG_DIR}/certs.list`;
/** Servers' runtime state saved before a reload and loaded by the new worker (colors, addresses, drains). */
const SERVER_STATE = `${CONFIG_DIR}/server-state`;
const NO_ROUTE_BACKEND = 'shipshape-no-route';
const appBackend = (app) => `app-${app}`;
/** A staged entry's backend: the candidate's check and port, routed to by no request. */
const stageBackend = (app) => `stage-${app}`;
const config_NOT_FOUND = '<!doctype html><title>404 Not Found</title><h1>404 Not Found</h1><p>No app on this proxy serves this host and path.</p>';
/**
 * Servers start from the address the last worker had (`last`) or none, the `docker` resolver finding
 * it at run time; only the live server's name is also looked up at start
 * (`libc`): it is the one a committed entry serves from at once. Every other name may well not exist
 * (the idle color), and each missing name costs `haproxy -c` and a new worker a DNS timeout — minutes
 * at 200 apps.
 */
const liveLookedUp = (a, lines) => (a.live ? lines.map((l) => (l.startsWith(`    server ${a.live} `) ? l.replace(/ check\b/, ' check init-addr last,libc,none') : l)) : lines);
/** What the running worker cannot take from the runtime API: everything but the servers' `disabled` flags and start-up lookups. */
const runtimeShape = (config) => config.replace(/ init-addr \S+/g, '').replace(/ disabled$/gm, '');
/** The names routes and TLS-host files take: their content's hash, so a config names exactly the files it was checked with. */
const MAP_FILE = /^(?:routes-[0-9a-f]{16}\.map|tls-[0-9a-f]{16}\.lst)$/;
const named = (kind, ext, text) => `${kind}-${(0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16)}.${ext}`;
/**
 * The route map, looked up with `map_beg` (HAProxy's prefix tree: the longest key wins) on the request's
 * `<host><path>/`: an app without prefix has `<host>/`, one with `/api` has `<host>/api/`, which takes
 * `/api` (`/api/` after the appended slash) and `/api/…` but not `/apix`. Longest prefix first, for a reader.
 */
function routeMap(apps) {
    const rows = [...apps]
        .sort((x, y) => (y.route.pathPrefix?.length ?? 0) - (x.route.pathPrefix?.length ?? 0) || x.app.localeCompare(y.app))
        .flatMap((a) => a.route.hosts.map((h) => `${h}${a.route.pathPrefix ?? ''}/ ${appBackend(a.app)}`));
    return rows.length > 0 ? `${rows.join('\n')}\n` : '';
}
/** The hosts redirected to HTTPS: every host of an app with TLS, one a line. */
function tlsHostList(apps) {
    const hosts = [...new Set(apps.filter((a) => a.route.tls !== 'off').flatMap((a) => a.route.hosts))].sort();
    return hosts.length > 0 ? `${hosts.join('\n')}\n` : '';
}
/**
 * The host-wide proxy's config: one backend per app, chosen by the request's Host (port dropped,
 * lower-cased, a trailing dot stripped) and path prefix, longest prefix first, through a map file
 * (routeMap); anything else gets the proxy's 404 page. No line grows with the number of apps or hosts
 * (HAProxy truncates a line after 64 words): hosts and routes live in files the config names.
 * ACME HTTP-01 answers come from a map the runtime API fills (`add map`), so the proxy answers
 * challenges itself; apps with TLS get HTTP redirected to HTTPS (challenges excepted). SNI only
 * picks the certificate (crt-list); routing is always by Host. Swaps stay runtime-API `set server`
 * commands; a changed app set is written here and applied by a hitless reload (master-worker).
 */
function hostProxyConfig(apps, o) {
    const sorted = [...apps].sort((a, b) => a.app.localeCompare(b.app));
    const routes = routeMap(sorted);
    const tlsHosts = tlsHostList(sorted);
    const routesFile = named('routes', 'map', routes);
    const tlsFile = named('tls', 'lst', tlsHosts);
    const frontend = (name, bind, redirect) => [
        `frontend ${name}`,
        `    bind ${bind}`,
        // The Host routed on: port dropped, lower-cased, one trailing dot stripped (`app.example.` is the
        // same name fully qualified; the inputs strip it too).
        '    http-request set-var(txn.host) hdr(host),field(1,:),lower,regsub([.]$,)',
        '    acl acme_challenge path_beg /.well-known/acme-challenge/',
        `    http-request return status 200 content-type text/plain lf-string "%[path,field(4,/),map(${ACME_MAP})]" if acme_challenge { path,field(4,/),map(${ACME_MAP}) -m found }`,
        ...(redirect && tlsHosts !== ''
            ? // Not the deploy's own soak probe, sent from inside the proxy's container over plain HTTP.
                [`    http-request redirect scheme https code 301 if !acme_challenge !{ src 127.0.0.1 } { var(txn.host) -m str -f ${CONFIG_DIR}/${tlsFile} }`]
            : []),
        // The route key `<host><path>/` (see routeMap).
        '    http-request set-var(txn.path) path',
        '    http-request set-var(txn.route) var(txn.host),concat(,txn.path,/)',
        // A Host with a slash would reach into the path part of the key: no route.
        `    use_backend %[var(txn.route),map_beg(${CONFIG_DIR}/${routesFile},${NO_ROUTE_BACKEND})] if !{ var(txn.host) -m sub / }`,
        `    default_backend ${NO_ROUTE_BACKEND}`,
        '',
    ];
    const check = (a) => [
        `    option httpchk GET ${a.healthPath}`,
        '    http-check expect rstatus ^2[0-9][0-9]$',
        '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr last,none',
    ];
    const backend = (a) => {
        const p = a.route.pathPrefix;
        return [
            `backend ${appBackend(a.app)}`,
            '    balance roundrobin',
            ...(p ? [`    http-request set-path "%[path,regsub(^${p.replace(/\./g, '\\\\.')}/?,/)]"`] : []),
            ...RETRY_LINES,
            ...check(a),
            ...liveLookedUp(a, serverLines(a.app, a.containerPort, a.live)),
            '',
        ];
    };
    // Only checks run here: its servers are never sent a request.
    const stage = (a) => [`backend ${stageBackend(a.app)}`, ...check(a), ...color_COLORS.map((c) => `    server ${c} ${a.app}-${c}:${a.containerPort} check disabled`), ''];
    const config = [
        'global',
        `    stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin expose-fd listeners`,
        '    stats timeout 10s',
        // An old worker left after a reload finishes its requests, then is stopped (bounded).
        '    hard-stop-after 30s',
        `    server-state-file ${SERVER_STATE}`,
        '',
        ...PROXY_DEFAULTS,
        // A worker being replaced tells keep-alive clients to close after their current response.
        '    option idle-close-on-response',
        '    load-server-state-from-file global',
        // Many apps' checks and a reload's second worker share the host: a check answered in 2 s is not a
        // failure (the default, `inter` 500 ms, took a loaded app down right after a reload).
        '    timeout check 2s',
        '',
        'resolvers docker',
        '    nameserver dns 127.0.0.11:53',
        '    hold valid 2s',
        '',
        ...frontend('http', `:${HOST_HTTP_PORT}`, true),
        ...(o.tls ? frontend('https', `:${HOST_HTTPS_PORT} ssl crt-list ${CRT_LIST} alpn h2,http/1.1`, false) : []),
        `backend ${NO_ROUTE_BACKEND}`,
        `    http-request return status 404 content-type text/html string "${config_NOT_FOUND.replace(/"/g, '\\"')}"`,
        '',
        ...sorted.flatMap(backend),
        ...[...(o.staged ?? [])].sort((a, b) => a.app.localeCompare(b.app)).flatMap(stage),
    ].join('\n');
    return { config, maps: { [routesFile]: routes, [tlsFile]: tlsHosts } };
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/router.ts




/** The host proxy's container: one per host, carrying every app that has `hosts`. */
const HOST_PROXY = 'shipshape-host-proxy';
/**
 * Many apps' backends (`app-<app>`) on the host-wide proxy, through its runtime API: a swap is
 * `set server` commands on the app's own backend only, so other apps are never touched. `persist`
 * (the on-disk config naming the live color) is the caller's, under the host-wide config lock.
 */
class HostProxyRouter {
    control;
    persistLive;
    routes;
    constructor(control, persistLive, 
    /** Each app's first host and its path prefix: how the soak probe reaches it through the frontend. */
    routes) {
        this.control = control;
        this.persistLive = persistLive;
        this.routes = routes;
    }
    backend(app) {
        if (!this.routes.has(app))
            throw new ProxyError(`${this.control.container} carries no backend for ${app}`);
        return appBackend(app);
    }
    async addTarget(app, color, address) {
        const b = this.backend(app);
        await this.control.apply(moves.add(color, address, b));
    }
    async removeTarget(app, color) {
        await this.control.apply(moves.remove(color, this.backend(app)));
    }
    async health(app) {
        return healthOf(await this.control.stats(this.backend(app)));
    }
    async switchTo(app, to, from) {
        const b = this.backend(app);
        await this.control.apply(moves.switch(to, from, b));
    }
    async probe(app, path) {
        const b = this.backend(app);
        const route = this.routes.get(app);
        // Through the frontend with the app's Host and prefix (the public route); the stats are its backend's.
        const { status, stats } = await this.control.probeWithStats(`${route.pathPrefix ?? ''}${path}`, { host: route.host, backend: b });
        return { status, health: healthOf(stats) };
    }
    persist(app, live) {
        this.backend(app);
        return this.persistLive(app, live);
    }
}

// EXTERNAL MODULE: ./node_modules/acme-client/src/index.js
var src = __webpack_require__(46907);
// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(16698);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
;// CONCATENATED MODULE: ./src/clock.ts
/**
 * "Now" for the decisions that depend on the calendar: today, whether a stored ACME certificate is due
 * for renewal (a deploy with tls: acme, and renew: true).
 *
 * Test seam: `SHIPSHAPE_CLOCK_OFFSET_MS` (an integer, milliseconds, may be negative) moves this clock, so
 * an end-to-end test can run a renewal "in the future" instead of sleeping until a certificate is due.
 * Leases, timeouts and records keep the real clock. Leave it unset in workflows.
 */
const CLOCK_OFFSET_ENV = 'SHIPSHAPE_CLOCK_OFFSET_MS';
function clock_now(env = process.env) {
    const raw = env[CLOCK_OFFSET_ENV]?.trim();
    if (!raw)
        return new Date();
    if (!/^-?\d+$/.test(raw))
        throw new Error(`${CLOCK_OFFSET_ENV} must be an integer number of milliseconds, not "${raw}"`);
    return new Date(Date.now() + Number(raw));
}

// EXTERNAL MODULE: ./src/deploy/placements/host-proxy/acme-due.ts
var acme_due = __webpack_require__(25577);
;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/acme.ts










// TLS `acme` on the host proxy: HTTP-01, the challenge answered by the proxy itself (its runtime-API
// challenge map, served by the `http-request return` rule of config.ts), the account key and the
// certificate kept on the host. The directory's TLS is verified as any HTTPS peer is (Node's roots plus
// NODE_EXTRA_CA_CERTS); it is never turned off.
/** ACME failed: the CA's own words (its problem detail) or the transport's, with the directory. */
class AcmeError extends NamedError {
}
/** Registry of the host's ACME certificates, so `renew` knows what to renew without a deploy's inputs. */
const ACME_APPS_FILE = 'acme-apps.json';
/** The ACME apps recorded on the host, each entry checked (parseAcmeApps): a tampered file is refused, never used. */
async function listAcmeApps(host) {
    const text = await host.readFile(ACME_APPS_FILE);
    return text ? parseAcmeApps(text, host.where ?? `${ACME_APPS_FILE} in the host proxy's state`) : {};
}
const APP_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const acme_shown = (v) => JSON.stringify(v ?? null).slice(0, 120);
const isHost = (h) => typeof h === 'string' && isValid(() => (0,settings_route/* hostName */.Sm)('hosts', h) === h);
const isValid = (check) => {
    try {
        return check();
    }
    catch {
        return false;
    }
};
/**
 * ACME_APPS_FILE as read back from the host (`where` names the file there), checked as the inputs it was
 * written from are: its app names become file names and runtime-API arguments, its hosts the order's
 * names, its directory the URL fetched and logged. Only the known fields are kept.
 */
function parseAcmeApps(text, where) {
    const fix = 'fix or remove the entry on the host (a deploy with tls: acme records it again)';
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (e) {
        throw new HostStateError(`${where} is not JSON (${(0,log/* errorMessage */.gJ)(e)}); fix or remove it, then deploy the ACME apps again`, { cause: e });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new HostStateError(`${where} is not an object of apps; fix or remove it, then deploy the ACME apps again`);
    const out = {};
    for (const [app, entry] of Object.entries(parsed)) {
        const bad = (what, value) => new HostStateError(`${where}: ${what} ${acme_shown(value)}, which shipshape never writes; ${fix}`);
        if (!APP_NAME.test(app))
            throw bad('an entry has the app name', app);
        const e = entry;
        if (!e || typeof e !== 'object')
            throw bad(`the entry of ${app} is`, entry);
        if (!Array.isArray(e.hosts) || e.hosts.length === 0 || !e.hosts.every(isHost))
            throw bad(`the app ${app} has the hosts`, e.hosts);
        const directory = e.directory;
        if (typeof directory !== 'string' || !/^https:\/\/[\x21-\x7e]+$/.test(directory) || !isValid(() => new URL(directory).protocol === 'https:'))
            throw bad(`the app ${app} has the ACME directory`, directory);
        const email = e.email;
        if (email !== undefined && (typeof email !== 'string' || !/^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$/.test(email)))
            throw bad(`the app ${app} has the e-mail`, email);
        out[app] = { hosts: e.hosts, directory, ...(email !== undefined && { email }) };
    }
    return out;
}
/** Records (or, with `entry` undefined, forgets) the app's ACME settings for `renew`. Call under the host-wide lock. */
async function setAcmeApp(host, app, entry) {
    const apps = await listAcmeApps(host);
    if (entry)
        apps[app] = { hosts: entry.hosts, directory: entry.directory, ...(entry.email && { email: entry.email }) };
    else
        delete apps[app];
    await host.writeSecret(ACME_APPS_FILE, `${JSON.stringify(apps, null, 2)}\n`);
}
/** The running order's signal, aborted at its deadline: every ACME request of that order carries it. */
const orderSignal = new external_node_async_hooks_.AsyncLocalStorage();
let axiosBounded = false;
/**
 * Each ACME request bounded by the peer wait and destroyed at its order's deadline; transport retries
 * few and short (the whole is bounded too). A request made after the deadline is refused before it is
 * sent, with an error that has no `config`, so acme-client's retry interceptor passes it on at once.
 */
function boundAxios() {
    if (axiosBounded)
        return;
    src.axios.defaults.timeout = (0,bounds/* peerBounds */.ML)().waitMs;
    const s = src.axios.defaults.acmeSettings;
    if (s)
        Object.assign(s, { retryMaxAttempts: 2, retryDefaultDelay: 1 });
    src.axios.interceptors.request.use((config) => {
        const signal = orderSignal.getStore();
        if (!signal)
            return config;
        if (signal.aborted)
            throw new Error('the ACME order passed its deadline');
        config.signal = signal;
        return config;
    });
    axiosBounded = true;
}
/**
 * The app's certificate for `hosts`: the stored one when it covers them and more than a third of its
 * lifetime is left, else a new one from the ACME directory (HTTP-01 through the proxy). The caller
 * loads it (installCertificate) before the switch; a failure throws AcmeError with the CA's words.
 */
async function obtainCertificate(host, req) {
    const now = req.now ?? clock_now();
    const stored = (0,acme_due/* parseStored */.Tw)(await host.storedCertificate(req.app));
    const why = (0,acme_due/* whyNotReusable */.zM)(stored?.leaf, req.hosts, now);
    if (!why && stored) {
        const d = (0,acme_due/* datesOf */.rs)(stored.leaf);
        req.log.info(`ACME: reusing the stored certificate of ${req.app} (valid until ${d.notAfter.toISOString()}; renewed once under a third of its lifetime is left)`);
        return { certPem: stored.certPem, keyPem: stored.keyPem, action: 'reused', names: req.hosts, notBefore: d.notBefore.toISOString(), notAfter: d.notAfter.toISOString() };
    }
    req.log.info(`ACME: ordering a certificate for ${req.hosts.join(', ')} from ${req.directory}: ${why}`);
    const ms = req.timeoutMs ?? (0,acme_due/* acmeTotalMs */.l$)();
    const deadline = new AbortController();
    const issued = await (0,bounds/* withDeadline */.NE)(ms, () => `ACME (${req.directory}) did not issue a certificate for ${req.hosts.join(', ')} within ${Math.round(ms / 1000)} s; check that the names resolve to this host and that its HTTP port is reachable`, () => orderSignal.run(deadline.signal, () => order(host, req, deadline.signal)), () => deadline.abort()).catch((e) => {
        if (e instanceof AcmeError)
            throw e;
        // The deadline's own message already names the directory.
        throw new AcmeError(deadline.signal.aborted ? (0,log/* errorMessage */.gJ)(e) : `ACME (${req.directory}): ${(0,log/* peerText */.qT)((0,log/* errorMessage */.gJ)(e), 1000)}`, { cause: e });
    });
    const parsed = (0,acme_due/* parseStored */.Tw)(`${issued.certPem}${issued.keyPem}`);
    if (!parsed)
        throw new AcmeError(`ACME (${req.directory}) returned no readable certificate for ${req.hosts.join(', ')}`);
    const d = (0,acme_due/* datesOf */.rs)(parsed.leaf);
    req.log.info(`ACME: certificate for ${req.hosts.join(', ')} issued, valid until ${d.notAfter.toISOString()}`);
    return { ...issued, action: stored ? 'renewed' : 'obtained', names: req.hosts, notBefore: d.notBefore.toISOString(), notAfter: d.notAfter.toISOString() };
}
/** The account key for the directory: the one kept on the host, or a new one stored there first. */
async function accountKey(host, directory, log) {
    const file = (0,acme_due/* accountKeyFile */.j5)(directory);
    const kept = await host.readFile(file);
    if (kept && kept.includes('PRIVATE KEY')) {
        log.info(`ACME: using the account key kept on the host (${file})`);
        return { key: kept, kept: true };
    }
    const key = (await src.crypto.createPrivateEcdsaKey('P-256')).toString();
    await host.writeSecret(file, key);
    log.info(`ACME: new account key stored on the host (${file}, mode 0600)`);
    return { key, kept: false };
}
const acme_MAP_FILE = ACME_MAP.slice(ACME_MAP.lastIndexOf('/') + 1);
async function editMapFile(host, change) {
    const lines = ((await host.readFile(acme_MAP_FILE)) ?? '').split('\n').filter((l) => l.trim() !== '');
    const next = change(lines);
    await host.writeFile(acme_MAP_FILE, next.length > 0 ? `${next.join('\n')}\n` : '');
}
async function expectEmpty(host, command, what) {
    const answer = (await host.runtime(command)).trim();
    if (answer !== '')
        throw new AcmeError(`the host proxy refused to ${what}: ${(0,log/* peerText */.qT)(answer, 300)}`);
}
/**
 * The directory, fetched once before the client: a wrong URL, a refused connection or an untrusted
 * certificate is told in the transport's own words (acme-client, after its retries, reports a request
 * that got no response as a TypeError about `config`).
 */
async function checkDirectory(directory, signal) {
    let got;
    try {
        got = await new Promise((resolve, reject) => {
            // `timeout` ends a silent peer; `signal` a trickling one (a byte now and then) at the order's deadline.
            const req = external_node_https_.get(directory, { headers: { accept: 'application/json' }, timeout: (0,bounds/* peerBounds */.ML)().waitMs, signal }, (res) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (d) => (text = (text + d).slice(0, 20_000)));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
                res.on('error', reject);
            });
            req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round((0,bounds/* peerBounds */.ML)().waitMs / 1000)} s`)));
            req.on('error', reject);
        });
    }
    catch (e) {
        const code = e.code;
        const why = `${(0,log/* errorMessage */.gJ)(e)}${code && !(0,log/* errorMessage */.gJ)(e).includes(code) ? ` (${code})` : ''}`;
        throw new AcmeError(`ACME (${directory}): the directory could not be fetched: ${(0,log/* peerText */.qT)(why, 500)}; check acme-directory (a private CA is trusted through NODE_EXTRA_CA_CERTS)`, { cause: e });
    }
    let dir;
    try {
        dir = JSON.parse(got.text);
    }
    catch {
        dir = undefined;
    }
    const ok = got.status >= 200 && got.status < 300;
    if (!ok || typeof dir?.newOrder !== 'string' || typeof dir?.newNonce !== 'string') {
        throw new AcmeError(`ACME (${directory}) is not an ACME directory: it answered HTTP ${got.status}${ok ? ' without newOrder/newNonce' : ''}: ${(0,log/* peerText */.qT)(got.text.trim(), 200)}; check acme-directory`);
    }
}
async function order(host, req, signal) {
    boundAxios();
    await checkDirectory(req.directory, signal);
    const step = async (what, fn) => {
        // Past the deadline the caller has already failed: nothing more is asked of the CA or the host.
        if (signal.aborted)
            throw new AcmeError(`ACME (${req.directory}): stopped at the deadline before ${what}`);
        try {
            return await fn();
        }
        catch (e) {
            if (e instanceof AcmeError)
                throw e;
            const text = e instanceof TypeError && /reading 'config'/.test(e.message) ? 'the directory stopped answering (no response after retries)' : (0,log/* errorMessage */.gJ)(e);
            throw new AcmeError(`ACME (${req.directory}) ${what} failed: ${(0,log/* peerText */.qT)(text, 1000)}`, { cause: e });
        }
    };
    const account = await accountKey(host, req.directory, req.log);
    const client = new src.Client({
        directoryUrl: req.directory,
        accountKey: account.key,
        // Status polls: 0.5 s doubling to 4 s, 12 tries (about 40 s), inside the whole exchange's bound.
        backoffAttempts: 12,
        backoffMin: 500,
        backoffMax: 4000,
    });
    const create = () => client.createAccount({ termsOfServiceAgreed: true, ...(req.email && { contact: [`mailto:${req.email}`] }) });
    // A kept key's account is looked up, not updated (an update naming nothing is refused by the CA);
    // one the CA no longer knows (a reset test CA) gets a new account for the same key.
    await step('account', () => (account.kept ? client.createAccount({ onlyReturnExisting: true }).catch(create) : create()));
    const created = await step('new order', () => client.createOrder({ identifiers: req.hosts.map((value) => ({ type: 'dns', value })) }));
    const authzs = await step('authorizations', () => client.getAuthorizations(created));
    for (const authz of authzs) {
        const name = authz.identifier.value;
        if (authz.status === 'valid') {
            req.log.info(`ACME: ${name} is already authorized for this account`);
            continue;
        }
        const challenge = authz.challenges.find((c) => c.type === 'http-01');
        if (!challenge)
            throw new AcmeError(`ACME (${req.directory}) offers no http-01 challenge for ${name} (offered: ${authz.challenges.map((c) => c.type).join(', ')})`);
        const keyAuth = await client.getChallengeKeyAuthorization(challenge);
        // Tokens are base64url (RFC 8555 §8.1), so they are safe as a map key; check anyway, the map is the proxy's.
        if (!/^[A-Za-z0-9_-]+$/.test(challenge.token) || !/^[A-Za-z0-9_.-]+$/.test(keyAuth)) {
            throw new AcmeError(`ACME (${req.directory}) sent a challenge token that is not base64url for ${name}`);
        }
        // Also in the file: another app's hitless reload meanwhile starts a worker from it, not from the running map.
        await host.locked(async () => {
            await expectEmpty(host, `add map ${ACME_MAP} ${challenge.token} ${keyAuth}`, `add the ACME challenge for ${name} to its map`);
            await editMapFile(host, (lines) => [...lines, `${challenge.token} ${keyAuth}`]);
        });
        try {
            req.log.info(`ACME: ${name}: the host proxy answers the http-01 challenge; waiting for the CA to validate it`);
            await step(`challenge for ${name}`, () => client.completeChallenge(challenge));
            await step(`validation of ${name}`, () => client.waitForValidStatus(challenge));
            req.log.info(`ACME: ${name} validated`);
        }
        finally {
            await host
                .locked(async () => {
                await host.runtime(`del map ${ACME_MAP} ${challenge.token}`).catch(() => undefined);
                await editMapFile(host, (lines) => lines.filter((l) => l.split(' ')[0] !== challenge.token));
            })
                .catch(() => undefined);
        }
    }
    const [key, csr] = await src.crypto.createCsr({ commonName: req.hosts[0], altNames: req.hosts }, await src.crypto.createPrivateEcdsaKey('P-256'));
    const finalized = await step('finalize', () => client.finalizeOrder(created, csr));
    const certPem = await step('certificate download', () => client.getCertificate(finalized));
    return { certPem: certPem.endsWith('\n') ? certPem : `${certPem}\n`, keyPem: key.toString() };
}

// EXTERNAL MODULE: ./src/settings/certificate.ts
var settings_certificate = __webpack_require__(56038);
;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/default-cert.ts

// A minimal self-signed X.509 v1 certificate in DER, for the host proxy's default certificate: what a
// TLS client that sends no SNI (or an unknown name) is shown. Node can verify certificates but not make
// them, and the proxy image has no openssl; nobody is meant to trust this one.
const der = (tag, body) => {
    const n = body.length;
    const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
    return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...parts) => der(0x30, Buffer.concat(parts));
const oid = (bytes) => der(0x06, Buffer.from(bytes));
const ECDSA_SHA256 = seq(oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const default_cert_name = (cn) => seq(der(0x31, seq(oid([0x55, 0x04, 0x03]), der(0x0c, Buffer.from(cn, 'utf8')))));
const time = (d) => {
    const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
    return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${s.slice(2)}Z`)) : der(0x18, Buffer.from(`${s}Z`));
};
const pem = (label, body) => `-----BEGIN ${label}-----\n${body.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
/** A P-256 key and a self-signed certificate for `commonName`, valid from `now` − 1 day for `days`. */
function selfSignedCertificate(commonName, o = {}) {
    const key = o.key ?? (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' }).privateKey;
    const now = o.now ?? new Date();
    const from = new Date(now.getTime() - 86_400_000);
    const to = new Date(now.getTime() + (o.days ?? 3650) * 86_400_000);
    const serial = Buffer.from(Array.from({ length: 8 }, (_, i) => (i === 0 ? 0x01 : Math.floor(Math.random() * 256))));
    const tbs = seq(der(0x02, serial), ECDSA_SHA256, default_cert_name(commonName), seq(time(from), time(to)), default_cert_name(commonName), (0,external_node_crypto_.createPublicKey)(key).export({ type: 'spki', format: 'der' }));
    const signature = (0,external_node_crypto_.sign)('sha256', tbs, key);
    const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
    return { certPem: pem('CERTIFICATE', cert), keyPem: (0,external_node_crypto_.createPrivateKey)(key.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString() };
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/certs.ts






const CERT_FILE_DEFAULT = 'tls-default.pem';
const certFile = (app) => `tls-app-${app}.pem`;
const certPath = (file) => `${CONFIG_DIR}/${file}`;
const DEFAULT_CERT_PATH = certPath(CERT_FILE_DEFAULT);
/** HAProxy shows a no-SNI client the first certificate of the crt-list: the default one stays first. */
function crtListText(appFiles) {
    return `${[DEFAULT_CERT_PATH, ...[...new Set(appFiles)].filter((f) => f !== DEFAULT_CERT_PATH).sort()].join('\n')}\n`;
}
const crtListFiles = (text) => (text ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((f) => f !== '' && !f.startsWith('#') && f !== DEFAULT_CERT_PATH);
/** The uid/gid HAProxy runs as in its container, so a 0600 file is still readable by it. */
async function proxyUser(ctx) {
    const r = await ctx.docker.exec(ctx.control.container, ['bash', '-c', 'echo "$UID ${GROUPS[0]}"'], 10_000);
    const [uid, gid] = r.stdout.trim().split(/\s+/).map(Number);
    if (r.exitCode !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid)) {
        throw new ProxyError(`could not learn the user ${ctx.control.container} runs as (exit ${r.exitCode})`);
    }
    return { uid: uid, gid: gid };
}
async function putSecret(ctx, file, text) {
    await ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o600, ...(await proxyUser(ctx)) });
}
/**
 * The files a new host proxy needs before its first start: a self-signed default certificate (for
 * clients without SNI; routing is by Host anyway) and the crt-list naming it. Returns them; the
 * caller writes them with the config.
 */
function initialCertificateFiles() {
    const d = selfSignedCertificate('shipshape default certificate');
    return [
        { file: CERT_FILE_DEFAULT, content: `${d.certPem}${d.keyPem}`, mode: 0o644 },
        { file: CRT_LIST.slice(CONFIG_DIR.length + 1), content: crtListText([]), mode: 0o644 },
    ];
}
/** Writes the default certificate and crt-list into a created, not yet started host proxy (owned by its user). */
async function writeInitialCertificates(docker, container, user) {
    for (const f of initialCertificateFiles())
        await docker.putFile(container, CONFIG_DIR, f.file, f.content, { mode: f.mode, ...user });
}
function expectAnswer(command, answer, ok) {
    if (!ok.test(answer))
        throw new ProxyError(`HAProxy runtime API "${command}" did not succeed: ${answer.split('\n').slice(0, 3).join(' ').slice(0, 300)}`);
}
/**
 * Stores the app's certificate and key on the host (in the host proxy's state, mode 0600, owned by
 * HAProxy's user; never in the record or the log) and loads it into the running proxy through its
 * runtime API without a reload: a new certificate is `new ssl cert` + `set ssl cert` + `commit ssl
 * cert` + `add ssl crt-list`, a renewed one `set` + `commit`. SNI picks it by its names; the crt-list
 * file is rewritten too, so a restart or reload loads the same. Call under the host-wide lock.
 */
async function installCertificate(ctx, app, pair) {
    const checked = (0,settings_certificate/* checkCertificate */.yF)(pair, [], ctx.now?.() ?? new Date());
    await loadCertificate(ctx, app, checked.pem);
    return { names: checked.names, notAfter: checked.notAfter };
}
/** Stores `pem` (chain then key) as the app's certificate and loads it into the running proxy (installCertificate, unchecked). */
async function loadCertificate(ctx, app, pem) {
    const file = certFile(app);
    const path = certPath(file);
    await putSecret(ctx, file, pem);
    const loaded = (await ctx.control.runtime('show ssl cert')).split('\n').some((l) => l.trim() === path);
    if (!loaded)
        expectAnswer('new ssl cert', await ctx.control.runtime(`new ssl cert ${path}`), /New empty certificate store/i);
    expectAnswer('set ssl cert', await ctx.control.runtimePayload(`set ssl cert ${path}`, path), /Transaction (created|updated)/i);
    const commit = await ctx.control.runtime(`commit ssl cert ${path}`);
    if (!/Success!/.test(commit)) {
        await ctx.control.runtime(`abort ssl cert ${path}`).catch(() => undefined);
        expectAnswer('commit ssl cert', commit, /Success!/);
    }
    const list = await ctx.control.runtime(`show ssl crt-list ${CRT_LIST}`);
    if (!list.split('\n').some((l) => l.trim().split(/\s+/)[0] === path)) {
        expectAnswer('add ssl crt-list', await ctx.control.runtime(`add ssl crt-list ${CRT_LIST} ${path}`), /Success!/);
    }
    await writeCrtList(ctx, (files) => [...files, path]);
}
const backupFile = (app) => `${certFile(app)}.previous`;
/**
 * Before a deploy changes the app's certificate: keeps the one it has (0600 beside it, never in the
 * journal or the log), so an undo can load it again. Returns whether there was one.
 */
async function keepCertificate(ctx, app) {
    const text = await ctx.docker.getFile(ctx.control.container, certPath(certFile(app)));
    if (!text || !text.includes('PRIVATE KEY'))
        return 'none';
    await putSecret(ctx, backupFile(app), text);
    return 'file';
}
/** The undo of a certificate change: the kept certificate loaded again ('file'), or the app's removed ('none'). */
async function restoreCertificate(ctx, app, had) {
    if (had === 'none')
        return removeCertificate(ctx, app);
    const text = await ctx.docker.getFile(ctx.control.container, certPath(backupFile(app)));
    if (!text)
        throw new ProxyError(`the certificate of ${app} kept before the deploy (${backupFile(app)}) is gone; deploy again to install one`);
    await loadCertificate(ctx, app, text);
}
/** Forgets the kept certificate once the deploy is settled. */
async function dropKeptCertificate(ctx, app) {
    await emptyFile(ctx, certPath(backupFile(app)));
}
async function emptyFile(ctx, path) {
    if ((await ctx.docker.getFile(ctx.control.container, path)) === undefined)
        return;
    // The stand-in image has no rm: an emptied file keeps no key and is named by no crt-list line.
    await ctx.docker.exec(ctx.control.container, ['bash', '-c', 'rm -f -- "$1" 2>/dev/null || : >"$1"', 'rm', path], 10_000);
}
/** Unloads the app's certificate (crt-list entry, then the certificate) and empties its file on the host. */
async function removeCertificate(ctx, app) {
    const file = certFile(app);
    const path = certPath(file);
    const list = await ctx.control.runtime(`show ssl crt-list ${CRT_LIST}`);
    if (list.split('\n').some((l) => l.trim().split(/\s+/)[0] === path)) {
        expectAnswer('del ssl crt-list', await ctx.control.runtime(`del ssl crt-list ${CRT_LIST} ${path}`), /deleted|Success/i);
    }
    if ((await ctx.control.runtime('show ssl cert')).split('\n').some((l) => l.trim() === path)) {
        expectAnswer('del ssl cert', await ctx.control.runtime(`del ssl cert ${path}`), /deleted|Success/i);
    }
    await writeCrtList(ctx, (files) => files.filter((f) => f !== path));
    await emptyFile(ctx, path);
}
/** Names and expiry of the app's stored certificate; undefined when it has none. */
async function readCertificate(ctx, app) {
    const text = await ctx.docker.getFile(ctx.control.container, certPath(certFile(app)));
    const first = pemBlocks(text ?? '').find((b) => b.label === 'CERTIFICATE');
    return first ? certificateInfo(new X509Certificate(first.pem)) : undefined;
}
async function writeCrtList(ctx, change) {
    const current = crtListFiles(await ctx.docker.getFile(ctx.control.container, CRT_LIST));
    await ctx.docker.putFile(ctx.control.container, CONFIG_DIR, CRT_LIST.slice(CONFIG_DIR.length + 1), crtListText(change(current)));
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/acme-host.ts



/**
 * The host proxy as ACME uses it: the runtime API for the challenge map, its state volume for the
 * account key and the app list (root's, mode 0600: HAProxy never reads them), and the certificate
 * file certs.ts keeps for the app (chain then key).
 */
function acmeHost(ctx, locked) {
    const path = (file) => `${CONFIG_DIR}/${file}`;
    return {
        runtime: (command) => ctx.control.runtime(command),
        readFile: (file) => ctx.docker.getFile(ctx.control.container, path(file)),
        writeSecret: (file, text) => ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o600 }),
        writeFile: (file, text) => ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o644 }),
        storedCertificate: (app) => ctx.docker.getFile(ctx.control.container, path(certFile(app))),
        locked,
        where: `${path(ACME_APPS_FILE)} in the host proxy ${ctx.control.container}`,
    };
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/apps.ts



const portText = (p) => (p.address ? `${p.address}:${p.port}` : String(p.port));
const routeKey = (host, prefix) => `${host}${prefix ?? ''}`;
/** Everything of an entry that decides how the proxy routes and checks it (not which color is live). */
const shapeOf = (a) => JSON.stringify({ hosts: a.route.hosts, pathPrefix: a.route.pathPrefix ?? '', tls: a.route.tls, port: a.containerPort, health: a.healthPath });
/**
 * Refuses what `app` cannot have on this proxy: other published ports (Docker cannot change a running
 * container's ports) or a host and prefix another app already routes (it would take that app's traffic).
 */
function checkFits(state, app, ports) {
    if (!state)
        return;
    for (const [input, have, want] of [
        ['http-port', state.httpPort, ports.httpPort],
        ['https-port', state.httpsPort, ports.httpsPort],
    ]) {
        if (portText(have) !== portText(want)) {
            throw new parsers/* InputError */.dz(input, `"${portText(want)}" differs from ${portText(have)}, which the host proxy already publishes for other apps; use ${portText(have)} or move every app`);
        }
    }
    const mine = new Set(app.route.hosts.map((h) => routeKey(h, app.route.pathPrefix)));
    for (const other of state.apps) {
        if (other.app === app.app)
            continue;
        const clash = other.route.hosts.find((h) => mine.has(routeKey(h, other.route.pathPrefix)));
        if (clash)
            throw new parsers/* InputError */.dz('hosts', `"${routeKey(clash, app.route.pathPrefix)}" is already routed to the app ${other.app} on this host; remove it there first`);
    }
}
/** The state with `app` added or replaced (checked by checkFits first), its staged entry dropped. */
function upsertApp(state, app, ports) {
    checkFits(state, app, ports);
    const apps = (state?.apps ?? []).filter((a) => a.app !== app.app);
    return { httpPort: state?.httpPort ?? ports.httpPort, httpsPort: state?.httpsPort ?? ports.httpsPort, apps: [...apps, app], ...staged(state, app.app) };
}
const staged = (state, without, add) => {
    const list = [...(state?.staged ?? []).filter((a) => a.app !== without), ...(add ? [add] : [])];
    return list.length > 0 ? { staged: list } : {};
};
/** The state with `app` staged (routes and live entry untouched). */
function stageApp(state, app, ports) {
    checkFits(state, app, ports);
    return { httpPort: state?.httpPort ?? ports.httpPort, httpsPort: state?.httpsPort ?? ports.httpsPort, apps: state?.apps ?? [], ...staged(state, app.app, { ...app, live: undefined }) };
}
/** The state without `app`'s staged entry. */
function unstageApp(state, app) {
    const { staged: _drop, ...rest } = state;
    return { ...rest, ...staged(state, app) };
}
/** The state with `app`'s entry as it was (`previous`), or without it when it had none; nothing staged for it. */
function restoreApp(state, app, previous) {
    const apps = state.apps.filter((a) => a.app !== app);
    const { staged: _drop, ...rest } = state;
    return { ...rest, apps: previous ? [...apps, previous] : apps, ...staged(state, app) };
}
/** The state without `app` (teardown); the proxy itself stays, with its 404 page, when none is left. */
function removeApp(state, app) {
    const { staged: _drop, ...rest } = state;
    return { ...rest, apps: state.apps.filter((a) => a.app !== app), ...staged(state, app) };
}
/** The live color of one app, as the config on disk must name it so a proxy restart serves it. */
function withLive(state, app, live) {
    return { ...state, apps: state.apps.map((a) => (a.app === app ? { ...a, live } : a)) };
}
// Names and values read back from the host go into config lines and runtime-API commands: checked as the inputs are.
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const PATH = /^\/[\x21-\x7e]*$/;
const valid = (check) => {
    try {
        return check();
    }
    catch {
        return false;
    }
};
function checkEntry(a, where) {
    const e = a;
    const bad = (what) => new HostStateError(`${where}: ${what}; fix or remove the entry`);
    if (!e || typeof e !== 'object' || typeof e.app !== 'string' || !NAME.test(e.app))
        throw bad(`an entry has no valid app name (${JSON.stringify(e?.app)})`);
    const r = e.route;
    if (!r || !Array.isArray(r.hosts) || r.hosts.length === 0 || !r.hosts.every((h) => typeof h === 'string' && valid(() => (0,settings_route/* hostName */.Sm)('hosts', h) === h)))
        throw bad(`the app ${e.app} has invalid hosts`);
    if (r.pathPrefix !== undefined && (typeof r.pathPrefix !== 'string' || !valid(() => (0,settings_route/* pathPrefix */.YA)('path-prefix', r.pathPrefix) === r.pathPrefix)))
        throw bad(`the app ${e.app} has an invalid path prefix`);
    if (!['off', 'provided', 'acme'].includes(r.tls))
        throw bad(`the app ${e.app} has an unknown tls mode`);
    if (!Number.isInteger(e.containerPort) || e.containerPort < 1 || e.containerPort > 65535)
        throw bad(`the app ${e.app} has an invalid container port`);
    if (typeof e.healthPath !== 'string' || !PATH.test(e.healthPath))
        throw bad(`the app ${e.app} has an invalid health path`);
    if (e.live !== undefined && e.live !== 'blue' && e.live !== 'green')
        throw bad(`the app ${e.app} has an unknown live color`);
    return e;
}
/** Parses and checks the app list read from the proxy's state (`where` names the file for the error). */
function parseHostProxyState(text, where) {
    let v;
    try {
        v = JSON.parse(text);
    }
    catch (e) {
        throw new HostStateError(`${where} is not JSON; fix or remove it`, { cause: e });
    }
    if (!v || typeof v !== 'object' || !Array.isArray(v.apps))
        throw new HostStateError(`${where} has no app list; fix or remove it`);
    const port = (p) => !!p && typeof p === 'object' && Number.isInteger(p.port);
    if (!port(v.httpPort) || !port(v.httpsPort))
        throw new HostStateError(`${where} has no valid published ports; fix or remove it`);
    v.apps.forEach((a) => checkEntry(a, where));
    if (v.staged !== undefined && !Array.isArray(v.staged))
        throw new HostStateError(`${where} has an invalid staged list; fix or remove it`);
    (v.staged ?? []).forEach((a) => checkEntry(a, where));
    return v;
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/files.ts

/**
 * The map files `files.config` names, written before any config naming them (a config is only ever
 * checked or loaded with its own maps). `current`: the config on disk; files it already names exist
 * (their names are their content's hash) and are not sent again.
 */
async function putMaps(docker, container, files, current = '') {
    for (const [name, text] of Object.entries(files.maps)) {
        if (!current.includes(`${CONFIG_DIR}/${name}`))
            await docker.putFile(container, CONFIG_DIR, name, text);
    }
}
/** A new proxy's files: its maps, then its config. */
async function putHostProxyFiles(docker, container, files) {
    await putMaps(docker, container, files);
    await docker.putFile(container, CONFIG_DIR, CONFIG_FILE, files.config);
}
// Runs as root: the config directory is root's, HAProxy's user could not unlink there.
const PRUNE = 'cd "$1" && shift && for f in routes-*.map tls-*.lst; do [ -e "$f" ] || continue; k=; for n; do [ "$f" = "$n" ] && k=1; done; [ -n "$k" ] || rm -f -- "$f"; done';
/**
 * Removes the route and TLS-host files no longer named by the config now loaded (`files`): earlier
 * configs' and those of a candidate that failed its check. Workers hold their maps in memory, so an
 * old worker still finishing its requests loses nothing. Best effort: a leftover file is a few
 * kilobytes that the next reload removes, not a reason to fail a deploy whose reload succeeded.
 */
async function pruneMaps(docker, container, files) {
    await docker.exec(container, ['bash', '-c', PRUNE, 'prune-maps', CONFIG_DIR, ...Object.keys(files.maps)], 10_000, 'root').catch(() => undefined);
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/container.ts









/**
 * The host proxy's container name; everything of it (state volume, config lock) derives from it.
 * `SHIPSHAPE_HOST_PROXY_NAME` sets another one: tests sharing one engine each run their own.
 */
const hostProxyName = (env = process.env) => env.SHIPSHAPE_HOST_PROXY_NAME?.trim() || 'shipshape-host-proxy';
const hostProxyVolume = (name) => `${name}-state`;
const binding = (p) => ({ HostIp: p.address ?? '', HostPort: String(p.port) });
const show = (b) => (b.HostIp ? `${b.HostIp}:${b.HostPort}` : b.HostPort);
/**
 * The one proxy per host for every app with `hosts`: created with its state volume over the config
 * directory (config, certificates, crt-list, ACME map and app list survive a new container), the
 * ports given, a default certificate, and `config` (the current app set), then started. An existing
 * one must publish the same ports: Docker cannot change them, so a deploy asking for others fails
 * naming the input; one running another image than `proxy-image` is kept and reported (proxy-container.ts).
 * Its command is shipshape's (PROXY_COMMAND), not the image's. Call under the host-wide lock.
 */
async function ensureHostProxy(docker, o) {
    await docker.ensureNetwork(core_spec/* NETWORK */.pG);
    let info = await docker.inspect(o.name);
    let created = false;
    if (info)
        reportImageChange(o.logger, info, o.name, o.image, { shared: true });
    else {
        await ensureImage(docker, o.image, o.platform);
        await docker.ensureVolume(hostProxyVolume(o.name), { 'shipshape.role': 'host-proxy' });
        const http = `${HOST_HTTP_PORT}/tcp`;
        const https = `${HOST_HTTPS_PORT}/tcp`;
        created = !!(await docker.create(o.name, {
            Image: o.image,
            ...PROXY_COMMAND,
            Labels: { 'shipshape.role': 'host-proxy' },
            ExposedPorts: { [http]: {}, [https]: {} },
            HostConfig: {
                PortBindings: { [http]: [binding(o.httpPort)], [https]: [binding(o.httpsPort)] },
                RestartPolicy: { Name: 'unless-stopped' },
                NetworkMode: core_spec/* NETWORK */.pG,
                Mounts: [{ Type: 'volume', Source: hostProxyVolume(o.name), Target: CONFIG_DIR }],
            },
        }));
        if (created) {
            // The default key is a throwaway nobody trusts: root-owned and world-readable is fine before the first start.
            await writeInitialCertificates(docker, o.name, { uid: 0, gid: 0 });
            await docker.putFile(o.name, CONFIG_DIR, 'acme.map', '');
            await putHostProxyFiles(docker, o.name, o.config());
        }
        info = await docker.inspect(o.name);
    }
    if (!info)
        throw new ProxyError(`host proxy container ${o.name} vanished while being created`);
    for (const [input, port, want] of [
        ['http-port', HOST_HTTP_PORT, o.httpPort],
        ['https-port', HOST_HTTPS_PORT, o.httpsPort],
    ]) {
        const bound = info.HostConfig?.PortBindings?.[`${port}/tcp`]?.[0];
        if (bound && (bound.HostIp !== binding(want).HostIp || bound.HostPort !== binding(want).HostPort)) {
            throw new parsers/* InputError */.dz(input, `"${show(binding(want))}" differs from ${show(bound)}, which the host proxy ${o.name} already publishes for every app on this host; use ${show(bound)} (moving it means removing ${o.name}, which drops every app's open connections)`);
        }
    }
    const control = new ProxyControl(docker, o.name);
    if (!info.State.Running)
        await startProxy(docker, control, { image: info.Config.Image, created });
    return control;
}
/** `show servers state` without the rows of `fresh` backends: their servers start as the new config says. */
const withoutBackends = (state, fresh) => state
    .split('\n')
    .filter((l) => l.startsWith('#') || !fresh.has(l.split(' ')[1] ?? ''))
    .join('\n');
/**
 * A new config by HAProxy's hitless reload, never a restart: checked first (`haproxy -c` in the
 * container), the servers' runtime state saved (so other apps' colors, addresses and drains carry
 * over; `fresh` backends' servers start from the config instead), then SIGUSR2 to the master: the new
 * worker takes over the listening sockets, the old one finishes its requests, closes idle keep-alive
 * connections after their response (`idle-close-on-response`) and is stopped after `hard-stop-after`
 * at the latest. Returns the old worker's pid.
 */
async function reloadHostProxy(docker, control, files, o = {}) {
    const candidate = `${CONFIG_FILE}.next`;
    await putMaps(docker, control.container, files);
    await docker.putFile(control.container, CONFIG_DIR, candidate, files.config);
    const check = await docker.exec(control.container, ['haproxy', '-c', '-q', '-f', `${CONFIG_DIR}/${candidate}`], 20_000);
    if (check.exitCode !== 0) {
        throw new ProxyError(`the host proxy's new config does not pass haproxy -c (left the running one): ${(check.stderr || check.stdout).trim().slice(0, 500)}`);
    }
    const before = await control.workerPid();
    // Written through the engine: the config directory is root's, HAProxy's user cannot write there.
    const state = withoutBackends(await control.runtime('show servers state'), new Set(o.fresh ?? []));
    await docker.putFile(control.container, CONFIG_DIR, SERVER_STATE.slice(CONFIG_DIR.length + 1), `${state}\n`);
    await docker.putFile(control.container, CONFIG_DIR, CONFIG_FILE, files.config);
    await docker.signal(control.container, 'SIGUSR2');
    const out = await awaitReload(control, before, 15_000);
    if (out.done) {
        await pruneMaps(docker, control.container, files);
        return before;
    }
    const last = out.last;
    throw new ProxyError(`the host proxy ${control.container} did not start a new worker within 15 s of its reload (last: ${last})${await masterWorkerHint(docker, control.container)}`);
}
/** The old worker of a reload has finished its requests and left (bounded by `hard-stop-after`, 30 s). */
async function waitWorkerGone(docker, control, pid, logger) {
    if (!pid || !/^\d+$/.test(pid))
        return;
    const start = Date.now();
    let said = false;
    while (Date.now() - start < 35_000) {
        const r = await docker.exec(control.container, ['bash', '-c', '[ -d "/proc/$1" ]', 'gone', pid], 10_000);
        if (r.exitCode !== 0)
            return;
        if (!said && Date.now() - start > 2000) {
            logger.info(`${control.container}: waiting for the worker before the reload to finish its requests (at most 30 s)`);
            said = true;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/edge.ts















const APPS_FILE = 'apps.json';
/** Config changes are a few engine calls and one reload: a short lease, apart from each app's deploy lease. */
const LOCK_TTL_MS = 120_000;
const configText = (state) => hostProxyConfig(state.apps, { tls: true, staged: state.staged });
const sameAcme = (a, b) => JSON.stringify(a && [a.hosts, a.directory, a.email ?? '']) === JSON.stringify(b && [b.hosts, b.directory, b.email ?? '']);
/**
 * The host-wide proxy as the place an app lives: its container (one per host), the app list in its
 * state volume, and the host-wide config lock (a lease on the proxy's name), taken only around changes.
 *
 * A deploy never changes what the proxy serves before the switch. When the app's routes, check, port or
 * TLS mode change (or the app is new), `prepare` stages its entry: a backend of its own with the new
 * check, routed to by no request, where the candidate is gated; the switch then commits the entry by a
 * hitless reload (with the new certificate and ACME settings), and its undo reloads the entry as it was.
 * Otherwise the switch is runtime-API `set server` commands on the app's backend, as on its own proxy.
 */
class HostProxyEdge {
    docker;
    s;
    run;
    name = hostProxyName();
    where;
    control;
    /** The certificate and ACME settings the switch installs (this run's; the post step only undoes). */
    pending = {};
    constructor(docker, s, run) {
        this.docker = docker;
        this.s = s;
        this.run = run;
        this.control = new ProxyControl(docker, this.name);
        this.where = `the host proxy ${this.name}`;
    }
    get ctx() {
        return { docker: this.docker, control: this.control };
    }
    acmeHost() {
        return acmeHost(this.ctx, (fn) => this.withLock(fn));
    }
    get route() {
        if (!this.s.route)
            throw new parsers/* InputError */.dz('hosts', 'is empty: this app is not on the host proxy');
        return this.s.route;
    }
    get edge() {
        return (this.run.journal?.value.edge ?? {});
    }
    setEdge(patch) {
        const j = this.run.journal;
        if (j)
            j.enter(j.phase, { edge: { ...this.edge, ...patch } });
    }
    get leaseBudgetMs() {
        return this.s.route?.tls === 'acme' ? (0,acme_due/* acmeTotalMs */.l$)() : 0;
    }
    get changesEdge() {
        return !!this.edge.staged;
    }
    async withLock(fn) {
        const owner = { ...this.run.owner, id: `${this.run.owner.id}/${this.s.app}` };
        await this.run.store.acquireLease({ app: this.name, owner, ttlMs: LOCK_TTL_MS, waitMs: LOCK_TTL_MS, now: Date.now, pollMs: 250, reclaimOwn: true });
        try {
            return await fn();
        }
        finally {
            await this.run.store.releaseLease(this.name, owner.id);
        }
    }
    async readState() {
        if (!(await this.docker.inspect(this.name)))
            return undefined;
        const text = await this.docker.getFile(this.name, `${CONFIG_DIR}/${APPS_FILE}`);
        return text ? parseHostProxyState(text, `the host proxy's app list (${APPS_FILE} in ${this.name})`) : undefined;
    }
    /**
     * `force`: reload even when the config file already holds `text`: an undo or a teardown retried after a
     * reload that wrote the file but never reached (or lost the answer of) its SIGUSR2 finds the file right
     * and the running worker still on the config before it.
     */
    async writeState(state, o) {
        const files = configText(state);
        const current = (await this.docker.getFile(this.name, `${CONFIG_DIR}/${CONFIG_FILE}`)) ?? '';
        // The config names its maps by their content's hash: comparing configs compares routes too.
        const reload = o.reload && (!!o.force || runtimeShape(current) !== runtimeShape(files.config));
        let oldWorker;
        if (reload)
            oldWorker = await reloadHostProxy(this.docker, this.control, files, { fresh: o.fresh });
        else {
            await putMaps(this.docker, this.name, files, current);
            await this.docker.putFile(this.name, CONFIG_DIR, CONFIG_FILE, files.config);
        }
        await this.docker.putFile(this.name, CONFIG_DIR, APPS_FILE, `${JSON.stringify(state, null, 2)}\n`);
        return { reloaded: reload, oldWorker };
    }
    /** The app's entry as the inputs ask for it (`live`: the color it names). */
    entry(live) {
        const r = this.route;
        return { app: this.s.app, route: { hosts: r.hosts, ...(r.pathPrefix && { pathPrefix: r.pathPrefix }), tls: r.tls }, containerPort: this.s.containerPort, healthPath: this.s.healthPath, ...(live && { live }) };
    }
    acmeWanted() {
        const r = this.route;
        return r.tls === 'acme' ? { hosts: r.hosts, ...(r.acme ?? { directory: settings_route/* LETS_ENCRYPT */.lE }) } : undefined;
    }
    /**
     * Under the host lock: the proxy exists and the entry fits (ports, no other app's route); a changed
     * entry is staged. Then the certificate the switch installs: a provided one checked, an ACME one
     * reused or obtained (HTTP-01 answered by this proxy for any host, routed or not).
     */
    async prepare(live) {
        const route = this.route;
        const entry = this.entry(live);
        const staged = await this.withLock(async () => {
            const before = await this.readState();
            checkFits(before, entry, route);
            const existing = before?.apps.find((a) => a.app === this.s.app);
            const same = !!existing && shapeOf(existing) === shapeOf(entry);
            const next = same ? before : stageApp(before, entry, route);
            // Entered before the reload: a kill right after it must find what to undo.
            if (!same)
                this.setEdge({ staged: true, previous: existing ?? null });
            await ensureHostProxy(this.docker, { name: this.name, image: this.s.proxyImage, platform: `${this.docker.api.os}/${this.docker.api.arch}`, httpPort: route.httpPort, httpsPort: route.httpsPort, config: () => configText(next), logger: this.run.logger });
            if (!same)
                await this.writeState(next, { reload: true });
            return !same;
        });
        if (staged)
            this.run.logger.info(`${this.s.app}: its candidate is checked on ${this.name} apart from live traffic (GET ${this.s.healthPath} on port ${this.s.containerPort}); its routes (${route.hosts.join(', ')}${route.pathPrefix ?? ''}, TLS ${route.tls}) take effect at the switch`);
        let certificate;
        if (route.tls === 'provided' && route.certificate) {
            const checked = (0,settings_certificate/* checkCertificate */.yF)(route.certificate, route.hosts, new Date());
            this.pending.pair = route.certificate;
            certificate = { names: checked.names, notAfter: checked.notAfter };
        }
        if (route.tls === 'acme') {
            const c = await obtainCertificate(this.acmeHost(), { app: this.s.app, ...this.acmeWanted(), log: this.run.logger });
            if (c.action !== 'reused')
                this.pending.pair = c;
            certificate = { names: c.names, notAfter: c.notAfter };
        }
        this.run.onRoute?.({ hosts: route.hosts, ...(route.pathPrefix && { pathPrefix: route.pathPrefix }), tls: route.tls, proxy: this.name, reloaded: staged, ...(certificate && { certificate }) });
    }
    /** Under the host lock, at the switch: the new certificate and ACME settings, each kept as it was first (journaled). */
    async installPending() {
        const app = this.s.app;
        if (this.pending.pair) {
            if (this.edge.cert === undefined)
                this.setEdge({ cert: await keepCertificate(this.ctx, app) });
            await installCertificate(this.ctx, app, this.pending.pair);
        }
        const host = this.acmeHost();
        const had = (await listAcmeApps(host))[app];
        const want = this.acmeWanted();
        if (!sameAcme(had, want)) {
            if (this.edge.acme === undefined)
                this.setEdge({ acme: had ?? null });
            await setAcmeApp(host, app, want);
        }
    }
    /** Under the host lock: the certificate and ACME settings as they were before the switch. */
    async restoreEdge() {
        const e = this.edge;
        if (e.cert)
            await restoreCertificate(this.ctx, this.s.app, e.cert);
        if (e.acme !== undefined)
            await setAcmeApp(this.acmeHost(), this.s.app, e.acme ?? undefined);
        if (e.cert || e.acme !== undefined)
            this.setEdge({ cert: undefined, acme: undefined });
    }
    async switchTo(to, from) {
        const app = this.s.app;
        const committing = to === this.run.journal?.value.target;
        if (!this.edge.staged) {
            await this.withLock(async () => {
                if (committing)
                    await this.installPending();
                await this.control.apply(moves.switch(to, from, appBackend(app)));
                if (!committing)
                    await this.restoreEdge();
            });
            return;
        }
        const fresh = [appBackend(app), stageBackend(app)];
        const out = await this.withLock(async () => {
            const state = await this.readState();
            if (!state)
                throw new HostStateError(`the host proxy ${this.name} has no app list; it was removed during the deploy of ${app}`);
            if (committing) {
                await this.installPending();
                return this.writeState(upsertApp(state, this.entry(to), this.route), { reload: true, fresh });
            }
            const previous = this.edge.previous;
            const r = await this.writeState(restoreApp(state, app, previous ? { ...previous, live: to } : undefined), { reload: true, fresh, force: true });
            await this.restoreEdge();
            return r;
        });
        // The requests the old worker holds go to `from`: it drains before anything stops it. With no `from`
        // (a new app) it holds none of this app's, and the route is live with the new worker.
        if (out.reloaded && from)
            await waitWorkerGone(this.docker, this.control, out.oldWorker, this.run.logger);
    }
    /**
     * The router over the app's backend (HostProxyRouter; its staged backend while the candidate is
     * gated there). Changes take the host lock: a reload for another app meanwhile would lose them.
     */
    get router() {
        const app = this.s.app;
        const r = this.route;
        const inner = new HostProxyRouter(this.control, (_app, live) => this.persistLive(live), new Map([[app, { host: r.hosts[0], ...(r.pathPrefix && { pathPrefix: r.pathPrefix }) }]]));
        const staging = () => !!this.edge.staged && !this.run.journal?.value.switched;
        const stage = stageBackend(app);
        const mine = (a) => {
            if (a !== app)
                throw new ProxyError(`this deploy routes ${app} only, not ${a}`);
        };
        return {
            // The staged backend has no backup twins: the candidate's server only.
            addTarget: (a, color, address) => this.withLock(() => (staging() ? (mine(a), this.control.apply([...(address ? [addrCmd(color, address.ip, address.port, stage)] : []), serverCmd(color, 'drain', stage)])) : inner.addTarget(a, color, address))),
            removeTarget: async (a, color) => {
                if (!(await this.docker.inspect(this.name))?.State.Running)
                    return;
                await this.withLock(() => (staging() ? (mine(a), this.control.apply([serverCmd(color, 'maint', stage)])) : inner.removeTarget(a, color)));
            },
            health: async (a) => (staging() ? (mine(a), healthOf(await this.control.stats(stage))) : inner.health(a)),
            switchTo: (a, to, from) => (mine(a), this.switchTo(to, from)),
            probe: (a, path) => inner.probe(a, path),
            persist: (a, live) => inner.persist(a, live),
        };
    }
    async persistLive(live) {
        await this.withLock(async () => {
            const state = await this.readState();
            if (!state)
                throw new HostStateError(`the host proxy ${this.name} has no app list; it was removed during the deploy of ${this.s.app}`);
            await this.writeState(withLive(state, this.s.app, live), { reload: false });
        });
    }
    async unprepare() {
        const e = this.edge;
        const j = this.run.journal?.value;
        if (!e.staged && !e.cert && e.acme === undefined)
            return;
        if (!(await this.docker.inspect(this.name)))
            return;
        // A first deploy that failed after its switch keeps serving (nothing to return to): so do its routes and certificate.
        const keep = !!j?.switched && !j.previous;
        await this.withLock(async () => {
            const state = await this.readState();
            if (state && e.staged)
                await this.writeState(unstageApp(state, this.s.app), { reload: true, fresh: [stageBackend(this.s.app)], force: true });
            if (!keep)
                await this.restoreEdge();
        });
        await this.finish();
    }
    async finish() {
        if (this.edge.cert === 'file' || this.pending.pair)
            await dropKeptCertificate(this.ctx, this.s.app).catch((e) => this.run.logger.warning(`${this.s.app}: the certificate kept for an undo stays on ${this.name}: ${e.message}`));
    }
    async notDeployed(app) {
        return (await this.readState())?.apps.some((a) => a.app === app) ? undefined : `no backend on ${this.name}`;
    }
    /** Teardown: the app's backend and routes leave by a hitless reload, then its certificate. The proxy stays. */
    async detach(removed) {
        const app = this.s.app;
        if (!(await this.docker.inspect(this.name)))
            return;
        await this.withLock(async () => {
            const state = await this.readState();
            const listed = !!state && (state.apps.some((a) => a.app === app) || !!state.staged?.some((a) => a.app === app));
            if (listed)
                await this.writeState(removeApp(state, app), { reload: true, force: true });
            // Also when the app list has it no more: a teardown stopped after its reload left these (each step idempotent).
            await removeCertificate(this.ctx, app);
            await dropKeptCertificate(this.ctx, app);
            if ((await listAcmeApps(this.acmeHost()))[app])
                await setAcmeApp(this.acmeHost(), app, undefined);
            if (listed)
                removed.push(`backend app-${app} and certificate on ${this.name}`);
        });
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/host-proxy/renew.ts





/**
 * `renew`: every ACME certificate on the host that is due (under a third of its lifetime left, or its
 * names changed) is renewed with the settings its last deploy recorded, and loaded without a reload;
 * the others are left alone. Nothing else changes. One app's failure does not stop the others': each
 * gets its status (the caller fails the step when any failed, after the summary).
 */
async function renewCertificates(d) {
    const apps = await listAcmeApps(d.host);
    const names = Object.keys(apps).sort();
    if (names.length === 0)
        d.log.info('renew: no ACME certificates on this host (a deploy with tls: acme records one)');
    const out = [];
    for (const app of names) {
        const a = apps[app];
        const now = d.now ?? clock_now();
        try {
            const c = await obtainCertificate(d.host, { app, hosts: a.hosts, directory: a.directory, ...(a.email && { email: a.email }), log: d.log, now, ...(d.timeoutMs && { timeoutMs: d.timeoutMs }) });
            if (c.action !== 'reused')
                await d.install(app, c);
            out.push({ app, names: c.names, notAfter: c.notAfter, daysLeft: (0,acme_due/* daysLeft */.H_)(new Date(c.notAfter), now), action: c.action });
        }
        catch (e) {
            d.log.warning(`renew: ${app} (${a.hosts.join(', ')}): ${(0,log/* errorMessage */.gJ)(e)}`);
            const kept = await storedExpiry(d.host, app);
            out.push({ app, names: a.hosts, notAfter: kept ?? '', daysLeft: kept ? (0,acme_due/* daysLeft */.H_)(new Date(kept), now) : -1, action: 'failed', error: (0,log/* errorMessage */.gJ)(e) });
        }
    }
    for (const s of out) {
        const w = (0,acme_due/* expiryWarning */.iD)(s);
        if (w)
            d.log.warning(w);
    }
    return out;
}
async function storedExpiry(host, app) {
    const s = (0,acme_due/* parseStored */.Tw)(await host.storedCertificate(app).catch(() => undefined));
    return s ? new Date(s.leaf.validTo).toISOString() : undefined;
}
/** `renew: true` on one host: its host proxy's due certificates, each loaded under the host-wide lock. */
async function renewOnHost(proxy, logger) {
    if (!(await proxy.ctx.docker.inspect(proxy.name))) {
        logger.info(`renew: no host proxy ${proxy.name} on this host, so no certificates to renew`);
        return [];
    }
    return renewCertificates({
        host: proxy.acmeHost(),
        install: (app, pair) => proxy.withLock(async () => void (await installCertificate(proxy.ctx, app, pair))),
        log: logger,
    });
}

;// CONCATENATED MODULE: ./src/deploy/placements/container.ts









/**
 * An app of containers on one Docker host, blue-green behind its edge: its own proxy, the host proxy,
 * or none (a worker). The blue-green strategy (core/blue-green.ts) runs on the Engine runtime.
 */
class ContainerPlacement {
    docker;
    s;
    edge;
    run;
    edges;
    where;
    constructor(docker, s, edge, run, 
    /** Every edge the app may have been deployed behind: a remove works from what the host runs, whatever the inputs say now. */
    edges = [edge]) {
        this.docker = docker;
        this.s = s;
        this.edge = edge;
        this.run = run;
        this.edges = edges;
        this.where = edge.where;
    }
    context() {
        const platform = `${this.docker.api.os}/${this.docker.api.arch}`;
        const store = this.run.store;
        return {
            settings: this.s,
            router: this.edge.router,
            runtime: new EngineRuntime(this.docker, platform),
            appHost: new EngineAppHost(this.docker),
            setup: async () => this.edge.prepare((await store.read(this.s.app)).live),
            edge: this.edge,
            ...this.run,
        };
    }
    async deploy(plan) {
        // A rollback needs an app that was deployed: nothing on the host may change (no lease, network or volume created).
        const missing = plan.kind === 'rollback' ? await this.edge.notDeployed(this.s.app) : undefined;
        if (missing) {
            throw new DeployError(`rollback: ${this.s.app} was never deployed on ${this.run.result.host} (${missing}); nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`, this.run.result);
        }
        return blueGreen(this.context(), plan);
    }
    recovery() {
        return blueGreenRecovery(this.context());
    }
    async remove(removed) {
        for (const edge of this.edges)
            await edge.detach(removed);
        for (const name of color_COLORS.map((c) => (0,core_spec/* instanceName */.zl)(this.s.app, c))) {
            if (!(await this.docker.inspect(name)))
                continue;
            await this.docker.remove(name);
            removed.push(name);
        }
    }
    /** The host's certificates live on its host proxy, whichever app's inputs ask. */
    renew() {
        return renewOnHost(new HostProxyEdge(this.docker, this.s, this.run), this.run.logger);
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/own-proxy/edge.ts



/**
 * The app's own HAProxy, `<app>-proxy`, publishing `public-port`: created (or checked) under the lease,
 * its switch two runtime-API commands. A changed health path or port is applied by one reload only
 * when the live color passes the new check (proxy.ts), so a deploy leaves what serves as it was.
 */
class OwnProxyEdge {
    docker;
    s;
    logger;
    where;
    leaseBudgetMs = 0;
    changesEdge = false;
    router;
    constructor(docker, s, logger) {
        this.docker = docker;
        this.s = s;
        this.logger = logger;
        this.where = `its proxy ${proxyName(s.app)}`;
        this.router = new HaproxyRouter(docker, s, new ProxyControl(docker, proxyName(s.app)));
    }
    async notDeployed(app) {
        return (await this.docker.inspect(proxyName(app))) ? undefined : `no ${proxyName(app)} container`;
    }
    async prepare(live) {
        await ensureProxy(this.docker, this.s, `${this.docker.api.os}/${this.docker.api.arch}`, live, this.logger);
    }
    async unprepare() { }
    async finish() { }
    /** The proxy goes first: no request reaches a color being removed. */
    async detach(removed) {
        const name = proxyName(this.s.app);
        if (!(await this.docker.inspect(name)))
            return;
        await this.docker.remove(name);
        removed.push(name);
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/api.ts


/** moby decodes X-Registry-Auth with padded URL-safe base64. */
const registryAuthHeader = (auth) => auth ? { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_') } : {};
const api_id = encodeURIComponent;
/** The labels by which shipshape finds its own services again; every service it creates carries them. */
const ownLabels = (app, role) => ({ 'shipshape.app': app, 'shipshape.role': role });
const isOwn = (svc, app, role) => Object.entries(ownLabels(app, role)).every(([k, v]) => svc.Spec.Labels?.[k] === v);
/** Why shipshape will not take the name of a service it did not create, and what to do. */
const foreignServiceMessage = (name, app, role) => `a Swarm service named ${name} already exists on this swarm without the labels shipshape.app=${app} and shipshape.role=${role}, so shipshape did not create it and leaves it alone; remove or rename that service, or choose another input 'app' than "${app}"`;
class SwarmApi {
    api;
    constructor(api) {
        this.api = api;
    }
    /** Whether this engine is an active swarm manager (what `deploy-mode: auto` decides by). */
    async isManager() {
        const info = await this.api.json('GET', '/info');
        return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
    }
    /**
     * The `role` service shipshape runs for `app`: named exactly `name` and labelled `shipshape.app=<app>`
     * and `shipshape.role=<role>` (what spec.ts and job.ts write). Never GET /services/<name>: a name the
     * engine does not know it resolves as an ID prefix, i.e. some other service. The list's name filter
     * is a prefix match too, hence the exact-name check; the service is then inspected by its full ID.
     */
    async ownService(name, app, role) {
        const labels = ownLabels(app, role);
        const list = await this.api.json('GET', '/services', {
            query: { filters: JSON.stringify({ name: [name], label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) }) },
        });
        const found = list.find((svc) => svc.Spec.Name === name && isOwn(svc, app, role));
        return found && this.serviceById(found.ID);
    }
    /** A service named exactly `name` that is not shipshape's `role` service of `app` (to name it; never to act on). */
    async foreignService(name, app, role) {
        const list = await this.api.json('GET', '/services', { query: { filters: JSON.stringify({ name: [name] }) } });
        return list.find((svc) => svc.Spec.Name === name && !isOwn(svc, app, role));
    }
    /** A service by its full ID (which the engine matches before any name or prefix); undefined once it is gone. */
    async serviceById(serviceId) {
        const res = await this.api.request('GET', `/services/${api_id(serviceId)}`, { query: { insertDefaults: true } });
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw new EngineError(res.status, `inspect service ${serviceId}: ${engineMessage(res.body)}`);
        const svc = parseEngineJson(res.body, `inspect service ${serviceId}`);
        // Gone, and the engine fell back to a name or a prefix match: not the service asked for.
        return svc?.ID === serviceId ? svc : undefined;
    }
    async createService(spec, auth) {
        const res = await this.api.request('POST', '/services/create', { body: spec, headers: registryAuthHeader(auth) });
        if (res.status === 409) {
            // Reached only when the lookup by name and labels found none: a service shipshape did not create holds the name.
            const labels = spec.Labels ?? {};
            throw new EngineError(409, `${foreignServiceMessage(spec.Name, labels['shipshape.app'] ?? '', (labels['shipshape.role'] ?? ''))} (${engineMessage(res.body)})`);
        }
        if (res.status !== 201 && res.status !== 200)
            throw new EngineError(res.status, `create service ${spec.Name}: ${engineMessage(res.body)}`);
        return parseEngineJson(res.body, `create service ${spec.Name}`).ID;
    }
    /** An update at `version` (optimistic concurrency); `rollback`: Swarm's own return to PreviousSpec. */
    async updateService(svc, spec, o = {}) {
        await this.api.json('POST', `/services/${api_id(svc.ID)}/update`, {
            query: { version: svc.Version.Index, ...(o.rollback && { rollback: 'previous' }) },
            body: spec,
            headers: registryAuthHeader(o.auth),
        });
    }
    /** Removes a service by its full ID (its tasks go with it); absent is fine. */
    async removeService(serviceId) {
        const res = await this.api.request('DELETE', `/services/${api_id(serviceId)}`);
        if (res.status !== 200 && res.status !== 404)
            throw new EngineError(res.status, `remove service ${serviceId}: ${engineMessage(res.body)}`);
    }
    /** Removes shipshape's `role` service of `app` named `name`, if there is one; what was removed. */
    async removeOwnService(name, app, role) {
        const svc = await this.ownService(name, app, role);
        if (svc)
            await this.removeService(svc.ID);
        return svc;
    }
    async tasks(serviceId) {
        return this.api.json('GET', '/tasks', { query: { filters: JSON.stringify({ service: [serviceId] }) } });
    }
    /** Tasks by service name (a prefix match; still listed while a removed service's tasks shut down). */
    async tasksNamed(name) {
        return this.api.json('GET', '/tasks', { query: { filters: JSON.stringify({ name: [name] }) } });
    }
    async nodes() {
        return this.api.json('GET', '/nodes');
    }
    /** The last `tail` log lines of a task, through the manager (the task may run on any node). */
    async taskLogs(taskId, tail = 20) {
        const res = await this.api.request('GET', `/tasks/${api_id(taskId)}/logs`, { query: { stdout: 1, stderr: 1, tail } });
        if (res.status !== 200)
            return [`(no logs: ${engineMessage(res.body)})`];
        const { stdout, stderr } = demux(res.body);
        return (stdout + stderr).split('\n').filter((l) => l !== '').slice(-tail).map((l) => (0,log/* peerText */.qT)(l, 500));
    }
    /** Creates a config unless one of that name exists (configs are immutable: the name carries the content hash). */
    async ensureConfig(name, data, labels) {
        const res = await this.api.request('GET', `/configs/${api_id(name)}`);
        if (res.status === 200)
            return;
        const created = await this.api.request('POST', '/configs/create', { body: { Name: name, Labels: labels, Data: Buffer.from(data).toString('base64') } });
        if (created.status !== 201 && created.status !== 409)
            throw new EngineError(created.status, `create config ${name}: ${engineMessage(created.body)}`);
    }
    /** The configs labelled `shipshape.app=<app>` (the app's proxy configs, one per content hash). */
    async appConfigs(app) {
        return this.api.json('GET', '/configs', { query: { filters: JSON.stringify({ label: [`shipshape.app=${app}`] }) } });
    }
    /** Removes a config; false while a task still uses it; absent is fine. */
    async removeConfig(configId) {
        const res = await this.api.request('DELETE', `/configs/${api_id(configId)}`);
        if (res.status === 200 || res.status === 204 || res.status === 404)
            return true;
        if (/in use/i.test(engineMessage(res.body)))
            return false;
        throw new EngineError(res.status, `remove config ${configId}: ${engineMessage(res.body)}`);
    }
    async configId(name) {
        return (await this.api.json('GET', `/configs/${api_id(name)}`)).ID;
    }
    async ensureOverlay(name) {
        const res = await this.api.request('GET', `/networks/${api_id(name)}`);
        if (res.status === 200)
            return;
        const created = await this.api.request('POST', '/networks/create', {
            body: { Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: { 'shipshape.role': 'network' } },
        });
        if (created.status !== 201 && created.status !== 409)
            throw new EngineError(created.status, `create overlay network ${name}: ${engineMessage(created.body)}`);
    }
}

// EXTERNAL MODULE: ./src/settings/deploy-mode.ts
var deploy_mode = __webpack_require__(55984);
;// CONCATENATED MODULE: ./src/deploy/placements/swarm/spec.ts






const OVERLAY = 'shipshape-overlay';
const proxyServiceName = (app) => `${app}-proxy`;
const NS = 1e9;
/** Swarm's update monitor after each task: a task failing within it rolls the update back. */
const MONITOR_SECONDS = 3;
/** Between two tasks: the proxy re-resolves tasks.<app> (hold valid 1 s) and checks the new task twice. */
const UPDATE_DELAY_SECONDS = 2;
const replicasOf = (s) => s.modes?.replicas ?? deploy_mode/* DEFAULT_REPLICAS */.Mo;
/**
 * The task's HEALTHCHECK, so Swarm's start-first update waits for a healthy task and rolls back on an
 * unhealthy one. The image may have no curl: wget (busybox, Debian), curl, else the probe fails and says
 * so in the health log. The proxy gates traffic by its own HTTP check either way.
 */
function healthProbe(port, path) {
    const url = `http://127.0.0.1:${port}${path}`;
    return `if command -v wget >/dev/null 2>&1; then wget -q -O /dev/null '${url}'; elif command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null '${url}'; else echo 'shipshape: no wget or curl in the image for the swarm health check' >&2; exit 1; fi`;
}
function mounts(s) {
    return (0,core_spec/* appOptions */.Cp)(s).volumes.map((v) => v.kind === 'tmpfs'
        ? { Type: 'tmpfs', Target: v.target }
        : // A named volume is per node in Swarm (created on the node a task lands on); a bind needs the path on every node.
            { Type: v.kind, Source: v.source, Target: v.target, ReadOnly: v.readOnly });
}
/** Seconds Swarm watches each new task for a failure before the next: a worker's `ready-seconds`. */
const monitorSecondsOf = (s) => ((0,core_spec/* appOptions */.Cp)(s).role === 'worker' ? (0,core_spec/* appOptions */.Cp)(s).readySeconds : MONITOR_SECONDS);
/**
 * The task's health check: a web app's HTTP probe; a worker's `health-cmd`, else none set (the image's
 * own HEALTHCHECK if it has one, else a running task counts, watched for `ready-seconds` by the monitor).
 */
// The engine runs the first check one interval after the start, and a start-first update waits for it
// on every task: 1 s (not 2) takes a second off each task's turn; 8 retries keep the 8 s a task may fail first.
function healthcheck(s) {
    const opts = (0,core_spec/* appOptions */.Cp)(s);
    if (opts.role === 'web')
        return { Healthcheck: { Test: ['CMD-SHELL', healthProbe(s.containerPort, s.healthPath)], Interval: NS, Timeout: 5 * NS, Retries: 8, StartPeriod: 0 } };
    return opts.healthCmd ? { Healthcheck: { Test: ['CMD-SHELL', opts.healthCmd], Interval: 2 * NS, Timeout: 10 * NS, Retries: 3 } } : {};
}
/**
 * The app as one Swarm service: dnsrr on the overlay (no VIP: no IPVS here), start-first rolling updates
 * with rollback; a worker with `overlap: false` stop-first (each task stopped before its replacement starts).
 */
function appServiceSpec(s, o) {
    const opts = (0,core_spec/* appOptions */.Cp)(s);
    const labels = { ...ownLabels(s.app, 'app'), 'shipshape.image': o.image, 'shipshape.deployed-by': o.owner.id, ...(o.owner.runUrl && { 'shipshape.run-url': o.owner.runUrl }) };
    const order = opts.role === 'worker' && !opts.overlap ? 'stop-first' : 'start-first';
    const update = { Parallelism: 1, Delay: UPDATE_DELAY_SECONDS * NS, Monitor: monitorSecondsOf(s) * NS, MaxFailureRatio: 0, Order: order };
    return {
        Name: s.app,
        Labels: labels,
        TaskTemplate: {
            ContainerSpec: {
                Image: o.image,
                Labels: labels,
                Env: s.env.map(([k, v]) => `${k}=${v}`),
                ...healthcheck(s),
                StopGracePeriod: opts.stopTimeoutSeconds * NS,
                Mounts: mounts(s),
            },
            Resources: { Limits: { ...(opts.memoryBytes && { MemoryBytes: opts.memoryBytes }), ...(opts.cpus && { NanoCPUs: Math.round(opts.cpus * NS) }) } },
            // `any`: a task Swarm stopped for failing its health check exits 0 (the app's SIGTERM handler) and must still be replaced.
            RestartPolicy: { Condition: 'any', Delay: 2 * NS },
            Networks: [{ Target: OVERLAY, Aliases: [s.app] }, ...opts.networks.map((n) => ({ Target: n.name, Aliases: n.aliases }))],
            LogDriver: { Name: opts.log.driver, Options: opts.log.options },
            // Only nodes whose platform the image has get its tasks (each node pulls its own variant of the index).
            ...(o.platforms?.length && { Placement: { Platforms: o.platforms.map((p) => ({ OS: p.split('/')[0], Architecture: p.split('/')[1] })) } }),
        },
        Mode: { Replicated: { Replicas: replicasOf(s) } },
        UpdateConfig: { ...update, FailureAction: 'rollback' },
        RollbackConfig: { ...update, FailureAction: 'pause' },
        EndpointSpec: { Mode: 'dnsrr' },
    };
}
/** Server slots for tasks.<app>: start-first runs up to replicas + 1 at once; spare slots cost nothing. */
const slots = (replicas) => Math.max(10, 2 * replicas + 2);
/**
 * The swarm proxy: the app's tasks found through Docker's DNS (tasks.<app>, every task's address) with
 * active HTTP checks, so a task takes traffic only once it answers health-path; a task that goes away
 * is retried elsewhere (retry-on, redispatch) until the next resolution drops it.
 */
function swarmProxyConfig(s) {
    return [
        ...PROXY_GLOBAL,
        '',
        ...PROXY_DEFAULTS,
        '    retry-on all-retryable-errors',
        '',
        ...DOCKER_RESOLVER,
        '    accepted_payload_size 8192',
        // Re-resolve every second and drop a task gone from the answer after 1 s; a failed or slow lookup
        // (a loaded node's DNS) keeps the last good answer instead of taking every server out.
        '    hold valid 1s',
        '    hold obsolete 1s',
        '    hold nx 5s',
        '    hold other 30s',
        '    hold refused 30s',
        '    hold timeout 30s',
        '',
        'frontend public',
        `    bind :${FRONTEND_PORT}`,
        '    default_backend app',
        '',
        'backend app',
        '    balance roundrobin',
        `    option httpchk GET ${s.healthPath}`,
        '    http-check expect rstatus ^2[0-9][0-9]$',
        // A loaded node answers checks slowly: a check times out after 2 s, and three failures take a task out.
        '    timeout check 2s',
        '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr none',
        `    server-template task 1-${slots(replicasOf(s))} tasks.${s.app}:${s.containerPort} check`,
        '',
    ].join('\n');
}
const proxyConfigName = (app, text) => `${app}-proxy-${(0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 12)}`;
/**
 * Refuses a `public-port` bound to one address. Swarm's host-mode publishing (PublishedPort, no address)
 * has no host IP, so the port would be open on every address of every node: a port meant for
 * 127.0.0.1 would silently face the network. Refused rather than warned about for that reason.
 */
function refuseBoundPublicPort(s) {
    const address = s.publicPort.address;
    if (!address || address === '0.0.0.0' || address === '::' || (0,core_spec/* appOptions */.Cp)(s).role !== 'web')
        return;
    const given = address.includes(':') ? `[${address}]:${s.publicPort.port}` : `${address}:${s.publicPort.port}`;
    throw new DeployError(`input 'public-port' is "${given}", but deploy-mode swarm publishes the proxy's port in host mode on every address of every node (Swarm cannot bind one address); nothing was changed. Set public-port to ${s.publicPort.port} and restrict access with a firewall, or deploy with deploy-mode: container`);
}
/** One proxy task per node (global), published in host mode: the routing mesh does not route without IPVS. */
function proxyServiceSpec(s, config) {
    const labels = ownLabels(s.app, 'proxy');
    return {
        Name: proxyServiceName(s.app),
        Labels: labels,
        TaskTemplate: {
            ContainerSpec: {
                Image: s.proxyImage,
                Labels: labels,
                Configs: [{ ConfigName: config.name, ConfigID: config.id, File: { Name: `${CONFIG_DIR}/${CONFIG_FILE}`, UID: '0', GID: '0', Mode: 0o444 } }],
            },
            RestartPolicy: { Condition: 'any', Delay: NS },
            Networks: [{ Target: OVERLAY }],
        },
        Mode: { Global: {} },
        UpdateConfig: { Parallelism: 1, Delay: NS, FailureAction: 'pause', Order: 'stop-first' },
        EndpointSpec: { Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: FRONTEND_PORT, PublishedPort: s.publicPort.port, PublishMode: 'host' }] },
    };
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/remove.ts


/** How long the removed services' tasks may take to shut down on every node (their stop grace included). */
const STOP_WAIT_MS = 60_000;
/**
 * `remove: true` in swarm mode, run by the machine under the app's lease on the manager (which then
 * forgets the host state): the proxy service goes first (no new connection reaches the app), then the app's service and a
 * release job left by a killed deploy, then the proxy's configs once no task uses them. Each service
 * is found by its exact name and its shipshape labels and removed by its ID: a service of that name
 * without the labels is not shipshape's and is left alone, and nothing of another app is touched. The
 * overlay network stays (other apps use it).
 */
async function removeSwarmObjects(swarm, app, o) {
    const gone = new Set();
    const services = [[proxyServiceName(app), 'proxy'], [app, 'app'], [releaseName(app), 'release']];
    for (const [name, role] of services) {
        const svc = await swarm.removeOwnService(name, app, role);
        if (svc) {
            gone.add(svc.ID);
            o.removed.push(`service ${name}`);
        }
        else if (await swarm.foreignService(name, app, role)) {
            o.logger.warning(`${app}: left the Swarm service ${name} alone: it lacks the labels shipshape.app=${app} and shipshape.role=${role}, so shipshape did not create it for this app`);
        }
    }
    // Removing a service only asks its tasks to stop: the step ends once none runs (nothing answers any more).
    const end = Date.now() + STOP_WAIT_MS;
    for (;;) {
        const left = (await swarm.tasksNamed(app)).filter((t) => t.ServiceID && gone.has(t.ServiceID));
        if (left.length === 0)
            break;
        if (Date.now() >= end) {
            o.logger.warning(`${app}: ${left.length} task(s) of the removed services still stopping after ${STOP_WAIT_MS / 1000} s; Swarm finishes them`);
            break;
        }
        await o.sleep(500);
    }
    for (let left = await swarm.appConfigs(app); left.length > 0; left = await swarm.appConfigs(app)) {
        const inUse = [];
        for (const c of left)
            (await swarm.removeConfig(c.ID)) ? o.removed.push(`config ${c.Spec.Name}`) : inUse.push(c.Spec.Name);
        if (inUse.length === 0)
            break;
        if (Date.now() >= end) {
            o.logger.warning(`${app}: config ${inUse.join(', ')} still in use (the proxy's tasks are still stopping); the next remove takes it`);
            break;
        }
        await o.sleep(500);
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/context.ts

/** How long one update (or its rollback) may take to converge: each task's health timeout, monitor and delay, plus a minute. */
const convergeTimeoutMs = (s) => (replicasOf(s) * (s.healthTimeoutSeconds + monitorSecondsOf(s) + UPDATE_DELAY_SECONDS) + 60) * 1000;

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/converge.ts

const converge_short = (id) => (id ?? '?').slice(0, 12);
const digestOf = (image) => image.slice(image.indexOf('@') + 1, image.indexOf('@') + 20);
/** One line a task: what the log shows as the update goes. */
function taskLine(t, nodes) {
    const node = t.NodeID ? nodes.get(t.NodeID) : undefined;
    const where = node ? `${converge_short(node.ID)} (${node.Status.Addr ?? node.Description.Hostname})` : 'unassigned';
    const err = t.Status.Err ? `: ${(0,log/* peerText */.qT)(t.Status.Err, 200)}` : '';
    return `task ${converge_short(t.ID)} slot ${t.Slot ?? '-'} on ${where}: ${t.Status.State} (desired ${t.DesiredState}), ${digestOf(t.Spec.ContainerSpec.Image)}…${err}`;
}
/** The running tasks of `image`, the ones the service ends with. */
const runningOf = (tasks, image) => tasks.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running' && t.Spec.ContainerSpec.Image === image);
/** The task that made the update fail: the newest failed/rejected one of `image`, else the newest failed one. */
function failingTask(tasks, image) {
    const failed = tasks
        .filter((t) => ['failed', 'rejected', 'shutdown', 'complete', 'orphaned'].includes(t.Status.State))
        .sort((a, b) => (b.Status.Timestamp ?? '').localeCompare(a.Status.Timestamp ?? ''));
    const ofImage = failed.filter((t) => t.Spec.ContainerSpec.Image === image);
    return ofImage.find((t) => t.Status.Err) ?? ofImage[0] ?? failed.find((t) => t.Status.Err);
}
/**
 * Polls the service until Swarm's update settles (`UpdateStatus.State` completed, rollback_completed,
 * paused, rollback_paused) — or, for a new service without an update status, until `replicas` tasks of
 * `image` run (healthy: a task with a HEALTHCHECK is `starting` until it passes). Logs each task change.
 */
async function converge(swarm, o) {
    const end = o.now() + o.timeoutMs;
    const seen = new Map();
    let nodes = new Map();
    let svc;
    let tasks = [];
    // What went wrong as it happened: Swarm's message when the rollback started, and the first task of the
    // new image that failed with an error (later polls show only the rollback's orderly shutdowns).
    let why;
    let failed;
    for (;;) {
        svc = await swarm.serviceById(o.serviceId);
        if (!svc)
            return { ok: false, state: 'gone', reason: `service ${o.serviceId} was removed during the deploy`, service: { ID: o.serviceId }, tasks };
        tasks = await swarm.tasks(svc.ID);
        if (tasks.some((t) => t.NodeID && !nodes.has(t.NodeID)))
            nodes = new Map((await swarm.nodes()).map((n) => [n.ID, n]));
        for (const t of tasks) {
            const line = taskLine(t, nodes);
            if (seen.get(t.ID) !== line)
                o.logger.info(`${svc.Spec.Name}: ${line}`);
            seen.set(t.ID, line);
        }
        // The update status of an earlier update (a previous deploy's `completed`) does not count.
        const st = svc.UpdateStatus?.State && svc.UpdateStatus.StartedAt !== o.staleStartedAt ? svc.UpdateStatus.State : undefined;
        const running = runningOf(tasks, o.image).length;
        const msg = svc.UpdateStatus?.Message ? (0,log/* peerText */.qT)(svc.UpdateStatus.Message, 300) : '';
        if (!why && (st === 'rollback_started' || st === 'paused') && msg)
            why = msg;
        failed ??= tasks.find((t) => t.Spec.ContainerSpec.Image === o.image && t.Status.Err);
        const done = o.rollback ? 'rollback_completed' : 'completed';
        if (st === done || (!o.expectUpdate && !st)) {
            if (running >= o.replicas)
                return { ok: true, state: st ?? 'running', service: svc, tasks };
        }
        else if (st === 'rollback_completed' || st === 'rollback_paused' || st === 'paused') {
            return { ok: false, state: st, reason: why ?? (msg || st), failing: failed ?? failingTask(tasks, o.image), service: svc, tasks };
        }
        if (o.now() > end) {
            return { ok: false, state: st ?? 'pending', reason: `not converged within ${Math.round(o.timeoutMs / 1000)} s (${running} of ${o.replicas} tasks of the new image running${msg ? `; ${msg}` : ''})`, failing: failingTask(tasks, o.image), service: svc, tasks };
        }
        await o.sleep(500);
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/proxy.ts





/** How long the proxy service may take to come up (counted in the lease). */
const PROXY_WAIT_MS = 90_000;
/**
 * The app's HAProxy as a global service (one task per node, host-mode port), its config a Swarm config
 * named by its content hash. Created once; updated only when its config, image or port changed — an
 * update restarts the proxy tasks one node at a time (stop-first: that node's port is briefly closed).
 * Its tasks run shipshape's command (PROXY_COMMAND: HAProxy in the foreground on its config), not the
 * image's entrypoint script; a service created before that keeps its command until its next update.
 */
async function ensureSwarmProxy(swarm, s, o) {
    const text = swarmProxyConfig(s);
    const configName = proxyConfigName(s.app, text);
    await swarm.ensureConfig(configName, text, ownLabels(s.app, 'proxy'));
    const base = proxyServiceSpec(s, { name: configName, id: await swarm.configId(configName) });
    const spec = { ...base, TaskTemplate: { ...base.TaskTemplate, ContainerSpec: { ...base.TaskTemplate.ContainerSpec, Command: PROXY_COMMAND.Entrypoint, Args: PROXY_COMMAND.Cmd } } };
    const name = proxyServiceName(s.app);
    const svc = await swarm.ownService(name, s.app, 'proxy');
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (svc) {
        const cs = svc.Spec.TaskTemplate.ContainerSpec;
        const ports = svc.Spec.EndpointSpec?.Ports?.map((p) => p.PublishedPort);
        const changed = [
            ...(cs.Image === s.proxyImage ? [] : [`input 'proxy-image' "${s.proxyImage}" (it ran "${cs.Image}")`]),
            ...(cs.Configs?.[0]?.ConfigName === configName ? [] : ['its config']),
            ...(same(ports, [s.publicPort.port]) ? [] : [`input 'public-port' ${s.publicPort.port}`]),
        ];
        if (changed.length === 0)
            return;
        o.logger.info(`${name}: updating the proxy service for ${changed.join(', ')} (one node at a time; each node's port closes for a moment)`);
        await swarm.updateService(svc, spec);
    }
    else {
        o.logger.info(`${name}: creating the proxy service (global, host-mode port ${s.publicPort.port})`);
    }
    const serviceId = svc ? svc.ID : await swarm.createService(spec);
    const nodes = (await swarm.nodes()).filter((n) => n.Status.State === 'ready' && n.Spec.Availability === 'active');
    const out = await converge(swarm, {
        serviceId,
        image: s.proxyImage,
        replicas: nodes.length,
        timeoutMs: PROXY_WAIT_MS,
        logger: o.logger,
        sleep: o.sleep,
        now: o.now,
        expectUpdate: !!svc,
        staleStartedAt: svc?.UpdateStatus?.StartedAt,
    });
    if (!out.ok)
        throw new ProxyError(`${name}: the proxy service did not come up on the ${nodes.length} active nodes: ${out.reason}${out.failing?.Status.Err ? ` (${out.failing.Status.Err})` : ''}`);
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/job.ts






const ENDED = ['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove'];
const LOG_LINES = 200;
/**
 * The release command as a Swarm job: one task (`ReplicatedJob`, one completion) of the new image with
 * the app's env, mounts, limits, networks, log driver and placement, never restarted. It has no alias on
 * any network: the app's name (tasks.<app>, what the proxy resolves) and the app's aliases on the user
 * networks must never reach it.
 */
function releaseJobSpec(s, o) {
    const app = appServiceSpec(s, o);
    const labels = { ...app.Labels, ...ownLabels(s.app, 'release') };
    const { UpdateConfig: _u, RollbackConfig: _r, ...job } = app;
    const { Healthcheck: _h, ...container } = app.TaskTemplate.ContainerSpec;
    return {
        ...job,
        Name: releaseName(s.app),
        Labels: labels,
        TaskTemplate: {
            ...app.TaskTemplate,
            // Args is the image's CMD (the entrypoint stays), as the single-host release container's Cmd.
            ContainerSpec: { ...container, Labels: labels, Args: o.command, Healthcheck: { Test: ['NONE'] } },
            RestartPolicy: { Condition: 'none' },
            Networks: [{ Target: OVERLAY }, ...(0,core_spec/* appOptions */.Cp)(s).networks.map((n) => ({ Target: n.name }))],
        },
        Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
        EndpointSpec: { Mode: 'dnsrr' },
    };
}
/** The job's one task once it ended (complete, failed, rejected…), else undefined. */
const endedTask = (tasks) => tasks.find((t) => ENDED.includes(t.Status.State));
/**
 * Runs the release command once as a Swarm job before the app service is touched, bounded by
 * RELEASE_LIMIT_SECONDS; its output goes to the log. A non-zero exit (or a task that could not run)
 * fails the deploy naming the exit code and the last log lines. The job service is removed either way.
 */
async function runReleaseJob(swarm, c, o) {
    const command = (0,core_spec/* appOptions */.Cp)(c.settings).releaseCommand;
    if (!command)
        return;
    const app = c.settings.app;
    const name = releaseName(app);
    const limitMs = o.limitMs ?? RELEASE_LIMIT_SECONDS * 1000;
    const rec = { command };
    c.result.release = rec;
    const start = c.now();
    const keeps = `the service ${app} was not updated and the live version keeps serving`;
    // A job left by a killed deploy would make the create fail on the name.
    await swarm.removeOwnService(name, app, 'release');
    c.logger.info(`${app}: running the release command ${(0,log/* peerText */.qT)(JSON.stringify(command))} as the Swarm job ${name}`);
    let id;
    try {
        try {
            id = await swarm.createService(releaseJobSpec(c.settings, { image: o.image, command, owner: c.owner, platforms: o.platforms }), o.registryAuth);
        }
        catch (e) {
            throw new DeployError(`the release command ${JSON.stringify(command)} could not run: creating the Swarm job ${name} failed: ${(0,log/* errorMessage */.gJ)(e)}; ${keeps}`, c.result, { cause: e });
        }
        let task;
        for (;;) {
            task = endedTask(await swarm.tasks(id));
            if (task)
                break;
            if (c.now() - start > limitMs) {
                rec.ms = c.now() - start;
                throw new DeployError(`the release command ${JSON.stringify(command)} did not finish within ${Math.round(limitMs / 1000)} s (Swarm job ${name}; it was removed); ${keeps}`, c.result);
            }
            await c.sleep(500);
        }
        rec.ms = c.now() - start;
        const lines = await swarm.taskLogs(task.ID, LOG_LINES).catch(() => []);
        for (const line of lines)
            c.logger.info(`release | ${line}`);
        const exitCode = task.Status.ContainerStatus?.ExitCode;
        if (exitCode !== undefined && (task.Status.State === 'complete' || task.Status.State === 'failed'))
            rec.exitCode = exitCode;
        const last = lines.length ? `; its last log lines:\n${lines.slice(-10).join('\n')}` : '';
        if (task.Status.State !== 'complete' || (rec.exitCode ?? 0) !== 0) {
            const how = rec.exitCode !== undefined && rec.exitCode !== 0 ? `exited with code ${rec.exitCode}` : `did not run to completion (task ${task.ID.slice(0, 12)} ${task.Status.State}${task.Status.Err ? `: ${(0,log/* peerText */.qT)(task.Status.Err, 300)}` : ''})`;
            throw new DeployError(`the release command ${JSON.stringify(command)} ${how} in the Swarm job ${name}; ${keeps}${last}`, c.result);
        }
        c.logger.info(`${app}: the release command exited with 0 in ${rec.ms} ms`);
    }
    finally {
        await (id ? swarm.removeService(id) : swarm.removeOwnService(name, app, 'release')).catch((e) => c.logger.warning(`Could not remove the Swarm job ${name}: ${(0,log/* errorMessage */.gJ)(e)}`));
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/worker.ts



/**
 * A worker's service just created: Swarm monitors an update's tasks (`ready-seconds` is its monitor) but
 * not a create's, so the tasks that run must keep running, unrestarted, for `ready-seconds`. A task that
 * failed or was replaced in that time fails the deploy naming its error and last log lines.
 */
async function watchCreatedWorker(swarm, c, o) {
    const opts = (0,core_spec/* appOptions */.Cp)(c.settings);
    if (opts.role !== 'worker' || opts.readySeconds === 0)
        return;
    const ids = new Set(runningOf(o.tasks, o.image).map((t) => t.ID));
    c.logger.info(`${c.settings.app}: watching the new worker's ${ids.size} tasks for ready-seconds (${opts.readySeconds} s)`);
    await c.sleep(opts.readySeconds * 1000);
    const tasks = await swarm.tasks(o.serviceId);
    const kept = runningOf(tasks, o.image).filter((t) => ids.has(t.ID)).length;
    if (kept === ids.size)
        return;
    const t = failingTask(tasks, o.image);
    const logs = t ? await swarm.taskLogs(t.ID, 10).catch(() => []) : [];
    const task = t ? `; failing task ${t.ID.slice(0, 12)}: ${t.Status.State}${t.Status.Err ? ` (${t.Status.Err})` : ''}${logs.length ? `; its last log lines:\n${logs.join('\n')}` : ''}` : '';
    throw new DeployError(`${c.settings.app}: ${ids.size - kept} of the new worker's ${ids.size} tasks did not keep running for ready-seconds (${opts.readySeconds} s)${task}`, c.result);
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/undo.ts






/** Whether the service's current spec is the one this run's update wrote (its labels name the run). */
const ours = (svc, holder) => svc.Spec.Labels?.['shipshape.deployed-by'] === holder;
/**
 * Undoes a swarm deploy from the journal's phase so the previous spec serves again: our update still
 * in progress, paused or finished after main stopped → Swarm's rollback to the previous spec; Swarm's
 * own rollback under way → wait for it; a rollback paused on a failing task → a forced update to the
 * (previous) spec; a service this run created → removed (nothing before it to serve). Every wait is
 * bounded; the same code runs when main fails and in the post step. Throws UndoError naming what is left.
 */
async function undoSwarm(c, reason) {
    const j = c.journal.value;
    if ((j.phase !== 'updating' && j.phase !== 'reverting') || !j.swarm)
        return;
    const app = c.settings.app;
    const w = j.swarm;
    c.journal.enter('reverting', { reason: j.reason ?? reason });
    const fail = (what, e) => {
        throw new UndoError(`could not undo the ${j.kind} of service ${app}: ${what}: ${(0,log/* errorMessage */.gJ)(e)}`, [what]);
    };
    const svc = await c.swarm.ownService(app, app, 'app').catch((e) => fail(`inspect service ${app}`, e));
    if (!svc) {
        // The create never reached Swarm (or the service went): nothing of this deploy runs.
        await recordHistory(c, 'failed', reason);
        c.journal.enter('reverted');
        return;
    }
    if (w.created) {
        c.logger.warning(`${app}: removing service ${svc.ID.slice(0, 12)}, which this deploy created (there is no previous version to return to): ${reason}`);
        await c.swarm.removeService(svc.ID).catch((e) => fail(`remove service ${app}`, e));
        await recordHistory(c, 'failed', reason);
        c.journal.enter('reverted');
        return;
    }
    const st = svc.UpdateStatus;
    // An update status from before this deploy (the last deploy's `completed`) is not ours to act on.
    const fresh = st?.StartedAt !== w.startedBefore;
    const wait = (o) => converge(c.swarm, { serviceId: svc.ID, image: o.image, replicas: o.replicas, timeoutMs: convergeTimeoutMs(c.settings), logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: true, staleStartedAt: o.stale, rollback: o.rollback });
    const current = { image: svc.Spec.TaskTemplate.ContainerSpec.Image, replicas: svc.Spec.Mode.Replicated?.Replicas ?? replicasOf(c.settings) };
    let out;
    try {
        if (j.kind === 'deploy' && ours(svc, j.holder)) {
            c.logger.warning(`${app}: rolling service ${svc.ID.slice(0, 12)} back to its previous spec (${w.previousImage}; update state ${st?.State ?? 'not started'}): ${reason}`);
            await c.swarm.updateService(svc, svc.Spec, { rollback: true });
            out = await wait({ image: w.previousImage, replicas: w.previousReplicas ?? current.replicas, stale: st?.StartedAt, rollback: true });
        }
        else if (fresh && st?.State === 'rollback_started') {
            c.logger.info(`${app}: Swarm is rolling service ${svc.ID.slice(0, 12)} back to ${current.image}; waiting for it to finish`);
            out = await wait({ ...current, rollback: true });
        }
        else if (fresh && st?.State === 'rollback_paused') {
            // Swarm's rollback stopped on a failing task: the spec is the previous one again, a forced update puts every task on it.
            c.logger.warning(`${app}: Swarm's rollback paused (${st.Message ?? 'no message'}); forcing an update of service ${svc.ID.slice(0, 12)} to its current spec (${current.image})`);
            await c.swarm.updateService(svc, { ...svc.Spec, TaskTemplate: { ...svc.Spec.TaskTemplate, ForceUpdate: (svc.Spec.TaskTemplate.ForceUpdate ?? 0) + 1 } });
            out = await wait({ ...current, stale: st.StartedAt, rollback: false });
        }
    }
    catch (e) {
        fail(`roll service ${app} back`, e);
    }
    if (out && !out.ok)
        throw new UndoError(`could not undo the ${j.kind} of service ${app}: Swarm's update state is ${out.state}: ${out.reason}`, [`service ${app} at ${out.state}`]);
    if (out)
        c.logger.info(`${app}: service ${svc.ID.slice(0, 12)} runs its previous spec again (${out.state})`);
    // A rollback (Swarm's, one level) cannot itself be undone: the history says it did not complete.
    await recordHistory(c, j.kind === 'deploy' ? 'reverted' : 'failed', reason);
    c.journal.enter('reverted');
}
/** The swarm post step: a converged update finishes (its history entry); anything before is undone. */
function swarmRecovery(c) {
    return {
        recover: async () => {
            const phase = c.journal.phase;
            if (phase === 'converged')
                await recordHistory(c, 'live');
            else
                await undoSwarm(c, `the main step stopped in phase ${phase}`);
        },
        leftBehind: () => (['updating', 'reverting'].includes(c.journal.phase) ? `; service ${c.settings.app} may still be updating or rolling back on its own` : ''),
    };
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/run.ts














const run_LEASE_MARGIN_SECONDS = 240;
/** Whether this deploy goes to Swarm: `deploy-mode`, or for `auto` what the engine says; refuses the other mode's inputs. */
async function swarmMode(docker, s) {
    const mode = s.modes?.mode ?? 'auto';
    if (mode === 'container')
        return false;
    const manager = await new SwarmApi(docker.api).isManager();
    if (mode === 'auto')
        (0,deploy_mode/* refuseForMode */.v2)(s.modes ?? {}, manager ? 'swarm' : 'container');
    if (mode === 'swarm' && !manager) {
        throw new DeployError(`input 'deploy-mode' is swarm, but the engine at ${s.host.text} is not an active swarm manager (docker info: Swarm not active or not a manager); point deploy-host at a manager`);
    }
    return manager;
}
/**
 * The swarm deploy as the machine's strategy (core/machine.ts owns the lease, journal, undo and release):
 * setup is the overlay network and the HAProxy service; the phases create or update the app's Swarm
 * service to `image` (start-first, health-gated, failure action rollback) and wait for Swarm's update to
 * settle. Rollback is Swarm's own (`rollback=previous`). The undo is in undo.ts.
 */
function swarmStrategy(c, plan) {
    const s = c.settings;
    const timeoutMs = convergeTimeoutMs(s);
    const releaseMs = (0,core_spec/* appOptions */.Cp)(s).releaseCommand ? RELEASE_LIMIT_SECONDS * 1000 : 0;
    return {
        // The release job, the update, then perhaps its undo (a rollback as long), and the proxy service's wait.
        leaseTtlMs: releaseMs + 2 * timeoutMs + PROXY_WAIT_MS + run_LEASE_MARGIN_SECONDS * 1000,
        setup: async () => {
            refuseBoundPublicPort(s);
            // Before the proxy and the release command: a service of the app's name that is not shipshape's would fail only the create.
            if (await c.swarm.foreignService(s.app, s.app, 'app'))
                throw new DeployError(`${s.app}: ${foreignServiceMessage(s.app, s.app, 'app')}; nothing was changed`, c.result);
            await c.swarm.ensureOverlay(OVERLAY);
            // A worker has no proxy service and no published port.
            if ((0,core_spec/* appOptions */.Cp)(s).role === 'web')
                await ensureSwarmProxy(c.swarm, s, { logger: c.logger, now: c.now, sleep: c.sleep });
        },
        phases: () => (plan.kind === 'deploy' ? update(c, plan, timeoutMs) : rollback(c, timeoutMs)),
        undo: (reason) => undoSwarm(c, reason),
        ...swarmRecovery(c),
    };
}
/** What the journal keeps of the service before this deploy touches it. */
const before = (svc) => ({
    created: false,
    serviceId: svc.ID,
    previousImage: svc.Spec.TaskTemplate.ContainerSpec.Image,
    previousReplicas: svc.Spec.Mode.Replicated?.Replicas,
    versionBefore: svc.Version.Index,
    ...(svc.UpdateStatus?.StartedAt && { startedBefore: svc.UpdateStatus.StartedAt }),
});
async function update(c, plan, timeoutMs) {
    const s = c.settings;
    const swarm = c.swarm;
    const image = plan.image;
    const replicas = replicasOf(s);
    const r = c.result;
    r.to = { color: r.color, digest: image };
    const svc = await swarm.ownService(s.app, s.app, 'app');
    const liveImage = svc?.Spec.TaskTemplate.ContainerSpec.Image;
    if (liveImage)
        r.from = { color: r.color, digest: liveImage };
    if (svc && liveImage === image && svc.Spec.Mode.Replicated?.Replicas === replicas && !/^(updating|rollback_started)$/.test(svc.UpdateStatus?.State ?? '')) {
        const tasks = await swarm.tasks(svc.ID);
        if (runningOf(tasks, image).length >= replicas) {
            c.logger.info(`${s.app}: service ${svc.ID.slice(0, 12)} already runs ${image} with ${replicas} tasks; nothing to do (no update issued)`);
            r.noop = true;
            c.journal.enter('locked', { image });
            await recordTasks(c, svc, tasks, { ok: true, state: 'unchanged' }, 0, plan);
            await recordHistory(c, 'noop');
            return;
        }
    }
    const platforms = plan.platformManifests?.map((m) => m.platform);
    // The release command runs to completion before the service is touched (a failure leaves it as it was).
    await runReleaseJob(swarm, c, { image, registryAuth: plan.registryAuth, platforms });
    const spec = appServiceSpec(s, { image, owner: c.owner, platforms });
    const start = c.now();
    let serviceId;
    // Entered before the call: a kill right after it must find what to undo.
    c.journal.enter('updating', { image, swarm: svc ? before(svc) : { created: true } });
    if (!svc) {
        c.logger.info(`${s.app}: creating service with ${replicas} tasks of ${image}`);
        serviceId = await swarm.createService(spec, plan.registryAuth);
        c.journal.enter('updating', { swarm: { created: true, serviceId } });
    }
    else {
        c.logger.info(`${s.app}: updating service ${svc.ID.slice(0, 12)} (version ${svc.Version.Index}) from ${liveImage} to ${image}, ${replicas} tasks, start-first`);
        await swarm.updateService(svc, spec, { auth: plan.registryAuth });
        serviceId = svc.ID;
    }
    const out = await converge(swarm, { serviceId, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: !!svc, staleStartedAt: svc?.UpdateStatus?.StartedAt });
    r.timings.health = c.now() - start;
    await recordTasks(c, out.service, out.tasks, out, r.timings.health, plan);
    if (!out.ok)
        await fail(c, out, image, liveImage);
    if (!svc)
        await watchCreatedWorker(swarm, c, { serviceId, image, tasks: out.tasks });
    c.journal.enter('converged');
    c.logger.info(`${s.app}: ${replicas} tasks of ${image} running (${out.state}) in ${r.timings.health} ms`);
    await recordHistory(c, 'live');
}
async function rollback(c, timeoutMs) {
    const s = c.settings;
    const swarm = c.swarm;
    const r = c.result;
    const svc = await swarm.ownService(s.app, s.app, 'app');
    if (!svc)
        throw new DeployError(`rollback: ${s.app} has no Swarm service on ${r.host}; nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`, r);
    if (!svc.PreviousSpec)
        throw new DeployError(`rollback: service ${s.app} has no previous spec (it was never updated); nothing was changed`, r);
    const image = digestReference(`the previous spec of service ${s.app}`, svc.PreviousSpec.TaskTemplate.ContainerSpec.Image);
    const replicas = svc.PreviousSpec.Mode.Replicated?.Replicas ?? replicasOf(s);
    r.from = { color: r.color, digest: svc.Spec.TaskTemplate.ContainerSpec.Image };
    r.to = { color: r.color, digest: image };
    c.logger.info(`${s.app}: Swarm rollback of service ${svc.ID.slice(0, 12)} to its previous spec (${image})`);
    const start = c.now();
    c.journal.enter('updating', { image, swarm: before(svc) });
    await swarm.updateService(svc, svc.Spec, { rollback: true });
    const out = await converge(swarm, { serviceId: svc.ID, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: true, staleStartedAt: svc.UpdateStatus?.StartedAt, rollback: true });
    r.timings.health = c.now() - start;
    await recordTasks(c, out.service, out.tasks, out, r.timings.health, {});
    if (!out.ok)
        await fail(c, out, image, undefined);
    c.journal.enter('converged');
    await recordHistory(c, 'live');
}
/** Fails naming Swarm's reason, the failing task's error and its last log lines. */
async function fail(c, out, image, previous) {
    if (out.ok)
        throw new Error('fail() on a good outcome');
    const t = out.failing;
    const logs = t ? await c.swarm.taskLogs(t.ID, 10).catch(() => []) : [];
    // Swarm stops a task that never became healthy; the app's own SIGTERM handler may then exit 0 (no error).
    const check = (0,core_spec/* appOptions */.Cp)(c.settings).role === 'web' ? `GET ${c.settings.healthPath} on port ${c.settings.containerPort} inside the task` : 'the HEALTHCHECK of the image or health-cmd';
    const unhealthy = `${t?.Status.State} without an error before it was healthy: its health check (${check}) did not pass`;
    const task = t ? `; failing task ${t.ID.slice(0, 12)}: ${t.Status.Err || unhealthy}${logs.length ? `; its last log lines:\n${logs.join('\n')}` : ''}` : '';
    const serving = out.state === 'rollback_completed' && previous ? `Swarm rolled back to ${previous}, which keeps serving` : `Swarm's update state is ${out.state}`;
    c.result.rollbackReason = `${out.reason}${t?.Status.Err ? ` (${t.Status.Err})` : ''}`;
    throw new DeployError(`${c.settings.app}: the update to ${image} failed: ${out.reason}. ${serving}${task}`, c.result);
}
const ARCH = { x86_64: 'amd64', aarch64: 'arm64' };
async function recordTasks(c, svc, tasks, out, ms, plan) {
    const nodes = new Map((await c.swarm.nodes()).map((n) => [n.ID, n]));
    const live = tasks.filter((t) => t.DesiredState === 'running');
    c.result.swarm = {
        service_id: svc.ID,
        version: svc.Version.Index,
        replicas: svc.Spec.Mode.Replicated?.Replicas ?? 0,
        update_state: out.state,
        update_ms: ms,
        tasks: live.map((t) => {
            const n = t.NodeID ? nodes.get(t.NodeID) : undefined;
            const arch = n?.Description.Platform.Architecture ?? '';
            const nodePlatform = n ? `${n.Description.Platform.OS}/${ARCH[arch] ?? arch}` : '';
            const digest = plan.platformManifests?.find((m) => m.platform === nodePlatform)?.digest;
            return { id: t.ID, node: t.NodeID ?? '', ...(n?.Status.Addr && { node_address: n.Status.Addr }), node_platform: nodePlatform, image: t.Spec.ContainerSpec.Image, ...(digest && { platform_digest: digest }), state: t.Status.State };
        }),
    };
}

;// CONCATENATED MODULE: ./src/deploy/placements/swarm/placement.ts




/** The app as a Swarm service on the manager's cluster, its ingress an HAProxy service (run.ts, proxy.ts). */
class SwarmPlacement {
    where;
    c;
    constructor(docker, s, run) {
        this.where = `the swarm of ${run.result.host}`;
        // The lease and the host history live on the manager, as a container deploy's on its host.
        this.c = { ...run, settings: s, docker, swarm: new SwarmApi(docker.api) };
    }
    async deploy(plan) {
        this.c.journal.enter('locked', { mode: 'swarm' });
        return swarmStrategy(this.c, plan);
    }
    recovery() {
        return swarmRecovery(this.c);
    }
    remove(removed) {
        return removeSwarmObjects(this.c.swarm, this.c.settings.app, { logger: this.c.logger, sleep: this.c.sleep, removed });
    }
    /** Certificates on a swarm are not kept by shipshape yet (refused at input time). */
    async renew() {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/deploy/placements/worker.ts


/** A worker takes no traffic: every route is a no-op and it reports no health (its readiness is the runtime's). */
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
/** A worker (`role: worker`) on a Docker host: no proxy and no route, only the app network its instances join. */
class WorkerEdge {
    docker;
    where = 'no route (a worker)';
    leaseBudgetMs = 0;
    changesEdge = false;
    router = new NoRouter();
    constructor(docker) {
        this.docker = docker;
    }
    async notDeployed(app) {
        for (const c of color_COLORS)
            if (await this.docker.inspect((0,core_spec/* instanceName */.zl)(app, c)))
                return undefined;
        return `no ${(0,core_spec/* instanceName */.zl)(app, 'blue')} or ${(0,core_spec/* instanceName */.zl)(app, 'green')} container`;
    }
    async prepare(_live) {
        await this.docker.ensureNetwork(core_spec/* NETWORK */.pG);
    }
    async unprepare() { }
    async finish() { }
    async detach() { }
}

;// CONCATENATED MODULE: ./src/deploy/placements/choose.ts








/**
 * Where the app lives, decided once from the settings (and, for `deploy-mode: auto`, from whether
 * the engine is a swarm manager): a Swarm service; on a Docker host, the host proxy (`hosts`), no
 * route (a worker), or its own proxy on `public-port`.
 */
async function choosePlacement(docker, s, run) {
    if (await swarmMode(docker, s))
        return new SwarmPlacement(docker, s, run);
    const hostProxy = new HostProxyEdge(docker, s, { ...run, onRoute: (route) => (run.result.route = { ...route, url: (0,settings_route/* routeUrl */.zo)(s.route) }) });
    const ownProxy = new OwnProxyEdge(docker, s, run.logger);
    const edge = s.route ? hostProxy : (0,core_spec/* appOptions */.Cp)(s).role === 'worker' ? new WorkerEdge(docker) : ownProxy;
    return new ContainerPlacement(docker, s, edge, run, [hostProxy, ownProxy]);
}

;// CONCATENATED MODULE: ./src/deploy/index.ts

















/** How long one renewal may hold the host's renewal lease (each certificate's ACME exchange is bounded on its own). */
const RENEW_LEASE_MS = 30 * 60_000;
/** Puts `req.image` (by digest) live on the app's idle color through the health gate, switch and soak. */
async function deploy(settings, req) {
    if (!/@sha256:[0-9a-f]{64}$/.test(req.image)) {
        throw new DeployError(`deploy needs an image by digest (repo@sha256:…), got "${req.image}"`);
    }
    return deployOrRollback(settings, req, { kind: 'deploy', image: req.image, registryAuth: req.registryAuth, platformManifests: req.platformManifests });
}
/** Switches back to the previous color's digest (its stopped container) through the same gate, switch and soak. */
async function deploy_rollback(settings, req) {
    return deployOrRollback(settings, req, { kind: 'rollback', registryAuth: req.registryAuth });
}
async function connect(settings, logger) {
    const transport = await openTransport(settings, (line) => logger.info(line));
    try {
        return { transport, docker: new Docker(await new EngineClient(transport).connect()) };
    }
    catch (e) {
        transport.close();
        throw e;
    }
}
/** The containers whose image the lease and state containers borrow when the run works from what the host runs. */
const shipshapeContainers = (app) => [stateContainer(app), proxyName(app), hostProxyName()];
/**
 * One run of the machine on the deploy host: connects, chooses the placement once, and gives `work`
 * the run's context (journal saved through `req.saveState`, the lease's store on `image`). A lost
 * connection is named in the error whatever failed after it.
 */
async function onHost(settings, req, o, work) {
    for (const [, v] of settings.env)
        if (v.length >= secret_forms/* MIN_SECRET_LENGTH */.vb)
            req.mask(v);
    if (settings.sshPrivateKey)
        req.mask(settings.sshPrivateKey);
    const result = emptyResult(settings.app, settings.host.text);
    let transport;
    try {
        const conn = await connect(settings, req.logger);
        transport = conn.transport;
        const docker = conn.docker;
        const platform = `${docker.api.os}/${docker.api.arch}`;
        Object.assign(result, { host: transport.where, engineVersion: docker.api.engineVersion, platform });
        req.logger.info(`${o.kind === 'renew' ? 'renew' : `${o.kind} ${settings.app}`} on ${transport.where} (Docker ${docker.api.engineVersion}, ${platform})`);
        const journal = o.journal
            ? new Journal(o.journal, () => { })
            : new Journal({ v: 1, app: settings.app, host: settings.host.text, holder: req.owner.id, kind: o.kind, phase: 'locked', ...(o.lease && { lease: o.lease }) }, (j) => req.saveState?.(j));
        const owner = o.journal ? { id: o.journal.holder } : req.owner;
        const image = await o.image(docker, platform);
        const store = new EngineHostStore(docker, image);
        const c = { settings, logger: req.logger, now: req.now ?? Date.now, sleep: realSleep, owner, journal, store, result };
        const placement = await choosePlacement(docker, settings, c);
        return await work(c, placement, { docker, platform, where: transport.where, image });
    }
    catch (e) {
        const lost = transport?.lost ? `${transport.lost.message}; ` : '';
        if (e instanceof DeployError && !lost)
            throw e;
        const phase = e instanceof DeployError ? e.phase : undefined;
        throw new DeployError(`${o.what} on ${result.host} failed: ${lost}${(0,log/* errorMessage */.gJ)(e)}`, e instanceof DeployError && e.result ? e.result : o.kind === 'deploy' || o.kind === 'rollback' ? result : undefined, {
            cause: transport?.lost ?? e,
            phase,
        });
    }
    finally {
        transport?.close();
    }
}
async function deployOrRollback(settings, req, plan) {
    if (req.registryAuth?.password)
        req.mask(req.registryAuth.password);
    // A deploy creates its proxy from proxy-image; a rollback borrows the image the host already runs (it pulls nothing before its check).
    const image = async (docker) => (plan.kind === 'rollback' && (await existingImage(docker, shipshapeContainers(settings.app)))) || settings.proxyImage;
    return onHost(settings, req, { kind: plan.kind, what: `${plan.kind} of ${settings.app}`, image }, async (c, placement, host) => {
        // A rollback of an app never deployed fails here, before anything on the host changes.
        const strategy = await placement.deploy(plan);
        await ensureImage(host.docker, host.image, host.platform, req.registryAuth);
        return drive(c, plan.kind, strategy);
    });
}
/** The lease and state containers' image for a run that only tears down or renews: the host's own, pulled only when it has none. */
const hostImage = (settings) => async (docker, platform) => {
    const found = await existingImage(docker, shipshapeContainers(settings.app));
    if (found)
        return found;
    await ensureImage(docker, settings.proxyImage, platform);
    return settings.proxyImage;
};
/** `remove: true`: the app's route, instances and host state leave its host (the placement's teardown), touching no other app. */
async function remove(settings, req) {
    return onHost(settings, req, { kind: 'remove', what: `remove of ${settings.app}`, image: hostImage(settings) }, async (c, placement, host) => {
        const strategy = removal(c, (removed) => placement.remove(removed));
        await drive(c, 'remove', strategy);
        req.logger.info(`Removed ${settings.app} from ${host.where}: ${strategy.removed.join(', ') || 'nothing was there'}`);
        return { app: settings.app, host: host.where, removed: strategy.removed };
    });
}
/** `renew: true`: renews the due ACME certificates the host keeps, nothing else. */
async function renew(settings, req) {
    const lease = `${hostProxyName()}-renew`;
    return onHost(settings, req, { kind: 'renew', what: 'renew', lease, image: hostImage(settings) }, async (c, placement, host) => {
        const strategy = renewal(c, () => placement.renew(), RENEW_LEASE_MS);
        await drive(c, 'renew', strategy);
        return { host: host.where, certificates: strategy.statuses };
    });
}
/**
 * The post step after main stopped (killed, canceled or failed mid-undo): from the saved phase, undo
 * (the previous version serves, the candidate goes, the lease is freed) or finish a passed deploy,
 * complete a killed remove, or free a killed renewal's lease.
 */
async function settleDeploy(settings, saved, logger) {
    if (saved.phase === 'done')
        return;
    if (saved.app !== settings.app || saved.host !== settings.host.text) {
        throw new DeployError(`the saved ${saved.kind} is of ${saved.app} on ${saved.host}, but the inputs say ${settings.app} on ${settings.host.text}; left it alone`);
    }
    const req = { owner: { id: saved.holder }, logger, mask: () => { } };
    await onHost(settings, req, { kind: saved.kind, what: `the post step's ${saved.kind} of ${saved.app}`, journal: saved, image: hostImage(settings) }, async (c, placement) => {
        const recovery = 
        // A killed renewal leaves nothing to finish (each certificate is loaded atomically): only its lease is freed.
        saved.kind === 'remove' ? removal(c, (removed) => placement.remove(removed)) : saved.kind === 'renew' ? { recover: async () => { } } : placement.recovery();
        await machine_settleWith(c, recovery);
    });
}


/***/ }),

/***/ 25577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H_: () => (/* binding */ daysLeft),
/* harmony export */   Tw: () => (/* binding */ parseStored),
/* harmony export */   iD: () => (/* binding */ expiryWarning),
/* harmony export */   j5: () => (/* binding */ accountKeyFile),
/* harmony export */   l$: () => (/* binding */ acmeTotalMs),
/* harmony export */   rs: () => (/* binding */ datesOf),
/* harmony export */   zM: () => (/* binding */ whyNotReusable)
/* harmony export */ });
/* unused harmony exports RENEW_WHEN_LEFT, WARN_DAYS, renewalDue, dueAt */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _settings_certificate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(56038);
/* harmony import */ var _bounds_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80186);



// The pure half of ACME on the host proxy: when a stored certificate may be reused, what is due, what
// the summary warns about. No I/O; acme.ts does the talking.
/** Renew when less than this share of a certificate's lifetime is left (Let's Encrypt's own advice). */
const RENEW_WHEN_LEFT = 1 / 3;
/** The summary and the record warn about a certificate with fewer days than this left. */
const WARN_DAYS = 14;
const DAY_MS = 86_400_000;
/**
 * Every ACME exchange of one certificate together, validation included (the deploy's lease counts it):
 * 9 peer waits, 180 s by default, derived like every other bound from SHIPSHAPE_PEER_TIMEOUT_SECONDS.
 */
const acmeTotalMs = (env = process.env) => (0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .peerBounds */ .ML)(env).waitMs * 9;
/** Whether a certificate is due for renewal at `now`: under a third of its lifetime left (or expired). */
function renewalDue(c, now) {
    const life = c.notAfter.getTime() - c.notBefore.getTime();
    return c.notAfter.getTime() - now.getTime() < life * RENEW_WHEN_LEFT;
}
/** When a certificate becomes due: two thirds into its lifetime. */
function dueAt(c) {
    const life = c.notAfter.getTime() - c.notBefore.getTime();
    return new Date(c.notAfter.getTime() - life * RENEW_WHEN_LEFT);
}
const daysLeft = (notAfter, now) => Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
/** The warning for a certificate close to expiry, or undefined. */
function expiryWarning(s) {
    if (s.daysLeft >= WARN_DAYS)
        return undefined;
    const when = s.daysLeft < 0 ? 'expired' : `expires in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}`;
    return `the certificate of ${s.app} (${s.names.join(', ')}) ${when}, on ${s.notAfter}; run the renew workflow or check ACME's error above`;
}
/** The leaf and key of a stored `chain + key` file (HAProxy's form); undefined when it holds none. */
function parseStored(text) {
    if (!text)
        return undefined;
    const blocks = (0,_settings_certificate_js__WEBPACK_IMPORTED_MODULE_1__/* .pemBlocks */ .PQ)(text);
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => b.pem);
    const key = blocks.find((b) => /PRIVATE KEY$/.test(b.label))?.pem;
    if (certs.length === 0 || !key)
        return undefined;
    try {
        return { leaf: new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certs[0]), certPem: `${certs.join('\n')}\n`, keyPem: `${key}\n` };
    }
    catch {
        return undefined;
    }
}
const datesOf = (leaf) => ({ notBefore: new Date(leaf.validFrom), notAfter: new Date(leaf.validTo) });
/**
 * Why a stored certificate cannot be reused for `hosts` at `now`, or undefined when it can: it must
 * cover every host and not be due. A certificate for more names than asked is still fine.
 */
function whyNotReusable(leaf, hosts, now) {
    if (!leaf)
        return 'no certificate is stored for this app yet';
    const missing = hosts.filter((h) => leaf.checkHost(h, { subject: 'default' }) === undefined);
    if (missing.length > 0)
        return `the stored certificate does not cover ${missing.join(', ')}`;
    const d = datesOf(leaf);
    if (renewalDue(d, now))
        return `the stored certificate is due (under a third of its lifetime left; expires ${d.notAfter.toISOString()})`;
    return undefined;
}
/** The file that holds the ACME account key for one directory on the host (one account per directory). */
function accountKeyFile(directory) {
    return `acme-account-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(directory).digest('hex').slice(0, 16)}.key`;
}


/***/ }),

/***/ 29654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ms: () => (/* binding */ padding),
/* harmony export */   YS: () => (/* binding */ encodeHeader),
/* harmony export */   bM: () => (/* binding */ END_OF_ARCHIVE)
/* harmony export */ });
/* unused harmony export BLOCK */
/* harmony import */ var tar__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98697);

const BLOCK = 512;
function padding(size) {
    const rest = size % BLOCK;
    return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}
/** Two zero blocks end an archive. */
const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);
const TYPES = { file: 'File', dir: 'Directory', symlink: 'SymbolicLink' };
/** The header block(s) of one entry (a PAX extended header first when a field does not fit ustar). */
function encodeHeader(h) {
    const fields = {
        path: h.name,
        type: TYPES[h.type],
        mode: h.mode,
        uid: h.uid,
        gid: h.gid,
        size: h.type === 'file' ? h.size : 0,
        mtime: new Date(h.mtime * 1000),
        linkpath: h.linkTarget ?? '',
        uname: '',
        gname: '',
    };
    const header = new tar__WEBPACK_IMPORTED_MODULE_0__/* .Header */ .Y9(fields);
    const block = Buffer.alloc(BLOCK);
    if (!header.encode(block))
        return block;
    const pax = new tar__WEBPACK_IMPORTED_MODULE_0__/* .Pax */ .un({ path: fields.path, mtime: fields.mtime, size: fields.size, uid: h.uid, gid: h.gid, ...(h.linkTarget ? { linkpath: h.linkTarget } : {}) });
    return Buffer.concat([pax.encode(), block]);
}


/***/ })

};

//# sourceMappingURL=365.index.js.map