export const id = 278;
export const ids = [278,617];
export const modules = {

/***/ 88951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iZ: () => (/* binding */ PLATFORM_ANNOTATION),
/* harmony export */   si: () => (/* binding */ artifactManifest),
/* harmony export */   wB: () => (/* binding */ PACKAGES_ANNOTATION),
/* harmony export */   xk: () => (/* binding */ KIND_ANNOTATION)
/* harmony export */ });
/* unused harmony exports EMPTY_JSON_MEDIA_TYPE, EMPTY_JSON, EMPTY_DESCRIPTOR, CREATED_ANNOTATION */
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29217);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3048);
/** OCI 1.1 artifact manifests (image-spec manifest.md, "Guidance for an Empty Descriptor"): one document as the one layer, `subject` = what it is about. */



const EMPTY_JSON_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_DESCRIPTOR = { mediaType: EMPTY_JSON_MEDIA_TYPE, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(EMPTY_JSON), size: 2 };
/** Annotation naming what the artifact is (`sbom` or `provenance`), so a rerun finds its own among other referrers. */
const KIND_ANNOTATION = 'dev.shipshape.attestation';
const PLATFORM_ANNOTATION = 'dev.shipshape.platform';
/** On SBOM artifacts: how many packages the document lists, so a summary need not fetch it. */
const PACKAGES_ANNOTATION = 'dev.shipshape.packages';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
function artifactManifest(opts) {
    const document = { mediaType: opts.artifactType, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(opts.document), size: opts.document.length };
    const annotations = {
        [CREATED_ANNOTATION]: opts.created,
        [KIND_ANNOTATION]: opts.kind,
        ...(opts.platform && { [PLATFORM_ANNOTATION]: opts.platform }),
        ...opts.annotations,
    };
    const subject = { mediaType: opts.subject.mediaType, digest: opts.subject.digest, size: opts.subject.size };
    const manifest = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonBytes */ .y)({
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest,
        artifactType: opts.artifactType,
        config: EMPTY_DESCRIPTOR,
        layers: [document],
        subject,
        annotations,
    });
    return {
        kind: opts.kind,
        ...(opts.platform && { platform: opts.platform }),
        subject,
        artifactType: opts.artifactType,
        manifest,
        descriptor: { mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(manifest), size: manifest.length, artifactType: opts.artifactType, annotations },
        blobs: [
            { descriptor: EMPTY_DESCRIPTOR, bytes: EMPTY_JSON },
            { descriptor: document, bytes: opts.document },
        ],
        document,
    };
}


/***/ }),

/***/ 80186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ML: () => (/* binding */ peerBounds),
/* harmony export */   NE: () => (/* binding */ withDeadline),
/* harmony export */   YA: () => (/* binding */ seconds)
/* harmony export */ });
/* unused harmony exports DEFAULT_PEER_WAIT_SECONDS, MAX_PEER_WAIT_SECONDS */
const DEFAULT_PEER_WAIT_SECONDS = 20;
/** A day: every derived bound (4.5 × at most) stays below Node's longest timer (2^31 − 1 ms, ~24.8 days), which fires at once when exceeded. */
const MAX_PEER_WAIT_SECONDS = 86_400;
function peerBounds(env = process.env) {
    const seconds = Number(env.SHIPSHAPE_PEER_TIMEOUT_SECONDS);
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? Math.round(Math.min(seconds, MAX_PEER_WAIT_SECONDS) * 1000) : DEFAULT_PEER_WAIT_SECONDS * 1000;
    return {
        waitMs,
        registryTotalMs: Math.round(waitMs * 4.5),
        engineCallMs: Math.max(waitMs * 3, 10_000),
        runtimeMs: Math.max(Math.round(waitMs / 2), 3_000),
    };
}
/** `fn`'s promise, or a rejection with `message()` once `ms` pass (then `onTimeout` tears the attempt down). */
function withDeadline(ms, message, fn, onTimeout) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            onTimeout?.();
            reject(Object.assign(new Error(message()), { code: 'ETIMEDOUT' }));
        }, ms);
        fn().then((v) => {
            clearTimeout(timer);
            resolve(v);
        }, (e) => {
            clearTimeout(timer);
            reject(e);
        });
    });
}
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;


/***/ }),

/***/ 21197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ standardAnnotations),
/* harmony export */   w: () => (/* binding */ REVISION_ANNOTATION)
/* harmony export */ });
/* harmony import */ var _oci_annotations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62427);
/* harmony import */ var _oci_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5335);


/** The key of the commit an image was built from. */
const REVISION_ANNOTATION = 'org.opencontainers.image.revision';
/**
 * The standard annotations for index and manifests (created and revision from the source stamp;
 * source and version from GITHUB_* where present; title) followed by the `annotations` input, whose
 * lines win at their level. base.name/base.digest are added by buildImage per level. All of them are
 * in the fingerprint.
 */
function standardAnnotations(settings, stamp, env = process.env) {
    const out = { 'org.opencontainers.image.created': (0,_oci_config_js__WEBPACK_IMPORTED_MODULE_1__/* .rfc3339 */ .ag)(stamp.epoch) };
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
        out['org.opencontainers.image.source'] = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
    }
    // without a git checkout (actions/checkout's REST fallback) the event's commit is the best there is
    const revision = stamp.revision ?? env.GITHUB_SHA;
    if (revision)
        out[REVISION_ANNOTATION] = revision;
    if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME)
        out['org.opencontainers.image.version'] = env.GITHUB_REF_NAME;
    out['org.opencontainers.image.title'] = settings.image.repository.split('/').pop();
    return [...Object.entries(out).map(([key, value]) => ({ levels: [..._oci_annotations_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_LEVELS */ .ol], key, value })), ...settings.annotations];
}


/***/ }),

/***/ 86786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ resolveBase)
/* harmony export */ });
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29217);
/* harmony import */ var _oci_platform_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1890);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(62148);




async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks);
}
function parseJson(body, what) {
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch (e) {
        throw new Error(`${what} is not valid JSON (${e.message})`);
    }
}
async function loadPlatform(source, ref, key, manifestBody, manifestDigest, store) {
    const name = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatReference */ .FH)(ref);
    const manifest = parseJson(manifestBody, `base ${name} manifest ${manifestDigest}`);
    let configBody = await store?.get(manifest.config.digest);
    if (!configBody) {
        configBody = await readAll(await source.fetchBlob(ref.repository, manifest.config.digest));
        await store?.put(manifest.config.digest, configBody);
    }
    const configDigest = (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(configBody);
    if (configDigest !== manifest.config.digest) {
        throw new Error(`base ${name}: config blob ${manifest.config.digest} has the wrong content (hashes to ${configDigest})`);
    }
    const config = parseJson(configBody, `base ${name} config ${configDigest}`);
    config.rootfs ??= { type: 'layers', diff_ids: [] };
    if (config.rootfs.diff_ids.length !== manifest.layers.length) {
        throw new Error(`base ${name} (${key}): config lists ${config.rootfs.diff_ids.length} diff_ids for ${manifest.layers.length} layers`);
    }
    const platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
    const layers = manifest.layers.map((l) => ({ mediaType: (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .ociLayerMediaType */ .$9)(l.mediaType), digest: l.digest, size: l.size }));
    return { key, platform, manifestDigest, configDigest, config, layers };
}
/**
 * Resolves the base (index or single manifest, by tag or digest) and loads each wanted platform's
 * manifest and config. A platform the base lacks is an error listing the platforms it has.
 * `store`: manifests and configs by digest from earlier runs (immutable, checked on read), so a base
 * whose tag still names the same index costs one round trip, not three in a row.
 */
async function resolveBase(source, ref, platforms, store) {
    const name = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatReference */ .FH)(ref);
    const reference = ref.digest ?? ref.tag ?? 'latest';
    let top;
    try {
        top = await source.getManifest(ref.repository, reference);
    }
    catch (e) {
        throw new Error(`Input 'base': "${name}" cannot be resolved: ${e.message}`);
    }
    if (ref.digest && top.digest !== ref.digest) {
        throw new Error(`Input 'base': "${name}" resolved to ${top.digest}, not the pinned digest`);
    }
    const resolved = [];
    if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(top.mediaType)) {
        const index = parseJson(top.body, `base ${name} index`);
        const entries = index.manifests.filter((m) => m.platform && m.platform.os !== 'unknown' && (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(m.mediaType));
        const chosen = platforms.map((wanted) => {
            const entry = entries.find((m) => (0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformMatches */ .J5)(wanted, m.platform));
            if (!entry) {
                const has = entries.map((m) => (0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(m.platform)).join(', ') || 'none';
                throw new Error(`Input 'base': "${name}" has no ${(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(wanted)} image (it has: ${has})`);
            }
            return { key: (0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(wanted), digest: entry.digest };
        });
        // each platform's manifest and config are fetched side by side
        const loaded = chosen.map(async ({ key, digest }) => {
            const stored = await store?.get(digest);
            if (stored)
                return loadPlatform(source, ref, key, stored, digest, store);
            const m = await source.getManifest(ref.repository, digest);
            await store?.put(digest, m.body);
            return loadPlatform(source, ref, key, m.body, m.digest, store);
        });
        loaded.forEach((p) => p.catch(() => { }));
        for (const p of loaded)
            resolved.push(await p);
    }
    else if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(top.mediaType)) {
        const single = await loadPlatform(source, ref, '', top.body, top.digest, store);
        for (const wanted of platforms) {
            if (!(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformMatches */ .J5)(wanted, single.platform)) {
                throw new Error(`Input 'base': "${name}" has no ${(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(wanted)} image (it has: ${(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(single.platform)})`);
            }
            resolved.push({ ...single, key: (0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)(wanted) });
        }
    }
    else {
        throw new Error(`Input 'base': "${name}" has unsupported media type "${top.mediaType}"`);
    }
    return { name, repository: ref.repository, digest: top.digest, platforms: resolved, source };
}


/***/ }),

/***/ 19830:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ sourceStamp)
/* harmony export */ });
/* unused harmony export mayBeInRepository */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * The build's time and revision, both from the last commit that touched the context directory (so a
 * commit elsewhere in the repository changes neither, nor the fingerprint that contains them):
 * SOURCE_DATE_EPOCH when set overrides the time; without git the time is 0 (1970-01-01, as ko and Jib
 * do) so the image stays reproducible. A shallow clone only knows HEAD, which then counts as that commit.
 */
async function sourceStamp(context, env = process.env) {
    const fromEnv = env.SOURCE_DATE_EPOCH?.trim();
    if (fromEnv && !/^\d+$/.test(fromEnv))
        throw new Error(`SOURCE_DATE_EPOCH "${fromEnv}" is not a whole number of seconds`);
    const commit = await lastCommitTouching(context);
    const revision = commit?.sha;
    if (fromEnv)
        return { epoch: Number(fromEnv), epochFrom: 'SOURCE_DATE_EPOCH', ...(revision && { revision }) };
    if (commit)
        return { epoch: commit.time, epochFrom: 'commit', revision: commit.sha };
    return { epoch: 0, epochFrom: 'none' };
}
/**
 * Whether git could find a repository for `dir`: a `.git` in it or above it, or it or a parent being a git
 * directory itself (HEAD, objects/, refs/), or GIT_DIR set. It may say yes where git would not (a ceiling,
 * a filesystem boundary), never the reverse: where it says no, git is not started at all.
 */
function mayBeInRepository(dir, env = process.env) {
    if (env.GIT_DIR)
        return true;
    for (let d = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(dir);; d = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(d)) {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(d, '.git')))
            return true;
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(d, 'HEAD')) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(d, 'objects')) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(d, 'refs')))
            return true;
        if (node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(d) === d)
            return false;
    }
}
async function lastCommitTouching(dir) {
    // outside any repository there is no commit, and starting git costs more than the rest of a no-change rerun's fingerprint
    if (!mayBeInRepository(dir))
        return undefined;
    try {
        // loaded here, not at the top: a fingerprint outside any repository never pays for the module
        const { getExecOutput } = await __webpack_require__.e(/* import() */ 955).then(__webpack_require__.bind(__webpack_require__, 41955));
        const out = await getExecOutput('git', ['-C', dir, 'log', '-1', '--format=%H %ct', '--', '.'], { silent: true, ignoreReturnCode: true });
        const m = /^([0-9a-f]{40,64}) (\d+)$/.exec(out.stdout.trim());
        return m ? { sha: m[1], time: Number(m[2]) } : undefined;
    }
    catch {
        // git is not installed, or the context is not in a repository (git exits non-zero): no commit to take the time from
        return undefined;
    }
}


/***/ }),

/***/ 47487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ax: () => (/* binding */ fingerprintOf),
/* harmony export */   fl: () => (/* binding */ platformFileSets)
/* harmony export */ });
/* unused harmony export relativeTo */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _fingerprint_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86297);
/* harmony import */ var _oci_platform_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1890);
// The fingerprint of a build, apart from the build itself: a fingerprint hit loads none of the layer code.




/** `filePath` relative to the context-relative dir `dirRel`, or undefined when it is not inside. */
function relativeTo(dirRel, filePath) {
    if (dirRel === '')
        return filePath;
    return filePath.startsWith(`${dirRel}/`) ? filePath.slice(dirRel.length + 1) : undefined;
}
/** platform-files dirs: inside the context they come from the scan, outside they are scanned on their own. */
async function platformFileSets(settings, scan) {
    const sets = new Map();
    const insideDirs = [];
    for (const { platform, dir } of settings.platformFiles) {
        const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(scan.root, dir).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
        const inside = rel !== '' && !rel.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel);
        let files;
        if (inside) {
            insideDirs.push(rel);
            files = scan.files.flatMap((f) => {
                const sub = relativeTo(rel, f.path);
                return sub === undefined ? [] : [{ ...f, path: sub }];
            });
            if (!scan.files.some((f) => f.path === rel && f.type === 'dir')) {
                throw new Error(`Input 'platform-files': "${dir}" is not a directory in the context (or it is ignored)`);
            }
        }
        else {
            const st = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(dir).catch(() => undefined);
            if (!st?.isDirectory())
                throw new Error(`Input 'platform-files': ${(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .platformKey */ .Ng)(platform)}=${dir} is not a directory`);
            try {
                files = (await (0,_fingerprint_index_js__WEBPACK_IMPORTED_MODULE_2__/* .scanContext */ .hp)(dir, '.dockerignore')).files;
            }
            catch (e) {
                throw new Error(`Input 'platform-files': ${(0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .platformKey */ .Ng)(platform)}=${dir}: ${e.message}`);
            }
        }
        sets.set((0,_oci_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .platformKey */ .Ng)(platform), files);
    }
    return { sets, insideDirs };
}
/**
 * The build fingerprint (hex) for these settings, context and resolved base, plus the epoch and every
 * annotation the image will carry (standardAnnotations' output): so one fingerprint is one digest.
 */
async function fingerprintOf(settings, scan, base, stamp) {
    const { sets } = await platformFileSets(settings, scan);
    return (0,_fingerprint_index_js__WEBPACK_IMPORTED_MODULE_2__/* .combineFingerprint */ .qz)(scan.contextDigest, {
        platforms: settings.platforms.map(_oci_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .platformKey */ .Ng),
        baseDigests: Object.fromEntries((base?.platforms ?? []).map((p) => [p.key, p.manifestDigest])),
        workdir: settings.workdir,
        entrypoint: settings.entrypoint,
        cmd: settings.cmd,
        env: settings.env,
        labels: settings.labels,
        epoch: stamp.epoch,
        annotations: stamp.annotations,
        expose: settings.expose,
        user: settings.user,
        layers: settings.layers,
        platformFiles: Object.fromEntries([...sets].map(([k, files]) => [k, (0,_fingerprint_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listingDigest */ .pL)(files)])),
    });
}


/***/ }),

/***/ 11992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cp: () => (/* binding */ appOptions),
/* harmony export */   bD: () => (/* binding */ instanceSpec),
/* harmony export */   pG: () => (/* binding */ NETWORK),
/* harmony export */   zl: () => (/* binding */ instanceName)
/* harmony export */ });
/** The Docker network a host's proxies reach the apps' instances on. */
const NETWORK = 'shipshape';
/** The host name of one app instance: `<app>-<color>` (what users read with `docker logs`). */
const instanceName = (app, color) => `${app}-${color}`;
/** The app's options from the settings. */
const appOptions = (s) => s.service;
function instanceSpec(s, o) {
    const app = appOptions(s);
    return {
        name: instanceName(s.app, o.color),
        app: s.app,
        color: o.color,
        role: app.role,
        image: o.image,
        platform: o.platform,
        env: s.env.map(([k, v]) => [k, v]),
        port: s.containerPort,
        labels: { 'shipshape.deployed-by': o.owner.id, ...(o.owner.runUrl && { 'shipshape.run-url': o.owner.runUrl }) },
        health: { path: s.healthPath, timeoutSeconds: s.healthTimeoutSeconds },
        network: o.network,
        volumes: app.volumes,
        networks: app.networks,
        limits: { memoryBytes: app.memoryBytes, cpus: app.cpus },
        log: app.log,
        stopTimeoutSeconds: app.stopTimeoutSeconds,
        ...(app.healthCmd && { healthCmd: app.healthCmd }),
    };
}


/***/ }),

/***/ 41500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ matchesIgnore),
/* harmony export */   a: () => (/* binding */ parseIgnoreFile)
/* harmony export */ });
function parseIgnoreFile(content) {
    const patterns = [];
    for (const raw of content.split(/\r?\n/)) {
        // as moby's ignorefile: a comment is a line starting with `#` before trimming
        if (raw.startsWith('#'))
            continue;
        let line = raw.trim();
        if (line === '')
            continue;
        const negated = line.startsWith('!');
        if (negated)
            line = line.slice(1).trim();
        const cleaned = cleanPattern(line);
        if (cleaned === '')
            continue;
        patterns.push({ text: raw.trim(), negated, regex: compilePattern(cleaned) });
    }
    return patterns;
}
/** filepath.Clean without touching escapes: drop `./`, leading and trailing `/`, collapse `//` and resolve `..`. */
function cleanPattern(pattern) {
    const out = [];
    for (const part of pattern.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            out.pop();
        else
            out.push(part);
    }
    return out.join('/');
}
function compilePattern(pattern) {
    let re = '^';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*') {
            if (pattern[i + 1] === '*') {
                i++;
                if (pattern[i + 1] === '/')
                    i++;
                re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
            }
            else {
                re += '[^/]*';
            }
        }
        else if (c === '?') {
            re += '[^/]';
        }
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 2);
            if (end < 0) {
                re += '\\[';
                continue;
            }
            let cls = pattern.slice(i + 1, end);
            if (cls.startsWith('!') || cls.startsWith('^'))
                cls = `^${cls.slice(1)}`;
            re += `[${cls.replace(/\\(?!.)/g, '\\\\')}]`;
            i = end;
        }
        else if (c === '\\' && i + 1 < pattern.length) {
            re += escapeRegex(pattern[++i]);
        }
        else {
            re += escapeRegex(c);
        }
    }
    return new RegExp(`${re}$`);
}
function escapeRegex(c) {
    return /[.*?+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}
/** Whether `relPath` (posix, relative to the context) is excluded: moby's MatchesOrParentMatches. */
function matchesIgnore(patterns, relPath) {
    if (patterns.length === 0)
        return false;
    const parts = relPath.split('/');
    let excluded = false;
    for (const p of patterns) {
        if (p.negated !== excluded)
            continue;
        let match = p.regex.test(relPath);
        for (let i = 1; !match && i < parts.length; i++)
            match = p.regex.test(parts.slice(0, i).join('/'));
        if (match)
            excluded = !p.negated;
    }
    return excluded;
}


/***/ }),

