export const id = 508;
export const ids = [508];
export const modules = {

/***/ 93983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UD: () => (/* binding */ restoreBlobCache),
/* harmony export */   z_: () => (/* binding */ saveBlobCache)
/* harmony export */ });
/* unused harmony export cacheServiceAbsence */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25625);


// The base-layer blob cache directory persisted between runs with the GitHub Actions cache. The service
// version is left to @actions/cache: act only speaks v1, so ACTIONS_CACHE_SERVICE_V2 is never forced here.
const ALONE = 'the local blob cache directory alone serves';
/**
 * Why there is no Actions cache service to use, or undefined when there is one. v2 (GitHub's current
 * service, ACTIONS_CACHE_SERVICE_V2) lives at ACTIONS_RESULTS_URL; v1 (GHES, act's cache server) at
 * ACTIONS_CACHE_URL. @actions/cache would also try v1 at ACTIONS_RESULTS_URL, but the only layout that
 * has it without ACTIONS_CACHE_URL is act's with its cache server off, where that URL is act's artifact
 * server: asking it for caches only fails, with warnings on every run.
 */
function cacheServiceAbsence(env = process.env) {
    if (env.ACTIONS_CACHE_SERVICE_V2 && env.ACTIONS_RESULTS_URL)
        return undefined;
    if (env.ACTIONS_CACHE_URL)
        return undefined;
    if (env.ACTIONS_RESULTS_URL) {
        const who = env.ACT ? 'act without its cache server' : 'no cache service';
        return `${who} (ACTIONS_CACHE_URL unset; ACTIONS_RESULTS_URL is the artifact server): ${ALONE}`;
    }
    return `no GitHub Actions cache service here (ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL unset): ${ALONE}`;
}
/** Restores `dir` from the Actions cache; a miss, an absent service or an error leave the local dir as it is. */
async function restoreBlobCache(dir, key, restoreKeys, logger) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
    const absent = cacheServiceAbsence();
    if (absent) {
        logger.info(absent);
        return { hit: false, reason: absent, noService: true };
    }
    try {
        const { restoreCache } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(955), __webpack_require__.e(378), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 18091));
        const matchedKey = await restoreCache([dir], key, restoreKeys);
        if (matchedKey === undefined) {
            logger.info(`Blob cache: no Actions cache entry for key ${key}`);
            return { hit: false, reason: `no cache entry for key ${key}` };
        }
        logger.info(`Blob cache restored from Actions cache key ${matchedKey}`);
        return { hit: true, matchedKey };
    }
    catch (error) {
        const reason = `restoring the blob cache failed (key ${key}): ${(0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`;
        logger.warning(reason);
        return { hit: false, reason };
    }
}
/** Saves `dir` under `key`. An existing entry for the key, an absent service or an error are reported, not thrown. */
async function saveBlobCache(dir, key, logger) {
    const absent = cacheServiceAbsence();
    if (absent)
        return { saved: false, reason: absent };
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir).catch(() => []);
    if (entries.length === 0)
        return { saved: false, reason: `blob cache directory ${dir} is empty or missing: nothing to save` };
    try {
        const { saveCache } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(955), __webpack_require__.e(378), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 18091));
        const cacheId = await saveCache([dir], key);
        if (cacheId === -1) {
            // @actions/cache has logged why (most often: the key exists already, written by an earlier run).
            return { saved: false, reason: `the Actions cache did not store key ${key} (see the log above)` };
        }
        logger.info(`Blob cache saved to the Actions cache with key ${key}`);
        return { saved: true };
    }
    catch (error) {
        const reason = `saving the blob cache failed (key ${key}): ${(0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`;
        logger.warning(reason);
        return { saved: false, reason };
    }
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


/***/ }),

/***/ 57508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  blobCacheKeys: () => (/* binding */ blobCacheKeys),
  buildStep: () => (/* binding */ buildStep)
});

// EXTERNAL MODULE: ./src/github/commands.ts
var commands = __webpack_require__(24897);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/github/logger.ts
var logger = __webpack_require__(72231);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/oci/annotations.ts
var annotations = __webpack_require__(62427);
// EXTERNAL MODULE: ./src/oci/config.ts
var oci_config = __webpack_require__(5335);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/oci/parallel-gzip.ts




/**
 * gzip on all cores, pigz's way: the input is cut into BLOCK-sized blocks, each deflated on its own
 * (with the previous block's last 32 KiB as dictionary, so the ratio stays close to one stream) and
 * ended with a sync flush, so the raw deflate outputs concatenate into one valid stream; a final
 * empty block and the gzip trailer (CRC-32 and size, computed here in order) close it. The bytes
 * depend only on the input, the level and BLOCK — never on the number of workers or their timing.
 * Node's zlib has no multi-threaded deflate and no npm package does this on worker threads with a
 * fixed block layout, hence this module.
 */
