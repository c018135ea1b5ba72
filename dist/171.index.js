export const id = 171;
export const ids = [171];
export const modules = {

/***/ 72231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ actionsLogger),
/* harmony export */   g: () => (/* reexport safe */ _log_js__WEBPACK_IMPORTED_MODULE_1__.gJ)
/* harmony export */ });
/* harmony import */ var _commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24897);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25625);



/**
 * The runner's log behind the small Logger interface the edge modules take. Their lines carry peer text
 * (registry, engine and cache answers, file names), so each is kept on one line and can never start a
 * workflow command (warning and debug are workflow commands themselves, whose data the toolkit escapes).
 */
const actionsLogger = {
    info: (m) => _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .peerText */ .qT)(m, 4000)),
    warning: (m) => _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
    debug: (m) => _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
};


/***/ }),

/***/ 25247:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ maskSecret),
/* harmony export */   g: () => (/* binding */ keepSecret)
/* harmony export */ });
/* harmony import */ var _commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24897);
/* harmony import */ var _secret_forms_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90773);


/**
 * Masks a secret in the runner's log, in every form a peer may echo it (base64, URL-encoded…). The runner
 * matches masks line by line, so each line of a multi-line secret (a PEM or OpenSSH key) is masked on its own
 * as well. Values shorter than MIN_SECRET_LENGTH are not masked: masking `1` would star every later "1".
 */
function maskSecret(secret) {
    if (secret.length < _secret_forms_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_SECRET_LENGTH */ .vb)
        return;
    for (const form of (0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_1__/* .secretForms */ .eo)(secret))
        _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
    for (const line of secret.split(/\r?\n/)) {
        const t = line.trim();
        if (t.length >= 6 && t !== secret)
            _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(t);
    }
}
/** Masks a secret learned during the run (a token, a password from the Docker config) and adds it to the
 * run's secret list, which the record scrubs on every write and the failure message is scrubbed with. */
function keepSecret(secrets, secret) {
    if (!secret || secrets.includes(secret))
        return;
    secrets.push(secret);
    maskSecret(secret);
}


/***/ }),

/***/ 25625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   gy: () => (/* binding */ noMask),
/* harmony export */   qT: () => (/* binding */ peerText),
/* harmony export */   qq: () => (/* binding */ silentLogger)
/* harmony export */ });
const silentLogger = { info() { }, warning() { }, debug() { } };
const noMask = () => { };
/** The message of anything thrown. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * Text that came from a peer (an engine, a registry, an SSH banner, the app's own output) or from a file
 * name, made safe for one log line: line breaks and other control characters are shown escaped, so the
 * text can never start a line of its own, and a leading `::` is broken, so it never reads as a workflow
 * command (`::error::`, `::add-mask::`). Long text is cut at `max` characters.
 */
function peerText(text, max = 2000) {
    const cut = text.length > max ? `${text.slice(0, max)}…` : text;
    // eslint-disable-next-line no-control-regex
    const flat = cut.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
        const named = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
        return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
    return flat.startsWith('::') ? `:\u200b:${flat.slice(2)}` : flat;
}


/***/ }),

/***/ 62427:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y2: () => (/* binding */ parseLeveledAnnotation),
/* harmony export */   ol: () => (/* binding */ DEFAULT_LEVELS),
/* harmony export */   wv: () => (/* binding */ annotationsAt)
/* harmony export */ });
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1890);

const LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];
/** A line without a prefix: shipshape's own meaning, the index and every manifest. */
const DEFAULT_LEVELS = ['index', 'manifest'];
/**
 * `[type[,type…]][[platform]]:KEY` (buildx's syntax) or a plain `KEY`, with its value. An unknown type
 * or a platform on a level that has none (index, index-descriptor) is refused with a plain Error.
 */
function parseLeveledAnnotation(rawKey, value) {
    const colon = rawKey.indexOf(':');
    if (colon < 0)
        return { levels: [...DEFAULT_LEVELS], key: rawKey, value };
    const prefix = rawKey.slice(0, colon);
    const key = rawKey.slice(colon + 1);
    const m = /^([a-z,-]+)(?:\[([^\]]+)\])?$/.exec(prefix);
    const types = m ? m[1].split(',') : [prefix];
    const unknown = types.find((t) => !LEVELS.includes(t));
    if (!m || unknown !== undefined) {
        throw new Error(`"${rawKey}" has an unknown level "${unknown ?? prefix}" (known: ${LEVELS.join(', ')}; none means the index and every manifest)`);
    }
    if (key === '')
        throw new Error(`"${rawKey}" has no key after the level`);
    const levels = [...new Set(types)];
    if (!m[2])
        return { levels, key, value };
    const wrong = levels.find((l) => l === 'index' || l === 'index-descriptor');
    if (wrong)
        throw new Error(`"${rawKey}": level ${wrong} has no platform (only manifest and manifest-descriptor do)`);
    let platform;
    try {
        platform = (0,_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformKey */ .Ng)((0,_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePlatform */ .FL)(m[2]));
    }
    catch (e) {
        throw new Error(`"${rawKey}": ${e.message}`);
    }
    return { levels, platform, key, value };
}
/** The annotations at one level (for one platform's manifest or descriptor); a later line wins over an earlier one. */
function annotationsAt(list, level, platform) {
    const out = {};
    for (const a of list) {
        if (!a.levels.includes(level))
            continue;
        if (a.platform !== undefined && a.platform !== platform)
            continue;
        out[a.key] = a.value;
    }
    return out;
}


/***/ }),

/***/ 1890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   Ng: () => (/* binding */ platformKey)
/* harmony export */ });
const KNOWN_OS = new Set(['linux', 'windows', 'darwin', 'freebsd']);
const KNOWN_ARCH = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64']);
/** Parses `os/arch[/variant]`; throws a plain Error naming the value when it is not one. */
function parsePlatform(text) {
    const parts = text.trim().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
        throw new Error(`"${text}" is not a platform (expected os/arch[/variant], e.g. linux/arm64)`);
    }
    const [os, architecture, variant] = parts.map((p) => p.toLowerCase());
    if (!KNOWN_OS.has(os))
        throw new Error(`"${text}" has unknown os "${os}" (known: ${[...KNOWN_OS].join(', ')})`);
    if (!KNOWN_ARCH.has(architecture)) {
        throw new Error(`"${text}" has unknown architecture "${architecture}" (known: ${[...KNOWN_ARCH].join(', ')})`);
    }
    return variant ? { os, architecture, variant } : { os, architecture };
}
/** `os/arch[/variant]`, the key a platform is known by everywhere in shipshape. */
function platformKey(p) {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
/**
 * Whether a manifest's platform satisfies a wanted one. arm64's variant defaults to v8 (as
 * containerd normalizes it), so `linux/arm64` matches a manifest that says `linux/arm64/v8`.
 */
function platformMatches(wanted, have) {
    if (wanted.os !== have.os || wanted.architecture !== have.architecture)
        return false;
    const norm = (p) => p.variant ?? (p.architecture === 'arm64' ? 'v8' : '');
    return wanted.variant === undefined || norm(wanted) === norm(have);
}


/***/ }),

/***/ 62148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
const DEFAULT_REGISTRY = 'docker.io';
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
function isValidTag(tag) {
    return TAG.test(tag);
}
/**
 * Parses `[registry/]repo[:tag][@sha256:…]` the way Docker does: the first component is the
 * registry when it has a dot or a colon or is `localhost`; Docker Hub names get `library/`.
 * Repository names are lowercased (GHCR and the distribution spec require it).
 */
function parseReference(text) {
    const input = text.trim();
    if (input === '')
        throw new Error('empty image reference');
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            throw new Error(`"${input}" has a malformed digest "${digest}"`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw new Error(`"${input}" has a malformed tag "${tag}"`);
    }
    const parts = rest.split('/');
    let registry = DEFAULT_REGISTRY;
    if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
        registry = parts.shift().toLowerCase();
    }
    if (registry === 'index.docker.io' || registry === 'registry-1.docker.io')
        registry = DEFAULT_REGISTRY;
    if (registry === DEFAULT_REGISTRY && parts.length === 1)
        parts.unshift('library');
    const repository = parts.join('/').toLowerCase();
    for (const component of repository.split('/')) {
        if (!REPO_COMPONENT.test(component))
            throw new Error(`"${input}" has an invalid repository name "${repository}"`);
    }
    return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
/** `registry/repository` */
function repositoryName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
/** `registry/repository[:tag][@digest]` */
function formatReference(ref) {
    return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}


/***/ }),

/***/ 17602:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   h4: () => (/* binding */ githubContext),
/* harmony export */   vr: () => (/* binding */ recordSource)
/* harmony export */ });
function nonEmpty(value) {
    return value && value.trim() !== '' ? value.trim() : undefined;
}
/** The run page, from GITHUB_SERVER_URL/GITHUB_REPOSITORY/GITHUB_RUN_ID; undefined outside a workflow run. */
function runUrl(env) {
    const repository = nonEmpty(env.GITHUB_REPOSITORY);
    const runId = nonEmpty(env.GITHUB_RUN_ID);
    if (!repository || !runId)
        return undefined;
    const server = (nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
    return `${server}/${repository}/actions/runs/${runId}`;
}
/** The GitHub context of the run, fields absent when the variable is unset (local runs). */
function githubContext(env) {
    const context = {
        repository: nonEmpty(env.GITHUB_REPOSITORY),
        sha: nonEmpty(env.GITHUB_SHA),
        ref: nonEmpty(env.GITHUB_REF),
        workflow: nonEmpty(env.GITHUB_WORKFLOW),
        job: nonEmpty(env.GITHUB_JOB),
        run_id: nonEmpty(env.GITHUB_RUN_ID),
        run_attempt: nonEmpty(env.GITHUB_RUN_ATTEMPT),
        run_url: runUrl(env),
        actor: nonEmpty(env.GITHUB_ACTOR),
    };
    for (const key of Object.keys(context)) {
        if (context[key] === undefined)
            delete context[key];
    }
    return context;
}
/** `act` under nektos/act (which also sets GITHUB_EVENT_NAME), else the event name, else `local`. */
function recordSource(env) {
    if (env.ACT === 'true')
        return 'act';
    return nonEmpty(env.GITHUB_EVENT_NAME) ?? 'local';
}


/***/ }),

/***/ 29582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J9: () => (/* binding */ RecordWriter),
  rQ: () => (/* binding */ settleRecord)
});

// UNUSED EXPORTS: RECORD_SCHEMA, newRecordId, recordIdTime

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/record/context.ts
var context = __webpack_require__(17602);
;// CONCATENATED MODULE: ./src/record/schema.ts
/** The build record's JSON shape, version `shipshape.record/v1`. Field names are snake_case on purpose: the
 * file is read by people and by other tools (jq, download-artifact), not only by this code. */
const RECORD_SCHEMA = 'shipshape.record/v1';

// EXTERNAL MODULE: ./src/record/scrub.ts
var scrub = __webpack_require__(9010);
;// CONCATENATED MODULE: ./src/record/record.ts








const TIME_WIDTH = 9; // base36 ms: 9 digits last until the year 5188
const RANDOM_WIDTH = 10;
const RANDOM_SPACE = 36n ** BigInt(RANDOM_WIDTH);
let lastTime = -1;
let lastRandom = 0n;
/** A sortable id: 9 base36 digits of milliseconds then 10 random base36 digits (ULID-style, lowercase).
 * Within one millisecond the random part is incremented, so ids made by one process sort in creation order. */
function newRecordId(now = Date.now()) {
    if (!Number.isInteger(now) || now < 0)
        throw new Error(`record id: invalid time ${now}`);
    let random;
    if (now === lastTime && lastRandom + 1n < RANDOM_SPACE) {
        random = lastRandom + 1n;
    }
    else {
        random = BigInt('0x' + (0,external_node_crypto_.randomBytes)(8).toString('hex')) % RANDOM_SPACE;
    }
    lastTime = now;
    lastRandom = random;
    return now.toString(36).padStart(TIME_WIDTH, '0') + random.toString(36).padStart(RANDOM_WIDTH, '0');
}
/** The time an id was made, in ms since the epoch. */
function recordIdTime(id) {
    return parseInt(id.slice(0, TIME_WIDTH), 36);
}
async function exists(path) {
    return (0,promises_.access)(path).then(() => true, () => false);
}
/** Writes `text` to a temp file beside `path` (flushed to disk when `durable`), then renames it over `path`:
 * a reader (or a killed process) sees the previous complete file or the new one, never half of one. */