/***/ 86297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hp: () => (/* binding */ FORMAT_VERSION),
  qz: () => (/* binding */ combineFingerprint),
  pL: () => (/* binding */ listingDigest),
  hp: () => (/* binding */ scanContext)
});

// UNUSED EXPORTS: DEFAULT_IGNORE_FILE, loadIgnorePatterns

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./src/fingerprint/hash.ts



const CHUNK = 1 << 20;
/**
 * sha256 of a file read in 1 MiB chunks with synchronous reads: for many small files this is several
 * times faster than stream reads, whose every open/read/close is a thread-pool round trip.
 */
function hashFileSync(absPath, buffer = Buffer.allocUnsafe(CHUNK)) {
    const fd = (0,external_node_fs_.openSync)(absPath, 'r');
    try {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for (let n; (n = (0,external_node_fs_.readSync)(fd, buffer, 0, buffer.length, null)) > 0;)
            hash.update(buffer.subarray(0, n));
        return `sha256:${hash.digest('hex')}`;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
// Same loop as hashFileSync, as CommonJS source so it also runs from a bundle (no worker file to ship).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${CHUNK});
const out = [];
try {
  for (const file of workerData) {
    const fd = openSync(file, 'r');
    try {
      const hash = createHash('sha256');
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
      out.push('sha256:' + hash.digest('hex'));
    } finally { closeSync(fd); }
  }
  parentPort.postMessage({ digests: out });
} catch (e) { parentPort.postMessage({ error: e.message }); }
`;
/** Below this many bytes, and this many files, a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 64 * 1024 * 1024;
const PARALLEL_FILES = 2000;
function hashInWorker(files) {
    return new Promise((resolve, reject) => {
        // node:worker_threads only when there is enough to hash: a no-change rerun hashes nothing
        const { Worker } = process.getBuiltinModule('node:worker_threads');
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: files });
        worker.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.digests)));
        worker.once('error', reject);
    });
}
/**
 * Content digests of the files, in order; spread over threads (one per core, up to 4: this one and
 * workers) when there are many bytes or many files (their opens and reads are most of the time then).
 */
async function hashFiles(files) {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const threads = Math.min(4, external_node_os_.availableParallelism?.() ?? external_node_os_.cpus().length);
    if ((total < PARALLEL_THRESHOLD && files.length < PARALLEL_FILES) || threads < 2) {
        const buffer = Buffer.allocUnsafe(CHUNK);
        return files.map((f) => hashFileSync(f.absPath, buffer));
    }
    // Largest first onto the least-loaded share (counting a file's open as 64 kB), so the shares end up about even.
    const shares = Array.from({ length: threads }, () => ({ cost: 0, indexes: [] }));
    const order = files.map((_, i) => i).sort((a, b) => files[b].size - files[a].size);
    for (const i of order) {
        const share = shares.reduce((min, s) => (s.cost < min.cost ? s : min));
        share.cost += files[i].size + 65536;
        share.indexes.push(i);
    }
    const digests = new Array(files.length);
    const [own, ...others] = shares;
    const inWorkers = Promise.all(others.map(async (share) => {
        if (share.indexes.length === 0)
            return;
        const result = await hashInWorker(share.indexes.map((i) => files[i].absPath));
        share.indexes.forEach((fileIndex, k) => (digests[fileIndex] = result[k]));
    }));
    inWorkers.catch(() => { });
    // this thread hashes one share while the workers hash theirs
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (const i of own.indexes)
        digests[i] = hashFileSync(files[i].absPath, buffer);
    await inWorkers;
    return digests;
}

// EXTERNAL MODULE: ./src/fingerprint/ignore.ts
var ignore = __webpack_require__(41500);
;// CONCATENATED MODULE: ./src/fingerprint/stat-cache.ts


const STAT_CACHE_VERSION = 2;
/**
 * How far before the scan's start a file's mtime and ctime must lie for its entry to be trusted ("racily
 * clean" in git's terms). Any write after the scan started stamps the file with the kernel's coarse clock,
 * which lags the real time by at most one tick (≤ 10 ms at HZ=100) and is truncated to the filesystem's
 * granularity. So on a filesystem with sub-second times, an entry older than start − 50 ms cannot match a
 * later write's stamp: a write during or after the scan always changes mtime or ctime (a ctime too: `touch -d`
 * or `rsync -t` can set mtime back, never ctime). Whole-second stamps may come from a filesystem with 1 or
 * 2 s granularity (ext3's small inodes, FAT), where a later write in the same second keeps the stamp: those
 * keep a 3 s window. A network filesystem's server stamps with its own clock: one running more than 50 ms
 * behind this machine's could hide an edit made during the scan until the file changes again.
 */
const RACY_MS = 50;
const RACY_WHOLE_SECOND_MS = 3000;
/** Whether an entry with these stamps, recorded by a scan that started at `startedMs`, may be trusted later. */
function trustworthy(st, startedMs) {
    const newest = Math.max(st.mtimeMs, st.ctimeMs);
    const window = st.mtimeMs % 1000 === 0 && st.ctimeMs % 1000 === 0 ? RACY_WHOLE_SECOND_MS : RACY_MS;
    return newest < startedMs - window;
}
/**
 * Remembers content digests by (size, mtime, ctime, inode) so unchanged files are not rehashed
 * between local runs. It only decides whether to hash: the digest recorded is always a content
 * digest, so the fingerprint never depends on mtimes.
 */
class StatCache {
    file;
    root;
    previous;
    startedMs;
    next = [];
    /** Whether an entry was recorded anew: if not, and every previous entry was looked up, the file stays as it is. */
    recorded = false;
    constructor(file, root, previous, 
    /** when the scan started, before its first stat: see RACY_MS */
    startedMs) {
        this.file = file;
        this.root = root;
        this.previous = previous;
        this.startedMs = startedMs;
    }
    /** `startedMs` must be taken before the scan's first stat. Entries are kept relative to `root`. */
    static async load(file, root, startedMs) {
        const previous = new Map();
        if (file) {
            try {
                const data = JSON.parse(await external_node_fs_.promises.readFile(file, 'utf8'));
                if (data.version === STAT_CACHE_VERSION && data.root === root)
                    for (const e of data.entries)
                        previous.set(e[0], e);
            }
            catch {
                // missing or unreadable: start empty
            }
        }
        return new StatCache(file, root, previous, startedMs);
    }
    /** The digest remembered for the file at `rel` (relative to the root) with these stats, if any. */
    lookup(rel, st) {
        const e = this.previous.get(rel);
        if (!e || e[1] !== st.size || e[2] !== st.mtimeMs || e[3] !== st.ctimeMs || e[4] !== st.ino)
            return undefined;
        this.next.push(e);
        return `sha256:${e[5]}`;
    }
    record(rel, st, digest) {
        if (!trustworthy(st, this.startedMs))
            return;
        this.next.push([rel, st.size, st.mtimeMs, st.ctimeMs, st.ino, digest.slice('sha256:'.length)]);
        this.recorded = true;
    }
    async save() {
        if (!this.file)
            return;
        // A no-change run: rewriting the same entries would cost more than the rest of the scan.
        if (!this.recorded && this.next.length === this.previous.size)
            return;
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        await external_node_fs_.promises.writeFile(tmp, JSON.stringify({ version: STAT_CACHE_VERSION, root: this.root, entries: this.next }));
        await external_node_fs_.promises.rename(tmp, this.file);
    }
}

;// CONCATENATED MODULE: ./src/fingerprint/index.ts







const DEFAULT_IGNORE_FILE = '.dockerignore';
/** Bumped whenever the image shipshape writes for the same inputs changes (2: epoch and revision from the context's last commit, in the fingerprint; 4: tar headers by node-tar, default layers, gzip in parallel blocks). */
const FORMAT_VERSION = 4;
/**
 * The ignore file must be a regular file inside the context: a FIFO would hang the read, a device never
 * ends, and a symlink could read a file outside the context. lstat first, then read without following links.
 */
async function loadIgnorePatterns(root, ignoreFile) {
    const file = external_node_path_.resolve(root, ignoreFile);
    const fail = (why) => new Error(`Input 'ignore-file': ${(0,log/* peerText */.qT)(JSON.stringify(ignoreFile))} ${why}`);
    const rel = external_node_path_.relative(root, file);
    if (rel === '' || rel.startsWith('..') || external_node_path_.isAbsolute(rel))
        throw fail(`is not a file inside the context ${root}`);
    const st = await external_node_fs_.promises.lstat(file).catch((e) => {
        if (e.code === 'ENOENT' && ignoreFile === DEFAULT_IGNORE_FILE)
            return undefined;
        throw fail(`cannot be read (${file}: ${e.code ?? e.message})`);
    });
    if (!st)
        return [];
    if (!st.isFile())
        throw fail(`is ${describeKind(st)}, not a regular file (${file})`);
    const handle = await external_node_fs_.promises.open(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    try {
        return (0,ignore/* parseIgnoreFile */.a)(await handle.readFile('utf8'));
    }
    finally {
        await handle.close();
    }
}
function describeKind(st) {
    if (st.isSymbolicLink())
        return 'a symlink';
    if (st.isDirectory())
        return 'a directory';
    if (st.isFIFO())
        return 'a FIFO';
    if (st.isSocket())
        return 'a socket';
    return 'a device';
}
/** File names that are not valid UTF-8 cannot be kept apart from their look-alikes in a tar or a fingerprint: refused. */
function checkUtf8Name(raw, name, dirRel) {
    if (!Buffer.from(name, 'utf8').equals(raw)) {
        const shown = [...raw].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
        throw new Error(`the file name ${dirRel ? `${(0,log/* peerText */.qT)(dirRel)}/` : ''}${shown} in the context is not valid UTF-8; rename it (or exclude it in the ignore file) — it cannot be stored without being confused with another name`);
    }
}
function normalizedMode(type, st) {
    if (type === 'dir')
        return 0o755;
    if (type === 'symlink')
        return 0o777;
    return st.mode & 0o111 ? 0o755 : 0o644;
}
/** Sorted by the paths' UTF-8 bytes; each path is encoded once, not once per comparison. */
function sortByPathBytes(entries) {
    const keyed = entries.map((e) => ({ e, key: Buffer.from(e.path) }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    return keyed.map((k) => k.e);
}
/**
 * A directory's entries, sorted by name. Names are read as strings; the raw bytes are read (and later checked
 * by checkUtf8Name) only for a directory where a name holds U+FFFD, which is what bytes that are not valid
 * UTF-8 decode to: a name without it round-trips to its bytes.
 */
function listDir(dirAbs) {
    const names = (0,external_node_fs_.readdirSync)(dirAbs);
    const entries = names.some((n) => n.includes('\uFFFD'))
        ? (0,external_node_fs_.readdirSync)(dirAbs, { encoding: 'buffer' }).map((raw) => ({ raw, name: raw.toString('utf8') }))
        : names.map((name) => ({ name }));
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/** Directory names are joined without path.join: the walk's directories are already normal paths. */
const joinName = (dir, name) => (dir.endsWith(external_node_path_.sep) ? dir + name : dir + external_node_path_.sep + name);
/** How many entries the walk handles between yields to the event loop (so network work started alongside it proceeds). */
const YIELD_EVERY = 512;
/**
 * Walks `root`, honoring the ignore file, and returns every kept entry with its content digest.
 * Only relative symlinks that stay inside the context are allowed; absolute or escaping links and
 * sockets, devices and FIFOs fail naming the path. mtimes and ownership never count.
 */
async function scanContext(root, ignoreFile, opts = {}) {
    const rootAbs = external_node_path_.resolve(root);
    const rootStat = await external_node_fs_.promises.stat(rootAbs).catch(() => undefined);
    if (!rootStat?.isDirectory())
        throw new Error(`Input 'context': "${root}" is not a directory`);
    const patterns = await loadIgnorePatterns(rootAbs, ignoreFile);
    const hasNegation = patterns.some((p) => p.negated);
    const files = [];
    // regular files with the stat fields the stat cache matches (not the whole Stats: 10,000 of those cost GC time)
    const regular = [];
    // Read while the walk runs; the start time is taken before the first stat (the stat cache's racy rule).
    const cachePromise = StatCache.load(opts.statCachePath, rootAbs, opts.startedMs ?? Date.now());
    cachePromise.catch(() => { });
    // Synchronous fs calls: a walk is thousands of tiny calls, and thread-pool round trips would dominate.
    // It yields now and then, so requests started beside the scan (the base's manifests) are not held up.
    let sinceYield = 0;
    async function walk(dirAbs, dirRel, dirExcluded) {
        let keptAny = false;
        if ((sinceYield += 1) >= YIELD_EVERY) {
            sinceYield = 0;
            await new Promise((resolve) => setImmediate(resolve));
        }
        const names = listDir(dirAbs);
        sinceYield += names.length;
        for (const { raw, name } of names) {
            const rel = dirRel ? `${dirRel}/${name}` : name;
            const excluded = (0,ignore/* matchesIgnore */.M)(patterns, rel);
            if (excluded && !hasNegation)
                continue;
            if (raw)
                checkUtf8Name(raw, name, dirRel);
            const abs = joinName(dirAbs, name);
            const st = (0,external_node_fs_.lstatSync)(abs);
            if (st.isDirectory()) {
                if (excluded && !hasNegation)
                    continue;
                const entry = { path: rel, type: 'dir', mode: 0o755, size: 0, absPath: abs };
                const at = files.push(entry) - 1;
                const keptChild = await walk(abs, rel, excluded);
                if (excluded && !keptChild)
                    files.splice(at, 1);
                else
                    keptAny = true;
                continue;
            }
            if (excluded)
                continue;
            keptAny = true;
            if (st.isSymbolicLink()) {
                const target = (0,external_node_fs_.readlinkSync)(abs);
                if (external_node_path_.posix.isAbsolute(target) || external_node_path_.isAbsolute(target)) {
                    throw new Error(`symlink ${(0,log/* peerText */.qT)(rel)} in the context points to the absolute path ${(0,log/* peerText */.qT)(JSON.stringify(target))} (only relative links inside the context are allowed)`);
                }
                const resolved = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(rel), target));
                if (resolved === '..' || resolved.startsWith('../')) {
                    throw new Error(`symlink ${(0,log/* peerText */.qT)(rel)} in the context points to ${(0,log/* peerText */.qT)(JSON.stringify(target))}, outside the context`);
                }
                files.push({ path: rel, type: 'symlink', mode: 0o777, size: 0, linkTarget: target, absPath: abs });
            }
            else if (st.isFile()) {
                const file = { path: rel, type: 'file', mode: normalizedMode('file', st), size: st.size, absPath: abs };
                files.push(file);
                regular.push({ file, stat: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino } });
            }
            else {
                throw new Error(`${(0,log/* peerText */.qT)(rel)} in the context is ${describeKind(st)}; only files, directories and symlinks can be built`);
            }
        }
        return keptAny || !dirExcluded;
    }
    await walk(rootAbs, '', false);
    const cache = await cachePromise;
    const toHash = [];
    for (const r of regular) {
        r.file.digest = cache.lookup(r.file.path, r.stat);
        if (!r.file.digest)
            toHash.push(r);
    }
    const digests = await hashFiles(toHash.map((r) => r.file));
    toHash.forEach((r, i) => {
        r.file.digest = digests[i];
        cache.record(r.file.path, r.stat, digests[i]);
    });
    await cache.save();
    const sorted = sortByPathBytes(files);
    return { root: rootAbs, files: sorted, contextDigest: listingDigest(sorted) };
}
/** The digest of a sorted entry list: what a fingerprint of these files means. */
function listingDigest(files) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    // the same bytes as one update per entry, handed over in batches
    let batch = '';
    for (const f of files) {
        batch += `${f.type} ${f.mode.toString(8)} ${f.path}\0${f.digest ?? f.linkTarget ?? ''}\n`;
        if (batch.length > 65536) {
            hash.update(batch);
            batch = '';
        }
    }
    hash.update(batch);
    return `sha256:${hash.digest('hex')}`;
}
/**
 * The build fingerprint (hex): context digest + settings + FORMAT_VERSION, the epoch and the annotations
 * included, so equal fingerprints mean equal digests. The epoch and revision come from the last commit
 * that touched the context, so a commit elsewhere keeps the fingerprint.
 */
function combineFingerprint(contextDigest, settings) {
    const canonical = JSON.stringify({
        formatVersion: FORMAT_VERSION,
        contextDigest,
        platforms: settings.platforms,
        baseDigests: Object.entries(settings.baseDigests).sort(([a], [b]) => (a < b ? -1 : 1)),
        workdir: settings.workdir,
        entrypoint: settings.entrypoint ?? null,
        cmd: settings.cmd ?? null,
        env: settings.env,
        labels: settings.labels,
        epoch: settings.epoch,
        annotations: settings.annotations,
        expose: settings.expose,
        user: settings.user ?? null,
        layers: settings.layers,
        platformFiles: Object.entries(settings.platformFiles).sort(([a], [b]) => (a < b ? -1 : 1)),
    });
    return (0,external_node_crypto_.createHash)('sha256').update(canonical).digest('hex');
}


/***/ }),

/***/ 49278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/github/commands.ts
var commands = __webpack_require__(24897);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/github/logger.ts
var logger = __webpack_require__(72231);
// EXTERNAL MODULE: ./src/github/masking.ts
var masking = __webpack_require__(25247);
// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
// EXTERNAL MODULE: ./src/settings/index.ts + 9 modules
var src_settings = __webpack_require__(10451);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
;// CONCATENATED MODULE: ./src/github/outputs.ts

function writeRecordOutputs(record) {
    commands/* setOutput */.uH('record-id', record.id);
    commands/* setOutput */.uH('record-path', record.path);
}
function writeFingerprintOutput(fingerprint) {
    commands/* setOutput */.uH('fingerprint', fingerprint);
}
/**
 * `imageid` as build-push-action means it: the config digest of a one-platform image; with several
 * platforms there is no single config, so it is the index digest (the same as `digest`).
 */
function imageId(image) {
    return image.manifests.length === 1 && image.manifests[0].configDigest ? image.manifests[0].configDigest : image.digest;
}
/**
 * The `metadata` JSON: shipshape's own fields, plus the keys scripts written for
 * docker/build-push-action read (`containerimage.digest`, `containerimage.config.digest` for one
 * platform, `image.name` as the comma-separated tagged names).
 */
function imageMetadata(image) {
    const refs = image.tags.map((t) => `${image.repository}:${t}`);
    const configs = image.manifests.filter((m) => m.configDigest).map((m) => [m.platform, m.configDigest]);
    return {
        image: image.repository,
        digest: image.digest,
        manifests: Object.fromEntries(image.manifests.map((m) => [m.platform, m.digest])),
        ...(configs.length > 0 && { configs: Object.fromEntries(configs) }),
        tags: image.tags,
        ...(image.fingerprint && { fingerprint: image.fingerprint }),
        ...(image.pushed !== undefined && { pushed: image.pushed }),
        ...(image.revision && { revision: image.revision }),
        ...(image.ociLayout && { 'oci-layout': image.ociLayout }),
        'containerimage.digest': image.digest,
        ...(image.manifests.length === 1 && image.manifests[0].configDigest && { 'containerimage.config.digest': image.manifests[0].configDigest }),
        'image.name': refs.length > 0 ? refs.join(',') : image.repository,
    };
}
/** The deploy entry (deploy/action.yml) declares only `digest` and `image` of these. */
function writeImageOutputs(image, entry = 'build') {
    commands/* setOutput */.uH('digest', image.digest);
    commands/* setOutput */.uH('image', `${image.repository}@${image.digest}`);
    if (entry === 'deploy')
        return;
    commands/* setOutput */.uH('imageid', imageId(image));
    commands/* setOutput */.uH('tags', image.tags.map((t) => `${image.repository}:${t}`).join(','));
    commands/* setOutput */.uH('cache-hit', String(image.cacheHit));
    commands/* setOutput */.uH('metadata', JSON.stringify(imageMetadata(image)));
}
/** `sbom`: JSON map platform → SBOM artifact digest (`{}` when off); `provenance`: its artifact digest (empty when off). */
function writeAttestationOutputs(attested) {
    commands/* setOutput */.uH('sbom', JSON.stringify(attested.sbom));
    commands/* setOutput */.uH('provenance', attested.provenance ?? '');
}
function writeDeployOutputs(result) {
    // A Swarm service has no colors: its rolling update replaces tasks in place.
    commands/* setOutput */.uH('color', result.swarm ? '' : result.color);
    commands/* setOutput */.uH('previous-color', result.swarm ? '' : (result.previousColor ?? ''));
    // The app's first route (hosts given); empty for an app on its own public-port.
    commands/* setOutput */.uH('url', result.route?.url ?? '');
}

// EXTERNAL MODULE: ./src/record/record.ts + 1 modules
var record_record = __webpack_require__(29582);
// EXTERNAL MODULE: ./src/github/main-state.ts + 1 modules
var main_state = __webpack_require__(22377);
// EXTERNAL MODULE: ./src/steps/attest-lookup.ts
var attest_lookup = __webpack_require__(25101);
// EXTERNAL MODULE: ./src/steps/record-sections.ts + 1 modules
var record_sections = __webpack_require__(39125);
// EXTERNAL MODULE: ./src/builder/annotations.ts
var builder_annotations = __webpack_require__(21197);
// EXTERNAL MODULE: ./src/builder/base.ts
var builder_base = __webpack_require__(86786);
// EXTERNAL MODULE: ./src/builder/epoch.ts
var epoch = __webpack_require__(19830);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
;// CONCATENATED MODULE: ./src/cache/digest-store.ts




/**
 * A directory of `<hex>` files. What is read is checked against its digest, so a torn or altered file
 * is only a miss; writes go to a unique temp name and are renamed into place, and a failed write
 * costs nothing but the next run's round trip.
 */
function directoryDigestStore(dir) {
    const file = (digest) => external_node_path_.join(dir, (0,oci_digest/* digestHex */.sU)(digest));
    return {
        async get(digest) {
            if (!digest.startsWith('sha256:'))
                return undefined;
            const bytes = await external_node_fs_.promises.readFile(file(digest)).catch(() => undefined);
            return bytes && (0,oci_digest/* sha256Digest */.sI)(bytes) === digest ? bytes : undefined;
        },
        async put(digest, bytes) {
            if (!digest.startsWith('sha256:') || (0,oci_digest/* sha256Digest */.sI)(bytes) !== digest)
                return;
            const tmp = `${file(digest)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
            try {
                await external_node_fs_.promises.mkdir(dir, { recursive: true });
                await external_node_fs_.promises.writeFile(tmp, bytes);
                await external_node_fs_.promises.rename(tmp, file(digest));
            }
            catch {
                await external_node_fs_.promises.rm(tmp, { force: true }).catch(() => { });
            }
        },
    };
}