const BLOCK = 256 * 1024;
const WINDOW = 32 * 1024;
// The worker is evaluated from this string (`eval: true`) so it works the same from sources (tsx,
// vitest) and from the single-file ncc bundle, which has no separate worker file to point at.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
// buf = [dictionary (WINDOW bytes, used when dictLength > 0)][data]; given back with the output
parentPort.on('message', ({ id, buf, window, dictLength, length, level }) => {
  try {
    const view = Buffer.from(buf);
    const data = view.subarray(window, window + length);
    const opts = { level, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (dictLength > 0) opts.dictionary = view.subarray(window - dictLength, window);
    const out = zlib.deflateRawSync(data, opts);
    // an exact-size copy, handed over rather than cloned
    const copy = new Uint8Array(out.length);
    copy.set(out);
    parentPort.postMessage({ id, buf, out: copy }, [buf, copy.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, buf, error: String((e && e.message) || e) }, [buf]);
  }
});
`;
/** A fixed set of deflate worker threads, shared by every layer being written; idle workers never keep the process alive. */
class DeflatePool {
    size;
    workers = [];
    nextId = 0;
    constructor(size = Math.max(1, Math.min((0,external_node_os_.availableParallelism)(), 8))) {
        this.size = size;
    }
    /**
     * Deflates `length` bytes at offset WINDOW of `buf` (the `dictLength` bytes before them are the
     * dictionary). `buf` is handed to a worker and comes back with the result, to be reused.
     */
    deflate(buf, dictLength, length, level) {
        const slot = this.pick();
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            if (slot.pending.size === 0)
                slot.worker.ref();
            slot.pending.set(id, { resolve, reject });
            slot.worker.postMessage({ id, buf, window: WINDOW, dictLength, length, level }, [buf]);
        });
    }
    /** Ends the workers (tests; a build leaves them idle and unreferenced). */
    async close() {
        await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
    }
    pick() {
        if (this.workers.length < this.size) {
            // no inherited execArgv (a loader the parent runs under, tsx in tests, would load in every worker);
            // a small young generation: the worker allocates little but in big buffers, and a 16 MB default
            // nursery let each worker hold tens of MB of dead ones. A small old generation too: what each
            // deflate call leaves (its zlib stream object) is promoted, and without a limit a worker grew by
            // 40–50 MB over a 1 GB layer before collecting it. Its live heap is 4–8 MB; 16 leaves room.
            const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
            const slot = { worker, pending: new Map() };
            const settle = (id, fn) => {
                const task = slot.pending.get(id);
                if (!task)
                    return;
                slot.pending.delete(id);
                if (slot.pending.size === 0)
                    worker.unref();
                fn(task);
            };
            worker.on('message', (m) => settle(m.id, (t) => (m.error !== undefined ? t.reject(new Error(`deflate worker: ${m.error}`)) : t.resolve({ out: Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength), buf: m.buf }))));
            const fail = (e) => {
                for (const id of [...slot.pending.keys()])
                    settle(id, (t) => t.reject(e));
                const at = this.workers.indexOf(slot);
                if (at >= 0)
                    this.workers.splice(at, 1);
            };
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`deflate worker exited (code ${code})`)));
            worker.unref();
            this.workers.push(slot);
            return slot;
        }
        return this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    }
}
let shared;
const sharedDeflatePool = () => (shared ??= new DeflatePool());
// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unix, as zlib writes it for level 6 without a name
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);
// a final, empty fixed-Huffman block
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
/**
 * A Transform from bytes to gzip, deflating blocks on the pool. At most `2 × pool size` blocks are in
 * flight and their buffers are reused, so memory stays a few MB whatever the input size.
 */
class ParallelGzip extends external_node_stream_.Transform {
    level;
    pool;
    /** WINDOW bytes of dictionary (the previous block's tail), then up to BLOCK bytes of input. */
    block = new Uint8Array(WINDOW + BLOCK);
    filled = 0;
    dictLength = 0;
    crc = 0;
    total = 0;
    free = [];
    inFlight = [];
    maxInFlight;
    constructor(level, pool = sharedDeflatePool()) {
        super();
        this.level = level;
        this.pool = pool;
        this.maxInFlight = pool.size * 2;
        this.push(GZIP_HEADER);
    }
    _transform(chunk, _enc, done) {
        this.crc = (0,external_node_zlib_.crc32)(chunk, this.crc);
        this.total += chunk.length;
        this.fill(chunk).then(() => done(), done);
    }
    _flush(done) {
        (async () => {
            if (this.filled > 0)
                this.cut();
            while (this.inFlight.length > 0)
                await this.emitOldest();
            const trailer = Buffer.alloc(8);
            trailer.writeUInt32LE(this.crc >>> 0, 0);
            trailer.writeUInt32LE(this.total % 2 ** 32, 4);
            this.push(Buffer.concat([FINAL_BLOCK, trailer]));
        })().then(() => done(), done);
    }
    async fill(chunk) {
        for (let at = 0; at < chunk.length;) {
            const n = Math.min(BLOCK - this.filled, chunk.length - at);
            this.block.set(chunk.subarray(at, at + n), WINDOW + this.filled);
            this.filled += n;
            at += n;
            if (this.filled === BLOCK) {
                this.cut();
                // in order, and only as many as keep the workers busy
                while (this.inFlight.length >= this.maxInFlight)
                    await this.emitOldest();
            }
        }
    }
    async emitOldest() {
        const { out, buf } = await this.inFlight.shift();
        this.free.push(buf);
        this.push(out);
    }
    /** Sends the current block to the pool; the next one starts with its tail as dictionary. */
    cut() {
        const next = new Uint8Array(this.free.pop() ?? new ArrayBuffer(WINDOW + BLOCK));
        const end = WINDOW + this.filled;
        const tail = Math.min(WINDOW, this.filled + this.dictLength);
        next.set(this.block.subarray(end - tail, end), WINDOW - tail);
        const job = this.pool.deflate(this.block.buffer, this.dictLength, this.filled, this.level);
        job.catch(() => { }); // awaited in order later; not an unhandled rejection meanwhile
        this.inFlight.push(job);
        this.block = next;
        this.dictLength = tail;
        this.filled = 0;
    }
}

// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
;// CONCATENATED MODULE: ./src/oci/layer.ts







/** Fixed so the same tar always compresses to the same bytes (zlib's default level). */
const GZIP_LEVEL = 6;
/** Sorts by path bytes, the order entries are written in. */
function sortEntries(entries) {
    return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
/** The tar is assembled in one reused buffer of this size: a 1 GB layer allocates no 1 GB of garbage. */
const STAGE = 256 * 1024;
/**
 * Streams `entries` (written in the given order; use sortEntries) as tar → gzip into `destFile`.
 * Every header has uid/gid 0 and mtime `epoch`; the gzip header has no name and mtime 0. Deflated on
 * all cores (parallel-gzip.ts); each file is read once, and the tar and the gzip are hashed as they stream.
 * Ownership is always root, also when the image sets a `user`: modes are normalized to 0644/0755 so
 * any user can read (and run) the app, and the app cannot rewrite its own code (as with Docker COPY
 * without --chown). An app that needs a writable dir should use a volume or /tmp.
 */
async function writeLayer(entries, epoch, destFile) {
    const tarHash = (0,external_node_crypto_.createHash)('sha256');
    const gzHash = new oci_digest/* HashingStream */.$K();
    const gzip = new ParallelGzip(GZIP_LEVEL);
    const written = (0,external_node_stream_promises_.pipeline)(gzip, gzHash, (0,external_node_fs_.createWriteStream)(destFile));
    written.catch(() => { }); // awaited below; a failure also fails the pending write
    const stage = Buffer.allocUnsafe(STAGE);
    let used = 0;
    // Files are read synchronously straight into the stage (a build reads thousands of small files, and a
    // thread-pool round trip per open/read/close would dominate). The stage is reused once gzip has called
    // back for it: ParallelGzip has copied its bytes into a block by then.
    const flush = async () => {
        if (used === 0)
            return;
        const bytes = stage.subarray(0, used);
        tarHash.update(bytes);
        used = 0;
        await new Promise((resolve, reject) => gzip.write(bytes, (e) => (e ? reject(e) : resolve())));
    };
    const put = async (bytes) => {
        for (let at = 0; at < bytes.length;) {
            if (used === STAGE)
                await flush();
            const n = bytes.copy(stage, used, at, Math.min(bytes.length, at + STAGE - used));
            used += n;
            at += n;
        }
    };
    const putFile = async (sourcePath, size) => {
        const fd = (0,external_node_fs_.openSync)(sourcePath, 'r');
        try {
            let read = 0;
            while (read < size) {
                if (used === STAGE)
                    await flush();
                const n = (0,external_node_fs_.readSync)(fd, stage, used, Math.min(STAGE - used, size - read), null);
                if (n === 0)
                    break;
                used += n;
                read += n;
            }
            if (read !== size || (0,external_node_fs_.readSync)(fd, Buffer.alloc(1), 0, 1, null) !== 0) {
                throw new Error(`${sourcePath} changed size during the build (expected ${size} bytes)`);
            }
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    };
    try {
        for (const entry of entries) {
            const name = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
            await put((0,tar/* encodeHeader */.YS)({ name, type: entry.type, mode: entry.mode, size: entry.size, mtime: epoch, uid: 0, gid: 0, linkTarget: entry.linkTarget }));
            if (entry.type !== 'file')
                continue;
            await putFile(entry.sourcePath, entry.size);
            await put((0,tar/* padding */.Ms)(entry.size));
        }
        await put(tar/* END_OF_ARCHIVE */.bM);
        await flush();
        gzip.end();
    }
    catch (error) {
        gzip.destroy(error);
        await written.catch(() => { });
        throw error;
    }
    await written;
    return { mediaType: media_types/* MediaType */.zu.ociLayerGzip, digest: gzHash.digest(), size: gzHash.size, diffId: `sha256:${tarHash.digest('hex')}` };
}

// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/fingerprint/index.ts + 2 modules
var fingerprint = __webpack_require__(86297);
// EXTERNAL MODULE: ./src/fingerprint/ignore.ts
var ignore = __webpack_require__(41500);
;// CONCATENATED MODULE: ./src/builder/default-layers.ts
const firstComponent = (p) => {
    const slash = p.indexOf('/');
    return slash < 0 ? p : p.slice(0, slash);
};
const MANIFESTS = new Set([
    'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'bun.lockb', 'bun.lock', '.npmrc', '.yarnrc.yml',
    'Pipfile', 'Pipfile.lock', 'poetry.lock', 'pyproject.toml', 'uv.lock', 'setup.cfg',
    'go.mod', 'go.sum', 'composer.json', 'composer.lock', 'Gemfile', 'Gemfile.lock', 'Cargo.toml', 'Cargo.lock',
]);
const ASSET_EXTENSIONS = new Set([
    'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'bmp', 'tif', 'tiff', 'psd',
    'woff', 'woff2', 'ttf', 'otf', 'eot',
    'mp3', 'mp4', 'm4a', 'webm', 'ogg', 'oga', 'wav', 'flac', 'mov', 'avi', 'mkv',
    'pdf', 'wasm', 'onnx', 'safetensors',
]);
const DEFAULT_GROUPS = [
    { name: 'default: node_modules', matches: (p) => p === 'node_modules' || p.startsWith('node_modules/') || p.includes('/node_modules/') || p.endsWith('/node_modules') },
    { name: 'default: python virtualenv', matches: (p) => ['.venv', 'venv'].includes(firstComponent(p)) },
    { name: 'default: vendor', matches: (p) => firstComponent(p) === 'vendor' },
    {
        name: 'default: assets',
        matches: (p) => {
            const dot = p.lastIndexOf('.');
            return dot > p.lastIndexOf('/') + 1 && ASSET_EXTENSIONS.has(p.slice(dot + 1).toLowerCase());
        },
    },
    { name: 'default: dependency manifests', matches: (p) => !p.includes('/') && (MANIFESTS.has(p) || /^requirements.*\.txt$/.test(p)) },
];
const DEFAULT_REST_GROUP = 'default: source';

;// CONCATENATED MODULE: ./src/builder/layers.ts






/** `/app` → `app`; files go under it. */
function imageDir(workdir) {
    return external_node_path_.posix.normalize(workdir).replace(/^\/+|\/+$/g, '');
}
function toEntry(file, imagePath) {
    return {
        path: imagePath,
        type: file.type,
        mode: file.mode,
        size: file.type === 'file' ? file.size : 0,
        ...(file.type === 'file' ? { sourcePath: file.absPath } : {}),
        ...(file.linkTarget !== undefined ? { linkTarget: file.linkTarget } : {}),
    };
}
/** Places files under the workdir and adds every missing parent directory (mode 0755) so the layer stands alone. */
function layerEntries(files, workdir) {
    const root = imageDir(workdir);
    const byPath = new Map();
    const addParents = (p) => {
        for (let dir = external_node_path_.posix.dirname(p); dir !== '.' && dir !== '/' && !byPath.has(dir); dir = external_node_path_.posix.dirname(dir)) {
            byPath.set(dir, { path: dir, type: 'dir', mode: 0o755, size: 0 });
        }
    };
    if (root) {
        byPath.set(root, { path: root, type: 'dir', mode: 0o755, size: 0 });
        addParents(root);
    }
    for (const { file, rel } of files) {
        const p = root ? `${root}/${rel}` : rel;
        byPath.set(p, toEntry(file, p));
        addParents(p);
    }
    return sortEntries([...byPath.values()]);
}
/** What determines a layer's bytes: entries (with content digests), epoch and the writer's format. */
function layerKey(entries, files, epoch) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`shipshape-layer v${fingerprint/* FORMAT_VERSION */.Hp} gzip${GZIP_LEVEL} epoch${epoch}\n`);
    for (const e of entries) {
        const content = e.sourcePath ? files.get(e.sourcePath)?.digest : e.linkTarget;
        hash.update(`${e.type} ${e.mode.toString(8)} ${e.size} ${e.path}\0${content ?? ''}\n`);
    }
    return hash.digest('hex');
}
/**
 * Common layers: one per `layers` glob in order (a file goes to the first glob that matches it),
 * then the unmatched rest; a glob that matches nothing logs a warning and adds no layer. With no
 * `layers`, the default groups (default-layers.ts) split the same way, silently skipping empty
 * ones. Then one layer per platform with platform files.
 */
function planLayers(input, logger) {
    const bySource = new Map();
    const candidates = input.files.filter((f) => !input.excludedDirs.some((d) => f.path === d || f.path.startsWith(`${d}/`)) && !(f.type === 'dir' && input.excludedDirs.some((d) => d.startsWith(`${f.path}/`))));
    const defaults = input.groups.length === 0;
    const groups = defaults
        ? DEFAULT_GROUPS
        : input.groups.map((glob) => {
            const patterns = (0,ignore/* parseIgnoreFile */.a)(glob);
            return { name: glob, matches: (p) => patterns.length > 0 && (0,ignore/* matchesIgnore */.M)(patterns, p) };
        });
    const buckets = groups.map(() => []);
    const rest = [];
    for (const f of candidates) {
        const at = groups.findIndex((g) => g.matches(f.path));
        (at >= 0 ? buckets[at] : rest).push(f);
    }
    const common = [];
    const make = (group, files, platform) => {
        for (const { file } of files)
            bySource.set(file.absPath, file);
        const entries = layerEntries(files, input.workdir);
        return { group, ...(platform ? { platform } : {}), entries, key: layerKey(entries, bySource, input.epoch) };
    };
    groups.forEach((group, i) => {
        if (buckets[i].length === 0) {
            if (!defaults)
                logger.warning(`Input 'layers': "${group.name}" matches no file in the context; no layer is made for it`);
            return;
        }
        common.push(make(group.name, buckets[i].map((file) => ({ file, rel: file.path }))));
    });
    if (rest.length > 0 || common.length === 0)
        common.push(make(defaults ? DEFAULT_REST_GROUP : 'rest', rest.map((file) => ({ file, rel: file.path }))));
    const perPlatform = new Map();
    for (const [key, files] of input.platformFiles) {
        perPlatform.set(key, make(`platform-files ${key}`, files.map((file) => ({ file, rel: file.path })), key));
    }
    return { common, perPlatform };
}

// EXTERNAL MODULE: ./src/builder/fingerprint.ts
var builder_fingerprint = __webpack_require__(47487);
// EXTERNAL MODULE: ./src/builder/base.ts
var base = __webpack_require__(86786);
// EXTERNAL MODULE: ./src/builder/epoch.ts
var epoch = __webpack_require__(19830);
// EXTERNAL MODULE: ./src/builder/annotations.ts
var builder_annotations = __webpack_require__(21197);
;// CONCATENATED MODULE: ./src/builder/index.ts













/** Writes the OCI image layout at settings.ociLayout: one manifest per platform under one image index. */
async function buildImage(opts) {
    const { settings, scan, base, epoch, cache, logger } = opts;
    const layout = await oci_layout/* LayoutWriter */.s1.open(settings.ociLayout);
    const { sets, insideDirs } = await (0,builder_fingerprint/* platformFileSets */.fl)(settings, scan);
    const plan = planLayers({ files: scan.files, excludedDirs: insideDirs, groups: settings.layers, platformFiles: sets, workdir: settings.workdir, epoch }, logger);
    const layers = new Map();
    const appJobs = new Map();
    const baseJobs = new Map();
    const appLayer = (planned) => {
        let job = appJobs.get(planned.key);
        if (!job) {
            job = writeAppLayer(planned, layout, cache, epoch);
            appJobs.set(planned.key, job);
        }
        return job.then((w) => {
            if (!layers.has(w.digest))
                layers.set(w.digest, { digest: w.digest, size: w.size, diffId: w.diffId, group: planned.group, ...(planned.platform ? { platform: planned.platform } : {}), source: w.source });
            return w;
        });
    };
    const baseLayer = (d, diffId) => {
        if (!baseJobs.has(d.digest)) {
            layers.set(d.digest, { digest: d.digest, size: d.size, diffId, group: 'base', source: 'base' });
            baseJobs.set(d.digest, linkBaseLayer(d, base, layout, cache));
        }
        return baseJobs.get(d.digest);
    };
    const manifests = await Promise.all(settings.platforms.map(async (platform) => {
        const key = (0,oci_platform/* platformKey */.Ng)(platform);
        const basePlatform = base?.platforms.find((p) => p.key === key);
        if (base && !basePlatform)
            throw new Error(`the resolved base ${base.name} has no ${key} (resolve it for every platform being built)`);
        const baseLayers = basePlatform?.layers ?? [];
        await Promise.all(baseLayers.map((d, i) => baseLayer(d, basePlatform.config.rootfs.diff_ids[i])));
        const planned = [...plan.common, ...(plan.perPlatform.has(key) ? [plan.perPlatform.get(key)] : [])];
        const written = await Promise.all(planned.map(appLayer));
        const config = (0,oci_config/* deriveConfig */.a)(basePlatform?.config, basePlatform?.platform ?? platform, settings, epoch, written.map((w, i) => ({ diffId: w.diffId, createdBy: `shipshape: ${planned[i].group}` })));
        const configDesc = await layout.writeJson(config, media_types/* MediaType */.zu.ociConfig);
        const manifestAnnotations = { ...(0,annotations/* annotationsAt */.wv)(opts.annotations, 'manifest', key), ...baseAnnotations(base, basePlatform?.manifestDigest) };
        const manifest = (0,oci_config/* imageManifest */.Bz)(configDesc, [...baseLayers, ...written.map((w) => ({ mediaType: w.mediaType, digest: w.digest, size: w.size }))], manifestAnnotations);
        const desc = await layout.writeJson(manifest, media_types/* MediaType */.zu.ociManifest);
        const descriptorAnnotations = (0,annotations/* annotationsAt */.wv)(opts.annotations, 'manifest-descriptor', key);
        return {
            desc: { ...desc, platform: basePlatform?.platform ?? platform, ...(Object.keys(descriptorAnnotations).length > 0 && { annotations: descriptorAnnotations }) },
            key, configDigest: configDesc.digest, layerDigests: manifest.layers.map((l) => l.digest)
        };
    }));
    const index = (0,oci_config/* imageIndex */.sS)(manifests.map((m) => m.desc), { ...(0,annotations/* annotationsAt */.wv)(opts.annotations, 'index'), ...baseAnnotations(base, base?.digest) });
    const indexDesc = await layout.writeJson(index, media_types/* MediaType */.zu.ociIndex);
    const tag = opts.tag ?? settings.tags[0] ?? 'latest';
    await layout.finish([{ ...indexDesc, annotations: { ...(0,annotations/* annotationsAt */.wv)(opts.annotations, 'index-descriptor'), [oci_layout/* REF_NAME_ANNOTATION */.EP]: tag } }]);
    const built = [...new Set(manifests.flatMap((m) => m.layerDigests))].map((d) => layers.get(d));
    logger.info(`Built ${settings.platforms.length} platform(s) into ${settings.ociLayout}: index ${indexDesc.digest}; ` +
        `layers ${built.filter((l) => l.source === 'built').length} built, ${built.filter((l) => l.source === 'cache').length} from cache, ${built.filter((l) => l.source === 'base').length} base`);
    return {
        indexDigest: indexDesc.digest,
        indexSize: indexDesc.size,
        manifests: manifests.map((m) => ({ platform: m.key, digest: m.desc.digest, size: m.desc.size, configDigest: m.configDigest })),
        layers: built,
        layoutPath: settings.ociLayout,
        tag,
    };
}
function baseAnnotations(base, digest) {
    if (!base || !digest)
        return {};
    return { 'org.opencontainers.image.base.name': base.name, 'org.opencontainers.image.base.digest': digest };
}
async function writeAppLayer(planned, layout, cache, epoch) {
    const record = await cache.getLayerRecord(planned.key);
    if (record) {
        const missing = () => Promise.reject(new Error('not cached'));
        const ok = await cache.ensure(record.digest, record.size, missing).then(() => true, () => false);
        // a concurrent build's prune may remove the blob between the check and the link: then build it
        const linked = ok && (await cache.linkInto(record.digest, layout.blobPath(record.digest)).then(() => true, () => false));
        if (linked)
            return { mediaType: media_types/* MediaType */.zu.ociLayerGzip, ...record, source: 'cache' };
    }
    const temp = layout.tempPath(planned.key.slice(0, 16));
    try {
        const written = await writeLayer(planned.entries, epoch, temp);
        await layout.adoptFile(temp, written.digest);
        await cache.store(layout.blobPath(written.digest), written.digest);
        await cache.putLayerRecord(planned.key, { digest: written.digest, diffId: written.diffId, size: written.size });
        return { ...written, source: 'built' };
    }
    finally {
        await external_node_fs_.promises.rm(temp, { force: true });
    }
}
/** Fetches a base layer through the cache (verified) and links it into the layout; retried once if a concurrent prune removed it. */
async function linkBaseLayer(d, base, layout, cache) {
    for (let attempt = 0;; attempt++) {
        await cache.ensure(d.digest, d.size, () => base.source.fetchBlob(base.repository, d.digest));
        try {
            await cache.linkInto(d.digest, layout.blobPath(d.digest));
            return;
        }
        catch (e) {
            if (attempt > 0 || e.code !== 'ENOENT')
                throw e;
        }
    }
}

// EXTERNAL MODULE: ./src/github/actions-cache.ts
var actions_cache = __webpack_require__(93983);
;// CONCATENATED MODULE: ./src/cache/blob-cache.ts





const STALE_TEMP_MS = 60 * 60 * 1000;
/**
 * A content-addressed blob directory (`<dir>/sha256/<hex>`). Every blob is written to a unique
 * temp name and renamed into place, and verified (digest and size) on every use; a corrupt blob is
 * removed and fetched again. Two processes sharing the directory at once cannot corrupt it: the
 * worst case is both downloading the same blob and one rename replacing the other's identical file.
 */
class BlobCache {
    dir;
    inFlight = new Map();
    constructor(dir) {
        this.dir = dir;
    }
    blobPath(digest) {
        return external_node_path_.join(this.dir, 'sha256', (0,oci_digest/* digestHex */.sU)(digest));
    }
    tempPath(digest) {
        return external_node_path_.join(this.dir, 'tmp', `${(0,oci_digest/* digestHex */.sU)(digest).slice(0, 16)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    }
    /** Whether the cached file exists and hashes to `digest` with `size` bytes (size < 0: any). */
    async verify(digest, size) {
        const file = this.blobPath(digest);
        const st = await external_node_fs_.promises.stat(file).catch(() => undefined);
        if (!st || (size >= 0 && st.size !== size))
            return false;
        const hasher = new oci_digest/* HashingStream */.$K();
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hasher, async function* (source) {
            for await (const _ of source)
                void _;
        });
        return hasher.digest() === digest;
    }
    /** Path of the verified blob, fetching it (once, even when asked concurrently) when missing or corrupt. */
    ensure(digest, size, fetch) {
        const running = this.inFlight.get(digest);
        if (running)
            return running;
        const job = this.ensureUncoalesced(digest, size, fetch).finally(() => this.inFlight.delete(digest));
        this.inFlight.set(digest, job);
        return job;
    }
    async ensureUncoalesced(digest, size, fetch) {
        const file = this.blobPath(digest);
        if (await this.verify(digest, size)) {
            await this.touch(digest);
            return file;
        }
        await external_node_fs_.promises.rm(file, { force: true });
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(file), { recursive: true });
        await external_node_fs_.promises.mkdir(external_node_path_.join(this.dir, 'tmp'), { recursive: true });
        const temp = this.tempPath(digest);
        const hasher = new oci_digest/* HashingStream */.$K();
        try {
            await (0,external_node_stream_promises_.pipeline)(await fetch(), hasher, (0,external_node_fs_.createWriteStream)(temp));
            const got = hasher.digest();
            if (got !== digest || (size >= 0 && hasher.size !== size)) {
                throw new Error(`blob ${digest} fetched with the wrong content (got ${got}, ${hasher.size} bytes; expected ${size} bytes)`);
            }
            await external_node_fs_.promises.rename(temp, file);
        }
        finally {
            await external_node_fs_.promises.rm(temp, { force: true });
        }
        return file;
    }
    /** Puts an existing file whose digest the caller computed into the cache (hard link, copy where links fail). */
    async store(sourceFile, digest) {
        await external_node_fs_.promises.mkdir(external_node_path_.join(this.dir, 'sha256'), { recursive: true });
        await external_node_fs_.promises.mkdir(external_node_path_.join(this.dir, 'tmp'), { recursive: true });
        const temp = this.tempPath(digest);
        try {
            await linkOrCopy(sourceFile, temp);
            await external_node_fs_.promises.rename(temp, this.blobPath(digest));
        }
        finally {
            await external_node_fs_.promises.rm(temp, { force: true });
        }
    }
    /** Hard-links (copies where a link fails) the cached blob to `destPath`. */
    async linkInto(digest, destPath) {
        await external_node_fs_.promises.rm(destPath, { force: true });
        await this.touch(digest);
        await linkOrCopy(this.blobPath(digest), destPath);
    }
    async getLayerRecord(key) {
        try {
            return JSON.parse(await external_node_fs_.promises.readFile(external_node_path_.join(this.dir, 'layers', key), 'utf8'));
        }
        catch {
            return undefined;
        }
    }
    async putLayerRecord(key, record) {
        const file = external_node_path_.join(this.dir, 'layers', key);
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
        await external_node_fs_.promises.writeFile(temp, JSON.stringify(record));
        await external_node_fs_.promises.rename(temp, file);
    }
    /**
     * Evicts by age and size across everything the directory holds, never by "not used by this build":
     * a job that ships two services shares the directory, and each build's base blobs must survive the
     * other's prune. A blob's mtime is its last use (ensure and linkInto touch it; the Actions cache keeps
     * mtimes). Blobs unused for `maxAgeMs` go, then the least recently used until the directory is under
     * `maxBytes`; `keep` (the blobs of the build that just ran) always stays. Layer records pointing at
     * removed blobs and temp files left by dead runs go too.
     */
    async prune(policy) {
        const { keep, maxAgeMs = DEFAULT_MAX_AGE_MS, maxBytes = DEFAULT_MAX_BYTES, now = Date.now() } = policy;
        const blobDir = external_node_path_.join(this.dir, 'sha256');
        const blobs = [];
        for (const name of await external_node_fs_.promises.readdir(blobDir).catch(() => [])) {
            const st = await external_node_fs_.promises.stat(external_node_path_.join(blobDir, name)).catch(() => undefined);
            if (st)
                blobs.push({ name, size: st.size, usedAt: st.mtimeMs });
        }
        blobs.sort((a, b) => b.usedAt - a.usedAt);
        let total = 0;
        const doomed = [];
        for (const blob of blobs) {
            const kept = keep.has(`sha256:${blob.name}`);
            if (kept || (now - blob.usedAt <= maxAgeMs && total + blob.size <= maxBytes))
                total += blob.size;
            else
                doomed.push(blob);
        }
        let bytes = 0;
        for (const blob of doomed) {
            await external_node_fs_.promises.rm(external_node_path_.join(blobDir, blob.name), { force: true });
            bytes += blob.size;
        }
        const gone = new Set(doomed.map((b) => `sha256:${b.name}`));
        const layerDir = external_node_path_.join(this.dir, 'layers');
        for (const name of await external_node_fs_.promises.readdir(layerDir).catch(() => [])) {
            const record = await this.getLayerRecord(name);
            if (!record || gone.has(record.digest))
                await external_node_fs_.promises.rm(external_node_path_.join(layerDir, name), { force: true });
        }
        const tempDir = external_node_path_.join(this.dir, 'tmp');
        for (const name of await external_node_fs_.promises.readdir(tempDir).catch(() => [])) {
            const st = await external_node_fs_.promises.stat(external_node_path_.join(tempDir, name)).catch(() => undefined);
            if (st && now - st.mtimeMs > STALE_TEMP_MS)
                await external_node_fs_.promises.rm(external_node_path_.join(tempDir, name), { force: true });
        }
        return { removed: doomed.length, bytes, keptBytes: total };
    }
    /** Marks a blob used now (its mtime), for the age/size prune; a blob another process just removed is no error. */
    async touch(digest) {
        const now = new Date();
        await external_node_fs_.promises.utimes(this.blobPath(digest), now, now).catch(() => { });
    }
}
/** GitHub evicts cache entries unused for 7 days; a blob unused that long is as stale here. */
const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Room for a few bases of a few hundred MB each, well under a repository's 10 GB Actions cache. */
const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;
async function linkOrCopy(source, dest) {
    try {
        await external_node_fs_.promises.link(source, dest);
    }
    catch {
        await external_node_fs_.promises.copyFile(source, dest);
    }
}