async function writeAtomically(path, text, durable) {
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    const handle = await (0,promises_.open)(temp, 'w', 0o644);
    try {
        await handle.writeFile(text, 'utf8');
        // The rename alone survives a killed process; only the final state pays for surviving a machine crash.
        if (durable)
            await handle.sync();
    }
    finally {
        await handle.close();
    }
    try {
        await (0,promises_.rename)(temp, path);
    }
    catch (error) {
        await (0,promises_.unlink)(temp).catch(() => { });
        throw error;
    }
}
/**
 * Owns one record file. Every change is written (temp + rename, bursts coalesced into one write) and
 * scrubbed of `secrets`, so the file on disk is always complete and always safe to publish.
 */
class RecordWriter {
    path;
    secrets;
    current;
    /** The last write scheduled, settled (never rejecting) once it has landed or failed. */
    written = Promise.resolve();
    /** The write not yet started, which will carry every change made before it starts. */
    next;
    durableNext = false;
    constructor(path, record, secrets) {
        this.path = path;
        this.secrets = secrets;
        this.current = (0,scrub/* scrubValue */.HJ)(record, secrets);
    }
    get id() {
        return this.current.id;
    }
    /** The record as last written (scrubbed). Change it through `update`. */
    get record() {
        return this.current;
    }
    /** Creates `<dir>/<id>/record.json` with status `running`. */
    static async start(dir, kind, env, secrets) {
        const id = newRecordId();
        const path = (0,external_node_path_.join)(dir, id, 'record.json');
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        const writer = new RecordWriter(path, {
            schema: RECORD_SCHEMA,
            id,
            kind,
            status: 'running',
            source: (0,context/* recordSource */.vr)(env),
            started_at: new Date().toISOString(),
            github: (0,context/* githubContext */.h4)(env),
            timings: {},
        }, secrets);
        await writer.update(() => { });
        return writer;
    }
    /** Reopens a record written earlier (the post step finalizing what main left `running`). */
    static async resume(path, secrets) {
        return new RecordWriter(path, await RecordWriter.load(path), secrets);
    }
    static async load(path) {
        let parsed;
        try {
            parsed = JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
        }
        catch (error) {
            throw new Error(`build record ${path} is not readable JSON: ${(0,log/* errorMessage */.gJ)(error)}`);
        }
        const schema = parsed?.schema;
        if (schema !== RECORD_SCHEMA) {
            throw new Error(`build record ${path} has schema ${JSON.stringify(schema)}, expected ${RECORD_SCHEMA}`);
        }
        return parsed;
    }
    /**
     * Applies `mutator` to a copy of the record, then rewrites the file. Changes apply in call order; the
     * writes coalesce (a change made while a write is under way goes out with the next one, which carries
     * every change made by then), and the promise settles once a write holding this change has landed.
     */
    update(mutator, durable = false) {
        const draft = structuredClone(this.current);
        mutator(draft);
        this.current = (0,scrub/* scrubValue */.HJ)(draft, this.secrets);
        if (durable)
            this.durableNext = true;
        if (!this.next) {
            const next = this.written.then(async () => {
                this.next = undefined;
                const sync = this.durableNext;
                this.durableNext = false;
                await writeAtomically(this.path, JSON.stringify(this.current, null, 2) + '\n', sync);
            });
            this.next = next;
            // A failed write must not wedge later ones; the callers waiting on it still see the error.
            this.written = next.catch(() => { });
        }
        return this.next;
    }
    /** Settles once every change made so far is on disk (or its write failed). */
    flush() {
        return this.written;
    }
    /**
     * Runs `fn` and adds its duration to `timings[phase]` (also when it throws). The rewrite is not waited
     * for: a timing is not worth a phase's latency, and the next awaited write (at the latest `finish`)
     * carries it, or fails the same way.
     */
    async time(phase, fn) {
        const startedAt = performance.now();
        try {
            return await fn();
        }
        finally {
            const elapsed = Math.round(performance.now() - startedAt);
            this.update((record) => {
                record.timings[phase] = (record.timings[phase] ?? 0) + elapsed;
            }).catch(() => { });
        }
    }
    /** Final status. `exitCode` defaults to 0 for succeeded and 1 for failed; canceled has none unless given. */
    async finish(status, error, exitCode) {
        await this.update((record) => {
            record.status = status;
            record.finished_at = new Date().toISOString();
            const code = exitCode ?? (status === 'succeeded' ? 0 : status === 'failed' ? 1 : undefined);
            if (code !== undefined)
                record.exit_code = code;
            if (error !== undefined)
                record.error = (0,scrub/* scrubString */.rN)((0,log/* errorMessage */.gJ)(error), this.secrets);
        }, true);
    }
}
/**
 * For the post step: finalizes a record that main left `running` — `canceled` when the job was canceled,
 * `failed` with exit code -1 when main died. Returns the final record, or undefined when there was nothing
 * to do (no record at `path`, or main finished it).
 */
async function settleRecord(path, secrets, outcome) {
    if (!(await exists(path)))
        return undefined;
    const writer = await RecordWriter.resume(path, secrets);
    if (writer.record.status !== 'running')
        return undefined;
    if (outcome === 'canceled')
        await writer.finish('canceled', 'the job was canceled before the step finished');
    else
        await writer.finish('failed', 'the main step ended without finishing the record (killed or crashed)', -1);
    return writer.record;
}


/***/ }),

/***/ 9010:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HJ: () => (/* binding */ scrubValue),
/* harmony export */   rN: () => (/* binding */ scrubString)
/* harmony export */ });
/* harmony import */ var _secret_forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90773);


function scrubString(text, secrets) {
    return (0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .replaceNeedles */ .PT)(text, (0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .scrubNeedles */ .U5)(secrets));
}
/** A deep copy of `value` with every form of every secret replaced by `***` in every string, object keys included. */
function scrubValue(value, secrets) {
    const list = (0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .scrubNeedles */ .U5)(secrets);
    if (list.length === 0)
        return structuredClone(value);
    const scrub = (text) => (0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .replaceNeedles */ .PT)(text, list);
    const walk = (node) => {
        if (typeof node === 'string')
            return scrub(node);
        if (Array.isArray(node))
            return node.map(walk);
        if (node && typeof node === 'object') {
            const copy = {};
            for (const [key, child] of Object.entries(node))
                copy[scrub(key)] = walk(child);
            return copy;
        }
        return node;
    };
    return walk(value);
}


/***/ }),

/***/ 90773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ho: () => (/* binding */ scrubText),
/* harmony export */   PT: () => (/* binding */ replaceNeedles),
/* harmony export */   RQ: () => (/* binding */ logOptionSecrets),
/* harmony export */   U5: () => (/* binding */ scrubNeedles),
/* harmony export */   dY: () => (/* binding */ envCredential),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   vb: () => (/* binding */ MIN_SECRET_LENGTH)
/* harmony export */ });
/* unused harmony exports credentialForms, SCRUBBED */
/**
 * A secret travels in more shapes than its own: base64 inside a Basic header (`user:pass`), URL-encoded in
 * a token request, JSON-escaped in an echoed body. A peer that copies a request into its error text hands
 * any of them back. Every scrubber and every mask works on all of these forms, from one list.
 */
/** Values shorter than this are never masked (masking `1` or `true` would wreck the log); see docs/security.md. */
const MIN_SECRET_LENGTH = 4;
const base64Forms = (text) => {
    const std = Buffer.from(text, 'utf8').toString('base64');
    const url = std.replace(/\+/g, '-').replace(/\//g, '_');
    return [std, std.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
};
/** The secret and every form of it a request or an echo may carry (derived forms only when long enough to matter). */
function secretForms(secret) {
    if (secret.length < MIN_SECRET_LENGTH)
        return secret ? [secret] : [];
    const forms = new Set([
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ s: secret }).toString().slice(2),
        JSON.stringify(secret).slice(1, -1),
        ...base64Forms(secret),
    ]);
    return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}
/** A username and password: the password's forms and those of `user:password` (what a Basic header holds). */
function credentialForms(username, password) {
    return [...new Set([...secretForms(password), ...secretForms(`${username}:${password}`)])];
}
const SCRUBBED = '***';
/** Every form of every secret, each line of a multi-line one too, longest first (a secret containing another goes whole). */
function scrubNeedles(secrets) {
    const found = new Set();
    for (const secret of secrets) {
        if (!secret)
            continue;
        for (const form of secretForms(secret))
            found.add(form);
        if (secret.includes('\n')) {
            for (const line of secret.split(/\r?\n/))
                if (line.trim().length >= 8)
                    for (const form of secretForms(line.trim()))
                        found.add(form);
        }
    }
    return [...found].sort((a, b) => b.length - a.length);
}
function replaceNeedles(text, needles) {
    let out = text;
    for (const needle of needles)
        if (out.includes(needle))
            out = out.split(needle).join(SCRUBBED);
    return out;
}
/** `text` with every form of every secret replaced by `***`. */
function scrubText(text, secrets) {
    return replaceNeedles(text, scrubNeedles(secrets));
}
/** Log-driver option names whose values are credentials (splunk-token, a password, an API key…). */
const CREDENTIAL_OPTION = /token|passw|secret|key|credential|auth/i;
/**
 * The values among a log driver's options that look like credentials: those of options named like one
 * and the userinfo of any URL value (a loki-url with `user:password@`). Masked in the log and scrubbed
 * from the record like the other secrets; the record keeps only the option names anyway.
 */
function logOptionSecrets(options) {
    const out = [];
    for (const [name, value] of Object.entries(options)) {
        if (CREDENTIAL_OPTION.test(name) && value.length >= MIN_SECRET_LENGTH)
            out.push(value);
        for (const s of urlUserinfoSecrets(value, false))
            if (!out.includes(s))
                out.push(s);
    }
    return out;
}
/** The userinfo of every URL in `value` (`user:password`, the password raw and decoded); with `passwordOnly`, only URLs whose userinfo has a password. */
function urlUserinfoSecrets(value, passwordOnly) {
    const out = [];
    for (const m of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/gi)) {
        const userinfo = m[1];
        const colon = userinfo.indexOf(':');
        if (passwordOnly && (colon < 0 || colon === userinfo.length - 1))
            continue;
        const password = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
        for (const s of [userinfo, password, safeDecode(password)])
            if (s.length >= MIN_SECRET_LENGTH && !out.includes(s))
                out.push(s);
    }
    return out;
}
/** Token shapes that are credentials wherever they appear (issuers' documented prefixes; a JWT's three base64url parts). */
const TOKEN_SHAPES = [
    [/\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, 'a GitHub token'],
    [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, 'an AWS access key ID'],
    [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JWT'],
    [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
    [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
    [/\b[sr]k_live_[A-Za-z0-9]{16,}/, 'a Stripe secret key'],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];
/** Words of a variable name that make its value a credential (`DB_PASSWORD`, `SECRET_KEY_BASE`, `NPM_TOKEN`, `STRIPE_API_KEY`, `AWS_SECRET_ACCESS_KEY`). */
const CREDENTIAL_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
/** Values that are no credential whatever the name: a flag, a number, an absolute path (`TOKEN_TTL=3600`, `SECRETS_DIR=/run/secrets`). */
const PLAIN_VALUE = /^(?:true|false|yes|no|on|off|\d+(?:\.\d+)?[a-z]{0,2}|\/[A-Za-z0-9._/-]*)$/i;
function credentialName(name) {
    const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter((w) => w !== '');
    return words.some((w) => CREDENTIAL_WORDS.has(w)) || words[words.length - 1] === 'KEY' || words.some((w, i) => w === 'API' && words[i + 1] === 'KEY');
}
/**
 * Why an image environment variable looks like a credential, and the values to mask; undefined when it
 * does not. Three signs: a URL with a password (`scheme://user:pass@`), a name like one (`*PASSWORD*`,
 * `*SECRET*`, `*TOKEN*`, `*_KEY`, `*API_KEY*`) with a value that is not a flag, number or path, and a
 * known token shape (GitHub `ghp_…`, AWS `AKIA…`, a JWT…). docs/security.md states the rule.
 */
function envCredential(name, value) {
    const inUrl = urlUserinfoSecrets(value, true);
    if (inUrl.length > 0)
        return { why: 'a URL with a password', secrets: inUrl };
    const shape = TOKEN_SHAPES.find(([re]) => re.test(value));
    if (shape)
        return { why: `${shape[1]}`, secrets: [value, shape[0].exec(value)[0]].filter((v, i, a) => v.length >= MIN_SECRET_LENGTH && a.indexOf(v) === i) };
    if (credentialName(name) && value.trim().length >= MIN_SECRET_LENGTH && !PLAIN_VALUE.test(value.trim()))
        return { why: 'a value named like a credential', secrets: [value] };
    return undefined;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ }),

/***/ 56038:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PQ: () => (/* binding */ pemBlocks),
/* harmony export */   yF: () => (/* binding */ checkCertificate)
/* harmony export */ });
/* unused harmony export certificateInfo */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _parsers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30021);