// EXTERNAL MODULE: ./src/builder/fingerprint.ts
var builder_fingerprint = __webpack_require__(47487);
// EXTERNAL MODULE: ./src/fingerprint/index.ts + 2 modules
var src_fingerprint = __webpack_require__(86297);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/oci/platform.ts
var platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/steps/registries.ts
var registries = __webpack_require__(22172);
;// CONCATENATED MODULE: ./src/steps/fingerprint.ts


// not builder/index.js: a fingerprint hit loads none of the layer code









/**
 * Step 1: hash the context, resolve the base per platform, and combine them with every build setting,
 * the source stamp and the annotations — everything the image is made of, so one fingerprint is one digest.
 */
async function fingerprintStep(settings, record) {
    const b = settings.build;
    // The base's manifests and the git stamp are fetched while the context is scanned (the walk yields for them).
    const ref = b.base;
    // `cache: false` writes no cache at all, so neither these base documents nor the stat cache.
    const baseStore = b.cache ? directoryDigestStore(external_node_path_.join(external_node_path_.dirname(b.cacheDir), 'base-documents')) : undefined;
    const basePromise = ref && record.time('resolve_base', () => (0,builder_base/* resolveBase */.g)((0,registries/* registryClient */.R)(settings, ref.registry), ref, b.platforms, baseStore));
    const stampPromise = (0,epoch/* sourceStamp */.l)(b.context);
    basePromise?.catch(() => { });
    stampPromise.catch(() => { });
    const scan = await record.time('fingerprint', () => (0,src_fingerprint/* scanContext */.hp)(b.context, b.ignoreFile, b.cache ? { statCachePath: external_node_path_.join(external_node_path_.dirname(b.cacheDir), 'stat-cache.json') } : {}));
    commands/* info */.pq(`Context ${b.context}: ${scan.files.length} entries, ${scan.contextDigest}`);
    const stamp = await stampPromise;
    commands/* info */.pq(`Source: ${stamp.revision ? `commit ${stamp.revision} (the last to touch the context)` : 'no git commit'}; ` +
        `time ${stamp.epoch}${stamp.epochFrom === 'SOURCE_DATE_EPOCH' ? ' from SOURCE_DATE_EPOCH' : stamp.epochFrom === 'none' ? ' (1970: no commit)' : ''}`);
    const base = await basePromise;
    if (base) {
        for (const p of base.platforms)
            commands/* info */.pq((0,log/* peerText */.qT)(`Base ${p.key}: ${p.manifestDigest}`));
    }
    else {
        commands/* info */.pq('Base: scratch');
    }
    const annotations = (0,builder_annotations/* standardAnnotations */.W)(b, stamp);
    const fingerprint = await (0,builder_fingerprint/* fingerprintOf */.ax)(b, scan, base, { epoch: stamp.epoch, annotations });
    commands/* info */.pq(`Fingerprint ${fingerprint} (${b.platforms.map(platform/* platformKey */.Ng).join(', ')})`);
    return { scan, base, stamp, annotations, fingerprint };
}

// EXTERNAL MODULE: ./src/oci/annotations.ts
var annotations = __webpack_require__(62427);
// EXTERNAL MODULE: ./src/registry/index.ts + 7 modules
var registry = __webpack_require__(86633);
;// CONCATENATED MODULE: ./src/steps/push.ts








/** The tag every push adds: the full 64-hex fingerprint, so no collision is possible short of sha256's. */
const fingerprintTag = (fingerprint) => `fp-${fingerprint}`;
/**
 * Step 3a, before building: whether the registry already has `image:fp-<fingerprint>` (one GET, which
 * also brings the index, so what follows — reuseExisting and the attestation lookup — can run side by side).
 */
async function findFingerprint(settings, fp) {
    const { image } = settings.build;
    const found = await (0,registries/* registryClient */.R)(settings, image.registry).findManifest(image.repository, fingerprintTag(fp.fingerprint));
    if (!found)
        return undefined;
    const index = JSON.parse(found.body.toString('utf8'));
    const manifests = (index.manifests ?? []).map((m) => ({ platform: m.platform ? (0,platform/* platformKey */.Ng)(m.platform) : 'unknown', digest: m.digest }));
    return { digest: found.digest, manifest: found, index, manifests };
}
/** The image exists: only the requested tags are added to it. Says which commit the reused image was built from. */
async function reuseExisting(settings, fp, found) {
    const { image, tags } = settings.build;
    const client = (0,registries/* registryClient */.R)(settings, image.registry);
    const repo = image.repository.toLowerCase();
    const [manifests] = await Promise.all([
        Promise.all(found.manifests.map(async (m) => {
            const manifest = JSON.parse((await client.getManifest(repo, m.digest)).body.toString('utf8'));
            return { ...m, ...(manifest.config && { configDigest: manifest.config.digest }) };
        })),
        client.putTags(repo, found.manifest, tags),
    ]);
    const revision = found.index.annotations?.[builder_annotations/* REVISION_ANNOTATION */.w];
    commands/* info */.pq(`${(0,reference/* repositoryName */.aR)(image)}:${fingerprintTag(fp.fingerprint)} exists (${(0,log/* peerText */.qT)(found.digest, 100)}): build and push skipped; ` +
        `reusing the image built from ${revision ? `commit ${(0,log/* peerText */.qT)(revision, 100)}` : 'an unrecorded commit'}`);
    return { repository: (0,reference/* repositoryName */.aR)(image), digest: found.digest, manifests, tags, cacheHit: true, fingerprint: fp.fingerprint, pushed: true, ...(revision && { revision }) };
}
/** The built image as the push reads it (index and manifests read and verified from the layout). */
const pushableImage = (built) => (0,registry/* layoutImage */.C)(built.layoutPath);
/** Step 3b: push the layout — blobs the registry lacks, then manifests, the index and every tag. */
async function pushStep(settings, fp, built, pushable = pushableImage(built)) {
    const { image, tags } = settings.build;
    const client = (0,registries/* registryClient */.R)(settings, image.registry);
    const mountFrom = fp.base && fp.base.name.startsWith(`${image.registry}/`) ? [fp.base.repository] : [];
    const result = await client.push(await pushable, image.repository, { tags: [...tags, fingerprintTag(fp.fingerprint)], mountFrom });
    return { ...localImage(settings, fp, built), digest: result.digest, tags, pushed: true, push: result.blobs };
}
/** The image as built (not pushed, or before the push). */
function localImage(settings, fp, built) {
    const revision = (0,annotations/* annotationsAt */.wv)(fp.annotations, 'index')[builder_annotations/* REVISION_ANNOTATION */.w];
    return {
        repository: (0,reference/* repositoryName */.aR)(settings.build.image),
        digest: built.indexDigest,
        manifests: built.manifests.map((m) => ({ platform: m.platform, digest: m.digest, configDigest: m.configDigest })),
        tags: [],
        cacheHit: false,
        fingerprint: fp.fingerprint,
        pushed: false,
        ociLayout: built.layoutPath,
        ...(revision && { revision }),
    };
}

// EXTERNAL MODULE: ./src/steps/record.ts + 4 modules
var steps_record = __webpack_require__(56072);
;// CONCATENATED MODULE: ./src/main.ts
















/** Where records are written: under RUNNER_TEMP, so the post step and later steps of the job find them. */
const recordsDir = (env = process.env) => external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'shipshape', 'records');
function recordKind(settings) {
    if (settings.deploy?.rollback)
        return 'rollback';
    if (settings.deploy?.renew)
        return 'renew';
    return settings.deploy ? 'deploy' : 'build';
}
/** A run whose inputs were refused still gets its record (failed, with the input error): nothing lost on failure. */
async function recordForBadInputs() {
    const get = (0,src_settings/* envInputReader */.tT)();
    const rollback = /^(true|yes|1|on)$/i.test(get('rollback')) || get('command').toLowerCase() === 'rollback';
    const kind = rollback ? 'rollback' : get('deploy-host') ? 'deploy' : 'build';
    const record = await record_record/* RecordWriter */.J9.start(recordsDir(), kind, process.env, (0,src_settings/* rawSecrets */.WX)(get));
    (0,main_state/* saveMainState */.qJ)({ recordPath: record.path });
    writeRecordOutputs(record);
    return record;
}
async function run() {
    let record;
    let settings;
    try {
        settings = (0,src_settings/* readSettings */.sb)();
        if (settings.deploy)
            settings.secrets.push(...(0,secret_forms/* logOptionSecrets */.RQ)(settings.deploy.service.log.options));
        for (const secret of settings.secrets)
            (0,masking/* maskSecret */.$)(secret);
        for (const w of settings.warnings)
            commands/* warning */.$e(w);
        for (const n of settings.notes)
            commands/* info */.pq(n);
        const s = settings;
        record = await record_record/* RecordWriter */.J9.start(recordsDir(), recordKind(s), process.env, s.secrets);
        const rec = record;
        (0,main_state/* saveMainState */.qJ)({ recordPath: rec.path });
        onCancel(rec);
        onCrash(rec, s.secrets);
        writeRecordOutputs(rec);
        let image;
        if (s.entry === 'build' && !s.deploy?.rollback && !s.deploy?.remove && !s.deploy?.renew) {
            // 1. fingerprint, 2. build, 3. push — unless the registry already holds this fingerprint
            const fp = await commands/* group */.Os('Fingerprint', () => fingerprintStep(s, rec));
            writeFingerprintOutput(fp.fingerprint);
            await (0,record_sections/* recordFingerprint */.__)(rec, s, fp);
            // a fingerprint hit whose SBOM or provenance is missing is built again (same digest) to attach them
            let attested;
            if (s.build.push) {
                await commands/* group */.Os('Look for this fingerprint (and its SBOM and provenance) in the registry', async () => {
                    const found = await rec.time('push', () => findFingerprint(s, fp));
                    // the platform manifests, the tags and the referrers lists: one round of requests side by side
                    if (found)
                        [image, attested] = await Promise.all([rec.time('push', () => reuseExisting(s, fp, found)), (0,attest_lookup/* findAttestations */.xU)(s, found, rec)]);
                });
            }
            if (!attested) {
                // loaded only when there is something to build: a fingerprint hit needs none of it
                const [{ buildStep }, { attestStep, prepareAttestations, pushWithAttestations }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(508)]).then(__webpack_require__.bind(__webpack_require__, 57508)), Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(32), __webpack_require__.e(561)]).then(__webpack_require__.bind(__webpack_require__, 76561))]);
                const prepared = prepareAttestations(s, fp); // the SBOMs' package lists, read while the image builds
                const built = await commands/* group */.Os('Build', () => buildStep(s, fp, rec));
                await (0,record_sections/* recordBuilt */.MT)(rec, built);
                if (s.build.push) {
                    // the SBOM and provenance are made and attached beside the image push, not after it
                    const pushable = pushableImage(built); // read once the push starts; the documents are made after it
                    [image, attested] = await commands/* group */.Os((0,attest_lookup/* wanted */.Ol)(s) ? 'Push, with SBOM and provenance' : 'Push', () => pushWithAttestations(s, fp, built, rec, prepared, () => rec.time('push', () => pushStep(s, fp, built, pushable)), pushable));
                }
                else {
                    attested = await commands/* group */.Os('SBOM and provenance', () => attestStep(s, fp, built, rec, prepared));
                    image = localImage(s, fp, built);
                }
            }
            await (0,record_sections/* recordPublished */.ki)(rec, image);
            writeImageOutputs(image);
            writeAttestationOutputs(attested);
        }
        else if (s.imageDigest && !s.deploy?.remove && !s.deploy?.renew) {
            image = { repository: (0,reference/* repositoryName */.aR)(s.build.image), digest: s.imageDigest, manifests: [], tags: [], cacheHit: false };
            writeImageOutputs(image, 'deploy');
        }
        // 4. deploy (or roll back)
        if (s.deploy?.renew) {
            const { renewStep } = await Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(830), __webpack_require__.e(758), __webpack_require__.e(578), __webpack_require__.e(365), __webpack_require__.e(14)]).then(__webpack_require__.bind(__webpack_require__, 51014));
            await commands/* group */.Os('Renew certificates', () => renewStep(s, s.deploy, rec));
        }
        else if (s.deploy?.remove) {
            const { removeStep } = await Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(830), __webpack_require__.e(758), __webpack_require__.e(578), __webpack_require__.e(365), __webpack_require__.e(296)]).then(__webpack_require__.bind(__webpack_require__, 16296));
            await commands/* group */.Os('Remove', () => removeStep(s, s.deploy, rec));
        }
        else if (s.deploy) {
            const d = s.deploy;
            const target = d.rollback || !image ? undefined : `${image.repository}@${image.digest}`;
            // loaded only for a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
            const { deployStep } = await Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(830), __webpack_require__.e(758), __webpack_require__.e(578), __webpack_require__.e(365), __webpack_require__.e(296)]).then(__webpack_require__.bind(__webpack_require__, 16296));
            const deployed = await commands/* group */.Os(d.rollback ? 'Roll back' : 'Deploy', () => deployStep(s, d, target, image?.manifests ?? [], rec));
            writeDeployOutputs(deployed);
        }
        await rec.finish('succeeded');
    }
    catch (error) {
        if (!settings)
            record = await recordForBadInputs().catch(() => undefined);
        await record?.finish('failed', error).catch(() => { });
        commands/* setFailed */.C1((0,secret_forms/* scrubText */.Ho)((0,logger/* errorMessage */.g)(error), settings?.secrets ?? []));
    }
    finally {
        // 5. the record: uploaded and summarized whatever happened
        if (record) {
            await commands/* group */.Os('Build record', () => (0,steps_record/* publishRecord */.l)(record, settings?.record.retentionDays));
            (0,main_state/* saveMainState */.qJ)({ recordPublished: true });
        }
    }
}
/**
 * A canceled job gets SIGINT, then SIGTERM. Mark the record canceled and leave the rest (a held deploy
 * lock, a candidate container, the cache) to the post step, which the runner still runs.
 */