// EXTERNAL MODULE: ./src/github/main-state.ts + 1 modules
var main_state = __webpack_require__(22377);
;// CONCATENATED MODULE: ./src/steps/build.ts











const CACHE_KEY_PREFIX = 'shipshape-blobs-v1-';
/**
 * The Actions cache key of the blob cache: the base index digest and the platforms, then the fingerprint
 * (entries are immutable, so a new build saves a new entry holding its app layers too). Restoring falls
 * back to the newest entry for the same base and platforms, then to any.
 */
function blobCacheKeys(settings, fp) {
    const what = `${fp.base?.digest ?? 'scratch'} ${settings.build.platforms.map(oci_platform/* platformKey */.Ng).sort().join(',')}`;
    const basePrefix = `${CACHE_KEY_PREFIX}${(0,external_node_crypto_.createHash)('sha256').update(what).digest('hex').slice(0, 24)}-`;
    return { key: `${basePrefix}${fp.fingerprint.slice(0, 24)}`, restoreKeys: [basePrefix, CACHE_KEY_PREFIX] };
}
/** Step 2: the OCI image layout — base layers through the blob cache, app layers built deterministically. */
async function buildStep(settings, fp, record) {
    const b = settings.build;
    if (b.cache) {
        const { key, restoreKeys } = blobCacheKeys(settings, fp);
        const restored = await (0,actions_cache/* restoreBlobCache */.UD)(b.cacheDir, key, restoreKeys, logger/* actionsLogger */.M);
        if (restored.matchedKey !== key && !restored.noService)
            (0,main_state/* saveMainState */.qJ)({ cacheSave: { dir: b.cacheDir, key } });
    }
    // `cache: false` writes no cache: blobs pass through a scratch directory removed after the build (the
    // layout keeps its own links or copies), so nothing accumulates in the tool cache.
    const scratch = b.cache ? undefined : await (0,promises_.mkdtemp)(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'shipshape-nocache-'));
    const cache = new BlobCache(scratch ?? b.cacheDir);
    const result = await record.time('layers', () => buildImage({
        settings: b,
        scan: fp.scan,
        ...(fp.base && { base: fp.base }),
        epoch: fp.stamp.epoch,
        annotations: fp.annotations,
        cache,
        logger: logger/* actionsLogger */.M,
    })).finally(() => (scratch ? (0,promises_.rm)(scratch, { recursive: true, force: true }) : undefined));
    if (b.cache) {
        const pruned = await cache.prune({ keep: new Set(result.layers.map((l) => l.digest)) });
        if (pruned.removed > 0)
            commands/* info */.pq(`Blob cache: evicted ${pruned.removed} blob(s) unused for a week or over the size limit, ${pruned.bytes} bytes; ${pruned.keptBytes} bytes kept`);
    }
    return result;
}


/***/ })

};

//# sourceMappingURL=508.index.js.map