const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
/** The PEM blocks of a text, each on its own lines without blank ones (HAProxy's runtime payload ends at an empty line). */
function pemBlocks(text) {
    return [...text.matchAll(PEM_BLOCK)].map((m) => ({
        label: m[1],
        pem: m[0]
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '')
            .join('\n'),
    }));
}
function certificateInfo(cert) {
    const san = (cert.subjectAltName ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.startsWith('DNS:'))
        .map((s) => s.slice(4).toLowerCase());
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
    return { names: san.length > 0 ? san : cn ? [cn.toLowerCase()] : [], notAfter: new Date(cert.validTo).toISOString() };
}
/**
 * Checks a certificate and key for the names in `hosts` before anything reaches the host: the key must
 * be the leaf's, the leaf must cover every host and must not have expired. Each error names its input
 * (`inputs`: which inputs the PEM came from; the ACME client passes its own words).
 */
function checkCertificate(pair, hosts, now, inputs = { cert: 'tls-certificate', key: 'tls-certificate-key' }) {
    const certs = pemBlocks(pair.certPem).filter((b) => b.label === 'CERTIFICATE');
    if (certs.length === 0)
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.cert, 'has no PEM certificate (-----BEGIN CERTIFICATE-----)');
    let leaf;
    try {
        leaf = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certs[0].pem);
        for (const c of certs.slice(1))
            new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(c.pem);
    }
    catch (e) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.cert, `is not a readable PEM certificate (${e.message})`);
    }
    const keys = pemBlocks(pair.keyPem).filter((b) => /PRIVATE KEY$/.test(b.label));
    if (keys.length !== 1)
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.key, `must hold exactly one PEM private key, found ${keys.length}`);
    let key;
    try {
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(keys[0].pem);
    }
    catch {
        // Never the key's text or the parser's words about it: they may quote it.
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.key, 'is not a readable, unencrypted PEM private key');
    }
    if (!leaf.checkPrivateKey(key)) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.key, `does not match the certificate in '${inputs.cert}' (subject ${leaf.subject.replace(/\n/g, ', ')}); give the key the certificate was issued for`);
    }
    const info = certificateInfo(leaf);
    const uncovered = hosts.filter((h) => leaf.checkHost(h, { subject: 'default' }) === undefined);
    if (uncovered.length > 0) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.cert, `does not cover ${uncovered.join(', ')} from 'hosts' (it names ${info.names.join(', ') || 'no DNS names'})`);
    }
    if (Date.parse(leaf.validTo) <= now.getTime())
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.cert, `expired on ${info.notAfter}`);
    if (Date.parse(leaf.validFrom) > now.getTime())
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(inputs.cert, `is not valid before ${new Date(leaf.validFrom).toISOString()}`);
    // One file the way HAProxy reads it: the chain, then the key.
    return { ...info, pem: `${[...certs.map((c) => c.pem), keys[0].pem].join('\n')}\n` };
}


/***/ }),

/***/ 9563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GQ: () => (/* binding */ declaredDefault),
/* harmony export */   rO: () => (/* binding */ withDefaults),
/* harmony export */   zY: () => (/* binding */ DEFAULTS)
/* harmony export */ });
/**
 * The declared default of every input that has one, exactly as action.yml (and, for a deploy input,
 * deploy/action.yml) says it: those files are the source, since a runner passes a declared default
 * whenever an input is not given. The readers fall back to the same text for an empty input (a test
 * calls readSettings without a runner); test/unit/action-metadata.test.ts checks this table against
 * both files, entry by entry, both ways. An input declared with `default: ""` has no entry: its
 * empty value means what its reader says (e.g. `app` is the image's last path part).
 */
const DEFAULTS = {
    context: '.',
    platforms: 'linux/amd64,linux/arm64',
    workdir: '/app',
    'ignore-file': '.dockerignore',
    push: 'true',
    cache: 'true',
    sbom: 'true',
    provenance: 'true',
    command: 'deploy',
    'docker-socket': '/var/run/docker.sock',
    'public-port': '80',
    'health-path': '/',
    'health-timeout-seconds': '60',
    'proxy-image': 'haproxy:lts',
    'soak-seconds': '10',
    rollback: 'false',
    'history-limit': '20',
    'deploy-mode': 'auto',
    'stop-timeout-seconds': '10',
    'log-driver': 'json-file',
    role: 'web',
    'ready-seconds': '5',
    overlap: 'true',
    retain: '5',
    tls: 'off',
    'acme-directory': 'https://acme-v02.api.letsencrypt.org/directory',
    'http-port': '80',
    'https-port': '443',
    remove: 'false',
    renew: 'false',
};
/** The declared default of `name`, or '' for an input that has none. */
const declaredDefault = (name) => DEFAULTS[name] ?? '';
/** `get` as a runner gives it: an empty (or blank) input reads as its declared default; idempotent. */
const withDefaults = (get) => (name) => {
    const value = get(name);
    return value.trim() === '' ? declaredDefault(name) : value;
};


/***/ }),

/***/ 55984:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hk: () => (/* binding */ readModeInputs),
/* harmony export */   Mo: () => (/* binding */ DEFAULT_REPLICAS),
/* harmony export */   v2: () => (/* binding */ refuseForMode)
/* harmony export */ });
/* unused harmony export CONTAINER_ONLY */
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9563);
/* harmony import */ var _parsers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30021);


/** Tasks of the Swarm service when `replicas` is empty (not a declared default: the input is refused in container mode; its description says it). */
const DEFAULT_REPLICAS = 2;
/**
 * Inputs the swarm path has no equivalent for: the post-switch soak (Swarm's update monitor takes its
 * place), image retention per host (Swarm's nodes keep their own images), and the host-wide proxy's
 * routes and certificates (its hitless reload has no Swarm form; docs/swarm.md says
 * why). A runner passes each one's declared default (defaults.ts), so only another value counts as
 * given. The release command, `role: worker`, `health-cmd`, `ready-seconds`, `overlap` and `remove` do apply.
 */
const CONTAINER_ONLY = ['retain', 'soak-seconds', 'hosts', 'path-prefix', 'tls', 'renew'];
/** Reads deploy-mode and replicas (empty inputs read as declared); refuses now what `deploy-mode` alone decides. */
function readModeInputs(given) {
    const get = (0,_defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .withDefaults */ .rO)(given);
    const mode = get('deploy-mode');
    if (!['auto', 'container', 'swarm'].includes(mode))
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('deploy-mode', `"${mode}" must be auto, container or swarm`);
    const replicasText = get('replicas');
    const replicas = replicasText ? (0,_parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseInteger */ .cG)('replicas', replicasText, 1, 100) : undefined;
    const containerOnly = CONTAINER_ONLY.filter((name) => get(name) !== (0,_defaults_js__WEBPACK_IMPORTED_MODULE_0__/* .declaredDefault */ .GQ)(name));
    const settings = { mode, ...(replicas !== undefined && { replicas }), containerOnly };
    // Known from the inputs alone; with `auto` the same checks run once the engine said which mode it is.
    if (mode !== 'auto')
        refuseForMode(settings, mode);
    return settings;
}
/** Refuses the inputs that make no sense in `mode`, naming the input. */
function refuseForMode(s, mode) {
    if (mode === 'container' && s.replicas !== undefined) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('replicas', `is ${s.replicas}, but it applies to deploy-mode swarm only (the deploy host is ${s.mode === 'auto' ? 'not an active swarm manager' : 'deploy-mode container'})`);
    }
    const first = mode === 'swarm' ? s.containerOnly?.[0] : undefined;
    if (first) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(first, `applies to the single-host path only, not to deploy-mode swarm${s.mode === 'auto' ? ' (the deploy host is an active swarm manager)' : ''}; remove it`);
    }
}


/***/ }),

/***/ 10451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  tT: () => (/* binding */ envInputReader),
  WX: () => (/* binding */ rawSecrets),
  sb: () => (/* binding */ readSettings)
});

// UNUSED EXPORTS: COMMANDS, InputError, parseCommand, parseDeployHost, parseKeyValues, parseList, parsePublishedPort

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/oci/annotations.ts
var annotations = __webpack_require__(62427);
// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/settings/parsers.ts
var parsers = __webpack_require__(30021);
;// CONCATENATED MODULE: ./src/settings/values.ts


// One validator per kind of input value that ends up in a config file, a command line or a runtime API
// line. Each names its input and shows the value escaped. The values read back from the deploy host
// have their own validators (src/host-values.ts).
const shown = (text) => JSON.stringify(text);
/** An absolute path of plain path characters (no spaces, quotes, `;`, `$`, newlines): safe in any command. */
function socketPath(input, text) {
    if (!/^\/[A-Za-z0-9._@+/-]*$/.test(text) || text.split('/').includes('..')) {
        throw new parsers/* InputError */.dz(input, `${shown(text)} must be an absolute socket path of letters, digits and . _ - @ + / (e.g. /var/run/docker.sock)`);
    }
    return text;
}
/** An absolute path inside the image (file paths in layers, the container's working directory): no `..`, no control characters. */
function absolutePath(input, text) {
    // eslint-disable-next-line no-control-regex
    if (!text.startsWith('/') || /[\u0000-\u001f\u007f]/.test(text) || text.split('/').includes('..')) {
        throw new parsers/* InputError */.dz(input, `${shown(text)} must be an absolute path without .. or control characters`);
    }
    return text;
}
/**
 * An HTTP path with an optional query, of URL characters only: it goes into HAProxy's `option httpchk` line
 * and the soak probe's request line, where whitespace, a quote, a backslash or `#` would change their meaning.
 */