function onCancel(record) {
    const handler = (signal) => {
        (0,main_state/* saveMainState */.qJ)({ canceled: true });
        commands/* error */.z3(`Canceled (${signal}); the post step cleans up.`);
        const code = signal === 'SIGINT' ? 130 : 143;
        // The record gets a few seconds; then the process ends whatever is still pending (a stuck read, a
        // peer that never answers). If even exit hangs (a blocked thread being joined), the kill ends it.
        setTimeout(() => process.exit(code), 5000);
        setTimeout(() => process.kill(process.pid, 'SIGKILL'), 10000);
        void record.finish('canceled', `canceled by ${signal}`).finally(() => process.exit(code));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
}
/**
 * The last line of defence: an error no code path caught (an event emitter's error without a listener) still
 * ends as one named ::error:: and a `failed` record written by main, not as a raw stack left to the post step.
 */
function onCrash(record, secrets) {
    const handler = (error) => {
        commands/* setFailed */.C1((0,secret_forms/* scrubText */.Ho)(`unexpected failure: ${(0,logger/* errorMessage */.g)(error)}`, secrets));
        setTimeout(() => process.exit(1), 5000);
        void record.finish('failed', error).finally(() => process.exit(1));
    };
    process.once('uncaughtException', handler);
    process.once('unhandledRejection', handler);
}


/***/ }),

/***/ 5335:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bz: () => (/* binding */ imageManifest),
/* harmony export */   a: () => (/* binding */ deriveConfig),
/* harmony export */   ag: () => (/* binding */ rfc3339),
/* harmony export */   sS: () => (/* binding */ imageIndex)
/* harmony export */ });
/* unused harmony export mergeEnv */
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29217);

/** RFC 3339 without fractional seconds. */
function rfc3339(epochSeconds) {
    return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Docker ENV semantics: a key already set keeps its position and gets the new value; new keys are appended. */
function mergeEnv(baseEnv, env) {
    const out = [...baseEnv];
    for (const [key, value] of env) {
        const at = out.findIndex((e) => e === key || e.startsWith(`${key}=`));
        if (at >= 0)
            out[at] = `${key}=${value}`;
        else
            out.push(`${key}=${value}`);
    }
    return out;
}
/**
 * The config of one platform's image: the base config (scratch when undefined) with the app's
 * settings applied, one history entry and one diff_id per app layer. As in Docker, setting an
 * entrypoint without a cmd clears the base cmd.
 */
function deriveConfig(base, platform, settings, epoch, appLayers) {
    const created = rfc3339(epoch);
    const baseRun = base?.config ?? {};
    const entrypoint = settings.entrypoint ?? baseRun.Entrypoint ?? null;
    const cmd = settings.cmd ?? (settings.entrypoint ? null : (baseRun.Cmd ?? null));
    const exposed = { ...(baseRun.ExposedPorts ?? {}) };
    for (const port of settings.expose)
        exposed[port] = {};
    const labels = { ...(baseRun.Labels ?? {}) };
    for (const [k, v] of settings.labels)
        labels[k] = v;
    const user = settings.user ?? baseRun.User;
    const run = { ...baseRun };
    delete run.User;
    delete run.ExposedPorts;
    delete run.Labels;
    Object.assign(run, {
        ...(user ? { User: user } : {}),
        Env: mergeEnv(baseRun.Env ?? [], settings.env),
        Entrypoint: entrypoint,
        Cmd: cmd,
        WorkingDir: settings.workdir,
        ...(Object.keys(exposed).length > 0 ? { ExposedPorts: sortKeys(exposed) } : {}),
        ...(Object.keys(labels).length > 0 ? { Labels: sortKeys(labels) } : {}),
    });
    const history = [
        ...(base?.history ?? []),
        ...appLayers.map((l) => ({ created, created_by: l.createdBy, comment: 'shipshape' })),
    ];
    return {
        created,
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        config: run,
        rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), ...appLayers.map((l) => l.diffId)] },
        history,
    };
}
function sortKeys(record) {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
function imageManifest(config, layers, annotations) {
    return {
        schemaVersion: 2,
        mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ociManifest,
        config,
        layers,
        ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
    };
}
function imageIndex(manifests, annotations) {
    return {
        schemaVersion: 2,
        mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ociIndex,
        manifests,
        ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
    };
}


/***/ }),

/***/ 68825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $K: () => (/* binding */ HashingStream),
/* harmony export */   WA: () => (/* binding */ DIGEST_PATTERN),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   sU: () => (/* binding */ digestHex)
/* harmony export */ });
/* unused harmony export sha256Hex */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);


const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
/** `sha256:<hex>` of the bytes. */
function sha256Digest(data) {
    return `sha256:${sha256Hex(data)}`;
}
/** The hex part of a `sha256:` digest; throws naming the value when it is not one. */
function digestHex(digest) {
    if (!DIGEST_PATTERN.test(digest))
        throw new Error(`"${digest}" is not a sha256 digest`);
    return digest.slice('sha256:'.length);
}
/** A pass-through stream that hashes and counts what flows through it. */
class HashingStream extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    size = 0;
    _transform(chunk, _enc, done) {
        this.hash.update(chunk);
        this.size += chunk.length;
        done(null, chunk);
    }
    /** `sha256:<hex>`; call once, after the stream has finished. */
    digest() {
        return `sha256:${this.hash.digest('hex')}`;
    }
}


/***/ }),

/***/ 25823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EP: () => (/* binding */ REF_NAME_ANNOTATION),
/* harmony export */   nD: () => (/* binding */ blobPath),
/* harmony export */   rw: () => (/* binding */ addToLayout),
/* harmony export */   s1: () => (/* binding */ LayoutWriter)
/* harmony export */ });
/* unused harmony export OCI_LAYOUT_FILE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(29217);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3048);





const OCI_LAYOUT_FILE = 'oci-layout';
const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
function blobPath(layoutDir, digest) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join(layoutDir, 'blobs', 'sha256', (0,_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .digestHex */ .sU)(digest));
}
/** What an OCI image layout directory may hold; `open` replaces these and refuses a folder with anything else. */
const LAYOUT_ENTRIES = new Set(['blobs', 'index.json', OCI_LAYOUT_FILE]);
/**
 * Writes an OCI image layout (image-layout.md). `open` clears only what a layout consists of
 * (`blobs/`, `index.json`, `oci-layout`) so a rebuild leaves no stale blobs behind — and only in a folder
 * that is empty or already an OCI layout, so pointing it at a folder of other files never deletes them.
 */
class LayoutWriter {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    static async open(dir) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(dir, { recursive: true });
        const entries = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(dir);
        const others = entries.filter((e) => !LAYOUT_ENTRIES.has(e));
        if (others.length > 0 || (entries.length > 0 && !entries.includes(OCI_LAYOUT_FILE))) {
            const shown = (others.length > 0 ? others : entries).slice(0, 3).map((e) => JSON.stringify(e)).join(', ');
            throw new Error(`Input 'oci-layout': ${dir} is neither empty nor an OCI image layout (it holds ${shown}${entries.length > 3 ? ', …' : ''}); shipshape replaces a layout's blobs and index.json, so give it an empty or new folder`);
        }
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'blobs'), { recursive: true, force: true });
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'index.json'), { force: true });
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, OCI_LAYOUT_FILE), { force: true });
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'blobs', 'sha256'), { recursive: true });
        return new LayoutWriter(dir);
    }
    blobPath(digest) {
        return blobPath(this.dir, digest);
    }
    /** A scratch path inside the layout (same filesystem, so `adoptFile` is a rename). */
    tempPath(label) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, 'blobs', `.tmp-${process.pid}-${label}`);
    }
    async writeBlob(bytes, mediaType) {
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Digest */ .sI)(bytes);
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(this.blobPath(digest), bytes);
        return { mediaType, digest, size: bytes.length };
    }
    async writeJson(value, mediaType) {
        return this.writeBlob((0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .jsonBytes */ .y)(value), mediaType);
    }
    /** Moves a finished temp file into place under its digest. */
    async adoptFile(tempFile, digest) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(tempFile, this.blobPath(digest));
    }
    async hasBlob(digest) {
        return node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(this.blobPath(digest)).then(() => true, () => false);
    }
    /** Writes `oci-layout` and `index.json` pointing at the given descriptors (each tagged via ref.name). */
    async finish(entries) {
        const index = { schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .MediaType */ .zu.ociIndex, manifests: entries };
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, OCI_LAYOUT_FILE), (0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .jsonBytes */ .y)({ imageLayoutVersion: '1.0.0' }));
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, 'index.json'), (0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .jsonBytes */ .y)(index));
    }
}
/**
 * Adds blobs and index.json entries to a finished layout (e.g. referrers: artifact manifests whose
 * `subject` is the image, listed beside it the way `oras attach --oci-layout` does). Entries already
 * listed (same digest) are not added twice; index.json is replaced atomically.
 */
async function addToLayout(dir, blobs, entries) {
    for (const blob of blobs) {
        const file = blobPath(dir, blob.digest);
        const present = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(file).then(() => true, () => false);
        if (!present)
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(`${file}.tmp-${process.pid}`, blob.bytes).then(() => node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(`${file}.tmp-${process.pid}`, file));
    }
    const indexFile = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'index.json');
    const index = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(indexFile, 'utf8'));
    const listed = new Set(index.manifests.map((m) => m.digest));
    const added = entries.filter((e) => !listed.has(e.digest) && listed.add(e.digest));
    if (added.length === 0)
        return;
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(`${indexFile}.tmp-${process.pid}`, (0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .jsonBytes */ .y)({ ...index, manifests: [...index.manifests, ...added] }));
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(`${indexFile}.tmp-${process.pid}`, indexFile);
}


/***/ }),

/***/ 29217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   $9: () => (/* binding */ ociLayerMediaType),
/* harmony export */   CM: () => (/* binding */ isManifestMediaType),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
const MediaType = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
function isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function isManifestMediaType(mediaType) {
    return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}
/** Docker v2 layer types map to their OCI equivalents (same bytes), so a base pulled as Docker v2 is pushed as OCI. */
function ociLayerMediaType(mediaType) {
    if (mediaType === MediaType.dockerLayerGzip)
        return MediaType.ociLayerGzip;
    if (mediaType === 'application/vnd.docker.image.rootfs.diff.tar')
        return MediaType.ociLayerTar;
    return mediaType;
}


/***/ }),

/***/ 3048:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ jsonBytes)
/* harmony export */ });
/** Canonical JSON bytes for a blob: keys in insertion order, no whitespace (the writer controls the order). */
function jsonBytes(value) {
    return Buffer.from(JSON.stringify(value), 'utf8');
}


/***/ }),

/***/ 38403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kD: () => (/* binding */ Authenticator),
  C4: () => (/* binding */ describeCredentialSource),
  iH: () => (/* binding */ pullScope),
  Xu: () => (/* binding */ pushScope)
});

;// CONCATENATED MODULE: ./src/registry/challenge.ts
/**
 * Parses a `WWW-Authenticate` value, which may hold several challenges and quoted strings containing
 * commas and escaped quotes, e.g. `Bearer realm="https://a/token",service="a",scope="repository:x:pull,push"`.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const values = Array.isArray(header) ? header : [header];
    const challenges = [];
    for (const value of values) {
        let i = 0;
        let current;
        const skipSpace = () => {
            while (i < value.length && (value[i] === ' ' || value[i] === '\t'))
                i++;
        };
        const readToken = () => {
            const start = i;
            while (i < value.length && !/[\s,=]/.test(value[i]))
                i++;
            return value.slice(start, i);
        };
        while (i < value.length) {
            skipSpace();
            if (value[i] === ',') {
                i++;
                continue;
            }
            const token = readToken();
            if (token === '') {
                i++;
                continue;
            }
            skipSpace();
            if (value[i] === '=') {
                i++;
                skipSpace();
                let paramValue;
                if (value[i] === '"') {
                    i++;
                    paramValue = '';
                    while (i < value.length && value[i] !== '"') {
                        if (value[i] === '\\' && i + 1 < value.length)
                            i++;
                        paramValue += value[i++];
                    }
                    i++;
                }
                else {
                    const start = i;
                    while (i < value.length && value[i] !== ',')
                        i++;
                    paramValue = value.slice(start, i).trim();
                }
                if (current)
                    current.params[token.toLowerCase()] = paramValue;
            }
            else {
                current = { scheme: token.toLowerCase(), params: {} };
                challenges.push(current);
            }
        }
    }
    return challenges;
}
/** The challenge a client should answer: Bearer over Basic, ignoring schemes it cannot do. */
function pickChallenge(challenges) {
    return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
// EXTERNAL MODULE: ./src/registry/retry.ts
var retry = __webpack_require__(41521);
;// CONCATENATED MODULE: ./src/registry/auth.ts





/** Scope strings per the Docker token spec. Push scope first: some token servers grant only the first. */
const pullScope = (repository) => `repository:${repository}:pull`;
const pushScope = (repository) => `repository:${repository}:push,pull`;
/** Tells the user which knob to turn when a registry refuses the credentials. */
function describeCredentialSource(source) {
    switch (source.kind) {
        case 'inputs':
            return 'check the inputs registry-username and registry-password';
        case 'docker-config':
            return `the credentials came from ${source.path} (${source.via}); set the inputs registry-username and registry-password or log in again`;
        case 'anonymous':
            return 'no credentials were found: set the inputs registry-username and registry-password (they serve the image\'s registry), or log in before this step (docker/login-action writes ~/.docker/config.json, which serves any registry)';
    }
}
/**
 * Answers Basic and Bearer challenges. The challenge is learned from the first 401 and reused, so later
 * requests authenticate up front; tokens are cached per scope set and dropped on a 401.
 */
class Authenticator {
    registry;
    resolveCredentials;
    logger;
    mask;
    retry;
    userAgent;
    challenge;
    tokens = new Map();
    /** Token requests under way, so concurrent requests with the same scopes share one. */
    pending = new Map();
    resolved;
    /** Every secret this authenticator has sent (password, `user:password`, tokens): scrubbed from any peer text it repeats. */
    sent = [];
    constructor(registry, resolveCredentials, logger, mask, retry, userAgent) {
        this.registry = registry;
        this.resolveCredentials = resolveCredentials;
        this.logger = logger;
        this.mask = mask;
        this.retry = retry;
        this.userAgent = userAgent;
    }
    credentials() {
        this.resolved ??= this.resolveCredentials().then((r) => {
            if (r.credentials) {
                this.remember(r.credentials.password);
                this.remember(`${r.credentials.username}:${r.credentials.password}`);
            }
            return r;
        });
        return this.resolved;
    }
    remember(secret) {
        this.sent.push(secret);
        this.mask(secret);
    }
    /** Peer text (an error body) with every form of every secret this authenticator sent replaced by `***`. */
    scrub(text) {
        return (0,secret_forms/* scrubText */.Ho)(text, this.sent);
    }
    /** The Authorization header for a request with these scopes, if a challenge is known. */
    async header(scopes, challenge = this.challenge) {
        if (!challenge)
            return undefined;
        if (challenge.scheme === 'basic') {
            const { credentials } = await this.credentials();
            return credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
        }
        const key = scopes.join(' ');
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > Date.now())
            return `Bearer ${cached.token}`;
        let pending = this.pending.get(key);
        if (!pending) {
            pending = this.fetchToken(challenge, scopes).finally(() => this.pending.delete(key));
            this.pending.set(key, pending);
        }
        return `Bearer ${await pending}`;
    }
    get knowsChallenge() {
        return this.challenge !== undefined;
    }
    /** Records the challenge of a 401 without fetching anything (from the /v2/ ping). */
    learn(wwwAuthenticate) {
        this.challenge ??= pickChallenge(parseChallenges(wwwAuthenticate));
    }
    /**
     * Learns the challenge of a 401 and drops the token the refused request carried (not a newer one a
     * concurrent request already fetched); returns the header to retry with.
     */
    async onUnauthorized(wwwAuthenticate, scopes, refused) {
        const challenge = pickChallenge(parseChallenges(wwwAuthenticate));
        if (!challenge)
            return undefined;
        this.challenge = challenge;
        const key = scopes.join(' ');
        if (refused !== undefined && refused === `Bearer ${this.tokens.get(key)?.token}`)
            this.tokens.delete(key);
        // Our scopes already name what the request needs; the challenge's scope only helps when we had none.
        const wanted = scopes.length > 0 ? scopes : (challenge.params.scope?.split(' ').filter(Boolean) ?? []);
        return this.header(wanted, challenge);
    }
    async fetchToken(challenge, scopes) {
        const realm = challenge.params.realm;
        if (!realm)
            throw new errors/* RegistryError */.g(this.registry, 'authenticate', 'the Bearer challenge has no realm');
        const { credentials, source } = await this.credentials();
        const url = new URL(realm);
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const identityToken = credentials?.username === '<token>' ? credentials.password : undefined;
        const form = (grant) => Buffer.from(new URLSearchParams({ ...grant, client_id: 'shipshape', service: challenge.params.service ?? '', scope: scopes.join(' ') }).toString());
        const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': this.userAgent };
        // GET with Basic credentials (Docker token spec); an identity token uses the OAuth2 refresh-token grant, as
        // Docker does; a server that does not do GET (404/405) gets the OAuth2 password grant.
        let grant = identityToken ? 'refresh_token' : 'get';
        const body = await (0,retry/* withRetry */.bD)(this.retry, async () => {
            for (;;) {
                let res;
                if (grant === 'refresh_token') {
                    res = await (0,http/* sendRaw */.d3)('POST', new URL(realm), formHeaders, form({ grant_type: 'refresh_token', refresh_token: identityToken }));
                }
                else if (grant === 'password') {
                    res = await (0,http/* sendRaw */.d3)('POST', new URL(realm), formHeaders, form({ grant_type: 'password', username: credentials.username, password: credentials.password }));
                }
                else {
                    const headers = { 'User-Agent': this.userAgent };
                    if (credentials)
                        headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
                    res = await (0,http/* sendRaw */.d3)('GET', url, headers);
                }
                if (res.status === 200)
                    return (0,http/* readBody */.x8)(res);
                const text = await (0,http/* drainText */.m7)(res);
                if (grant === 'get' && credentials && (res.status === 404 || res.status === 405)) {
                    grant = 'password';
                    continue;
                }
                if ((0,retry/* isRetryableStatus */.PS)(res.status))
                    throw new retry/* RetryableError */.dw(`token server ${url.host} answered ${res.status}`, (0,retry/* parseRetryAfter */.mu)(res.headers['retry-after']));
                const detail = (0,errors/* describeErrorBody */.u)(this.scrub(text)).text;
                if (res.status === 401 || res.status === 403) {
                    throw new errors/* RegistryError */.g(this.registry, 'authenticate', `the token server ${url.host} refused the credentials (${res.status}${detail ? `: ${detail}` : ''}); ${describeCredentialSource(source)}`, { status: res.status });
                }
                throw new errors/* RegistryError */.g(this.registry, 'authenticate', `the token server ${url.host} answered ${res.status}${detail ? `: ${detail}` : ''}`, { status: res.status });
            }
        }).catch((err) => {
            if (err instanceof errors/* RegistryError */.g)
                throw err;
            throw new errors/* RegistryError */.g(this.registry, 'authenticate', `the token server ${url.host}: ${this.scrub((0,retry/* gaveUp */.ly)(err, `the token server ${url.host}`))}`, { cause: err });
        });
        let parsed;
        try {
            parsed = JSON.parse(body.toString('utf8'));
        }
        catch {
            throw new errors/* RegistryError */.g(this.registry, 'authenticate', `the token server ${url.host} did not answer JSON`);
        }
        const token = parsed.token ?? parsed.access_token;
        if (!token)
            throw new errors/* RegistryError */.g(this.registry, 'authenticate', `the token server ${url.host} answered without a token`);
        this.remember(token);
        if (parsed.refresh_token)
            this.remember(parsed.refresh_token);
        const lifetimeMs = Math.max(30, parsed.expires_in ?? 60) * 1000;
        // Refresh a little early so a long upload does not start with a token about to expire.
        this.tokens.set(scopes.join(' '), { token, expiresAt: Date.now() + lifetimeMs - 10_000 });
        this.logger.debug(`registry ${this.registry}: got a token for ${scopes.join(' ')}`);
        return token;
    }
}


/***/ }),

/***/ 532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cg: () => (/* binding */ openUpload),
/* harmony export */   PM: () => (/* binding */ uploadBlob),
/* harmony export */   wM: () => (/* binding */ cancelUpload)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6764);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58851);


/** Opens an upload session for a blob still being made; a failure only means the later upload opens its own. */
function openUpload(session, repo, scopes) {
    return session
        .attempt({ operation: 'POST blob upload (opened ahead)', method: 'POST', path: `/v2/${repo}/blobs/uploads/`, scopes, accept: [202] })
        .then(async (res) => {
        await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .drainText */ .m7)(res);
        return (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValue */ .Z)(res, 'location');
    })
        .catch(() => undefined);
}
/** Cancels an upload session nothing will complete (best effort: registries also expire them). */
async function cancelUpload(session, location, scopes) {
    await session
        .attempt({ operation: 'cancel upload', method: 'DELETE', path: session.url(location).toString(), scopes, accept: [400, 404, 405] })
        .then(_http_js__WEBPACK_IMPORTED_MODULE_1__/* .drainText */ .m7, () => { });
}
async function putToSession(session, location, blob, scopes) {
    const url = session.url(location);
    url.searchParams.set('digest', blob.descriptor.digest);
    const res = await session.attempt({ operation: `PUT blob ${blob.descriptor.digest}`, method: 'PUT', path: url.toString(), scopes, headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes });
    await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .drainText */ .m7)(res);
}
/** Registries that answered a monolithic `POST ?digest=` with 202 (distribution): they get `POST` then `PUT`, the bytes sent once. */
const noMonolithicPost = new WeakSet();
/**
 * Uploads one blob: into the session opened ahead when there is one (one request), else a monolithic
 * POST with `?digest=` where the registry takes it (201), else the PUT to the session it opened (202);
 * retried as a whole.
 */
async function uploadBlob(session, repo, blob, scopes, opened) {
    const { digest } = blob.descriptor;
    const ahead = opened && (await opened);
    if (ahead) {
        try {
            return await putToSession(session, ahead, blob, scopes);
        }
        catch {
            // the session may have expired or been refused: start over below
        }
    }
    await session.retrying(`upload blob ${digest}`, async () => {
        const monolithic = !noMonolithicPost.has(session);
        const posted = await session.attempt({
            operation: `POST blob ${digest}`,
            method: 'POST',
            path: `/v2/${repo}/blobs/uploads/${monolithic ? `?digest=${encodeURIComponent(digest)}` : ''}`,
            scopes,
            ...(monolithic && { headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes }),
            accept: [201, 202],
        });
        await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .drainText */ .m7)(posted);
        if (posted.status === 201)
            return;
        if (monolithic)
            noMonolithicPost.add(session);
        const location = (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValue */ .Z)(posted, 'location');
        if (!location)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .g(session.registry, 'POST blob upload', `answered ${posted.status} without a Location`);
        await putToSession(session, location, blob, scopes);
    });
}


/***/ }),

/***/ 6764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ RegistryError),
/* harmony export */   u: () => (/* binding */ describeErrorBody)
/* harmony export */ });
/** A failed registry operation. The message names the registry and the operation, never a secret. */
class RegistryError extends Error {
    registry;
    operation;
    status;
    /** The OCI error code from the response body (e.g. `MANIFEST_UNKNOWN`), when the registry sent one. */
    code;
    constructor(registry, operation, message, opts = {}) {
        super(`registry ${registry}: ${operation}: ${message}`, opts.cause !== undefined ? { cause: opts.cause } : undefined);
        this.name = 'RegistryError';
        this.registry = registry;
        this.operation = operation;
        if (opts.status !== undefined)
            this.status = opts.status;
        if (opts.code !== undefined)
            this.code = opts.code;
    }
}
/** Summarises an OCI error body (`{"errors":[{"code","message"}]}`) for an error message. */
function describeErrorBody(body) {
    try {
        const parsed = JSON.parse(body);
        const first = parsed.errors?.[0];
        if (first) {
            const text = parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
            return { ...(first.code !== undefined && { code: first.code }), text: text.slice(0, 300) };
        }
    }
    catch {
        // not JSON: fall through
    }
    return { text: body.replace(/\s+/g, ' ').trim().slice(0, 200) };
}


/***/ }),

/***/ 58851:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ headerValue),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   d3: () => (/* binding */ sendRaw),
/* harmony export */   m7: () => (/* binding */ drainText),
/* harmony export */   x8: () => (/* binding */ readBody)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _bounds_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80186);



const agents = {
    http: new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent({ keepAlive: true, maxSockets: 16 }),
};
const timeoutError = (message) => Object.assign(new Error(message), { code: 'ETIMEDOUT' });
/** Hosts Docker talks plain HTTP to without being told: localhost, 127.0.0.0/8, ::1. */
function isLoopbackHost(host) {
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
/** Sends one HTTP request; resolves when the response head arrives. Status codes are not errors here. */
function sendRaw(method, url, headers, body) {
    return new Promise((resolve, reject) => {
        const isHttps = url.protocol === 'https:';
        const outgoing = { ...headers };
        if (body !== undefined)
            outgoing['Content-Length'] = String(body.length);
        const { waitMs } = (0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .peerBounds */ .ML)();
        const req = (isHttps ? node_https__WEBPACK_IMPORTED_MODULE_1__ : node_http__WEBPACK_IMPORTED_MODULE_0__).request(url, { method, headers: outgoing, agent: isHttps ? agents.https : agents.http });
        // Silence (no byte either way) for one peer wait ends the attempt; so does a response head that has not
        // fully arrived one peer wait after the request was sent (a peer trickling bytes never goes silent).
        req.setTimeout(waitMs, () => req.destroy(timeoutError(`${method} ${url.host}${url.pathname}: no data for ${(0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .YA)(waitMs)}`)));
        let headTimer;
        req.on('finish', () => {
            headTimer = setTimeout(() => req.destroy(timeoutError(`${method} ${url.host}${url.pathname}: no complete response head within ${(0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .YA)(waitMs)}`)), waitMs);
        });
        req.on('close', () => clearTimeout(headTimer));
        req.on('error', (e) => {
            clearTimeout(headTimer);
            reject(e);
        });
        req.on('response', (res) => {
            clearTimeout(headTimer);
            res.on('error', () => { }); // surfaced to whoever reads the stream
            resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res });
        });
        if (body === undefined) {
            req.end();
        }
        else if (Buffer.isBuffer(body)) {
            req.end(body);
        }
        else {
            const source = body.open();
            source.on('error', (err) => req.destroy(err));
            if (body.onBytes)
                source.on('data', (chunk) => body.onBytes(chunk.length));
            req.on('close', () => source.destroy());
            source.pipe(req);
        }
    });
}
/** A whole (manifest, token, error) body in memory: bounded in size, and in time (a registry's total bound). */
async function readBody(res, limit = 16 * 1024 * 1024) {
    const chunks = [];
    let total = 0;
    const { registryTotalMs } = (0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .peerBounds */ .ML)();
    const timer = setTimeout(() => res.stream.destroy(timeoutError(`response body not complete within ${(0,_bounds_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .YA)(registryTotalMs)}`)), registryTotalMs);
    try {
        for await (const chunk of res.stream) {
            total += chunk.length;
            if (total > limit) {
                res.stream.destroy();
                throw new Error(`response body over ${limit} bytes`);
            }
            chunks.push(chunk);
        }
    }
    finally {
        clearTimeout(timer);
    }
    return Buffer.concat(chunks);
}
/** Reads and discards a response body so the connection can be reused; returns it as text (bounded). */
async function drainText(res) {
    try {
        return (await readBody(res, 1024 * 1024)).toString('utf8');
    }
    catch {
        return '';
    }
}
function headerValue(res, name) {
    const v = res.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
}


/***/ }),

/***/ 86633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bP: () => (/* reexport */ RegistryClient),
  N3: () => (/* reexport */ credentialsFromDockerConfig),
  Lw: () => (/* reexport */ defaultDockerConfigPath),
  C: () => (/* reexport */ layoutImage)
});

// UNUSED EXPORTS: MANIFEST_ACCEPT, RegistryError, registryHost

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/registry/auth.ts + 1 modules
var registry_auth = __webpack_require__(38403);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/registry/credentials.ts