function urlPath(input, text) {
    if (!/^\/(?:[A-Za-z0-9\-._~!&()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/.test(text)) {
        throw new parsers/* InputError */.dz(input, `${shown(text)} must be a URL path (and query) starting with /, of letters, digits and - . _ ~ ! & ( ) * + , ; = : @ / ? or %XX escapes — no whitespace, quotes, backslashes or #`);
    }
    return text;
}
/** An image reference as Docker takes it (`name[:tag][@digest]`). */
function imageReference(input, text) {
    try {
        (0,reference/* parseReference */.F2)(text);
    }
    catch (e) {
        throw new parsers/* InputError */.dz(input, `${shown(text)} is not an image reference (${e.message})`);
    }
    if (/\s/.test(text))
        throw new parsers/* InputError */.dz(input, `${shown(text)} is not an image reference (whitespace)`);
    return text;
}
/** `host`, `host:port` or `[v6]:port`, as a registry host is written. */
function registryHostName(input, text) {
    if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(text)) {
        throw new parsers/* InputError */.dz(input, `${shown(text)} is not a registry host (host or host:port)`);
    }
    return text;
}

// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
;// CONCATENATED MODULE: ./src/settings/build.ts








/** `8080`, `8080/tcp`, `53/udp` → `PORT/proto`. */
function parseExpose(text) {
    return (0,parsers/* parseList */.E1)(text).map((item) => {
        const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(item);
        if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
            throw new parsers/* InputError */.dz('expose', `"${item}" is not a port (expected PORT or PORT/tcp|udp|sctp)`);
        }
        return `${Number(m[1])}/${(m[2] ?? 'tcp').toLowerCase()}`;
    });
}
/** A tag name, or a full ref of the same repository (docker/metadata-action's `tags` output). */
function parseTags(text, image) {
    const tags = [];
    for (const item of (0,parsers/* parseList */.E1)(text)) {
        let tag = item;
        if (item.includes('/') || item.includes('@')) {
            let ref;
            try {
                ref = (0,reference/* parseReference */.F2)(item);
            }
            catch (e) {
                throw new parsers/* InputError */.dz('tags', `"${item}": ${e.message}`);
            }
            if ((0,reference/* repositoryName */.aR)(ref) !== (0,reference/* repositoryName */.aR)(image)) {
                throw new parsers/* InputError */.dz('tags', `"${item}" names ${(0,reference/* repositoryName */.aR)(ref)}, not the image ${(0,reference/* repositoryName */.aR)(image)}`);
            }
            if (!ref.tag)
                throw new parsers/* InputError */.dz('tags', `"${item}" has no tag`);
            tag = ref.tag;
        }
        else if (item.includes(':')) {
            tag = item.slice(item.lastIndexOf(':') + 1);
        }
        if (!(0,reference/* isValidTag */.r_)(tag))
            throw new parsers/* InputError */.dz('tags', `"${item}" is not a valid tag`);
        if (!tags.includes(tag))
            tags.push(tag);
    }
    return tags;
}
function parseImage(text) {
    if (text.trim() === '')
        throw new parsers/* InputError */.dz('image', 'is required (a repository such as ghcr.io/acme/web)');
    try {
        return (0,reference/* parseReference */.F2)(text);
    }
    catch (e) {
        throw new parsers/* InputError */.dz('image', `"${text}": ${e.message}`);
    }
}
function parsePlatforms(text) {
    const items = (0,parsers/* parseList */.E1)(text);
    const out = [];
    for (const item of items) {
        let p;
        try {
            p = (0,oci_platform/* parsePlatform */.FL)(item);
        }
        catch (e) {
            throw new parsers/* InputError */.dz('platforms', e.message);
        }
        if (out.some((q) => (0,oci_platform/* platformKey */.Ng)(q) === (0,oci_platform/* platformKey */.Ng)(p)))
            throw new parsers/* InputError */.dz('platforms', `"${item}" is listed twice`);
        out.push(p);
    }
    return out;
}
function parsePlatformFiles(text, context, platforms) {
    return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((line) => {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new parsers/* InputError */.dz('platform-files', `"${line}" is not os/arch[/variant]=dir`);
        let platform;
        try {
            platform = (0,oci_platform/* parsePlatform */.FL)(line.slice(0, eq));
        }
        catch (e) {
            throw new parsers/* InputError */.dz('platform-files', `"${line}": ${e.message}`);
        }
        if (!platforms.some((p) => (0,oci_platform/* platformKey */.Ng)(p) === (0,oci_platform/* platformKey */.Ng)(platform))) {
            throw new parsers/* InputError */.dz('platform-files', `"${line}" names ${(0,oci_platform/* platformKey */.Ng)(platform)}, which is not in platforms`);
        }
        const dir = line.slice(eq + 1).trim();
        if (dir === '')
            throw new parsers/* InputError */.dz('platform-files', `"${line}" has no directory`);
        return { platform, dir: external_node_path_.resolve(context, dir) };
    });
}
/** KEY=VALUE lines, each KEY optionally prefixed with its level, as docker/metadata-action writes them. */
function parseAnnotations(text, platforms) {
    return (0,parsers/* parseKeyValues */.Hl)('annotations', text).map(([rawKey, value]) => {
        let a;
        try {
            a = (0,annotations/* parseLeveledAnnotation */.Y2)(rawKey, value);
        }
        catch (e) {
            throw new parsers/* InputError */.dz('annotations', e.message);
        }
        if (a.platform && !platforms.some((p) => (0,oci_platform/* platformKey */.Ng)(p) === a.platform)) {
            throw new parsers/* InputError */.dz('annotations', `"${rawKey}" names ${a.platform}, which is not in platforms`);
        }
        return a;
    });
}
/** The image's last path part: the default of `app`, and of the OCI layout's folder name. */
function defaultImageName(image) {
    return image.repository.split('/').pop();
}
/** The build inputs (`get` reads empty inputs as declared, defaults.ts); `image` is the parsed `image` input. */
function readBuildSettings(get, image, env) {
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const temp = env.RUNNER_TEMP || external_node_os_.tmpdir();
    const context = external_node_path_.resolve(workspace, get('context'));
    const platforms = parsePlatforms(get('platforms'));
    const baseText = get('base');
    let base;
    if (baseText) {
        try {
            base = (0,reference/* parseReference */.F2)(baseText);
        }
        catch (e) {
            throw new parsers/* InputError */.dz('base', `"${baseText}": ${e.message}`);
        }
    }
    const workdir = absolutePath('workdir', get('workdir'));
    return {
        context,
        image: { registry: image.registry, repository: image.repository },
        tags: parseTags([image.tag ?? '', get('tags')].join('\n'), image),
        ...(base && { base, baseText }),
        platforms,
        workdir,
        entrypoint: (0,parsers/* parseCommand */.RM)('entrypoint', get('entrypoint')),
        cmd: (0,parsers/* parseCommand */.RM)('cmd', get('cmd')),
        env: (0,parsers/* parseKeyValues */.Hl)('image-env', get('image-env')),
        labels: (0,parsers/* parseKeyValues */.Hl)('labels', get('labels')),
        annotations: parseAnnotations(get('annotations'), platforms),
        expose: parseExpose(get('expose')),
        user: get('user') || undefined,
        layers: get('layers')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l !== '' && !l.startsWith('#')),
        platformFiles: parsePlatformFiles(get('platform-files'), context, platforms),
        ignoreFile: get('ignore-file'),
        push: (0,parsers/* parseBool */.q6)('push', get('push')),
        ociLayout: external_node_path_.resolve(workspace, get('oci-layout') || external_node_path_.join(temp, 'shipshape', `${defaultImageName(image)}-oci`)),
        cache: (0,parsers/* parseBool */.q6)('cache', get('cache')),
        cacheDir: external_node_path_.resolve(workspace, get('cache-dir') || external_node_path_.join(env.RUNNER_TOOL_CACHE || external_node_path_.join(external_node_os_.homedir(), '.cache'), 'shipshape', 'blobs')),
    };
}
/**
 * `image-env` values that look like credentials (secret-forms.ts envCredential): each is added to `secrets`
 * (masked, scrubbed from the record) and gets a warning. Warned, not refused: the sign is a guess
 * (a public client key is named like a secret too), and what reaches the image is the user's choice.
 */
function credentialEnvWarnings(env, secrets, input = 'image-env') {
    const warnings = [];
    for (const [name, value] of env) {
        const found = (0,secret_forms/* envCredential */.dY)(name, value);
        if (!found)
            continue;
        for (const s of found.secrets)
            if (!secrets.includes(s))
                secrets.push(s);
        warnings.push(`Input '${input}': ${name} looks like a credential (${found.why}); ${input} is baked into the image config, where anyone who can pull the image reads it. ` +
            `Pass runtime secrets with deploy-env instead (set on the container when it starts, never in the image). The value is masked in this log, and the provenance records ${input} names only.`);
    }
    return warnings;
}
/** The registry credentials (both or neither; `secrets` gets the password and `user:password`) and the insecure registries. */
function readRegistrySettings(get, secrets) {
    const password = get('registry-password');
    const username = get('registry-username');
    if (password)
        secrets.push(password);
    if (password && username)
        secrets.push(`${username}:${password}`);
    if (password && !username)
        throw new parsers/* InputError */.dz('registry-password', 'is set but registry-username is empty');
    if (username && !password)
        throw new parsers/* InputError */.dz('registry-username', `"${username}" is set but registry-password is empty`);
    return {
        ...(username && { username, password }),
        insecure: (0,parsers/* parseList */.E1)(get('insecure-registries')).map((h) => registryHostName('insecure-registries', h).toLowerCase()),
    };
}

// EXTERNAL MODULE: ./src/settings/defaults.ts
var defaults = __webpack_require__(9563);
;// CONCATENATED MODULE: ./src/settings/aliases.ts


/**
 * Renamed inputs (issue 22): the old name keeps working for a major version, with a warning naming the
 * new one. Old names stay declared in both action files with no default, so a runner passes them only
 * when a workflow gives them.
 */
const RENAMED = {
    // secret: the values are not shown in an error (an image-env value may be a credential, masked only once the inputs are read)
    env: { to: 'image-env', secret: true, note: 'image-env is baked into the image, where anyone who can pull it reads it: pass runtime secrets with deploy-env' },
    'tls-ca': { to: 'docker-tls-ca' },
    'tls-cert': { to: 'docker-tls-cert' },
    'tls-key': { to: 'docker-tls-key', secret: true },
    'health-timeout': { to: 'health-timeout-seconds' },
    'stop-timeout': { to: 'stop-timeout-seconds' },
};
/** The old name of each renamed input, by its new name. */
const OLD_NAME = Object.fromEntries(Object.entries(RENAMED).map(([old, { to }]) => [to, old]));
/**
 * `get`, reading each renamed input under either name: the new name wins; an old name alone is used and
 * warned about once. A runner passes the new name's declared default even when only the old name is
 * given, so a new name holding just its default yields to the old name. Both given with different
 * values is an error naming both. Reading an old name directly gives '' (the code reads new names).
 */
function withAliases(get, warnings, sources = new Map()) {
    return (name) => {
        if (Object.hasOwn(RENAMED, name))
            return '';
        const old = Object.hasOwn(OLD_NAME, name) ? OLD_NAME[name] : undefined;
        const value = get(name);
        if (!old)
            return value;
        const oldValue = get(old);
        if (oldValue.trim() === '')
            return value;
        const given = value.trim() !== '' && value !== (0,defaults/* declaredDefault */.GQ)(name);
        if (given && value !== oldValue) {
            const shown = (v) => (RENAMED[old].secret ? '(value hidden)' : JSON.stringify(v));
            throw new parsers/* InputError */.dz(name, `${shown(value)} and its deprecated name ${old} ${shown(oldValue)} are both given, with different values: give ${name} only`);
        }
        if (!sources.has(name)) {
            sources.set(name, old);
            const note = RENAMED[old].note;
            warnings.push(`Input '${old}' is deprecated: use ${name} (same value${note ? `; ${note}` : ''}). ${old} keeps working until the next major version.`);
        }
        return given ? value : oldValue;
    };
}
/** An InputError about a renamed input that was given under its old name, re-named to that old name. */
function underGivenName(error, sources) {
    if (!(error instanceof parsers/* InputError */.dz))
        return error;
    const old = sources.get(error.input);
    if (!old)
        return error;
    const why = error.message.slice(`Input '${error.input}': `.length);
    return new parsers/* InputError */.dz(old, `${why} (${old} is deprecated: use ${error.input})`);
}

;// CONCATENATED MODULE: ./src/settings/suggest.ts
// "Did you mean …" for a misspelled name: the closest known one by edit distance, if close enough.
/** Levenshtein distance, with a swap of two neighbouring letters counted as one edit (`plaftorms`). */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                best = Math.min(best, d[i - 2][j - 2] + 1);
            d[i][j] = best;
        }
    }
    return d[a.length][b.length];
}
/** The known name closest to `name`, when within a third of its length (at least 2 edits); else undefined. */
function closest(name, known) {
    const limit = Math.max(2, Math.floor(name.length / 3));
    let best;
    for (const k of known) {
        const distance = editDistance(name.toLowerCase(), k.toLowerCase());
        if (distance <= limit && (!best || distance < best.distance))
            best = { name: k, distance };
    }
    return best?.name;
}
/** ` (did you mean X?)`, or '' when nothing is close. */
const didYouMean = (name, known) => {
    const match = closest(name, known);
    return match ? ` (did you mean ${match}?)` : '';
};

;// CONCATENATED MODULE: ./src/settings/command.ts


/**
 * What a run does (`command`, issue 22). Each command besides `deploy` also has its older boolean input
 * (`rollback: true`, …), which keeps working; a new command is one more line here.
 */
const COMMANDS = {
    deploy: { boolean: undefined, needsHost: false },
    rollback: { boolean: 'rollback', needsHost: true },
    remove: { boolean: 'remove', needsHost: true },
    renew: { boolean: 'renew', needsHost: true },
};
const NAMES = Object.keys(COMMANDS);
const isCommand = (text) => NAMES.includes(text);
/**
 * The command from `command` and the booleans (`get` reads empty inputs as declared, so `command` reads
 * `deploy` when not given). A boolean with the default command is that command; with another command, or
 * with another boolean, it is an error naming both.
 */
function readCommand(get) {
    const text = get('command').trim().toLowerCase() || 'deploy';
    if (!isCommand(text)) {
        throw new parsers/* InputError */.dz('command', `"${get('command').trim()}" is not a command${didYouMean(text, NAMES)}: use one of ${NAMES.join(', ')}`);
    }
    const set = NAMES.filter((c) => {
        const flag = COMMANDS[c].boolean;
        return flag !== undefined && (0,parsers/* parseBool */.q6)(flag, get(flag) || 'false');
    });
    if (set.length > 1)
        throw new parsers/* InputError */.dz(set[1], `"true" cannot go with ${set[0]}: true (give one command: command: ${set[0]} or command: ${set[1]})`);
    const flag = set[0];
    if (flag && text !== 'deploy' && text !== flag) {
        throw new parsers/* InputError */.dz('command', `"${text}" cannot go with ${flag}: true (${flag}: true is the older spelling of command: ${flag}; give command only)`);
    }
    return flag ?? text;
}

;// CONCATENATED MODULE: ./src/settings/declared.ts