const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
function defaultDockerConfigPath(env = process.env) {
    return external_node_path_.join(env.DOCKER_CONFIG ?? external_node_path_.join(external_node_os_.homedir(), '.docker'), 'config.json');
}
/** `https://host:port/v1/` → `host:port`, the form config.json keys are matched by (as Docker does). */
function normalizeConfigKey(key) {
    let host = key.replace(/^[a-z]+:\/\//i, '');
    host = host.split('/')[0].toLowerCase();
    return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}
/** The server URL a credential helper expects on stdin for a registry host. */
function helperServerUrl(registry) {
    return DOCKER_HUB_HOSTS.has(registry) ? DOCKER_HUB_CONFIG_KEY : registry;
}
const HELPER_TIMEOUT_MS = 30_000;
/** Runs `docker-credential-<helper> get`; undefined when the helper knows no credentials for the server. */
async function runCredentialHelper(helper, serverUrl) {
    const program = `docker-credential-${helper}`;
    // A helper is a program looked up on PATH: a name with a slash would run a file by path instead.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
        throw new Error(`the Docker config names the credential helper ${JSON.stringify(helper).slice(0, 100)}, which is not a helper name (letters, digits, . _ -)`);
    }
    // silent: a helper's stdout carries the secret and must never reach the log
    // loaded only when a helper runs: most runs have none, and a fingerprint hit should not pay for the module
    const { getExecOutput } = await __webpack_require__.e(/* import() */ 955).then(__webpack_require__.bind(__webpack_require__, 41955));
    // Through sh, not @actions/exec's `input`: that writes stdin with no error listener, so a helper that exits
    // without reading it (a broken one) raised an uncaught EPIPE that crashed the whole action.
    const script = 'command -v "$0" >/dev/null 2>&1 || { echo "not found on PATH" >&2; exit 127; }; printf %s "$1" | "$0" get';
    const run = getExecOutput('/bin/sh', ['-c', script, program, serverUrl], { silent: true, ignoreReturnCode: true }).catch((err) => {
        throw new Error(`${program} get failed for ${serverUrl}: ${err.message}`);
    });
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${program} get did not answer for ${serverUrl} within ${HELPER_TIMEOUT_MS / 1000} s`)), HELPER_TIMEOUT_MS);
        timer.unref();
    });
    const { exitCode, stdout, stderr } = await Promise.race([run, timeout]).finally(() => clearTimeout(timer));
    if (exitCode !== 0) {
        if (/credentials not found/i.test(`${stdout}${stderr}`))
            return undefined;
        // Never include stdout: a helper may have printed a secret before failing.
        throw new Error(`${program} get failed for ${serverUrl}: ${(0,log/* peerText */.qT)(stderr.trim(), 200) || `exit code ${exitCode}`}`);
    }
    let parsed;
    try {
        parsed = JSON.parse(stdout);
    }
    catch {
        throw new Error(`${program} get returned output that is not JSON for ${serverUrl}`);
    }
    if (!parsed.Secret)
        return undefined;
    return { username: parsed.Username ?? '', password: parsed.Secret };
}
/**
 * Credentials for a registry host from a Docker config file, as the docker CLI resolves them:
 * `credHelpers[host]`, else `credsStore`, else the `auths` entry (base64 `auth` or username/password).
 * An identity token is returned with username `<token>` (Docker's convention).
 */
async function credentialsFromDockerConfig(registry, configPath) {
    let config;
    try {
        config = JSON.parse(await (0,promises_.readFile)(configPath, 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw new Error(`cannot read Docker config ${configPath}: ${err.message}`);
    }
    const wanted = normalizeConfigKey(registry);
    const helperFor = Object.entries(config.credHelpers ?? {}).find(([key]) => normalizeConfigKey(key) === wanted)?.[1];
    for (const helper of [helperFor, config.credsStore]) {
        if (!helper)
            continue;
        const found = await runCredentialHelper(helper, helperServerUrl(wanted));
        if (found)
            return { credentials: found, source: { kind: 'docker-config', path: configPath, via: `docker-credential-${helper}` } };
    }
    const entry = Object.entries(config.auths ?? {}).find(([key]) => normalizeConfigKey(key) === wanted)?.[1];
    if (!entry)
        return undefined;
    const source = { kind: 'docker-config', path: configPath, via: 'auths' };
    if (entry.identitytoken)
        return { credentials: { username: '<token>', password: entry.identitytoken }, source };
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new Error(`Docker config ${configPath}: the auths entry for ${wanted} is not base64 "user:password"`);
        return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, source };
    }
    if (entry.username && entry.password)
        return { credentials: { username: entry.username, password: entry.password }, source };
    return undefined;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
// EXTERNAL MODULE: ./src/registry/retry.ts
var registry_retry = __webpack_require__(41521);
;// CONCATENATED MODULE: ./src/registry/fetch-blob.ts






const MAX_REDIRECTS = 5;
/** Passes bytes through and fails at the end when their sha256 is not `expected`. */
class DigestVerifier extends oci_digest/* HashingStream */.$K {
    expected;
    label;
    constructor(expected, label) {
        super();
        this.expected = expected;
        this.label = label;
    }
    _flush(cb) {
        const actual = this.digest();
        cb(actual === this.expected ? null : new Error(`${this.label}: content is ${actual}, expected ${this.expected}`));
    }
}
/** GETs a blob from `offset`, following redirects (credentials go to the registry's host only). */
async function openBlob(session, repository, digest, offset) {
    const operation = `GET blob ${digest} from ${repository}`;
    let path = `/v2/${repository}/blobs/${digest}`;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const res = await session.request({
            operation,
            method: 'GET',
            path,
            scopes: [(0,registry_auth/* pullScope */.iH)(repository)],
            accept: [301, 302, 303, 307, 308],
            ...(offset > 0 && { headers: { Range: `bytes=${offset}-` } }),
        });
        if (res.status < 300)
            return res;
        await (0,http/* drainText */.m7)(res);
        const location = (0,http/* headerValue */.Z)(res, 'location');
        if (!location)
            throw new errors/* RegistryError */.g(session.registry, operation, `redirect ${res.status} without a Location`);
        path = new URL(location, session.url(path)).toString();
    }
    throw new errors/* RegistryError */.g(session.registry, operation, `more than ${MAX_REDIRECTS} redirects`);
}
/**
 * Streams a blob. The first request happens before this resolves (so a missing blob rejects here); a
 * connection lost mid-body resumes with a Range request from where it stopped (or skips what it already
 * has when the server ignores Range). The stream errors at its end when the sha256 is not `digest`.
 */
async function fetchBlob(session, repository, digest) {
    const label = `registry ${session.registry}: GET blob ${digest} from ${repository}`;
    const first = await openBlob(session, repository, digest, 0);
    async function* body() {
        let res = first;
        let offset = 0;
        for (let attempt = 1;; attempt++) {
            let skip = res.status === 206 ? 0 : offset;
            try {
                for await (const chunk of res.stream) {
                    let data = chunk;
                    if (skip > 0) {
                        const dropped = Math.min(skip, data.length);
                        data = data.subarray(dropped);
                        skip -= dropped;
                        if (data.length === 0)
                            continue;
                    }
                    offset += data.length;
                    yield data;
                }
                return;
            }
            catch (err) {
                if (!(0,registry_retry/* isRetryableNetworkError */.Hr)(err) || attempt >= session.retry.attempts) {
                    throw new errors/* RegistryError */.g(session.registry, `GET blob ${digest} from ${repository}`, `${err.message} after ${offset} bytes`, { cause: err });
                }
                const delay = (0,registry_retry/* backoffDelay */.EY)(session.retry, attempt);
                session.logger.info(`${label}: ${err.message} after ${offset} bytes; resuming in ${(delay / 1000).toFixed(1)}s`);
                await new Promise((r) => setTimeout(r, delay));
                res = await openBlob(session, repository, digest, offset);
            }
        }
    }
    const verifier = new DigestVerifier(digest, label);
    (0,external_node_stream_.pipeline)(external_node_stream_.Readable.from(body()), verifier, () => {
        // pipeline destroys the verifier with the error; its reader sees it.
    });
    return verifier;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/oci/layout.ts
var layout = __webpack_require__(25823);
;// CONCATENATED MODULE: ./src/oci/layout-reader.ts




/**
 * Reads an OCI image layout on disk with the same pull surface as a registry (getManifest by tag or
 * digest, fetchBlob). The repository argument is ignored: a layout is one repository.
 */
class LayoutReader {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    async index() {
        const file = external_node_path_.join(this.dir, 'index.json');
        let text;
        try {
            text = await external_node_fs_.promises.readFile(file, 'utf8');
        }
        catch (e) {
            throw new Error(`${this.dir} is not an OCI layout (cannot read index.json: ${e.message})`);
        }
        return JSON.parse(text);
    }
    /** index.json entries by their ref.name annotation. */
    async tags() {
        return (await this.index()).manifests.map((m) => m.annotations?.[layout/* REF_NAME_ANNOTATION */.EP]).filter((t) => !!t);
    }
    async getManifest(_repository, reference) {
        const index = await this.index();
        const entry = oci_digest/* DIGEST_PATTERN */.WA.test(reference)
            ? { digest: reference, mediaType: undefined }
            : index.manifests.find((m) => m.annotations?.[layout/* REF_NAME_ANNOTATION */.EP] === reference);
        if (!entry) {
            throw new Error(`tag "${reference}" not found in OCI layout ${this.dir} (tags: ${(await this.tags()).join(', ') || 'none'})`);
        }
        let body;
        try {
            body = await external_node_fs_.promises.readFile((0,layout/* blobPath */.nD)(this.dir, entry.digest));
        }
        catch {
            throw new Error(`manifest ${entry.digest} not found in OCI layout ${this.dir}`);
        }
        const digest = (0,oci_digest/* sha256Digest */.sI)(body);
        if (digest !== entry.digest)
            throw new Error(`blob ${entry.digest} in ${this.dir} is corrupt (its content hashes to ${digest})`);
        const mediaType = entry.mediaType ?? JSON.parse(body.toString('utf8')).mediaType ?? '';
        return { digest, mediaType, body };
    }
    async fetchBlob(_repository, digest) {
        const file = (0,layout/* blobPath */.nD)(this.dir, digest);
        await external_node_fs_.promises.access(file).catch(() => {
            throw new Error(`blob ${digest} not found in OCI layout ${this.dir}`);
        });
        return (0,external_node_fs_.createReadStream)(file);
    }
}

// EXTERNAL MODULE: ./src/oci/platform.ts
var platform = __webpack_require__(1890);
;// CONCATENATED MODULE: ./src/registry/pushable-image.ts






async function readVerifiedBlob(layoutDir, descriptor, what) {
    let body;
    try {
        body = await external_node_fs_.promises.readFile((0,layout/* blobPath */.nD)(layoutDir, descriptor.digest));
    }
    catch (e) {
        throw new Error(`${what} ${descriptor.digest} is missing from the OCI layout ${layoutDir}`, { cause: e });
    }
    const actual = (0,oci_digest/* sha256Digest */.sI)(body);
    if (actual !== descriptor.digest)
        throw new Error(`${what} ${descriptor.digest} in ${layoutDir} is corrupt (its content hashes to ${actual})`);
    return body;
}
/** The image an OCI layout's index.json names first (an index with its platform manifests, or one manifest). */
async function layoutImage(layoutDir) {
    const top = (await new LayoutReader(layoutDir).index()).manifests[0];
    if (!top)
        throw new Error(`the OCI layout ${layoutDir} has no manifests in index.json`);
    const body = await readVerifiedBlob(layoutDir, top, 'index');
    const mediaType = top.mediaType || JSON.parse(body.toString('utf8')).mediaType;
    const manifests = [];
    if ((0,media_types/* isIndexMediaType */.$$)(mediaType)) {
        const index = JSON.parse(body.toString('utf8'));
        for (const child of index.manifests) {
            if (!(0,media_types/* isManifestMediaType */.CM)(child.mediaType))
                throw new Error(`the index in ${layoutDir} refers to ${child.digest} of type ${child.mediaType}; only image manifests are supported`);
        }
        const labelOf = (child) => (child.platform ? (0,platform/* platformKey */.Ng)(child.platform) : 'unknown');
        const bodies = await Promise.all(index.manifests.map((child) => readVerifiedBlob(layoutDir, child, `manifest (${labelOf(child)})`)));
        index.manifests.forEach((child, i) => manifests.push({ descriptor: child, body: bodies[i], label: labelOf(child) }));
    }
    return {
        where: `the OCI layout ${layoutDir}`,
        root: { descriptor: { ...top, mediaType }, body, label: (0,media_types/* isIndexMediaType */.$$)(mediaType) ? 'index' : 'image' },
        manifests,
        hasBlob: (digest) => external_node_fs_.promises.access((0,layout/* blobPath */.nD)(layoutDir, digest)).then(() => true, () => false),
        openBlob: (digest) => (0,external_node_fs_.createReadStream)((0,layout/* blobPath */.nD)(layoutDir, digest), { highWaterMark: 1024 * 1024 }),
    };
}

// EXTERNAL MODULE: ./src/registry/manifest-put.ts
var manifest_put = __webpack_require__(13014);
// EXTERNAL MODULE: ./src/registry/blob-upload.ts
var blob_upload = __webpack_require__(532);
;// CONCATENATED MODULE: ./src/registry/push.ts





/** Blobs over this size get progress lines. */
const PROGRESS_THRESHOLD = 4 * 1024 * 1024;
/** Keeps `repo` entries and same-registry `host/repo` entries; a repository on another registry can never be mounted from. */
function mountSources(registry, repository, mountFrom) {
    const sources = new Set();
    for (const entry of mountFrom) {
        const parts = entry.toLowerCase().split('/');
        const first = parts[0];
        const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
        if (hasHost && first !== registry.toLowerCase())
            continue;
        const repo = hasHost ? parts.slice(1).join('/') : parts.join('/');
        if (repo && repo !== repository)
            sources.add(repo);
    }
    return [...sources];
}
/** Runs `fn` over `items` with at most `limit` at once; the first failure rejects (the others finish first). */
async function forEachLimited(items, limit, fn) {
    let next = 0;
    const errors = [];
    const worker = async () => {
        while (next < items.length && errors.length === 0) {
            const item = items[next++];
            try {
                await fn(item);
            }
            catch (err) {
                errors.push(err);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (errors.length > 0)
        throw errors[0];
}
/**
 * Pushes an image the way go-containerregistry's remote.Write does: every blob HEADed first and
 * skipped when present, mounted from a same-registry source when possible, else uploaded monolithically
 * (POST, then PUT with Content-Length, streamed from the source); manifests after their blobs; the root
 * last, with all tags.
 */
async function pushImage(target, source, repository, opts) {
    const session = target.session;
    const registry = target.registry;
    const logger = session.logger;
    const started = Date.now();
    const top = source.root.descriptor;
    const topMediaType = top.mediaType;
    const topBody = source.root.body;
    const manifests = source.manifests;
    const blobs = new Map();
    const withBlobs = manifests.length > 0 ? manifests : [source.root];
    for (const m of withBlobs) {
        const parsed = JSON.parse(m.body.toString('utf8'));
        if (parsed.config && !blobs.has(parsed.config.digest))
            blobs.set(parsed.config.digest, { descriptor: parsed.config, label: `config of ${m.label}` });
        (parsed.layers ?? []).forEach((layer, i) => {
            if (!blobs.has(layer.digest))
                blobs.set(layer.digest, { descriptor: layer, label: `layer ${i + 1} of ${m.label}` });
        });
    }
    const sources = mountSources(registry, repository, opts.mountFrom ?? []);
    const scopes = [(0,registry_auth/* pushScope */.Xu)(repository), ...sources.map(registry_auth/* pullScope */.iH)];
    const stats = { pushed: 0, mounted: 0, skipped: 0, bytesSent: 0 };
    const exists = (digest) => target.blobExists(repository, digest, scopes);
    /** PUTs the blob into an upload session; one attempt, no retry. */
    const putInto = async (location, descriptor) => {
        const url = session.url(location);
        url.searchParams.set('digest', descriptor.digest);
        let sent = 0;
        let nextReport = 0.25;
        const big = descriptor.size > PROGRESS_THRESHOLD;
        const res = await session.attempt({
            operation: `PUT blob ${descriptor.digest}`,
            method: 'PUT',
            path: url.toString(),
            scopes,
            headers: { 'Content-Type': 'application/octet-stream' },
            body: {
                length: descriptor.size,
                open: () => source.openBlob(descriptor.digest),
                onBytes: (n) => {
                    sent += n;
                    stats.bytesSent += n;
                    opts.onProgress?.({ digest: descriptor.digest, size: descriptor.size, bytesSent: sent });
                    if (big && sent / descriptor.size >= nextReport && sent < descriptor.size) {
                        logger.info(`  ${descriptor.digest.slice(7, 19)}: ${Math.floor((sent / descriptor.size) * 100)}% of ${(descriptor.size / 1048576).toFixed(1)} MB`);
                        nextReport += 0.25;
                    }
                },
            },
        });
        await (0,http/* drainText */.m7)(res);
    };
    const startUpload = async (query = '') => session.attempt({ operation: `POST blob upload${query ? ' (mount)' : ''}`, method: 'POST', path: `/v2/${repository}/blobs/uploads/${query}`, scopes, accept: [201, 202] });
    const locationOf = (res, operation) => {
        const location = (0,http/* headerValue */.Z)(res, 'location');
        if (!location)
            throw new errors/* RegistryError */.g(registry, operation, `upload session answered ${res.status} without a Location`);
        return location;
    };
    const ensureBlob = async ({ descriptor, label }) => {
        const { digest } = descriptor;
        if (await exists(digest)) {
            stats.skipped++;
            return;
        }
        const local = await source.hasBlob(digest);
        for (const from of sources) {
            try {
                const res = await startUpload(`?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`);
                await (0,http/* drainText */.m7)(res);
                if (res.status === 201) {
                    stats.mounted++;
                    logger.debug(`mounted ${digest} from ${from}`);
                    return;
                }
                const location = locationOf(res, 'mount');
                if (local) {
                    await putInto(location, descriptor);
                    stats.pushed++;
                    return;
                }
                await (0,blob_upload/* cancelUpload */.wM)(session, location, scopes);
            }
            catch (err) {
                // A refused or broken mount is not fatal (Docker Hub and others): upload instead.
                logger.debug(`mount of ${digest} from ${from} failed (${err.message}); uploading instead`);
            }
        }
        if (!local) {
            const where = [`${registry}/${repository}`, ...sources.map((s) => `${registry}/${s}`)].join(', ');
            throw new errors/* RegistryError */.g(registry, `push ${label}`, `blob ${digest} is not in ${source.where} and none of ${where} has it`);
        }
        await session.retrying(`upload ${label} (${digest})`, async (attempt) => {
            // A retried upload restarts cleanly with a new session; the failed try may have completed it.
            if (attempt > 1 && (await exists(digest)))
                return;
            const res = await startUpload();
            await (0,http/* drainText */.m7)(res);
            await putInto(locationOf(res, `POST blob upload`), descriptor);
        });
        stats.pushed++;
    };
    await session.ping();
    await forEachLimited([...blobs.values()], target.concurrency, ensureBlob);
    const putMissing = async (m) => {
        if ((await target.headManifest(repository, m.descriptor.digest, scopes)) === undefined) {
            await (0,manifest_put/* putManifest */.R)(session, repository, m.descriptor.digest, { mediaType: m.descriptor.mediaType, body: m.body }, scopes);
        }
    };
    await forEachLimited(manifests, target.concurrency, putMissing);
    const tags = [...new Set(opts.tags)];
    await (0,manifest_put/* putWithTags */.p)(session, repository, { digest: top.digest, mediaType: topMediaType, body: topBody }, tags, scopes);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    logger.info(`pushed ${registry}/${repository}@${top.digest} in ${seconds}s: blobs ${stats.pushed} pushed, ${stats.mounted} mounted, ${stats.skipped} skipped; ${(stats.bytesSent / 1048576).toFixed(2)} MB sent`);
    return {
        digest: top.digest,
        mediaType: topMediaType,
        manifests: manifests.map((m) => ({ platform: m.label, digest: m.descriptor.digest })),
        tags,
        blobs: stats,
    };
}

;// CONCATENATED MODULE: ./src/registry/session.ts





/** Authenticated, retried requests against one registry. */
class RegistrySession {
    registry;
    host;
    auth;
    logger;
    retry;
    userAgent;
    baseUrl;
    constructor(registry, host, insecure, auth, logger, retry, userAgent) {
        this.registry = registry;
        this.host = host;
        this.auth = auth;
        this.logger = logger;
        this.retry = retry;
        this.userAgent = userAgent;
        const plain = (0,http/* isLoopbackHost */.cW)(host) || insecure.some((h) => h.toLowerCase() === host.toLowerCase());
        this.baseUrl = new URL(`${plain ? 'http' : 'https'}://${host}`);
    }
    url(path) {
        return new URL(path, this.baseUrl);
    }
    /** One request with retries on network errors, 429 and 5xx; a body factory is reopened per attempt. */
    request(req) {
        return this.retrying(req.operation, () => this.attempt(req));
    }
    /** Runs `fn` under the retry policy; what still fails becomes a RegistryError naming the operation. */
    async retrying(operation, fn) {
        try {
            return await (0,registry_retry/* withRetry */.bD)(this.retry, fn, (err, attempt, delay) => this.logger.info(`registry ${this.registry}: ${operation}: ${(0,log/* peerText */.qT)(err.message, 500)}; retry ${attempt}/${this.retry.attempts - 1} in ${(delay / 1000).toFixed(1)}s`));
        }
        catch (err) {
            if (err instanceof errors/* RegistryError */.g)
                throw err;
            throw new errors/* RegistryError */.g(this.registry, operation, (0,registry_retry/* gaveUp */.ly)(err), { cause: err });
        }
    }
    /**
     * `GET /v2/` once to learn how the registry authenticates, so concurrent requests that follow
     * authenticate up front instead of each collecting a 401 first.
     */
    async ping() {
        if (this.auth.knowsChallenge)
            return;
        const res = await this.retrying('GET /v2/ (ping)', async () => {
            const r = await (0,http/* sendRaw */.d3)('GET', this.url('/v2/'), { 'User-Agent': this.userAgent });
            if ((0,registry_retry/* isRetryableStatus */.PS)(r.status)) {
                await (0,http/* drainText */.m7)(r);
                throw new registry_retry/* RetryableError */.dw(`GET /v2/ answered ${r.status}`, (0,registry_retry/* parseRetryAfter */.mu)((0,http/* headerValue */.Z)(r, 'retry-after')));
            }
            return r;
        });
        await (0,http/* drainText */.m7)(res);
        if (res.status === 401)
            this.auth.learn(res.headers['www-authenticate']);
    }
    /** One attempt, answering at most one auth challenge. Does not retry by itself. */
    async attempt(req) {
        const url = this.url(req.path);
        const headers = { 'User-Agent': this.userAgent, ...req.headers };
        const sameHost = url.host === this.baseUrl.host;
        const authorization = sameHost ? await this.auth.header(req.scopes) : undefined;
        if (authorization)
            headers.Authorization = authorization;
        let res = await (0,http/* sendRaw */.d3)(req.method, url, headers, req.body);
        if (res.status === 401 && sameHost) {
            await (0,http/* drainText */.m7)(res);
            const retryWith = await this.auth.onUnauthorized(res.headers['www-authenticate'], req.scopes, authorization);
            if (retryWith && retryWith !== authorization) {
                res = await (0,http/* sendRaw */.d3)(req.method, url, { ...headers, Authorization: retryWith }, req.body);
            }
            else if (!retryWith) {
                const { source } = await this.auth.credentials();
                throw new errors/* RegistryError */.g(this.registry, req.operation, `authentication required (401); ${(0,registry_auth/* describeCredentialSource */.C4)(source)}`, { status: 401 });
            }
        }
        return this.check(req, res);
    }
    async check(req, res) {
        if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status))
            return res;
        const text = this.auth.scrub(await (0,http/* drainText */.m7)(res));
        if ((0,registry_retry/* isRetryableStatus */.PS)(res.status)) {
            throw new registry_retry/* RetryableError */.dw(`answered ${res.status}`, (0,registry_retry/* parseRetryAfter */.mu)((0,http/* headerValue */.Z)(res, 'retry-after')));
        }
        const { code, text: detail } = (0,errors/* describeErrorBody */.u)(text);
        let message = `answered ${res.status}${detail ? ` (${detail})` : ''}`;
        if (res.status === 401 || res.status === 403) {
            const { source } = await this.auth.credentials();
            message = `${res.status === 401 ? 'authentication failed' : 'access denied'} (${res.status}${detail ? `: ${detail}` : ''}); ${(0,registry_auth/* describeCredentialSource */.C4)(source)}`;
        }
        throw new errors/* RegistryError */.g(this.registry, req.operation, message, { status: res.status, ...(code !== undefined && { code }) });
    }
}

;// CONCATENATED MODULE: ./src/registry/client.ts













const MANIFEST_ACCEPT = [media_types/* MediaType */.zu.ociIndex, media_types/* MediaType */.zu.dockerManifestList, media_types/* MediaType */.zu.ociManifest, media_types/* MediaType */.zu.dockerManifest].join(', ');
/** Docker Hub is addressed as docker.io in references but served from registry-1.docker.io. */
function registryHost(registry) {
    return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}
/** A client for one OCI distribution registry (pull, push, tag). */
class RegistryClient {
    registry;
    session;
    constructor(registry, opts = {}) {
        this.registry = registry;
        const logger = opts.logger ?? log/* silentLogger */.qq;
        const mask = opts.mask ?? log/* noMask */.gy;
        const retry = { ...(0,registry_retry/* defaultRetry */.iU)(), ...opts.retry };
        const userAgent = opts.userAgent ?? 'shipshape';
        const resolve = async () => {
            if (opts.credentials)
                return { credentials: opts.credentials, source: { kind: 'inputs' } };
            const found = await credentialsFromDockerConfig(registry, opts.dockerConfigPath ?? defaultDockerConfigPath());
            if (found)
                logger.debug(`registry ${registry}: using credentials from ${found.source.kind === 'docker-config' ? `${found.source.path} (${found.source.via})` : 'inputs'}`);
            return found ?? { source: { kind: 'anonymous' } };
        };
        const auth = new registry_auth/* Authenticator */.kD(registry, resolve, logger, mask, retry, userAgent);
        this.session = new RegistrySession(registry, registryHost(registry), opts.insecure ?? [], auth, logger, retry, userAgent);
        this.concurrency = Math.max(1, opts.concurrency ?? 4);
    }
    concurrency;
    /** Fetches a manifest or index; verifies it against `reference` when that is a digest. */
    async getManifest(repository, reference) {
        return (await this.manifestRequest(repository, reference, false));
    }
    /** Like getManifest, in one request; undefined when absent (404, or 403 as Artifactory answers). */
    findManifest(repository, reference) {
        return this.manifestRequest(repository, reference, true);
    }
    async manifestRequest(repository, reference, absentOk) {
        const repo = repository.toLowerCase();
        const operation = `GET manifest ${repo}:${reference}`;
        const res = await this.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${reference}`, scopes: [(0,registry_auth/* pullScope */.iH)(repo)], headers: { Accept: MANIFEST_ACCEPT }, ...(absentOk && { accept: [404, 403] }) });
        if (absentOk && (res.status === 404 || res.status === 403)) {
            await (0,http/* drainText */.m7)(res);
            return undefined;
        }
        const body = await (0,http/* readBody */.x8)(res);
        const digest = (0,oci_digest/* sha256Digest */.sI)(body);
        if (oci_digest/* DIGEST_PATTERN */.WA.test(reference) && digest !== reference) {
            throw new errors/* RegistryError */.g(this.registry, operation, `the manifest content is ${digest}, not the digest asked for`);
        }
        let mediaType = (0,http/* headerValue */.Z)(res, 'content-type')?.split(';')[0].trim();
        try {
            mediaType = JSON.parse(body.toString('utf8')).mediaType ?? mediaType;
        }
        catch {
            throw new errors/* RegistryError */.g(this.registry, operation, 'the manifest is not JSON');
        }
        return { digest, mediaType: mediaType ?? 'application/vnd.oci.image.manifest.v1+json', body };
    }
    /** HEADs a manifest; undefined when absent (404, or 403 as Artifactory answers). */
    async headManifest(repository, reference, scopes) {
        const repo = repository.toLowerCase();
        const res = await this.session.request({ operation: `HEAD manifest ${repo}:${reference}`, method: 'HEAD', path: `/v2/${repo}/manifests/${reference}`, scopes: scopes ?? [(0,registry_auth/* pullScope */.iH)(repo)], headers: { Accept: MANIFEST_ACCEPT }, accept: [404, 403] });
        await (0,http/* drainText */.m7)(res);
        if (res.status === 404 || res.status === 403)
            return undefined;
        const digest = (0,http/* headerValue */.Z)(res, 'docker-content-digest');
        const mediaType = (0,http/* headerValue */.Z)(res, 'content-type')?.split(';')[0].trim();
        // A digest header that is not a digest (a registry's bug, or a hostile one) is never passed on: the GET computes it.
        if (!digest || !oci_digest/* DIGEST_PATTERN */.WA.test(digest) || !mediaType) {
            // Some registries omit the digest on HEAD; the GET computes it.
            const got = await this.getManifest(repo, reference);
            return { digest: got.digest, mediaType: got.mediaType, size: got.body.length };
        }
        return { digest, mediaType, size: Number((0,http/* headerValue */.Z)(res, 'content-length') ?? 0) };
    }
    /** Whether the repository has the blob (404, and Artifactory's 403, mean no). */
    async blobExists(repository, digest, scopes) {
        const repo = repository.toLowerCase();
        const res = await this.session.request({ operation: `HEAD blob ${digest} in ${repo}`, method: 'HEAD', path: `/v2/${repo}/blobs/${digest}`, scopes: scopes ?? [(0,registry_auth/* pullScope */.iH)(repo)], accept: [404, 403] });
        await (0,http/* drainText */.m7)(res);
        return res.status >= 200 && res.status < 300;
    }
    /** Streams a blob (see fetch-blob.ts): redirects followed, resumed after a dropped connection, digest-verified at the end. */
    fetchBlob(repository, digest) {
        return fetchBlob(this.session, repository.toLowerCase(), digest);
    }
    /**
     * Points each tag at an existing manifest (the fingerprint short-circuit): GET it by digest, PUT it back
     * with the tags. Returns the manifest, so the caller need not fetch it again.
     */
    async tagManifest(repository, digest, tags) {
        const repo = repository.toLowerCase();
        const manifest = await this.getManifest(repo, digest);
        await this.putTags(repo, manifest, tags);
        return manifest;
    }
    /** Points each tag at a manifest already fetched (its exact bytes are PUT back). */
    async putTags(repository, manifest, tags) {
        if (tags.length > 0)
            await (0,manifest_put/* putWithTags */.p)(this.session, repository.toLowerCase(), manifest, [...new Set(tags)]);
    }
    /** Pushes an image (blobs → manifests → root with tags → extra manifests). See push.ts. */
    push(source, repository, opts) {
        return pushImage(this, source, repository.toLowerCase(), opts);
    }
    /** Pushes the image an OCI layout's index.json names first. */
    async pushLayout(layoutDir, repository, opts) {
        return this.push(await layoutImage(layoutDir), repository, opts);
    }
}

;// CONCATENATED MODULE: ./src/registry/index.ts






/***/ }),

/***/ 13014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ putManifest),
/* harmony export */   p: () => (/* binding */ putWithTags)
/* harmony export */ });
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38403);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58851);


async function putManifest(session, repository, reference, manifest, scopes, query = '') {
    const res = await session.request({
        operation: `PUT manifest ${repository}:${reference}`,
        method: 'PUT',
        path: `/v2/${repository}/manifests/${reference}${query}`,
        scopes,
        headers: { 'Content-Type': manifest.mediaType },
        body: manifest.body,
    });
    await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .drainText */ .m7)(res);
    return res;
}
/**
 * PUTs a manifest by digest with all tags in one request where the registry supports OCI's `?tag=`
 * (it then names the tags it applied in OCI-Tag), else one PUT per tag.
 */
async function putWithTags(session, repository, manifest, tags, scopes = [(0,_auth_js__WEBPACK_IMPORTED_MODULE_0__/* .pushScope */ .Xu)(repository)]) {
    const query = tags.length > 0 ? `?${tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&')}` : '';
    const res = await putManifest(session, repository, manifest.digest, manifest, scopes, query);
    const applied = new Set(((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .headerValue */ .Z)(res, 'oci-tag') ?? '').split(',').map((t) => t.trim()));
    for (const tag of tags)
        if (!applied.has(tag))
            await putManifest(session, repository, tag, manifest, scopes);
}


/***/ }),

/***/ 66706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vO: () => (/* binding */ attachReferrer),
  Gw: () => (/* binding */ cancelArtifactUpload),
  xt: () => (/* binding */ listReferrers),
  "in": () => (/* binding */ openArtifactUpload)
});

// UNUSED EXPORTS: referrersTag

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/registry/auth.ts + 1 modules
var auth = __webpack_require__(38403);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/blob-upload.ts
var blob_upload = __webpack_require__(532);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
// EXTERNAL MODULE: ./src/registry/manifest-put.ts
var manifest_put = __webpack_require__(13014);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
;// CONCATENATED MODULE: ./src/registry/referrers-tag.ts
/**
 * Reading the referrers tag schema's `<alg>-<hex>` tag (distribution-spec v1.1.1, "Referrers Tag
 * Schema"), and the guard on what it holds. Some registries do not keep that tag as a tag: GitLab's
 * reads `sha256-<hex>` as the digest `sha256:<hex>` and answers with the subject itself
 * (oras-project/oras-go#1396), so an image index's own platform manifests would pass for its referrers
 * and be pushed back with ours. The spec has a client treat a tag that is not a valid image index as
 * no referrers; here "valid" means a referrers list of this subject: not the subject itself, an OCI
 * image index, every entry a descriptor with the artifactType a referrer's entry carries (platform
 * manifests have none) and none the subject. Anything else is `foreign`: read as empty, never written.
 */





/** `sha256:abc…` → `sha256-abc…` (the hex part cut at 64 characters, as the schema says). */
function referrersTag(digest) {
    const [alg, hex] = digest.split(':');
    return `${alg}-${hex.slice(0, 64)}`;
}
const emptyIndex = () => ({ schemaVersion: 2, mediaType: media_types/* MediaType */.zu.ociIndex, manifests: [] });
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Why `value` is not a referrers list of `subject`, or undefined when it is one. */
function referrersIndexProblem(value, subject) {
    if (!isObject(value))
        return 'holds JSON that is not an object';
    if (value.mediaType !== media_types/* MediaType */.zu.ociIndex)
        return `holds ${typeof value.mediaType === 'string' ? (0,log/* peerText */.qT)(value.mediaType, 100) : 'a manifest without mediaType'}, not an OCI image index`;
    if (!Array.isArray(value.manifests))
        return 'holds an image index without a manifests list';
    for (const entry of value.manifests) {
        if (!isObject(entry) || typeof entry.digest !== 'string')
            return 'lists an entry that is not a descriptor';
        const digest = (0,log/* peerText */.qT)(entry.digest, 80);
        if (entry.digest === subject)
            return 'lists the subject itself';
        if (typeof entry.artifactType !== 'string')
            return `lists ${digest} without an artifactType, as an image index lists its platforms (a referrer's entry has one)`;
    }
    return undefined;
}
/** The referrers tag's index and its ETag; an empty index when the tag does not exist or is foreign. */
async function readTagIndex(client, repo, digest) {
    const tag = referrersTag(digest);
    const operation = `GET referrers tag ${repo}:${tag}`;
    const res = await client.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${tag}`, scopes: [(0,auth/* pullScope */.iH)(repo)], headers: { Accept: media_types/* MediaType */.zu.ociIndex }, accept: [404] });
    if (res.status === 404) {
        await (0,http/* drainText */.m7)(res);
        return { index: emptyIndex(), exists: false };
    }
    const body = await (0,http/* readBody */.x8)(res);
    const foreign = (why) => ({ index: emptyIndex(), exists: true, foreign: why });
    if ((0,oci_digest/* sha256Digest */.sI)(body) === digest || (0,http/* headerValue */.Z)(res, 'docker-content-digest') === digest) {
        return foreign(`resolves to the subject ${digest} itself (as on GitLab's registry, which reads the tag as that digest)`);
    }
    let value;
    try {
        value = JSON.parse(body.toString('utf8'));
    }
    catch {
        return foreign('does not hold JSON');
    }
    const problem = referrersIndexProblem(value, digest);
    if (problem)
        return foreign(problem);
    const etag = (0,http/* headerValue */.Z)(res, 'etag');
    return { index: value, exists: true, ...(etag && { etag }) };
}

;// CONCATENATED MODULE: ./src/registry/referrers.ts
/**
 * OCI 1.1 referrers (distribution-spec v1.1.1, "Listing Referrers", "Pushing Manifests with Subject",
 * "Referrers Tag Schema"). The referrers API is used only when `GET /v2/<name>/referrers/<digest>` answers
 * 200 with an image index *and* the manifest PUT answers with `OCI-Subject` (ECR sends that header without
 * the API, sigstore/sigstore-js#1183). Otherwise the client keeps the `<alg>-<hex>` tag itself: pull it
 * (404 → empty index), drop duplicates, append, push it back (If-Match when the pull gave an ETag), then
 * read it back after a pause (the settle); a concurrent writer that dropped our entry makes us start over.
 * A tag that holds anything but a referrers list of the subject reads as empty and is never written
 * (referrers-tag.ts).
 */