// The inputs each entry declares (test/unit/inputs-declared.test.ts checks these lists against action.yml
// and deploy/action.yml both ways). A runner only warns about an input given in `with:` that the action
// does not declare, and passes it on as INPUT_<NAME>: a typo (`plaforms`) would silently be ignored.
/** Declared by both entries. */
const SHARED = [
    'image', 'command', 'deploy-host', 'ssh-private-key', 'ssh-known-hosts', 'docker-socket',
    'docker-tls-ca', 'tls-ca', 'docker-tls-cert', 'tls-cert', 'docker-tls-key', 'tls-key',
    'app', 'container-port', 'public-port', 'health-path', 'health-timeout-seconds', 'health-timeout', 'proxy-image',
    'deploy-env', 'soak-seconds', 'rollback', 'history-limit', 'deploy-mode', 'replicas', 'volumes', 'networks',
    'memory', 'cpus', 'stop-timeout-seconds', 'stop-timeout', 'log-driver', 'log-opts', 'release-command', 'role',
    'health-cmd', 'ready-seconds', 'overlap', 'retain', 'hosts', 'path-prefix', 'tls', 'tls-certificate',
    'tls-certificate-key', 'acme-email', 'acme-directory', 'http-port', 'https-port', 'remove', 'renew',
    'registry-username', 'registry-password', 'insecure-registries', 'record-retention-days',
];
/** The build inputs: action.yml only. */
const BUILD_ONLY = [
    'context', 'tags', 'base', 'platforms', 'workdir', 'entrypoint', 'cmd', 'image-env', 'env', 'labels',
    'annotations', 'expose', 'user', 'layers', 'platform-files', 'ignore-file', 'push', 'oci-layout', 'cache',
    'cache-dir', 'sbom', 'provenance',
];
const DECLARED_INPUTS = {
    build: [...SHARED, ...BUILD_ONLY],
    deploy: [...SHARED, 'shipshape-entry'],
};
const ENTRY_FILE = { build: 'action.yml', deploy: 'deploy/action.yml' };
/** The runner's variable name of an input, as @actions/core reads it (spaces become _, hyphens stay). */
const inputVariable = (name) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
/**
 * Refuses an `INPUT_*` variable the running entry does not declare: a `with:` key the runner passed on
 * with only a warning. Names the input as written (lower-cased: the runner upper-cases it) and the
 * closest declared one.
 */
function refuseUndeclaredInputs(env, entry) {
    const declared = DECLARED_INPUTS[entry];
    const known = new Set(declared.map(inputVariable));
    const unknown = Object.keys(env).filter((k) => k.startsWith('INPUT_') && !known.has(k)).sort();
    if (unknown.length === 0)
        return;
    const name = unknown[0].slice('INPUT_'.length).toLowerCase();
    const file = ENTRY_FILE[entry];
    const elsewhere = entry === 'deploy' && DECLARED_INPUTS.build.includes(name) ? `; it is an input of the build entry (action.yml), not of ${file}` : '';
    const suggestion = elsewhere ? '' : didYouMean(name, declared.filter((n) => n !== 'shipshape-entry'));
    const more = unknown.length > 1 ? ` (also undeclared: ${unknown.slice(1).map((k) => k.slice('INPUT_'.length).toLowerCase()).join(', ')})` : '';
    throw new parsers/* InputError */.dz(name, `is not an input of ${file}${suggestion}${elsewhere}${more}: fix or remove it in the step's with: (docs/reference.md lists the inputs)`);
}

;// CONCATENATED MODULE: ./src/settings/app.ts



/** Rotation by default (as Kamal does): json-file capped at 3 × 10 MB (log-opts' description in action.yml says so; a test checks it). */
const DEFAULT_JSON_LOG_OPTS = { 'max-size': '10m', 'max-file': '3' };
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
function checkTarget(line, target, workdir) {
    if (!target.startsWith('/'))
        throw new parsers/* InputError */.dz('volumes', `"${line}": the target "${target}" must be an absolute path`);
    if (target.split('/').includes('..'))
        throw new parsers/* InputError */.dz('volumes', `"${line}": the target must not contain ".."`);
    const t = external_node_path_.posix.normalize(target).replace(/(.)\/$/, '$1');
    if (t === '/')
        throw new parsers/* InputError */.dz('volumes', `"${line}": a volume cannot be mounted on /`);
    if (workdir && t === external_node_path_.posix.normalize(workdir).replace(/(.)\/$/, '$1')) {
        throw new parsers/* InputError */.dz('volumes', `"${line}": the target ${t} is the app's workdir (it would hide the app's files); mount a folder under it`);
    }
    return t;
}
/** `NAME:/path[:ro]`, `/host/path:/path[:ro]`, `tmpfs:/path`, one a line. */
function parseVolumes(text, workdir) {
    const out = [];
    for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
        const parts = line.split(':');
        let readOnly = false;
        if (parts.length === 3) {
            if (parts[2] !== 'ro' && parts[2] !== 'rw')
                throw new parsers/* InputError */.dz('volumes', `"${line}": the mode must be ro or rw, not "${parts[2]}"`);
            readOnly = parts[2] === 'ro';
        }
        else if (parts.length !== 2) {
            throw new parsers/* InputError */.dz('volumes', `"${line}" is not NAME:/path[:ro], /host/path:/path[:ro] or tmpfs:/path`);
        }
        const [source, rawTarget] = parts;
        const target = checkTarget(line, rawTarget, workdir);
        if (out.some((v) => v.target === target))
            throw new parsers/* InputError */.dz('volumes', `"${line}": ${target} is mounted twice`);
        if (source === 'tmpfs') {
            if (readOnly)
                throw new parsers/* InputError */.dz('volumes', `"${line}": a tmpfs cannot be read-only`);
            out.push({ kind: 'tmpfs', target });
        }
        else if (source.startsWith('/')) {
            if (source.split('/').includes('..'))
                throw new parsers/* InputError */.dz('volumes', `"${line}": the host path must not contain ".."`);
            out.push({ kind: 'bind', source: external_node_path_.posix.normalize(source), target, readOnly });
        }
        else if (source.startsWith('.') || source.includes('/') || source === '') {
            throw new parsers/* InputError */.dz('volumes', `"${line}": the host path "${source}" must be absolute (relative paths are refused)`);
        }
        else if (!VOLUME_NAME.test(source)) {
            throw new parsers/* InputError */.dz('volumes', `"${line}": "${source}" is not a volume name (letters, digits, '_', '.', '-')`);
        }
        else {
            out.push({ kind: 'volume', source, target, readOnly });
        }
    }
    return out;
}
/** `NAME` or `NAME:alias1,alias2` — one a line (or comma separated without aliases). */
function parseNetworks(text) {
    const out = [];
    const lines = text.includes(':') ? text.split('\n') : (0,parsers/* parseList */.E1)(text);
    for (const line of lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
        const [name, aliasText = ''] = line.split(/:(.*)/s);
        if (!VOLUME_NAME.test(name))
            throw new parsers/* InputError */.dz('networks', `"${line}": "${name}" is not a network name`);
        if (name === 'host' || name === 'none' || name === 'bridge')
            throw new parsers/* InputError */.dz('networks', `"${line}": ${name} cannot be joined besides shipshape's own network`);
        const aliases = (0,parsers/* parseList */.E1)(aliasText);
        for (const a of aliases)
            if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(a))
                throw new parsers/* InputError */.dz('networks', `"${line}": "${a}" is not a network alias`);
        if (out.some((n) => n.name === name))
            throw new parsers/* InputError */.dz('networks', `"${line}": ${name} is listed twice`);
        out.push({ name, aliases });
    }
    return out;
}
const UNITS = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const MIN_MEMORY = 6 * 1024 ** 2;
/** 1 PiB: far above any host, and exact in a JS number (the engine takes an int64; 9999999999g overflows it). */
const MAX_MEMORY = 1024 ** 5;
/** Docker's memory units: `512m`, `1g`, `268435456`; from 6 MiB (the engine's floor) to 1 PiB. */
function parseMemory(text) {
    const t = text.trim();
    if (t === '')
        return undefined;
    const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(t);
    if (!m)
        throw new parsers/* InputError */.dz('memory', `"${t}" is not a size (e.g. 512m, 1g)`);
    const bytes = Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]);
    const range = 'a memory limit is from 6m to 1048576g (1 PiB); write e.g. 512m or 4g, or leave it empty for no limit';
    if (bytes < MIN_MEMORY)
        throw new parsers/* InputError */.dz('memory', `"${t}" is below Docker's minimum of 6m: ${range}`);
    if (bytes > MAX_MEMORY)
        throw new parsers/* InputError */.dz('memory', `"${t}" is out of range: ${range}`);
    return bytes;
}
function parseCpus(text) {
    const t = text.trim();
    if (t === '')
        return undefined;
    if (!/^\d+(?:\.\d+)?$/.test(t) || Number(t) < 0.01 || Number(t) > 1024)
        throw new parsers/* InputError */.dz('cpus', `"${t}" must be a number of CPUs from 0.01 to 1024 (e.g. 1.5)`);
    return Number(t);
}
// Docker's own log-opt names (its built-in drivers, dual logging's cache-*) and the driver prefixes: only a comma
// before one of these splits the older single-line form, so a value such as `labels=team,env` stays whole.
const DOCKER_LOG_OPT = /^(?:max-size|max-file|compress|labels|labels-regex|env|env-regex|tag|mode|max-buffer-size|line-only|(?:syslog|gelf|fluentd|awslogs|splunk|gcp|logentries|loki|cache)-[a-z0-9-]+)=/;
/**
 * `log-opts`: one `key=value` a line, as Docker's `--log-opt` takes one option per flag (the value kept
 * whole, commas and `=` included). A single line in the older comma-separated form
 * (`max-size=10m,max-file=3`) is split only at a comma followed by one of Docker's option names.
 */
function parseLogOpts(text) {
    const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    let options = text;
    if (lines.length === 1) {
        const parts = [];
        for (const piece of lines[0].trim().split(',')) {
            if (parts.length > 0 && !DOCKER_LOG_OPT.test(piece.trim()))
                parts[parts.length - 1] += `,${piece}`;
            else
                parts.push(piece.trim());
        }
        options = parts.join('\n');
    }
    const out = {};
    for (const [key, value] of (0,parsers/* parseKeyValues */.Hl)('log-opts', options)) {
        if (key in out)
            throw new parsers/* InputError */.dz('log-opts', `"${key}" is given twice; give each option once, one key=value a line`);
        out[key] = value;
    }
    return out;
}
function parseLog(driverText, optsText) {
    const driver = driverText.trim();
    if (!/^[a-z0-9][a-z0-9_.:/-]*$/i.test(driver))
        throw new parsers/* InputError */.dz('log-driver', `"${driver}" is not a log driver name`);
    const given = parseLogOpts(optsText);
    const options = Object.keys(given).length > 0 ? given : driver === 'json-file' ? { ...DEFAULT_JSON_LOG_OPTS } : {};
    return { driver, options };
}
/** Reads the app inputs (`get` as index.ts's reader; empty ones read as declared); `workdir` is the image's, to refuse mounting over it. */
function readAppOptions(given, workdir) {
    const get = (0,defaults/* withDefaults */.rO)(given);
    const role = get('role');
    if (role !== 'web' && role !== 'worker')
        throw new parsers/* InputError */.dz('role', `"${role}" must be web or worker`);
    const memoryText = get('memory');
    const memoryBytes = parseMemory(memoryText);
    const cpus = parseCpus(get('cpus'));
    const releaseCommand = (0,parsers/* parseCommand */.RM)('release-command', get('release-command'));
    const healthCmd = get('health-cmd') || undefined;
    if (healthCmd && role !== 'worker')
        throw new parsers/* InputError */.dz('health-cmd', `"${healthCmd}" applies to role: worker only (a web app is checked through the proxy at health-path)`);
    return {
        volumes: parseVolumes(get('volumes'), workdir),
        networks: parseNetworks(get('networks')),
        ...(memoryBytes !== undefined && { memoryBytes, memoryText: memoryText.trim() }),
        ...(cpus !== undefined && { cpus }),
        stopTimeoutSeconds: (0,parsers/* parseInteger */.cG)('stop-timeout-seconds', get('stop-timeout-seconds'), 0, 3600),
        log: parseLog(get('log-driver'), get('log-opts')),
        ...(releaseCommand?.length && { releaseCommand }),
        role,
        ...(healthCmd && { healthCmd }),
        readySeconds: (0,parsers/* parseInteger */.cG)('ready-seconds', get('ready-seconds'), 0, 3600),
        overlap: (0,parsers/* parseBool */.q6)('overlap', get('overlap')),
        retain: (0,parsers/* parseInteger */.cG)('retain', get('retain'), 1, 100),
    };
}
/** The options when none are given (what readAppOptions returns for empty inputs). */
const defaultAppOptions = () => readAppOptions(() => '');

;// CONCATENATED MODULE: ./src/settings/app-name.ts