const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const TAG_ATTEMPTS = 6;
const MAX_PAGES = 20;
function nextLink(link) {
    return link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined;
}
/** The referrers of `digest`: from the API when it answers 200, else from the tag schema (none when the tag is absent). */
async function listReferrers(client, repository, digest) {
    const { api, manifests } = await listReferrersWithTag(client, repository.toLowerCase(), digest);
    return { api, manifests };
}
/** Whether the registry has the referrers API, remembered per client and repository after the first answer. */
const apiKnown = new WeakMap();
async function listReferrersWithTag(client, repo, digest) {
    let known = apiKnown.get(client);
    if (!known)
        apiKnown.set(client, (known = new Map()));
    if (known.get(repo) === false) {
        const tag = await readTagIndex(client, repo, digest);
        return { api: false, manifests: tag.index.manifests, tag };
    }
    // The tag is read alongside the probe: most registries lack the API, and then it is needed next.
    const tagRead = readTagIndex(client, repo, digest);
    tagRead.catch(() => { });
    const fromTag = async () => {
        known.set(repo, false);
        const tag = await tagRead;
        return { api: false, manifests: tag.index.manifests, tag };
    };
    const manifests = [];
    let next = `/v2/${repo}/referrers/${digest}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
        const res = await client.session.request({
            operation: `GET referrers of ${digest} in ${repo}`,
            method: 'GET',
            path: next,
            scopes: [(0,auth/* pullScope */.iH)(repo)],
            headers: { Accept: media_types/* MediaType */.zu.ociIndex },
            accept: [400, 401, 403, 404, 405, 406, 501],
        });
        if (res.status !== 200) {
            await (0,http/* drainText */.m7)(res);
            if (page > 0)
                throw new errors/* RegistryError */.g(client.registry, `GET referrers of ${digest}`, `page ${page + 1} answered ${res.status}`);
            return fromTag();
        }
        let index;
        try {
            index = JSON.parse((await (0,http/* readBody */.x8)(res)).toString('utf8'));
        }
        catch {
            index = {};
        }
        if (!Array.isArray(index.manifests)) {
            if (page > 0)
                throw new errors/* RegistryError */.g(client.registry, `GET referrers of ${digest}`, 'a page is not an image index');
            return fromTag();
        }
        manifests.push(...index.manifests);
        next = nextLink((0,http/* headerValue */.Z)(res, 'link'));
    }
    known.set(repo, true);
    return { api: true, manifests };
}
/** Blobs shared by many artifacts (the empty config) are checked and uploaded once per client and repository. */
const sharedBlobs = new WeakMap();
function ensureSharedBlob(client, repo, blob, scopes) {
    let map = sharedBlobs.get(client);
    if (!map)
        sharedBlobs.set(client, (map = new Map()));
    const key = `${repo}@${blob.descriptor.digest}`;
    let job = map.get(key);
    if (!job) {
        job = (async () => {
            if (!(await client.blobExists(repo, blob.descriptor.digest, scopes)))
                await (0,blob_upload/* uploadBlob */.PM)(client.session, repo, blob, scopes);
        })();
        job.catch(() => map.delete(key));
        map.set(key, job);
    }
    return job;
}
/**
 * The settle (see updateTag). A tag that existed, or a subject the registry had already, may have any
 * writer — oras, cosign, another CI job — whose read-to-push gap we cannot know: the tag is read back
 * at once and twice more after a pause of a few of our own PUT round trips, within these bounds.
 */
const SETTLE_CHECKS = 2;
const SETTLE_MIN_MS = 30;
const SETTLE_MAX_MS = 150;
const SETTLE_ROUND_TRIPS = 4;
/**
 * A new subject (neither it nor its tag was in the registry at our read, just before our PUT) has no
 * such writers: a tool learns a digest from the registry or from this run's outputs, so it reads the tag
 * after the subject appeared — after our read — or after this run; either way after our PUT, or within
 * the few milliseconds between our read and our PUT. Anything it pushes then keeps our entry. That
 * leaves writers that computed the same digest themselves — another run of this code building the same
 * image at the same moment — whose read-to-push gap is one read and one PUT, as ours (read fresh right
 * before the PUT for that reason). One read after twice our own read+PUT cycle covers it, as long as
 * that run's round trip to the registry is within twice ours (the same kind of runner, the same
 * registry); its SBOMs are byte-identical to ours anyway (same inputs, same bytes), so what such a race
 * could cost beyond that is one run's provenance entry.
 */
const NEW_SETTLE_CYCLES = 2;
const NEW_SETTLE_MIN_MS = 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const jitter = (attempt) => sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random()));
const clamp = (ms, min) => Math.min(SETTLE_MAX_MS, Math.max(min, ms));
/**
 * Attaches an artifact to its subject: its blobs, its manifest, then (without the referrers API) the
 * subject's `sha256-<hex>` list. Returns how, and whether anything was pushed (an artifact already
 * listed pushes nothing). The subject need not exist yet (distribution-spec v1.1, "Push"), so this may
 * run beside the image's own push. `opened`: an upload session opened ahead for the document.
 */
async function attachReferrer(client, repository, artifact, listing, opened) {
    const repo = repository.toLowerCase();
    const subject = artifact.subject.digest;
    // `listing`: listReferrers of the subject, started by the caller before the artifact was made
    const listed = await (listing ?? listReferrersWithTag(client, repo, subject)).catch(async (error) => {
        await cancelArtifactUpload(client, repo, opened);
        throw error;
    });
    const mode = listed.api ? 'referrers-api' : 'tag-schema';
    if (listed.manifests.some((m) => m.digest === artifact.descriptor.digest)) {
        await cancelArtifactUpload(client, repo, opened);
        return { mode, pushed: false };
    }
    const scopes = [(0,auth/* pushScope */.Xu)(repo)];
    // Not listed, so its document is new: uploaded without a HEAD first.
    const isEmpty = (b) => b.descriptor.mediaType === EMPTY_MEDIA_TYPE;
    await Promise.all(artifact.blobs.map((b) => (isEmpty(b) ? ensureSharedBlob(client, repo, b, scopes) : (0,blob_upload/* uploadBlob */.PM)(client.session, repo, b, scopes, opened))));
    const put = await (0,manifest_put/* putManifest */.R)(client.session, repo, artifact.descriptor.digest, { mediaType: media_types/* MediaType */.zu.ociManifest, body: artifact.manifest }, scopes);
    // With the API, the PUT's OCI-Subject is the registry's confirmation.
    if (listed.api && (0,http/* headerValue */.Z)(put, 'oci-subject') === subject)
        return { mode: 'referrers-api', pushed: true };
    return { mode: await updateTag(client, repo, artifact, scopes), pushed: true };
}
/** An upload session for an artifact's document, opened while the document is still being made (see attachReferrer). */
function openArtifactUpload(client, repository) {
    const repo = repository.toLowerCase();
    return (0,blob_upload/* openUpload */.Cg)(client.session, repo, [(0,auth/* pushScope */.Xu)(repo)]);
}
/** Cancels a session from openArtifactUpload that no artifact will use. */
async function cancelArtifactUpload(client, repository, opened) {
    const location = await opened;
    const repo = repository.toLowerCase();
    if (location)
        await (0,blob_upload/* cancelUpload */.wM)(client.session, location, [(0,auth/* pushScope */.Xu)(repo)]);
}
/**
 * A `sha256-<hex>` tag that is not a referrers list of the subject (referrers-tag.ts) is never written
 * over: the artifact stays pushed with its `subject` field (what a registry with the referrers API
 * indexes), the tag schema is skipped for it, and a warning says so.
 */
function leaveTag(client, repo, artifact, why) {
    const tag = referrersTag(artifact.subject.digest);
    client.session.logger.warning(`referrers tag ${repo}:${tag} ${why}: it is not a referrers list of ${artifact.subject.digest}, so it is left alone; ${artifact.descriptor.digest} is pushed with its subject field only, and a client that lists referrers through that tag will not find it (a rerun builds again to attach it)`);
    return 'subject-only';
}
/**
 * The referrers tag schema: read, append, PUT (If-Match when there is an ETag), then settle. The PUT
 * goes only where the read right before it found no tag or a referrers list of this subject; a 400 to
 * it is a registry that takes no index at that name (one that reads it as the digest, say).
 */
async function updateTag(client, repo, artifact, scopes) {
    const subject = artifact.subject.digest;
    const tag = referrersTag(subject);
    const listedNow = (current) => current.index.manifests.some((m) => m.digest === artifact.descriptor.digest);
    // Whether the subject was in the registry before our first PUT (HEADed beside that read): see NEW_SETTLE_CYCLES.
    let subjectKnown;
    for (let attempt = 1;; attempt++) {
        const cycleStarted = performance.now();
        const [fresh, known] = await Promise.all([
            readTagIndex(client, repo, subject),
            subjectKnown ?? client.headManifest(repo, subject, scopes).then((m) => m !== undefined),
        ]);
        subjectKnown = known;
        if (fresh.foreign)
            return leaveTag(client, repo, artifact, fresh.foreign);
        let current = fresh;
        const isNew = attempt === 1 && !fresh.exists && !known;
        let settleMs = SETTLE_MAX_MS;
        if (!listedNow(current)) {
            const seen = new Set();
            const manifests = [...current.index.manifests, artifact.descriptor].filter((m) => !seen.has(m.digest) && seen.add(m.digest));
            const body = Buffer.from(JSON.stringify({ ...current.index, manifests }));
            const putStarted = performance.now();
            const res = await client.session.request({
                operation: `PUT referrers tag ${repo}:${tag}`,
                method: 'PUT',
                path: `/v2/${repo}/manifests/${tag}`,
                scopes,
                headers: { 'Content-Type': media_types/* MediaType */.zu.ociIndex, ...(current.etag && { 'If-Match': current.etag }) },
                body,
                accept: [400, 412],
            });
            const answer = await (0,http/* drainText */.m7)(res);
            if (res.status === 400)
                return leaveTag(client, repo, artifact, `refused a referrers index (400: ${(0,log/* peerText */.qT)(answer.trim(), 300) || 'no body'})`);
            const now = performance.now();
            settleMs = isNew ? clamp(NEW_SETTLE_CYCLES * (now - cycleStarted), NEW_SETTLE_MIN_MS) : clamp(SETTLE_ROUND_TRIPS * (now - putStarted), SETTLE_MIN_MS);
            if (res.status === 412) {
                if (attempt >= TAG_ATTEMPTS)
                    throw new errors/* RegistryError */.g(client.registry, `PUT referrers tag ${repo}:${tag}`, `kept changing under ${TAG_ATTEMPTS} attempts (412)`);
                client.session.logger.info(`referrers tag ${repo}:${tag} changed while it was updated; trying again (${attempt}/${TAG_ATTEMPTS - 1})`);
                await jitter(attempt);
                continue;
            }
        }
        // A writer that pulled before our push and pushes after it drops our entry, and registries that
        // ignore If-Match (distribution does) cannot stop it; a writer that reads after our push keeps it.
        // So an entry still there once the other writer's read-to-push gap has passed stays; one that is
        // gone is added again.
        if (isNew) {
            await sleep(settleMs);
            current = await readTagIndex(client, repo, subject);
        }
        else {
            current = await readTagIndex(client, repo, subject);
            for (let check = 0; check < SETTLE_CHECKS && listedNow(current); check++) {
                await sleep(settleMs * (0.75 + Math.random() / 2));
                current = await readTagIndex(client, repo, subject);
            }
        }
        if (listedNow(current))
            return 'tag-schema';
        if (current.foreign)
            return leaveTag(client, repo, artifact, current.foreign);
        if (attempt >= TAG_ATTEMPTS)
            throw new errors/* RegistryError */.g(client.registry, `PUT referrers tag ${repo}:${tag}`, `a concurrent writer kept replacing it (${TAG_ATTEMPTS} attempts)`);
        client.session.logger.info(`referrers tag ${repo}:${tag} was replaced by a concurrent writer; adding ${artifact.descriptor.digest} again (${attempt}/${TAG_ATTEMPTS - 1})`);
        await jitter(attempt);
    }
}


/***/ }),

/***/ 41521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   Hr: () => (/* binding */ isRetryableNetworkError),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   dw: () => (/* binding */ RetryableError),
/* harmony export */   iU: () => (/* binding */ defaultRetry),
/* harmony export */   ly: () => (/* binding */ gaveUp),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY, retryOutcome, describeOutcome */
/* harmony import */ var _bounds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80186);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25625);


function defaultRetry() {
    const { waitMs, registryTotalMs } = (0,_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .peerBounds */ .ML)();
    return { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: registryTotalMs, attemptMs: waitMs };
}
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
const retryOutcome = (err) => err?.retry;
const describeOutcome = (o) => `${o.attempts} attempt${o.attempts === 1 ? '' : 's'} over ${(0,_bounds_js__WEBPACK_IMPORTED_MODULE_1__/* .seconds */ .YA)(o.elapsedMs)}`;
/** A failure worth another attempt; `retryAfterMs` carries the registry's Retry-After when it sent one. */
class RetryableError extends Error {
    retryAfterMs;
    constructor(message, retryAfterMs, options) {
        super(message, options);
        this.retryAfterMs = retryAfterMs;
        this.name = 'RetryableError';
    }
}
const RETRYABLE_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
]);
/** Network errors that a retry can fix (connection refused/reset, timeouts, hang-ups). */
function isRetryableNetworkError(err) {
    if (!(err instanceof Error))
        return false;
    const code = err.code;
    if (code && RETRYABLE_NETWORK_CODES.has(code))
        return true;
    return /socket hang up|aborted|premature close/i.test(err.message);
}
/** Status codes that a retry can fix. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/** Wait before attempt `attempt+1` (attempt counts from 1): a random point in the upper half of base·2^(attempt-1), or Retry-After. */
function backoffDelay(policy, attempt, retryAfterMs, random = Math.random) {
    const max = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, max);
    const ceiling = Math.min(max, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
/**
 * Runs `fn` until it succeeds, it throws something that is neither a RetryableError nor a retryable
 * network error, or the attempts run out (then the last error is thrown).
 */
async function withRetry(policy, fn, onRetry, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), now = Date.now) {
    const start = now();
    let budgetStart = start;
    for (let attempt = 1;; attempt++) {
        const attemptStart = now();
        try {
            return await fn(attempt);
        }
        catch (err) {
            const t = now();
            if (policy.attemptMs && t - attemptStart > 2 * policy.attemptMs)
                budgetStart = t;
            const retryable = err instanceof RetryableError || isRetryableNetworkError(err);
            const delay = backoffDelay(policy, attempt, err instanceof RetryableError ? err.retryAfterMs : undefined);
            const overBudget = policy.budgetMs !== undefined && t - budgetStart + delay + (policy.attemptMs ?? 0) > policy.budgetMs;
            if (!retryable || attempt >= policy.attempts || overBudget) {
                if (err && typeof err === 'object' && retryable)
                    Object.assign(err, { retry: { attempts: attempt, elapsedMs: t - start } });
                throw err;
            }
            onRetry?.(err, attempt, delay);
            await sleep(delay);
        }
    }
}
/** A give-up's message: the peer's error, then how many attempts over how long, and what to check. */
function gaveUp(err, peer = 'the registry') {
    const outcome = retryOutcome(err);
    const message = (0,_log_js__WEBPACK_IMPORTED_MODULE_0__/* .peerText */ .qT)(err?.message ?? String(err), 500);
    return outcome ? `${message} (gave up after ${describeOutcome(outcome)}; check that ${peer} is up and reachable)` : message;
}


/***/ }),

/***/ 25101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NN: () => (/* binding */ recordAttestations),
/* harmony export */   Ol: () => (/* binding */ wanted),
/* harmony export */   xU: () => (/* binding */ findAttestations)
/* harmony export */ });
/* harmony import */ var _github_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24897);
/* harmony import */ var _attest_artifact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88951);
/* harmony import */ var _registry_referrers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(66706);
/* harmony import */ var _record_sections_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(39125);
/* harmony import */ var _registries_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22172);





const wanted = (s) => s.attest.sbom || s.attest.provenance;
function recordAttestations(record, mode, pushed, entries) {
    const section = { mode, pushed, ...(Object.keys(entries.sbom).length > 0 && { sbom: entries.sbom }), ...(entries.provenance && { provenance: entries.provenance }) };
    return (0,_record_sections_js__WEBPACK_IMPORTED_MODULE_4__/* .recordAttestations */ .NN)(record, section);
}
/**
 * On the no-change short-circuit: the attestations this run wants, if the registry already lists them
 * as referrers of the image (SBOMs of each platform manifest, provenance of the index); undefined when
 * any is missing, so the caller builds the image again to attach them.
 */
async function findAttestations(settings, published, record) {
    if (!wanted(settings))
        return { sbom: {} };
    const { image } = settings.build;
    const client = (0,_registries_js__WEBPACK_IMPORTED_MODULE_3__/* .registryClient */ .R)(settings, image.registry);
    const mine = (list, kind) => list.manifests.filter((m) => m.annotations?.[_attest_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .KIND_ANNOTATION */ .xk] === kind).pop();
    let mode = 'tag-schema';
    const entries = { sbom: {} };
    const lookups = [];
    if (settings.attest.provenance) {
        lookups.push((0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .listReferrers */ .xt)(client, image.repository, published.digest).then((list) => {
            if (list.api)
                mode = 'referrers-api';
            const found = mine(list, 'provenance');
            if (found)
                entries.provenance = { digest: found.digest, subject: published.digest };
            return !!found;
        }));
    }
    if (settings.attest.sbom) {
        for (const m of published.manifests) {
            lookups.push((0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .listReferrers */ .xt)(client, image.repository, m.digest).then((list) => {
                const found = list.manifests.filter((d) => d.annotations?.[_attest_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .KIND_ANNOTATION */ .xk] === 'sbom' && d.annotations?.[_attest_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .PLATFORM_ANNOTATION */ .iZ] === m.platform).pop();
                const packages = Number(found?.annotations?.[_attest_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .PACKAGES_ANNOTATION */ .wB]);
                if (found)
                    entries.sbom[m.platform] = { digest: found.digest, subject: m.digest, ...(Number.isInteger(packages) && { packages }) };
                return !!found;
            }));
        }
    }
    const complete = (await record.time('attest_lookup', () => Promise.all(lookups))).every(Boolean);
    if (!complete) {
        _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${image.registry}/${image.repository}@${published.digest} lacks some of the wanted attestations: building it again to attach them`);
        return undefined;
    }
    const inOrder = Object.fromEntries(published.manifests.filter((m) => entries.sbom[m.platform]).map((m) => [m.platform, entries.sbom[m.platform]]));
    entries.sbom = inOrder;
    await recordAttestations(record, mode, 0, entries);
    _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('The attestations are attached already: nothing to push');
    return { sbom: Object.fromEntries(Object.entries(entries.sbom).map(([p, e]) => [p, e.digest])), ...(entries.provenance && { provenance: entries.provenance.digest }) };
}


/***/ }),

/***/ 39125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NN: () => (/* binding */ recordAttestations),
  MT: () => (/* binding */ recordBuilt),
  Vf: () => (/* binding */ recordDeploy),
  __: () => (/* binding */ recordFingerprint),
  ki: () => (/* binding */ recordPublished)
});

// EXTERNAL MODULE: ./src/deploy/core/spec.ts
var spec = __webpack_require__(11992);
;// CONCATENATED MODULE: ./src/steps/deploy-app-record.ts

/** The record's account of what the app container was given and what the release and pruning did. */
function appRecord(s, result) {
    const o = (0,spec/* appOptions */.Cp)(s);
    return {
        role: o.role,
        volumes: o.volumes.map((v) => (v.kind === 'tmpfs' ? { kind: v.kind, target: v.target } : { kind: v.kind, target: v.target, source: v.source, read_only: v.readOnly })),
        networks: o.networks,
        limits: { ...(o.memoryBytes && { memory_bytes: o.memoryBytes }), ...(o.cpus && { cpus: o.cpus }), stop_timeout_seconds: o.stopTimeoutSeconds },
        // Option names only: values may be credentials (splunk-token, a loki-url with a password).
        log: { driver: o.log.driver, option_names: Object.keys(o.log.options).sort() },
        ...(result.release && { release: { command: result.release.command, exit_code: result.release.exitCode, ms: result.release.ms } }),
        ...(result.ready && { ready: result.ready }),
        ...(result.images && { images: { retain: result.images.retain, retained: result.images.retained, pruned: result.images.pruned, in_use: result.images.inUse } }),
    };
}

;// CONCATENATED MODULE: ./src/steps/record-sections.ts

// The one place the record's build and deploy sections are written, from each step's typed result, right after it.
function recordFingerprint(record, settings, fp) {
    const b = settings.build;
    return record.update((r) => {
        r.build = {
            ...r.build,
            image: `${b.image.registry}/${b.image.repository}`,
            fingerprint: fp.fingerprint,
            ...(fp.base && {
                base: {
                    ref: fp.base.name,
                    index_digest: fp.base.digest,
                    platforms: Object.fromEntries(fp.base.platforms.map((p) => [p.key, p.manifestDigest])),
                },
            }),
        };
    });
}
function recordBuilt(record, built) {
    return record.update((r) => {
        r.build = {
            ...r.build,
            index_digest: built.indexDigest,
            manifests: Object.fromEntries(built.manifests.map((m) => [m.platform, m.digest])),
            layers: built.layers.map((l) => ({
                digest: l.digest,
                size: l.size,
                group: l.group,
                ...(l.platform && { platform: l.platform }),
                source: l.source,
            })),
        };
    });
}
function recordPublished(record, published) {
    return record.update((r) => {
        r.build = {
            ...r.build,
            cache_hit: published.cacheHit,
            index_digest: published.digest,
            manifests: Object.fromEntries(published.manifests.map((m) => [m.platform, m.digest])),
            tags: published.tags.map((t) => `${published.repository}:${t}`),
            ...(published.revision && { revision: published.revision }),
            ...(published.push && {
                push: { pushed: published.push.pushed, mounted: published.push.mounted, skipped: published.push.skipped, bytes_sent: published.push.bytesSent },
            }),
        };
    });
}
/** The SBOMs and provenance: written into the layout, attached to the pushed image, or found on a fingerprint hit. */
function recordAttestations(record, section) {
    return record.update((r) => {
        r.build = { ...r.build, attestations: section };
    });
}
async function recordDeploy(record, s, result) {
    const section = {
        host: result.host ?? s.host.text,
        engine_version: result.engineVersion ?? '',
        app: s.app,
        ...(result.from && { from: result.from }),
        ...(result.to && { to: result.to }),
        ...(result.pulledPlatformDigest && { pulled_platform_digest: result.pulledPlatformDigest }),
        ...(result.platform && { platform: result.platform }),
        ...(result.lock && { lock: { holder: result.lock.holder, waited_ms: result.lock.waitedMs, broken: result.lock.broken } }),
        ...(result.health && { health: result.health }),
        ...(result.switchMs !== undefined && { switch_ms: result.switchMs }),
        ...(result.soak && { soak: result.soak }),
        ...(result.rollbackReason && { rollback_reason: result.rollbackReason }),
        env_names: s.env.map(([k]) => k),
        ...appRecord(s, result),
        ...(result.route && { route: routeRecord(result.route) }),
        ...(result.swarm && { swarm: result.swarm }),
    };
    await record.update((r) => {
        r.deploy = section;
        for (const [phase, ms] of Object.entries(result.timings ?? {}))
            if (ms)
                r.timings[phase] = ms;
    });
}
function routeRecord(r) {
    return {
        hosts: r.hosts,
        ...(r.pathPrefix && { path_prefix: r.pathPrefix }),
        tls: r.tls,
        url: r.url,
        proxy: r.proxy,
        reloaded: r.reloaded,
        ...(r.certificate && { certificate: { names: r.certificate.names, not_after: r.certificate.notAfter } }),
    };
}


/***/ }),

/***/ 22172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ registryClient)
/* harmony export */ });
/* harmony import */ var _github_logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72231);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86633);
/* harmony import */ var _github_masking_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25247);



const clients = new Map();
/**
 * One client per registry host for the whole run, so tokens are reused. The `registry-username` /
 * `registry-password` inputs belong to the image's registry; any other (a base elsewhere) uses the
 * runner's docker config, else anonymous.
 */
function registryClient(settings, registry) {
    let client = clients.get(registry);
    if (!client) {
        const own = registry === settings.build.image.registry && settings.registry.username && settings.registry.password;
        client = new _registry_index_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryClient */ .bP(registry, {
            ...(own && { credentials: { username: settings.registry.username, password: settings.registry.password } }),
            insecure: settings.registry.insecure,
            logger: _github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsLogger */ .M,
            mask: (secret) => (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_2__/* .keepSecret */ .g)(settings.secrets, secret),
        });
        clients.set(registry, client);
    }
    return client;
}


/***/ })

};

//# sourceMappingURL=278.index.js.map