/** The suffixes shipshape appends to an app's name, and what it names with each. */
const SUFFIXES = {
    '-blue': 'blue container',
    '-green': 'green container',
    '-proxy': 'proxy (container or Swarm service)',
    '-release': 'release command (container or Swarm job)',
};
/**
 * The input `app`, checked so that no two apps, and no app and shipshape itself, are given the same
 * name. From an app shipshape derives `<app>-blue`, `<app>-green` (instanceName), `<app>-proxy`
 * (proxyName, proxyServiceName), `<app>-release` (releaseName), `shipshape-lock-<app>` (lockName) and
 * `shipshape-state-<app>` (stateContainer, stateVolume); in swarm mode `<app>` itself is a service. Its
 * own names are `shipshape-host-proxy` (hostProxyName, its `-state` volume and its lease) and
 * `shipshape-overlay`. So an app name is refused when it ends in one of SUFFIXES (app `web-proxy`
 * would be app `web`'s proxy service) or is `shipshape` or starts with `shipshape-`; with both rules
 * no derived name can equal another app's name or derived name, nor one of shipshape's own.
 */
function parseAppName(app, defaulted) {
    const fix = defaulted ? `; it is the default (the last path part of input 'image'), so set the input app to another name` : '; choose another name';
    if (!/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(app)) {
        throw new parsers/* InputError */.dz('app', `"${app}" must be lowercase letters, digits, '.', '_' or '-' (at most 63)${defaulted ? fix : ''}`);
    }
    if (app === 'shipshape' || app.startsWith('shipshape-')) {
        throw new parsers/* InputError */.dz('app', `"${app}" is reserved: names starting with "shipshape-" are shipshape's own (the leases shipshape-lock-<app>, the host state shipshape-state-<app>, the host-wide proxy shipshape-host-proxy, the network shipshape-overlay)${fix}`);
    }
    const suffix = Object.keys(SUFFIXES).find((x) => app.endsWith(x));
    if (suffix) {
        const base = app.slice(0, -suffix.length);
        throw new parsers/* InputError */.dz('app', `"${app}" is reserved: it is the name shipshape gives app ${base}'s ${SUFFIXES[suffix]}; an app name must not end in -blue, -green, -proxy or -release${fix}`);
    }
    return app;
}

// EXTERNAL MODULE: ./src/settings/deploy-mode.ts
var deploy_mode = __webpack_require__(55984);
// EXTERNAL MODULE: ./src/settings/route.ts
var settings_route = __webpack_require__(51228);
;// CONCATENATED MODULE: ./src/settings/deploy.ts









/** `ssh://user@host[:port]`, `tcp://host:port`, `unix:///path`. */
function parseDeployHost(text) {
    const t = text.trim();
    const fail = (why) => new parsers/* InputError */.dz('deploy-host', `"${t}" ${why}`);
    if (t.startsWith('unix://')) {
        const p = t.slice('unix://'.length);
        if (!p.startsWith('/'))
            throw fail('must name an absolute socket path, e.g. unix:///var/run/docker.sock');
        return { kind: 'unix', path: p, text: t };
    }
    let url;
    try {
        url = new URL(t);
    }
    catch {
        throw fail('is not a URL (expected ssh://user@host[:port], tcp://host:port or unix:///path)');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!host)
        throw fail('has no host');
    if (url.password)
        throw fail('must not contain a password (use ssh-private-key)');
    if (url.protocol === 'ssh:') {
        const user = decodeURIComponent(url.username);
        if (!user)
            throw fail('has no user (expected ssh://user@host[:port])');
        return { kind: 'ssh', user, host, port: url.port ? Number(url.port) : 22, text: t };
    }
    if (url.protocol === 'tcp:') {
        if (!url.port)
            throw fail('has no port (expected tcp://host:port)');
        return { kind: 'tcp', host, port: Number(url.port), text: t };
    }
    throw fail(`has unsupported scheme "${url.protocol}" (use ssh://, tcp:// or unix://)`);
}
/** tcp:// needs mutual TLS: decided by the inputs alone, so refused when they are read. */
function readEngineTls(get, host, key) {
    const ca = get('docker-tls-ca');
    const cert = get('docker-tls-cert');
    if (!ca || !cert || !key) {
        throw new parsers/* InputError */.dz('deploy-host', `${host.text} needs docker-tls-ca, docker-tls-cert and docker-tls-key (the engine's client TLS: it must verify the client and be verified)`);
    }
    return { ca, cert, key };
}
/** The fallback of an empty `container-port` when `expose` does not name one TCP port. */
const FALLBACK_CONTAINER_PORT = 8080;
/** `container-port`, else the one TCP port in `expose`, else 8080; `notes` says which and why. */
function readContainerPort(text, expose, notes) {
    if (text.trim() !== '')
        return (0,parsers/* parseInteger */.cG)('container-port', text, 1, 65535);
    const tcp = expose.filter((p) => p.endsWith('/tcp'));
    if (tcp.length === 1) {
        notes.push(`container-port: ${parseInt(tcp[0], 10)} (the one TCP port in expose; set container-port to choose another)`);
        return parseInt(tcp[0], 10);
    }
    const why = tcp.length === 0 ? 'expose lists no TCP port' : `expose lists ${tcp.length} TCP ports (${tcp.join(', ')}): set container-port to choose`;
    notes.push(`container-port: ${FALLBACK_CONTAINER_PORT} (the default; ${why})`);
    return FALLBACK_CONTAINER_PORT;
}
/** The deploy inputs, or undefined without `deploy-host` (`get` reads empty inputs as declared); `secrets` gets the secret ones. */
function readDeploySettings(get, image, secrets, fromBuild = { expose: [], notes: [] }) {
    const hostText = get('deploy-host');
    if (!hostText)
        return undefined;
    const host = parseDeployHost(hostText);
    const sshPrivateKey = get('ssh-private-key') || undefined;
    const tlsKey = get('docker-tls-key') || undefined;
    const env = (0,parsers/* parseKeyValues */.Hl)('deploy-env', get('deploy-env'), true);
    if (sshPrivateKey)
        secrets.push(sshPrivateKey);
    if (tlsKey)
        secrets.push(tlsKey);
    for (const [, v] of env)
        if (v.length >= secret_forms/* MIN_SECRET_LENGTH */.vb)
            secrets.push(v);
    if (host.kind === 'ssh' && !sshPrivateKey)
        throw new parsers/* InputError */.dz('ssh-private-key', `is required for ${host.text}`);
    if (host.kind === 'ssh' && !get('ssh-known-hosts')) {
        throw new parsers/* InputError */.dz('ssh-known-hosts', `is required for ${host.text} (the host key is always checked)`);
    }
    const app = parseAppName(get('app') || defaultImageName(image), !get('app'));
    const healthPath = urlPath('health-path', get('health-path'));
    const route = (0,settings_route/* readRouteSettings */.b)(get, secrets);
    const command = readCommand(get);
    const [remove, rollback, renew] = [command === 'remove', command === 'rollback', command === 'renew'];
    const service = readAppOptions(get, get('workdir'));
    const portNotes = [];
    const containerPort = readContainerPort(get('container-port'), fromBuild.expose, portNotes);
    // said only where a port is used: a web app deployed or rolled back
    if (service.role === 'web' && !remove && !renew)
        fromBuild.notes.push(...portNotes);
    const engineTls = host.kind === 'tcp' ? readEngineTls(get, host, tlsKey) : undefined;
    return {
        host,
        sshPrivateKey,
        sshKnownHosts: get('ssh-known-hosts') || undefined,
        dockerSocket: socketPath('docker-socket', get('docker-socket')),
        ...(engineTls && { engineTls }),
        app,
        containerPort,
        publicPort: (0,parsers/* parsePublishedPort */.bh)('public-port', get('public-port')),
        healthPath,
        healthTimeoutSeconds: (0,parsers/* parseInteger */.cG)('health-timeout-seconds', get('health-timeout-seconds'), 1, 3600),
        proxyImage: imageReference('proxy-image', get('proxy-image')),
        env,
        soakSeconds: (0,parsers/* parseInteger */.cG)('soak-seconds', get('soak-seconds'), 0, 3600),
        rollback,
        historyLimit: (0,parsers/* parseInteger */.cG)('history-limit', get('history-limit'), 1, 1000),
        service,
        ...(route && { route }),
        ...(remove && { remove }),
        modes: (0,deploy_mode/* readModeInputs */.Hk)(get),
        ...(renew && { renew }),
    };
}
/**
 * What the inputs rule out for where the app lives, once every input is read (so the deploy never
 * meets it). What needs the engine — deploy-mode auto on a swarm manager or not — is checked by the
 * deploy (placements/swarm/run.ts, swarmMode) with the same rules (deploy-mode.ts, refuseForMode).
 */
function refusePlacement(d) {
    if (d.route && d.service.role === 'worker' && !d.remove && !d.renew)
        throw new parsers/* InputError */.dz('hosts', 'is set, but role is worker: a worker has no route');
}

;// CONCATENATED MODULE: ./src/settings/index.ts











/** Reads `INPUT_<NAME>` the way @actions/core does. */
const envInputReader = (env = process.env) => (name) => (env[inputVariable(name)] ?? '').trim();
/** The secret inputs as given, unvalidated: what a record must be scrubbed of when the inputs were refused. */
function rawSecrets(get = envInputReader()) {
    const env = get('deploy-env')
        .split('\n')
        .map((l) => l.slice(l.indexOf('=') + 1).trim());
    const imageEnv = [get('image-env'), get('env')]
        .join('\n')
        .split('\n')
        .filter((l) => l.includes('='))
        .flatMap((l) => (0,secret_forms/* envCredential */.dY)(l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1))?.secrets ?? []);
    return [get('registry-password'), get('ssh-private-key'), get('docker-tls-key'), get('tls-key'), ...env, ...imageEnv].filter((v) => v.length > 0);
}
/**
 * Reads and validates every input into one typed settings object. An `INPUT_*` variable in `env` that the
 * running entry does not declare (a typo in `with:`) is refused before anything else.
 */
function readSettings(given = envInputReader(), env = process.env) {
    const warnings = [];
    const sources = new Map();
    try {
        return readAll((0,defaults/* withDefaults */.rO)(withAliases(given, warnings, sources)), env, warnings, sources);
    }
    catch (error) {
        throw underGivenName(error, sources);
    }
}
function readAll(get, env, warnings, sources) {
    const entry = get('shipshape-entry') === 'deploy' ? 'deploy' : 'build';
    refuseUndeclaredInputs(env, entry);
    const command = readCommand(get);
    const given = get('command') === command ? `command ${command}` : `${command}: true`;
    if (command !== 'deploy' && !get('deploy-host'))
        throw new parsers/* InputError */.dz('deploy-host', `is empty: ${given} needs the Docker host it acts on`);
    // renew names no image (it renews the host's certificates only), nor do remove and rollback with their
    // app: a placeholder (not a reserved app name) keeps the settings whole.
    if ((command === 'remove' || command === 'rollback') && !get('image') && !get('app')) {
        throw new parsers/* InputError */.dz('app', `is empty: ${given} needs the app to ${command === 'remove' ? 'tear down' : 'roll back'} (or the image it is named after)`);
    }
    const image = parseImage(get('image') || (command === 'deploy' ? '' : 'renew'));
    const secrets = [];
    const build = readBuildSettings(get, image, env);
    warnings.push(...credentialEnvWarnings(build.env, secrets, sources.get('image-env') ?? 'image-env'));
    const registry = readRegistrySettings(get, secrets);
    const notes = [];
    const deploy = readDeploySettings(get, image, secrets, { expose: entry === 'build' ? build.expose : [], notes });
    if (deploy && !build.push && entry === 'build' && command === 'deploy') {
        throw new parsers/* InputError */.dz('push', '"false" cannot go with deploy-host: the Docker host pulls the image from the registry');
    }
    if (entry === 'deploy' && !deploy)
        throw new parsers/* InputError */.dz('deploy-host', 'is required by the deploy entry');
    if (entry === 'deploy' && !image.digest && command === 'deploy') {
        throw new parsers/* InputError */.dz('image', `"${get('image')}" must name a digest (repo@sha256:…) for the deploy entry, e.g. the build step's \`image\` output`);
    }
    if (deploy)
        refusePlacement(deploy);
    const retention = get('record-retention-days');
    return {
        entry,
        command,
        ...(image.digest && { imageDigest: image.digest }),
        build,
        registry,
        ...(deploy && { deploy }),
        record: retention ? { retentionDays: (0,parsers/* parseInteger */.cG)('record-retention-days', retention, 1, 90) } : {},
        attest: { sbom: (0,parsers/* parseBool */.q6)('sbom', get('sbom')), provenance: (0,parsers/* parseBool */.q6)('provenance', get('provenance')) },
        secrets,
        warnings,
        notes,
    };
}


/***/ }),

/***/ 30021:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   Hl: () => (/* binding */ parseKeyValues),
/* harmony export */   RM: () => (/* binding */ parseCommand),
/* harmony export */   bh: () => (/* binding */ parsePublishedPort),
/* harmony export */   cG: () => (/* binding */ parseInteger),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   q6: () => (/* binding */ parseBool)
/* harmony export */ });
// Generic parsers for action inputs. Every error names the input and, unless it is secret, the value.
/** A bad input value. The message names the input and the value (secrets excepted). */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** Splits a list input on newlines and commas; blank items and `#` comment lines dropped. */
function parseList(text) {
    return text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/** Lines of KEY=VALUE (blank lines and `#` comments skipped); the value may contain `=`. */
function parseKeyValues(input, text, secret = false) {
    const out = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (eq <= 0 || !/^[^\s=]+$/.test(key)) {
            const shown = secret ? '(value hidden)' : `"${line}"`;
            throw new InputError(input, `line ${i + 1} ${shown} is not KEY=VALUE`);
        }
        out.push([key, line.slice(eq + 1)]);
    });
    return out;
}
/** A command: a JSON array of strings, or shell words (quotes and backslashes honoured). */
function parseCommand(input, text) {
    const t = text.trim();
    if (t === '')
        return undefined;
    if (t.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(t);
        }
        catch (e) {
            throw new InputError(input, `"${t}" is not a valid JSON array (${e.message})`);
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
            throw new InputError(input, `"${t}" must be a JSON array of strings`);
        }
        return parsed;
    }
    return shellWords(input, t);
}
function shellWords(input, text) {
    const words = [];
    let cur = '';
    let inWord = false;
    let quote;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === quote)
                quote = undefined;
            else if (c === '\\' && quote === '"' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]))
                cur += text[++i];
            else
                cur += c;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            inWord = true;
        }
        else if (c === '\\' && i + 1 < text.length) {
            cur += text[++i];
            inWord = true;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(cur);
            cur = '';
            inWord = false;
        }
        else {
            cur += c;
            inWord = true;
        }
    }
    if (quote)
        throw new InputError(input, `"${text}" has an unclosed ${quote} quote`);
    if (inWord)
        words.push(cur);
    return words;
}
/** `true`/`false` (and yes/no, 1/0, on/off); an empty text is no boolean: a defaulted input reads as its declared default (defaults.ts). */
function parseBool(input, text) {
    const t = text.trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(t))
        return true;
    if (['false', 'no', '0', 'off'].includes(t))
        return false;
    throw new InputError(input, `"${text}" is not a boolean (use true or false)`);
}
function parseInteger(input, text, min, max) {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
        throw new InputError(input, `"${text}" must be a whole number from ${min} to ${max}`);
    }
    return Number(t);
}
/** `PORT` or `ADDRESS:PORT` (a published port, as `public-port`, `http-port`, `https-port` take it). */
function parsePublishedPort(input, text) {
    const t = text.trim();
    const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5})$/.exec(t);
    if (!m)
        throw new InputError(input, `"${t}" is not PORT or ADDRESS:PORT`);
    const port = parseInteger(input, m[2], 1, 65535);
    return m[1] ? { address: m[1].replace(/^\[(.*)\]$/, '$1'), port } : { port };
}


/***/ }),

/***/ 51228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sm: () => (/* binding */ hostName),
/* harmony export */   YA: () => (/* binding */ pathPrefix),
/* harmony export */   b: () => (/* binding */ readRouteSettings),
/* harmony export */   lE: () => (/* binding */ LETS_ENCRYPT),
/* harmony export */   zo: () => (/* binding */ routeUrl)
/* harmony export */ });
/* harmony import */ var _certificate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56038);
/* harmony import */ var _defaults_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9563);
/* harmony import */ var _parsers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(30021);



/** acme-directory's declared default. */
const LETS_ENCRYPT = _defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULTS */ .zY['acme-directory'];
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A DNS host name (letters, digits, `-`, dots; ≤ 253): the only thing that reaches HAProxy's ACLs and maps. */
function hostName(input, text) {
    const t = text.trim().toLowerCase().replace(/\.$/, '');
    if (t.length === 0 || t.length > 253 || !t.split('.').every((l) => LABEL.test(l))) {
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(input, `${JSON.stringify(text)} is not a host name (dot-separated labels of letters, digits and -, e.g. www.example.com)`);
    }
    return t;
}
/**
 * `/api` or `/api/v2`: segments of unreserved URL characters, so it is safe in an ACL and a regsub. No
 * empty segment (`//`) and no `.` or `..` segment: HAProxy matches the path as the client sent it, and
 * clients normalise those away, so such a prefix would never match.
 */
function pathPrefix(input, text) {
    const t = text.trim();
    if (t === '')
        return undefined;
    const fail = (why, instead) => new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(input, `${JSON.stringify(text)} ${why}; ${instead}`);
    if (!/^(?:\/[A-Za-z0-9._~-]*)+$/.test(t)) {
        throw fail('must be a path like /api or /api/v2 (segments of letters, digits and . _ ~ -)', 'write the prefix the app is reached under, e.g. /api');
    }
    if (t === '/')
        return undefined;
    const segments = t.replace(/\/$/, '').split('/').slice(1);
    if (segments.some((s) => s === '')) {
        const single = t.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        const example = single === '/' ? '' : `write ${JSON.stringify(single)}, or `;
        throw fail('has an empty segment (//)', `${example}leave ${input} empty to route the whole host`);
    }
    if (segments.some((s) => s === '.' || s === '..')) {
        throw fail('has a . or .. segment, which clients resolve before sending, so no request would match it', 'write the path the requests actually use (e.g. /api/x instead of /api/../x or /api/./x)');
    }
    return t.replace(/\/$/, '');
}
/** `secrets` gets the certificate key (masked before anything is logged). */
function readRouteSettings(given, secrets = [], now = new Date()) {
    const get = (0,_defaults_js__WEBPACK_IMPORTED_MODULE_1__/* .withDefaults */ .rO)(given);
    const hosts = [...new Set((0,_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .parseList */ .E1)(get('hosts')).map((h) => hostName('hosts', h)))];
    const tlsText = get('tls').trim();
    if (!['off', 'acme', 'provided'].includes(tlsText))
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('tls', `${JSON.stringify(tlsText)} must be off, acme or provided`);
    const prefix = pathPrefix('path-prefix', get('path-prefix'));
    const certPem = get('tls-certificate');
    const keyPem = get('tls-certificate-key');
    if (keyPem)
        secrets.push(keyPem);
    for (const [input, set] of [['tls-certificate', certPem], ['tls-certificate-key', keyPem]]) {
        if (set && tlsText !== 'provided')
            throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(input, `is set, but tls is "${tlsText}"; say tls: provided to use it`);
    }
    // acme-directory always comes with its declared default: only the e-mail says the user meant ACME.
    if (get('acme-email') && tlsText !== 'acme')
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('acme-email', `is set, but tls is "${tlsText}"; say tls: acme to use it`);
    if (hosts.length === 0) {
        if (prefix)
            throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path-prefix', 'needs hosts: a path prefix is routed on the host-wide proxy');
        if (tlsText !== 'off')
            throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('tls', `"${tlsText}" needs hosts: TLS is served by the host-wide proxy`);
        return undefined;
    }
    let certificate;
    if (tlsText === 'provided') {
        if (!certPem)
            throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('tls-certificate', 'is required with tls: provided (the PEM certificate, its chain after it)');
        if (!keyPem)
            throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('tls-certificate-key', 'is required with tls: provided (the PEM private key of tls-certificate)');
        certificate = { certPem, keyPem };
        (0,_certificate_js__WEBPACK_IMPORTED_MODULE_0__/* .checkCertificate */ .yF)(certificate, hosts, now);
    }
    const directory = get('acme-directory');
    if (tlsText === 'acme' && !/^https:\/\/[^\s/]+/.test(directory))
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('acme-directory', `"${directory}" must be an https:// URL of an ACME directory`);
    const email = get('acme-email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new _parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('acme-email', `"${email}" is not an e-mail address`);
    return {
        hosts,
        ...(prefix && { pathPrefix: prefix }),
        tls: tlsText,
        ...(certificate && { certificate }),
        ...(tlsText === 'acme' && { acme: { ...(email && { email }), directory } }),
        httpPort: (0,_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePublishedPort */ .bh)('http-port', get('http-port')),
        httpsPort: (0,_parsers_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePublishedPort */ .bh)('https-port', get('https-port')),
    };
}
/** The app's first route, as the `url` output says it. */
function routeUrl(r) {
    const secure = r.tls !== 'off';
    const p = secure ? r.httpsPort.port : r.httpPort.port;
    const port = p === (secure ? 443 : 80) ? '' : `:${p}`;
    return `${secure ? 'https' : 'http'}://${r.hosts[0]}${port}${r.pathPrefix ?? '/'}`;
}


/***/ }),

/***/ 56072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  l: () => (/* binding */ publishRecord)
});

// EXTERNAL MODULE: ./src/github/commands.ts
var commands = __webpack_require__(24897);
// EXTERNAL MODULE: ./src/github/logger.ts
var logger = __webpack_require__(72231);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/record/context.ts
var context = __webpack_require__(17602);
;// CONCATENATED MODULE: ./src/github/record-artifact.ts




/** Loaded only when an upload happens: the library and its Azure SDK are a large part of the bundle's start-up. */
async function loadArtifactClient() {
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(758), __webpack_require__.e(955), __webpack_require__.e(378), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
    return new DefaultArtifactClient();
}
function recordArtifactName(id) {
    return `shipshape-record-${id}`;
}
/** The variables @actions/artifact reads from process.env. */
const ARTIFACT_ENV = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_RETENTION_DAYS'];
/** Same test as @actions/artifact's isGhes(): github.com, *.ghe.com and *.localhost have the v4 service. */
function isGhes(env) {
    const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
    return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}
/** Why the artifact service cannot be used here, or undefined when it looks reachable. */
function artifactServiceAbsence(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
        return 'no artifact service in this environment (ACTIONS_RUNTIME_TOKEN/ACTIONS_RESULTS_URL unset: a local run?)';
    }
    if (isGhes(env))
        return `artifact upload (v4) is not supported on GitHub Enterprise Server (${env.GITHUB_SERVER_URL})`;
    return undefined;
}
/** A TCP connect to the service, so an absent server (act without --artifact-server-path) gives one clear
 * reason instead of the library's retry and warning boilerplate. */
function unreachable(serviceUrl, timeoutMs = 3_000) {
    const url = new URL(serviceUrl);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return new Promise((resolve) => {
        const socket = (0,external_node_net_.connect)({ host: url.hostname, port, timeout: timeoutMs });
        const done = (reason) => {
            socket.destroy();
            resolve(reason);
        };
        socket.once('connect', () => done(undefined));
        socket.once('timeout', () => done(`no answer within ${timeoutMs} ms`));
        socket.once('error', (error) => done(error.code ?? error.message));
    });
}
/** Runs `fn` with the artifact variables of `env` in process.env (the library reads only process.env). */
async function withArtifactEnv(env, fn) {
    if (env === process.env)
        return fn();
    const saved = ARTIFACT_ENV.map((key) => [key, process.env[key]]);
    for (const key of ARTIFACT_ENV) {
        if (env[key] === undefined)
            delete process.env[key];
        else
            process.env[key] = env[key];
    }
    try {
        return await fn();
    }
    finally {
        for (const [key, value] of saved) {
            if (value === undefined)
                delete process.env[key];
            else
                process.env[key] = value;
        }
    }
}
/** The run and job backend ids of the runtime token's `scp` claim (`Actions.Results:<run>:<job>`). */
function backendIds(token) {
    try {
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
        const m = /Actions\.Results:([^:\s]+):([^:\s]+)/.exec(claims.scp ?? '');
        return m ? [m[1], m[2]] : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Under act only: whether its artifact server decodes requests strictly. act's v4 server (pkg/artifacts/
 * artifacts_v4.go) answers 500 to any field its messages lack, and CreateArtifact has no `mime_type`, which
 * @actions/artifact v6 sends: the library would retry five times (about 30 s) and fail. One read-only
 * ListArtifacts with a field no message has tells in one round trip. Undefined when the server takes it.
 */
async function actRejectsUnknownFields(env, timeoutMs = 1_500) {
    const ids = backendIds(env.ACTIONS_RUNTIME_TOKEN);
    if (!ids)
        return undefined;
    const url = new URL('twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts', env.ACTIONS_RESULTS_URL.replace(/\/?$/, '/'));
    try {
        const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}` },
            body: JSON.stringify({ workflow_run_backend_id: ids[0], workflow_job_run_backend_id: ids[1], mime_type: 'application/zip' }),
            signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok)
            return undefined;
        return `act's artifact server rejects fields it does not know (a request with mime_type, which @actions/artifact v6 sends on upload, got HTTP ${res.status})`;
    }
    catch (error) {
        return `act's artifact server did not answer a ListArtifacts request within ${timeoutMs} ms (${(0,log/* errorMessage */.gJ)(error)})`;
    }
}
/**
 * Uploads the record as the zipped artifact `shipshape-record-<id>` (record.json inside), so
 * actions/download-artifact and the run page serve it. Where the artifact service is absent or
 * unreachable (local runs, act without --artifact-server-path, GHES) it returns uploaded:false with the
 * reason and never throws for that: the record stays at `recordPath`.
 */
async function uploadRecord(recordPath, id, retentionDays, logger, env = process.env) {
    const absent = artifactServiceAbsence(env);
    if (absent)
        return { uploaded: false, reason: absent };
    const name = recordArtifactName(id);
    const down = await unreachable(env.ACTIONS_RESULTS_URL);
    if (down) {
        return { uploaded: false, reason: `the artifact service at ${new URL(env.ACTIONS_RESULTS_URL).origin} is not reachable (${down}); under act, pass --artifact-server-path` };
    }
    const strict = env.ACT ? await actRejectsUnknownFields(env) : undefined;
    if (strict)
        return { uploaded: false, reason: `${strict}; the upload would fail after retries` };
    try {
        const result = await withArtifactEnv(env, () => loadArtifactClient().then((client) => client.uploadArtifact(name, [recordPath], (0,external_node_path_.dirname)(recordPath), retentionDays ? { retentionDays } : {})));
        const base = (0,context/* runUrl */.Vp)(env);
        const url = base && result.id !== undefined ? `${base}/artifacts/${result.id}` : undefined;
        logger.info(`Uploaded the build record as artifact ${name}${url ? `: ${url}` : ''}`);
        return { uploaded: true, artifactId: result.id, url };
    }
    catch (error) {
        const message = (0,log/* errorMessage */.gJ)(error);
        return { uploaded: false, reason: `artifact upload of ${name} failed: ${message.split('\n')[0]}` };
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/record/summary-charts.ts
// Mermaid blocks for the job summary (GitHub renders ```mermaid fences there): where the time went and
// what is live, at a glance. The text table above them stays for screen readers and the record.
const BUILD_PHASES = ['fingerprint', 'resolve_base', 'layers', 'push'];
const DEPLOY_PHASES = ['pull', 'health', 'switch', 'soak'];
const COLOR_FILL = { blue: '#0969da', green: '#1a7f37' };
/** Mermaid label text: no quotes, brackets or line breaks that would end the label or the statement. */
function label(text) {
    return text.replace(/["\n\r;#:[\]{}()<>`]/g, ' ').replace(/\s+/g, ' ').trim();
}
function seconds(ms) {
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
/**
 * A gantt of the phases in the order they ran (each starts where the previous ended: the steps are
 * sequential), build phases and deploy phases in their own sections. Undefined without timings.
 */
function timelineChart(record) {
    const known = [...BUILD_PHASES, ...DEPLOY_PHASES];
    const others = Object.keys(record.timings).filter((p) => !known.includes(p));
    const sections = [
        ['build', [...BUILD_PHASES, ...others].filter((p) => record.timings[p])],
        ['deploy', DEPLOY_PHASES.filter((p) => record.timings[p])],
    ];
    if (sections.every(([, phases]) => phases.length === 0))
        return undefined;
    const total = Object.values(record.timings).reduce((sum, ms) => sum + (ms ?? 0), 0);
    const lines = ['gantt', `  title shipshape ${record.kind} ${record.status}, ${seconds(total)} in phases`, '  dateFormat x', '  axisFormat %M:%S'];
    let at = 0;
    for (const [name, phases] of sections) {
        if (phases.length === 0)
            continue;
        lines.push(`  section ${name}`);
        for (const phase of phases) {
            const ms = Math.max(1, Math.round(record.timings[phase]));
            lines.push(`  ${label(phase)} ${seconds(ms)} : ${at}, ${at + ms}`);
            at += ms;
        }
    }
    return lines.join('\n');
}
/** The colors before and after a deploy, the live one filled in its color. Undefined without a deploy target. */
function colorsChart(deploy) {
    if (!deploy?.to)
        return undefined;
    const node = (end) => end ? `${label(end.color)} ${label(end.digest.replace(/^sha256:/, '').slice(0, 12))}` : 'nothing live';
    const lines = [
        'flowchart LR',
        `  before["before: ${node(deploy.from)}"] -->|${deploy.rollback_reason ? 'switched back' : 'switch'}| after["live: ${node(deploy.to)}"]`,
    ];
    const fill = COLOR_FILL[deploy.to.color];
    if (fill)
        lines.push(`  style after fill:${fill},color:#ffffff`);
    const before = deploy.from && COLOR_FILL[deploy.from.color];
    if (before)
        lines.push(`  style before stroke:${before},stroke-dasharray: 4 4`);
    return lines.join('\n');
}
/** Both charts as markdown fences (empty when neither applies). */
function summaryCharts(record) {
    return [timelineChart(record), colorsChart(record.deploy)].filter((c) => !!c).flatMap((c) => ['```mermaid', c, '```', '']);
}

;// CONCATENATED MODULE: ./src/record/summary.ts

const PHASES = ['fingerprint', 'resolve_base', 'layers', 'push', 'pull', 'health', 'switch', 'soak'];
/** One table-cell line: no row breaks, no column breaks. */
function oneLine(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
/** Table cell text: no row or column breaks, no HTML, and no markdown (a peer's `![x](…)` or `[link](…)` stays text). */
function cell(text) {
    return oneLine(noHtml(text).replace(/[\\`[\]()!]/g, (c) => `\\${c}`));
}
function noHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A code span: what a peer said (an error, an app's answer) shows as code, never as markup. */
function code(text) {
    return '`' + oneLine(noHtml(text)).replace(/`/g, "'") + '`';
}
function shortDigest(digest) {
    return digest.startsWith('sha256:') ? digest.slice(0, 19) : digest;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
function formatDuration(ms) {
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
function totalMs(record) {
    if (!record.finished_at)
        return undefined;
    return Date.parse(record.finished_at) - Date.parse(record.started_at);
}
function fence(text) {
    const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const marks = '`'.repeat(Math.max(3, longestRun + 1));
    return `${marks}text\n${text}\n${marks}`;
}
const DAY_MS = 86_400_000;
/** Hosts and prefix, TLS mode, and the certificate's expiry (a warning under 14 days). */
function routeCell(r, at) {
    const parts = [`${r.hosts.map((h) => code(`${h}${r.path_prefix ?? ''}`)).join(' ')} · TLS ${cell(r.tls)}`];
    if (r.certificate) {
        const days = Math.floor((Date.parse(r.certificate.not_after) - Date.parse(at)) / DAY_MS);
        parts.push(`certificate for ${r.certificate.names.map(cell).join(', ')} until ${cell(r.certificate.not_after)}${days < 14 ? ` ⚠️ ${days} days left` : ''}`);
    }
    return parts.join('<br>');
}
/** The job summary as GitHub-flavoured markdown. */
function renderSummary(record, artifact) {
    const rows = [];
    const build = record.build;
    if (build?.image)
        rows.push(['Image', code(build.image)]);
    if (build?.index_digest)
        rows.push(['Digest', code(build.index_digest)]);
    if (build?.manifests && Object.keys(build.manifests).length > 0) {
        const platforms = Object.entries(build.manifests).map(([platform, digest]) => `${cell(platform)} ${code(shortDigest(digest))}`);
        rows.push(['Platforms', platforms.join('<br>')]);
    }
    if (build?.fingerprint)
        rows.push(['Fingerprint', code(build.fingerprint)]);
    if (build?.cache_hit !== undefined)
        rows.push(['Cache hit', build.cache_hit ? 'yes (build and push skipped)' : 'no']);
    if (build?.push) {
        const { pushed, mounted, skipped, bytes_sent } = build.push;
        rows.push(['Bytes pushed', `${formatBytes(bytes_sent)} (${pushed} blobs pushed, ${mounted} mounted, ${skipped} already there)`]);
    }
    if (build?.tags && build.tags.length > 0)
        rows.push(['Tags', build.tags.map(code).join('<br>')]);
    const att = build?.attestations;
    if (att?.sbom) {
        const lines = Object.entries(att.sbom).map(([platform, e]) => `${cell(platform)}: ${e.packages ?? '?'} packages ${code(shortDigest(e.digest))}`);
        rows.push(['SBOM (SPDX 2.3)', `${lines.join('<br>')}<br>${cell(att.mode)}`]);
    }
    if (att?.provenance)
        rows.push(['Provenance (SLSA v1)', `${code(att.provenance.digest)} · ${cell(att.mode)}`]);
    const deploy = record.deploy;
    if (deploy && record.kind === 'renew') {
        rows.push(['Host', code(deploy.host)]);
        if (!record.certificates?.length)
            rows.push(['Certificates', 'none (no app on this host has tls: acme)']);
    }
    else if (deploy) {
        const side = (end) => (end ? `${end.color} ${code(shortDigest(end.digest))}` : '(none)');
        rows.push(['Deploy', `${side(deploy.from)} → ${side(deploy.to)} — app ${code(deploy.app)} on ${code(deploy.host)}`]);
        if (deploy.rollback_reason)
            rows.push(['Rolled back', code(deploy.rollback_reason)]);
        if (deploy.route)
            rows.push(['Route', routeCell(deploy.route, record.finished_at ?? record.started_at)]);
        if (deploy.removed)
            rows.push(['Removed', deploy.removed.length > 0 ? deploy.removed.map(code).join('<br>') : 'nothing (not on this host)']);
    }
    for (const c of record.certificates ?? []) {
        const expiry = c.not_after ? `expires ${cell(c.not_after)} (${c.days_left} days left)` : 'none stored';
        rows.push([`Certificate ${code(c.app)}`, `${c.names.map(code).join(', ')} — ${c.action}, ${expiry}${c.warning ? `<br>⚠️ ${cell(c.warning)}` : ''}${c.error ? `<br>${cell(c.error)}` : ''}`]);
    }
    const phases = [...PHASES.filter((p) => p in record.timings), ...Object.keys(record.timings).filter((p) => !PHASES.includes(p))];
    if (phases.length > 0) {
        rows.push(['Duration', phases.map((p) => `${cell(p)} ${formatDuration(record.timings[p])}`).join(' · ')]);
    }
    const total = totalMs(record);
    if (total !== undefined && Number.isFinite(total))
        rows.push(['Total', formatDuration(total)]);
    if (artifact) {
        const label = `${cell(artifact.name)}`;
        rows.push(['Record', artifact.url ? `[${label}](${artifact.url})` : `${label} (not uploaded)`]);
    }
    const lines = [`## shipshape ${record.kind} ${record.status}`, '', `Record \`${record.id}\` · source ${cell(record.source)}`, ''];
    lines.push('| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`), '');
    lines.push(...summaryCharts(record));
    if (record.status === 'failed' || record.status === 'canceled') {
        if (record.error)
            lines.push('**Error**', '', fence(record.error), '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/github/job-summary.ts


/** Appends the summary to GITHUB_STEP_SUMMARY. Returns false (no throw) when the variable is absent,
 * as in local runs; act sets it. */
async function writeSummary(record, artifact, env = process.env) {
    const file = env.GITHUB_STEP_SUMMARY;
    if (!file)
        return false;
    await (0,promises_.appendFile)(file, renderSummary(record, artifact) + '\n', 'utf8');
    return true;
}

;// CONCATENATED MODULE: ./src/steps/record.ts




/**
 * Step 5: upload the finished record as the zipped artifact `shipshape-record-<id>` and summarize it on
 * the run page. Where the artifact service is absent (local runs, act without an artifact server, GHES)
 * the record stays at its path and a notice says so; nothing here fails the step.
 */
async function publishRecord(record, retentionDays) {
    const name = recordArtifactName(record.id);
    let url;
    await record.flush(); // the file as the record stands (the last write may still be landing)
    try {
        const upload = await uploadRecord(record.path, record.id, retentionDays, logger/* actionsLogger */.M);
        if (upload.uploaded)
            url = upload.url;
        else
            commands/* notice */.lm(`Build record kept at ${record.path} (${upload.reason})`);
    }
    catch (error) {
        commands/* warning */.$e(`Build record upload failed: ${(0,logger/* errorMessage */.g)(error)}; the record is at ${record.path}`);
    }
    try {
        await writeSummary(record.record, { name, ...(url && { url }) });
    }
    catch (error) {
        commands/* warning */.$e(`Job summary not written: ${(0,logger/* errorMessage */.g)(error)}`);
    }
}


/***/ })

};

//# sourceMappingURL=171.index.js.map