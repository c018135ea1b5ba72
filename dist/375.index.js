export const id = 375;
export const ids = [375,912];
export const modules = {

/***/ 80186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ML: () => (/* binding */ peerBounds),
/* harmony export */   NE: () => (/* binding */ withDeadline),
/* harmony export */   YA: () => (/* binding */ seconds)
/* harmony export */ });
/* unused harmony export DEFAULT_PEER_WAIT_SECONDS */
const DEFAULT_PEER_WAIT_SECONDS = 20;
function peerBounds(env = process.env) {
    const seconds = Number(env.SHIPSHAPE_PEER_TIMEOUT_SECONDS);
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : DEFAULT_PEER_WAIT_SECONDS * 1000;
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

/***/ 68836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cp: () => (/* binding */ appOptions),
/* harmony export */   x1: () => (/* binding */ serviceSpec),
/* harmony export */   zl: () => (/* binding */ instanceName)
/* harmony export */ });
/* harmony import */ var _inputs_app_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12532);

/** The host name of one app instance: `<app>-<color>` (what users read with `docker logs`). */
const instanceName = (app, color) => `${app}-${color}`;
/** The app's options from the settings (the defaults when the settings carry none). */
const appOptions = (s) => s.service ?? (0,_inputs_app_js__WEBPACK_IMPORTED_MODULE_0__/* .defaultAppOptions */ .$F)();
function serviceSpec(s, o) {
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

/***/ 77375:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/actions-log.ts
var actions_log = __webpack_require__(83943);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(27194);
// EXTERNAL MODULE: ./src/secret-forms.ts
var secret_forms = __webpack_require__(90773);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __webpack_require__(62148);
;// CONCATENATED MODULE: ./src/outputs.ts

function writeRecordOutputs(record) {
    core.setOutput('record-id', record.id);
    core.setOutput('record-path', record.path);
}
function writeFingerprintOutput(fingerprint) {
    core.setOutput('fingerprint', fingerprint);
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
    core.setOutput('digest', image.digest);
    core.setOutput('image', `${image.repository}@${image.digest}`);
    if (entry === 'deploy')
        return;
    core.setOutput('imageid', imageId(image));
    core.setOutput('tags', image.tags.map((t) => `${image.repository}:${t}`).join(','));
    core.setOutput('cache-hit', String(image.cacheHit));
    core.setOutput('metadata', JSON.stringify(imageMetadata(image)));
}
/** `sbom`: JSON map platform → SBOM artifact digest (`{}` when off); `provenance`: its artifact digest (empty when off). */
function writeAttestationOutputs(attested) {
    core.setOutput('sbom', JSON.stringify(attested.sbom));
    core.setOutput('provenance', attested.provenance ?? '');
}
function writeDeployOutputs(result) {
    core.setOutput('color', result.color);
    core.setOutput('previous-color', result.previousColor ?? '');
}

// EXTERNAL MODULE: ./src/record/record.ts + 1 modules
var record_record = __webpack_require__(29582);
// EXTERNAL MODULE: ./src/state.ts
var state = __webpack_require__(2462);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/attest/app-packages.ts
const INTEGRITY_ALGORITHMS = { sha512: 'SHA512', sha384: 'SHA384', sha256: 'SHA256', sha1: 'SHA1' };
/** Subresource-integrity strings (`sha512-<base64>`, several space-separated) → SPDX algorithm → hex. */
function integrityChecksums(integrity) {
    if (!integrity)
        return undefined;
    const out = {};
    for (const part of integrity.trim().split(/\s+/)) {
        const m = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)$/.exec(part);
        if (m)
            out[INTEGRITY_ALGORITHMS[m[1]]] = Buffer.from(m[2], 'base64').toString('hex');
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
/**
 * npm `package-lock.json` (lockfileVersion 2 and 3; also the hidden `node_modules/.package-lock.json`):
 * every `packages` entry under `node_modules/` except links (workspaces). The root entry ("") is the app.
 * A v1 lockfile has no `packages` and yields nothing (npm 7+ rewrites it on install).
 */
function parsePackageLock(text, foundIn) {
    let lock;
    try {
        lock = JSON.parse(text);
    }
    catch (e) {
        throw new Error(`${foundIn} is not valid JSON (${e.message})`);
    }
    const out = [];
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        const at = key.lastIndexOf('node_modules/');
        if (at < 0 || entry.link || !entry.version)
            continue;
        const fullName = entry.name ?? key.slice(at + 'node_modules/'.length);
        const scoped = fullName.startsWith('@') && fullName.includes('/');
        const checksums = integrityChecksums(entry.integrity);
        out.push({
            type: 'npm',
            ...(scoped && { namespace: fullName.slice(0, fullName.indexOf('/')) }),
            name: scoped ? fullName.slice(fullName.indexOf('/') + 1) : fullName,
            version: entry.version,
            ...(typeof entry.license === 'string' && { license: entry.license }),
            ...(checksums && { checksums }),
            ...(entry.resolved && /^https?:\/\//.test(entry.resolved) && { downloadLocation: entry.resolved }),
            foundIn,
        });
    }
    return out;
}
/**
 * Python core metadata (`*.dist-info/METADATA`, packaging.python.org core-metadata): the header block
 * before the first blank line. `License-Expression` (metadata 2.4) wins over the free-text `License`.
 */
function parseDistInfoMetadata(text, foundIn) {
    const headers = new Map();
    let last;
    for (const line of text.split(/\r?\n/)) {
        if (line === '')
            break;
        if (/^[ \t]/.test(line)) {
            if (last)
                headers.set(last, `${headers.get(last)}\n${line.trim()}`);
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        last = line.slice(0, colon).trim().toLowerCase();
        if (!headers.has(last))
            headers.set(last, line.slice(colon + 1).trim());
    }
    const name = headers.get('name');
    const version = headers.get('version');
    if (!name || !version)
        return undefined;
    const license = headers.get('license-expression') || headers.get('license');
    const homepage = headers.get('home-page');
    return {
        type: 'pypi',
        name,
        version,
        ...(license && license !== 'UNKNOWN' && { license }),
        ...(homepage && { homepage }),
        foundIn,
    };
}

// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
;// CONCATENATED MODULE: ./src/attest/artifact.ts
/** OCI 1.1 artifact manifests (image-spec manifest.md, "Guidance for an Empty Descriptor"): one document as the one layer, `subject` = what it is about. */



const EMPTY_JSON_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_DESCRIPTOR = { mediaType: EMPTY_JSON_MEDIA_TYPE, digest: (0,oci_digest/* sha256Digest */.sI)(EMPTY_JSON), size: 2 };
/** Annotation naming what the artifact is (`sbom` or `provenance`), so a rerun finds its own among other referrers. */
const KIND_ANNOTATION = 'dev.shipshape.attestation';
const PLATFORM_ANNOTATION = 'dev.shipshape.platform';
/** On SBOM artifacts: how many packages the document lists, so a summary need not fetch it. */
const PACKAGES_ANNOTATION = 'dev.shipshape.packages';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
function artifactManifest(opts) {
    const document = { mediaType: opts.artifactType, digest: (0,oci_digest/* sha256Digest */.sI)(opts.document), size: opts.document.length };
    const annotations = {
        [CREATED_ANNOTATION]: opts.created,
        [KIND_ANNOTATION]: opts.kind,
        ...(opts.platform && { [PLATFORM_ANNOTATION]: opts.platform }),
        ...opts.annotations,
    };
    const subject = { mediaType: opts.subject.mediaType, digest: opts.subject.digest, size: opts.subject.size };
    const manifest = (0,types/* jsonBytes */.y)({
        schemaVersion: 2,
        mediaType: media_types/* MediaType */.zu.ociManifest,
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
        descriptor: { mediaType: media_types/* MediaType */.zu.ociManifest, digest: (0,oci_digest/* sha256Digest */.sI)(manifest), size: manifest.length, artifactType: opts.artifactType, annotations },
        blobs: [
            { descriptor: EMPTY_DESCRIPTOR, bytes: EMPTY_JSON },
            { descriptor: document, bytes: opts.document },
        ],
        document,
    };
}

// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
;// CONCATENATED MODULE: ./src/attest/base-fs.ts
/**
 * A few files of the base image's merged filesystem, read from its layers in order with node-tar's
 * parser, whiteouts applied (image-spec layer.md): `.wh.<name>` hides `<name>` (and all below it) from
 * lower layers, `.wh..wh..opq` hides everything a lower layer put in its directory.
 */


const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
function normalize(entryPath) {
    return external_node_path_.posix.normalize(entryPath.replace(/^(\.\/|\/)+/, '')).replace(/\/$/, '');
}
const under = (p, dir) => dir === '' || p === dir || p.startsWith(`${dir}/`);
async function readLayer(stream, wanted) {
    const changes = { hidden: [], opaque: [], files: new Map(), links: new Map() };
    const parser = new index_min/* Parser */.iX({
        onReadEntry: (entry) => {
            const p = normalize(entry.path);
            const base = external_node_path_.posix.basename(p);
            const dir = external_node_path_.posix.dirname(p) === '.' ? '' : external_node_path_.posix.dirname(p);
            if (base === OPAQUE)
                changes.opaque.push(dir);
            else if (base.startsWith(WHITEOUT))
                changes.hidden.push(external_node_path_.posix.join(dir, base.slice(WHITEOUT.length)));
            else if (wanted(p) && (entry.type === 'SymbolicLink' || entry.type === 'Link') && entry.linkpath) {
                const target = entry.type === 'Link' ? normalize(entry.linkpath) : normalize(external_node_path_.posix.join(dir, entry.linkpath));
                changes.links.set(p, entry.linkpath.startsWith('/') ? normalize(entry.linkpath) : target);
            }
            else if (wanted(p) && entry.type === 'File') {
                const chunks = [];
                entry.on('data', (c) => chunks.push(c));
                entry.on('end', () => changes.files.set(p, Buffer.concat(chunks)));
                return;
            }
            entry.resume();
        },
    });
    await new Promise((resolve, reject) => {
        parser.on('end', resolve);
        parser.on('error', reject);
        stream.on('error', reject);
        stream.pipe(parser);
    });
    return changes;
}
/**
 * Applies the layers bottom to top and returns the wanted files that survive. A wanted path that is a
 * symlink (e.g. `etc/os-release` → `../usr/lib/os-release`) resolves to its target when the target was
 * read too; pass both paths to `wanted`.
 */
async function readMergedFiles(layerDigests, open, wanted) {
    const files = new Map();
    const links = new Map();
    for (const digest of layerDigests) {
        const changes = await readLayer(await open(digest), wanted);
        for (const map of [files, links]) {
            for (const p of [...map.keys()]) {
                const gone = changes.hidden.some((h) => under(p, h)) || changes.opaque.some((d) => p !== d && under(p, d));
                if (gone || changes.files.has(p) || changes.links.has(p))
                    map.delete(p);
            }
        }
        for (const [p, content] of changes.files)
            files.set(p, content);
        for (const [p, target] of changes.links)
            links.set(p, target);
    }
    for (const [p, target] of links) {
        let resolved = target;
        for (let hops = 0; resolved !== undefined && links.has(resolved) && hops < 8; hops++)
            resolved = links.get(resolved);
        const content = resolved !== undefined ? files.get(resolved) : undefined;
        if (content)
            files.set(p, content);
    }
    return files;
}

;// CONCATENATED MODULE: ./src/attest/os-packages.ts
/** Package databases of the base image's OS: dpkg's status file, apk's installed database, os-release. */
/** `KEY=value` lines (freedesktop os-release(5)): values may be quoted, `#` starts a comment. */
function parseOsRelease(text) {
    const values = {};
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        let value = line.slice(eq + 1).trim();
        if (/^(["']).*\1$/.test(value))
            value = value.slice(1, -1).replace(/\\(["'\\$`])/g, '$1');
        values[line.slice(0, eq)] = value;
    }
    return {
        ...(values.ID && { id: values.ID.toLowerCase() }),
        ...(values.VERSION_ID && { versionId: values.VERSION_ID }),
        ...(values.PRETTY_NAME && { prettyName: values.PRETTY_NAME }),
    };
}
/** RFC 822-style stanzas separated by blank lines; continuation lines (leading space) join their field. */
function parseStanzas(text) {
    const stanzas = [];
    let current = new Map();
    let last;
    for (const line of text.split('\n')) {
        if (line.trim() === '') {
            if (current.size > 0)
                stanzas.push(current);
            current = new Map();
            last = undefined;
        }
        else if (/^[ \t]/.test(line)) {
            if (last)
                current.set(last, `${current.get(last)}\n${line.trim()}`);
        }
        else {
            const colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            last = line.slice(0, colon).trim();
            current.set(last, line.slice(colon + 1).trim());
        }
    }
    if (current.size > 0)
        stanzas.push(current);
    return stanzas;
}
function distroQualifiers(os, arch) {
    return {
        ...(arch && { arch }),
        ...(os.id && os.versionId && { distro: `${os.id}-${os.versionId}` }),
    };
}
/** One OS package: the distro (os-release ID, else the package manager's usual one) as the purl namespace. */
function osPackage(type, os, p) {
    const { name, version, arch, upstream, license, homepage, foundIn } = p;
    return {
        type,
        namespace: os.id ?? (type === 'deb' ? 'debian' : 'alpine'),
        name,
        version,
        qualifiers: { ...distroQualifiers(os, arch), ...(upstream && upstream !== name && { upstream }) },
        ...(license && { license }),
        ...(homepage && { homepage }),
        foundIn,
    };
}
/**
 * dpkg `var/lib/dpkg/status` (or one `status.d/` file, which distroless images use and which carry no
 * Status field): installed entries only (`Status: install ok installed`).
 */
function parseDpkgStatus(text, os, foundIn) {
    const out = [];
    for (const s of parseStanzas(text)) {
        const name = s.get('Package');
        const version = s.get('Version');
        const status = s.get('Status');
        if (!name || !version)
            continue;
        if (status !== undefined && status.split(/\s+/)[2] !== 'installed')
            continue;
        out.push(osPackage('deb', os, { name, version, arch: s.get('Architecture'), homepage: s.get('Homepage'), foundIn }));
    }
    return out;
}
/**
 * apk `lib/apk/db/installed`: one stanza per package, single-letter keys (P name, V version, A arch,
 * L license, U url, o origin). The `C:` checksum covers the control data, not the package, so it is not used.
 */
function parseApkInstalled(text, os, foundIn) {
    const out = [];
    for (const s of parseStanzas(text)) {
        const name = s.get('P');
        const version = s.get('V');
        if (!name || !version)
            continue;
        out.push(osPackage('apk', os, { name, version, arch: s.get('A'), upstream: s.get('o'), license: s.get('L'), homepage: s.get('U'), foundIn }));
    }
    return out;
}

;// CONCATENATED MODULE: ./src/attest/provenance.ts
/** SLSA provenance v1 (slsa.dev/spec/v1.0/provenance) in an in-toto Statement v1. */
const IN_TOTO_MEDIA_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const BUILDER_ID = 'https://github.com/shipshape/shipshape';
const BUILD_TYPE = 'https://github.com/shipshape/shipshape/buildtypes/oci-image/v1';
const sha256 = (digest) => ({ sha256: digest.replace(/^sha256:/, '') });
function provenanceStatement(opts) {
    const { github: gh } = opts;
    const server = (gh.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    const resolvedDependencies = [];
    if (gh.repository && gh.sha) {
        resolvedDependencies.push({ uri: `git+${server}/${gh.repository}${gh.ref ? `@${gh.ref}` : ''}`, digest: { gitCommit: gh.sha } });
    }
    if (opts.base) {
        resolvedDependencies.push({ name: opts.base.name, uri: `oci://${opts.base.name.replace(/[@:][^/]*$/, '')}@${opts.base.digest}`, digest: sha256(opts.base.digest) });
        for (const p of opts.base.platforms) {
            if (p.digest === opts.base.digest)
                continue;
            resolvedDependencies.push({ name: opts.base.name, uri: `oci://${opts.base.name.replace(/[@:][^/]*$/, '')}@${p.digest}`, digest: sha256(p.digest), annotations: { platform: p.platform } });
        }
    }
    const invocationId = gh.repository && gh.runId ? `${server}/${gh.repository}/actions/runs/${gh.runId}/attempts/${gh.runAttempt ?? '1'}` : undefined;
    return {
        _type: STATEMENT_TYPE,
        subject: [
            { name: opts.repository, digest: sha256(opts.indexDigest), annotations: { 'org.opencontainers.image.ref.name': 'index' } },
            ...opts.manifests.map((m) => ({ name: opts.repository, digest: sha256(m.digest), annotations: { platform: m.platform } })),
        ],
        predicateType: SLSA_PROVENANCE_V1,
        predicate: {
            buildDefinition: {
                buildType: BUILD_TYPE,
                externalParameters: {
                    ...(gh.workflowRef && { workflow: { ref: gh.workflowRef, repository: gh.repository && `${server}/${gh.repository}` } }),
                    ...opts.externalParameters,
                },
                internalParameters: opts.internalParameters,
                resolvedDependencies,
            },
            runDetails: {
                builder: { id: BUILDER_ID, version: { shipshape: opts.version } },
                metadata: { ...(invocationId && { invocationId }) },
            },
        },
    };
}

// EXTERNAL MODULE: ./node_modules/packageurl-js/index.js
var packageurl_js = __webpack_require__(87091);
// EXTERNAL MODULE: ./node_modules/spdx-expression-parse/index.js
var spdx_expression_parse = __webpack_require__(93326);
var spdx_expression_parse_default = /*#__PURE__*/__webpack_require__.n(spdx_expression_parse);
;// CONCATENATED MODULE: ./src/attest/spdx.ts
/** SPDX 2.3 JSON documents (spdx.github.io/spdx-spec/v2.3): one per platform image. */



const SPDX_MEDIA_TYPE = 'application/spdx+json';
/** SPDX timestamps are `YYYY-MM-DDThh:mm:ssZ` (no fraction). */
function spdxTime(epochSeconds) {
    return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** A declared license as a valid SPDX expression, else NOASSERTION with the source's text kept as a comment. */
function spdxLicense(text) {
    const t = text?.trim();
    if (!t)
        return { declared: 'NOASSERTION' };
    try {
        spdx_expression_parse_default()(t);
        return { declared: t };
    }
    catch {
        return { declared: 'NOASSERTION', comment: `declared by the package as: ${t}` };
    }
}
function purlOf(p) {
    const qualifiers = p.qualifiers && Object.keys(p.qualifiers).length > 0 ? p.qualifiers : undefined;
    return new packageurl_js.PackageURL(p.type, p.namespace, p.name, p.version, qualifiers, undefined).toString();
}
/** SPDX ids allow letters, digits, `.` and `-`; the hash keeps two packages whose names clean up alike apart. */
function spdxId(kind, name, key) {
    const clean = name.replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 64);
    return `SPDXRef-${kind}-${clean}-${(0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 12)}`;
}
function imagePurl(image) {
    const [os, arch, variant] = image.platform.split('/');
    const name = image.repository.split('/').pop();
    const qualifiers = { repository_url: image.repository, arch: variant ? `${arch}/${variant}` : arch, os };
    return new packageurl_js.PackageURL('oci', undefined, name, image.manifestDigest, qualifiers, undefined).toString();
}
/** The SPDX document of one platform image: the image as the described package, containing every package found (deduplicated by purl, sorted). */
function spdxDocument(opts) {
    const { image } = opts;
    const hex = image.manifestDigest.replace(/^sha256:/, '');
    const imageId = 'SPDXRef-image';
    const imagePackage = {
        SPDXID: imageId,
        name: image.repository,
        versionInfo: image.manifestDigest,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        checksums: [{ algorithm: 'SHA256', checksumValue: hex }],
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: imagePurl(image) }],
        primaryPackagePurpose: 'CONTAINER',
    };
    const byPurl = new Map();
    for (const p of opts.packages) {
        const purl = purlOf(p);
        if (byPurl.has(purl))
            continue;
        const license = spdxLicense(p.license);
        const checksums = Object.entries(p.checksums ?? {})
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([algorithm, checksumValue]) => ({ algorithm, checksumValue }));
        byPurl.set(purl, {
            SPDXID: spdxId(`Package-${p.type}`, p.namespace ? `${p.namespace}-${p.name}` : p.name, purl),
            name: p.namespace && p.type === 'npm' ? `${p.namespace}/${p.name}` : p.name,
            versionInfo: p.version,
            downloadLocation: p.downloadLocation ?? 'NOASSERTION',
            filesAnalyzed: false,
            ...(checksums.length > 0 && { checksums }),
            ...(p.homepage && /^https?:\/\//.test(p.homepage) && { homepage: p.homepage }),
            sourceInfo: `listed in ${p.foundIn}`,
            licenseConcluded: 'NOASSERTION',
            licenseDeclared: license.declared,
            ...(license.comment && { licenseComments: license.comment }),
            copyrightText: 'NOASSERTION',
            externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }],
            primaryPackagePurpose: 'LIBRARY',
        });
    }
    const packages = [...byPurl.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
    return {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: `${image.repository}@${image.manifestDigest} (${image.platform})`,
        documentNamespace: `https://spdx.org/spdxdocs/${opts.tool}/${image.repository}/${hex}`,
        creationInfo: { created: spdxTime(opts.created), creators: [`Tool: ${opts.tool}`] },
        documentDescribes: [imageId],
        packages: [imagePackage, ...packages],
        relationships: [
            { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
            ...packages.map((p) => ({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
        ],
    };
}

;// CONCATENATED MODULE: ./src/attest/version.ts
/** shipshape's version as the SBOM's creator tool and the provenance's builder name it (kept equal to package.json's by a unit test). */
const SHIPSHAPE_VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/attest/index.ts
/**
 * The attestations of one build, pure: an SPDX 2.3 SBOM per platform and one SLSA v1 provenance
 * statement, each wrapped as an OCI artifact manifest whose subject is the platform manifest (SBOM) or
 * the index (provenance). Files come through small readers (the blob cache, the context); no network.
 */










const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_STATUS_D = 'var/lib/dpkg/status.d/';
const APK_INSTALLED = 'lib/apk/db/installed';
const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release'];
const wantedInBase = (p) => p === DPKG_STATUS || p === APK_INSTALLED || OS_RELEASE.includes(p) || (p.startsWith(DPKG_STATUS_D) && !p.slice(DPKG_STATUS_D.length).includes('/'));
/** The OS packages installed in the merged filesystem of these base layers (dpkg and apk). */
async function basePackages(layerDigests, open) {
    if (layerDigests.length === 0)
        return [];
    const files = await readMergedFiles(layerDigests, open, wantedInBase);
    const osText = files.get('etc/os-release') ?? files.get('usr/lib/os-release');
    const os = osText ? parseOsRelease(osText.toString('utf8')) : {};
    const found = [];
    const status = files.get(DPKG_STATUS);
    if (status)
        found.push(...parseDpkgStatus(status.toString('utf8'), os, `/${DPKG_STATUS}`));
    for (const [p, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (p.startsWith(DPKG_STATUS_D) && !p.endsWith('.md5sums'))
            found.push(...parseDpkgStatus(content.toString('utf8'), os, `/${p}`));
    }
    const apk = files.get(APK_INSTALLED);
    if (apk)
        found.push(...parseApkInstalled(apk.toString('utf8'), os, `/${APK_INSTALLED}`));
    return found;
}
const LOCKFILE = /(^|\/)(package-lock\.json|node_modules\/\.package-lock\.json)$/;
const DIST_INFO_METADATA = /(^|\/)[^/]+\.dist-info\/METADATA$/;
/** Whether a context path is a package manifest the SBOM reads. */
const isAppPackageFile = (relPath) => LOCKFILE.test(relPath) || DIST_INFO_METADATA.test(relPath);
async function appPackages(files) {
    const found = [];
    for (const f of [...files].sort((a, b) => (a.imagePath < b.imagePath ? -1 : 1))) {
        const text = (await f.read()).toString('utf8');
        if (DIST_INFO_METADATA.test(f.imagePath)) {
            const p = parseDistInfoMetadata(text, f.imagePath);
            if (p)
                found.push(p);
        }
        else {
            found.push(...parsePackageLock(text, f.imagePath));
        }
    }
    return found;
}
/** Version of what basePackages returns: a change to the parsers changes it, and so the cache keys. */
const BASE_PACKAGES_FORMAT = 'base-packages-v1';
const basePackagesKey = (layerDigests) => (0,external_node_crypto_.createHash)('sha256').update([BASE_PACKAGES_FORMAT, ...layerDigests].join('\n')).digest('hex');
async function cachedBasePackages(layerDigests, open, cache) {
    if (layerDigests.length === 0)
        return [];
    const key = basePackagesKey(layerDigests);
    const hit = await cache?.get(key);
    if (hit)
        return hit;
    const found = await basePackages(layerDigests, open);
    await cache?.put(key, found);
    return found;
}
async function buildAttestations(input) {
    const created = spdxTime(input.epoch);
    const tool = `shipshape-${SHIPSHAPE_VERSION}`;
    const sboms = [];
    if (input.sbom) {
        const app = await appPackages(input.appFiles);
        const byBase = new Map();
        for (const m of input.manifests) {
            const key = m.baseLayers.join(',');
            if (!byBase.has(key))
                byBase.set(key, cachedBasePackages(m.baseLayers, input.openLayer, input.baseCache));
        }
        await Promise.all(byBase.values());
        for (const m of input.manifests) {
            const packages = [...(await byBase.get(m.baseLayers.join(','))), ...app];
            const doc = spdxDocument({ image: { repository: input.repository, platform: m.platform, manifestDigest: m.descriptor.digest }, created: input.epoch, tool, packages });
            const count = doc.packages.length - 1;
            const artifact = artifactManifest({
                kind: 'sbom',
                platform: m.platform,
                artifactType: SPDX_MEDIA_TYPE,
                document: Buffer.from(JSON.stringify(doc)),
                subject: m.descriptor,
                created,
                annotations: { [PACKAGES_ANNOTATION]: String(count) },
            });
            sboms.push({ platform: m.platform, packages: count, artifact });
        }
    }
    let provenance;
    if (input.provenance) {
        const statement = provenanceStatement({
            ...input.provenance,
            repository: input.repository,
            indexDigest: input.index.digest,
            manifests: input.manifests.map((m) => ({ platform: m.platform, digest: m.descriptor.digest })),
        });
        provenance = artifactManifest({ kind: 'provenance', artifactType: IN_TOTO_MEDIA_TYPE, document: Buffer.from(JSON.stringify(statement)), subject: input.index, created });
    }
    return { sboms, ...(provenance && { provenance }) };
}

// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/platform.ts
var oci_platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/steps/record-sections.ts + 1 modules
var record_sections = __webpack_require__(39125);
// EXTERNAL MODULE: ./src/record/scrub.ts
var scrub = __webpack_require__(9010);
// EXTERNAL MODULE: ./src/registry/auth.ts + 1 modules
var auth = __webpack_require__(38403);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
// EXTERNAL MODULE: ./src/registry/manifest-put.ts
var manifest_put = __webpack_require__(13014);
;// CONCATENATED MODULE: ./src/registry/referrers.ts
/**
 * OCI 1.1 referrers (distribution-spec v1.1.1, "Listing Referrers", "Pushing Manifests with Subject",
 * "Referrers Tag Schema"). The referrers API is used only when `GET /v2/<name>/referrers/<digest>` answers
 * 200 with an image index *and* the manifest PUT answers with `OCI-Subject` (ECR sends that header without
 * the API, sigstore/sigstore-js#1183). Otherwise the client keeps the `<alg>-<hex>` tag itself: pull it
 * (404 → empty index), drop duplicates, append, push it back (If-Match when the pull gave an ETag), then
 * read it back; a concurrent writer that dropped our entry makes us start over.
 */





const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const TAG_ATTEMPTS = 6;
const MAX_PAGES = 20;
/** `sha256:abc…` → `sha256-abc…` (the hex part cut at 64 characters, as the schema says). */
function referrersTag(digest) {
    const [alg, hex] = digest.split(':');
    return `${alg}-${hex.slice(0, 64)}`;
}
const emptyIndex = () => ({ schemaVersion: 2, mediaType: media_types/* MediaType */.zu.ociIndex, manifests: [] });
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
/** The referrers tag's index and its ETag; an empty index when the tag does not exist. */
async function readTagIndex(client, repo, digest) {
    const tag = referrersTag(digest);
    const operation = `GET referrers tag ${repo}:${tag}`;
    const res = await client.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${tag}`, scopes: [(0,auth/* pullScope */.iH)(repo)], headers: { Accept: media_types/* MediaType */.zu.ociIndex }, accept: [404] });
    if (res.status === 404) {
        await (0,http/* drainText */.m7)(res);
        return { index: emptyIndex(), exists: false };
    }
    const body = await (0,http/* readBody */.x8)(res);
    let index;
    try {
        index = JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new errors/* RegistryError */.g(client.registry, operation, `the tag ${tag} does not hold JSON; it is not a referrers index, so it is left alone`);
    }
    if (index.mediaType !== media_types/* MediaType */.zu.ociIndex || !Array.isArray(index.manifests)) {
        throw new errors/* RegistryError */.g(client.registry, operation, `the tag ${tag} holds ${index.mediaType ?? 'a manifest without mediaType'}, not a referrers image index, so it is left alone`);
    }
    const etag = (0,http/* headerValue */.Z)(res, 'etag');
    return { index, exists: true, ...(etag && { etag }) };
}
/**
 * Uploads one small blob held in memory: a monolithic POST with `?digest=` (one request) where the
 * registry takes it (201), else the PUT to the session it opened (202); retried as a whole.
 */
async function uploadBlob(client, repo, blob, scopes) {
    const { digest } = blob.descriptor;
    const headers = { 'Content-Type': 'application/octet-stream' };
    await client.session.retrying(`upload blob ${digest}`, async () => {
        const posted = await client.session.attempt({ operation: `POST blob ${digest}`, method: 'POST', path: `/v2/${repo}/blobs/uploads/?digest=${encodeURIComponent(digest)}`, scopes, headers, body: blob.bytes, accept: [201, 202] });
        await (0,http/* drainText */.m7)(posted);
        if (posted.status === 201)
            return;
        const location = (0,http/* headerValue */.Z)(posted, 'location');
        if (!location)
            throw new errors/* RegistryError */.g(client.registry, 'POST blob upload', `answered ${posted.status} without a Location`);
        const url = client.session.url(location);
        url.searchParams.set('digest', digest);
        const res = await client.session.attempt({ operation: `PUT blob ${digest}`, method: 'PUT', path: url.toString(), scopes, headers, body: blob.bytes });
        await (0,http/* drainText */.m7)(res);
    });
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
                await uploadBlob(client, repo, blob, scopes);
        })();
        job.catch(() => map.delete(key));
        map.set(key, job);
    }
    return job;
}
const SETTLE_CHECKS = 2;
const SETTLE_MS = 150;
const jitter = (attempt) => new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random())));
/**
 * Attaches an artifact to its subject. Returns how, and whether anything was pushed (a rerun whose
 * artifact is already listed pushes nothing).
 */
async function attachReferrer(client, repository, artifact, opts = {}) {
    const repo = repository.toLowerCase();
    const subject = artifact.subject.digest;
    const listed = await listReferrersWithTag(client, repo, subject);
    const mode = listed.api ? 'referrers-api' : 'tag-schema';
    if (listed.manifests.some((m) => m.digest === artifact.descriptor.digest))
        return { mode, pushed: false };
    const scopes = [(0,auth/* pushScope */.Xu)(repo)];
    // Not listed, so its document is new: uploaded without a HEAD first (unless the image push carried it).
    if (!opts.uploaded) {
        await Promise.all(artifact.blobs.map((b) => (b.descriptor.mediaType === EMPTY_MEDIA_TYPE ? ensureSharedBlob(client, repo, b, scopes) : uploadBlob(client, repo, b, scopes))));
    }
    // With the API, the PUT's OCI-Subject is the registry's confirmation (the push's own PUT, if any, was not read).
    if (listed.api || !opts.uploaded) {
        const put = await (0,manifest_put/* putManifest */.R)(client.session, repo, artifact.descriptor.digest, { mediaType: media_types/* MediaType */.zu.ociManifest, body: artifact.manifest }, scopes);
        if (listed.api && (0,http/* headerValue */.Z)(put, 'oci-subject') === subject)
            return { mode: 'referrers-api', pushed: true };
    }
    const tag = referrersTag(subject);
    let current = listed.tag ?? (await readTagIndex(client, repo, subject));
    for (let attempt = 1;; attempt++) {
        if (!current.index.manifests.some((m) => m.digest === artifact.descriptor.digest)) {
            const seen = new Set();
            const manifests = [...current.index.manifests, artifact.descriptor].filter((m) => !seen.has(m.digest) && seen.add(m.digest));
            const body = Buffer.from(JSON.stringify({ ...current.index, manifests }));
            const res = await client.session.request({
                operation: `PUT referrers tag ${repo}:${tag}`,
                method: 'PUT',
                path: `/v2/${repo}/manifests/${tag}`,
                scopes,
                headers: { 'Content-Type': media_types/* MediaType */.zu.ociIndex, ...(current.etag && { 'If-Match': current.etag }) },
                body,
                accept: [412],
            });
            await (0,http/* drainText */.m7)(res);
            if (res.status === 412) {
                if (attempt >= TAG_ATTEMPTS)
                    throw new errors/* RegistryError */.g(client.registry, `PUT referrers tag ${repo}:${tag}`, `kept changing under ${TAG_ATTEMPTS} attempts (412)`);
                client.session.logger.info(`referrers tag ${repo}:${tag} changed while it was updated; trying again (${attempt}/${TAG_ATTEMPTS - 1})`);
                await jitter(attempt);
                current = await readTagIndex(client, repo, subject);
                continue;
            }
        }
        // Read it back, now and twice more a moment later: a writer that pulled before our push and pushes
        // after it drops our entry, and registries that ignore If-Match (distribution does) cannot stop it.
        // A writer that reads after our push keeps our entry, so an entry still there once the other
        // writer's read-to-push gap has passed stays; one that is gone is added again.
        const listedNow = () => current.index.manifests.some((m) => m.digest === artifact.descriptor.digest);
        current = await readTagIndex(client, repo, subject);
        for (let check = 0; check < SETTLE_CHECKS && listedNow(); check++) {
            await new Promise((r) => setTimeout(r, SETTLE_MS * (0.75 + Math.random() / 2)));
            current = await readTagIndex(client, repo, subject);
        }
        if (listedNow())
            return { mode: 'tag-schema', pushed: true };
        if (attempt >= TAG_ATTEMPTS)
            throw new errors/* RegistryError */.g(client.registry, `PUT referrers tag ${repo}:${tag}`, `a concurrent writer kept replacing it (${TAG_ATTEMPTS} attempts)`);
        client.session.logger.info(`referrers tag ${repo}:${tag} was replaced by a concurrent writer; adding ${artifact.descriptor.digest} again (${attempt}/${TAG_ATTEMPTS - 1})`);
        await jitter(attempt);
    }
}

// EXTERNAL MODULE: ./src/registry/index.ts + 7 modules
var src_registry = __webpack_require__(86633);
;// CONCATENATED MODULE: ./src/steps/registries.ts



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
        client = new src_registry/* RegistryClient */.bP(registry, {
            ...(own && { credentials: { username: settings.registry.username, password: settings.registry.password } }),
            insecure: settings.registry.insecure,
            logger: actions_log/* actionsLogger */.M,
            mask: (secret) => (0,secrets/* keepSecret */.g)(settings.secrets, secret),
        });
        clients.set(registry, client);
    }
    return client;
}

;// CONCATENATED MODULE: ./src/steps/attest.ts











const wanted = (s) => s.attest.sbom || s.attest.provenance;
/** The build settings that determine the image, for the provenance: never a credential or a deploy input. */
function externalParameters(settings) {
    const b = settings.build;
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const rel = (p) => external_node_path_.relative(workspace, p).split(external_node_path_.sep).join('/') || '.';
    const inputs = {
        image: `${b.image.registry}/${b.image.repository}`,
        tags: b.tags,
        ...(b.baseText && { base: b.baseText }),
        platforms: b.platforms.map(oci_platform/* platformKey */.Ng),
        context: rel(b.context),
        workdir: b.workdir,
        ...(b.entrypoint && { entrypoint: b.entrypoint }),
        ...(b.cmd && { cmd: b.cmd }),
        env: Object.fromEntries(b.env),
        labels: Object.fromEntries(b.labels),
        annotations: b.annotations.map((a) => `${a.levels.join(',')}${a.platform ? `[${a.platform}]` : ''}:${a.key}=${a.value}`),
        expose: b.expose,
        ...(b.user && { user: b.user }),
        layers: b.layers,
        'platform-files': b.platformFiles.map((p) => `${(0,oci_platform/* platformKey */.Ng)(p.platform)}=${rel(p.dir)}`),
        'ignore-file': b.ignoreFile,
    };
    return (0,scrub/* scrubValue */.HJ)({ inputs }, settings.secrets);
}
/** The base package lists beside the blob cache (persisted with it; one small JSON file per base). */
function fileBasePackageCache(dir) {
    return {
        get: (key) => external_node_fs_.promises.readFile(external_node_path_.join(dir, `${key}.json`), 'utf8').then((t) => JSON.parse(t), () => undefined),
        put: async (key, packages) => {
            await external_node_fs_.promises.mkdir(dir, { recursive: true });
            const tmp = external_node_path_.join(dir, `.${key}.${process.pid}.tmp`);
            await external_node_fs_.promises.writeFile(tmp, JSON.stringify(packages));
            await external_node_fs_.promises.rename(tmp, external_node_path_.join(dir, `${key}.json`));
        },
    };
}
async function imageEpoch(layout, configDigest) {
    const config = JSON.parse(await external_node_fs_.promises.readFile((0,oci_layout/* blobPath */.nD)(layout, configDigest), 'utf8'));
    const ms = config.created ? Date.parse(config.created) : 0;
    return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}
/**
 * Step 2b: the SBOM per platform and the provenance of the image just built, written into the OCI
 * layout as referrers (artifact manifests listed in index.json beside the image; the image index
 * itself is untouched). Undefined when `sbom` and `provenance` are both false.
 */
async function attestStep(settings, fp, built, record) {
    if (!wanted(settings))
        return { sbom: {} };
    const b = settings.build;
    const layout = built.layoutPath;
    const env = process.env;
    const attestations = await record.time('attest', async () => buildAttestations({
        repository: `${b.image.registry}/${b.image.repository}`,
        epoch: await imageEpoch(layout, built.manifests[0].configDigest),
        index: { mediaType: media_types/* MediaType */.zu.ociIndex, digest: built.indexDigest, size: built.indexSize },
        manifests: built.manifests.map((m) => ({
            platform: m.platform,
            descriptor: { mediaType: media_types/* MediaType */.zu.ociManifest, digest: m.digest, size: m.size },
            baseLayers: fp.base?.platforms.find((p) => p.key === m.platform)?.layers.map((l) => l.digest) ?? [],
        })),
        openLayer: async (digest) => (0,external_node_fs_.createReadStream)((0,oci_layout/* blobPath */.nD)(layout, digest)),
        ...(b.cache && { baseCache: fileBasePackageCache(external_node_path_.join(b.cacheDir, 'base-packages')) }),
        appFiles: fp.scan.files
            .filter((f) => f.type === 'file' && isAppPackageFile(f.path))
            .map((f) => ({ imagePath: external_node_path_.posix.join(b.workdir, f.path), read: () => external_node_fs_.promises.readFile(f.absPath) })),
        sbom: settings.attest.sbom,
        ...(settings.attest.provenance && {
            provenance: {
                externalParameters: externalParameters(settings),
                internalParameters: { fingerprint: fp.fingerprint, context_digest: fp.scan.contextDigest },
                ...(fp.base && { base: { name: fp.base.name, digest: fp.base.digest, platforms: fp.base.platforms.map((p) => ({ platform: p.key, digest: p.manifestDigest })) } }),
                github: {
                    serverUrl: env.GITHUB_SERVER_URL,
                    repository: env.GITHUB_REPOSITORY,
                    sha: env.GITHUB_SHA,
                    ref: env.GITHUB_REF,
                    workflowRef: env.GITHUB_WORKFLOW_REF,
                    runId: env.GITHUB_RUN_ID,
                    runAttempt: env.GITHUB_RUN_ATTEMPT,
                },
                version: SHIPSHAPE_VERSION,
            },
        }),
    }));
    const artifacts = allArtifacts(attestations);
    await (0,oci_layout/* addToLayout */.rw)(layout, artifacts.flatMap((a) => [...a.blobs.map((x) => ({ bytes: x.bytes, digest: x.descriptor.digest })), { bytes: a.manifest, digest: a.descriptor.digest }]), artifacts.map((a) => a.descriptor));
    for (const s of attestations.sboms)
        core.info(`SBOM ${s.platform}: ${s.packages} package(s), SPDX 2.3 ${s.artifact.document.digest} in artifact ${s.artifact.descriptor.digest}`);
    if (attestations.provenance)
        core.info(`Provenance (SLSA v1): artifact ${attestations.provenance.descriptor.digest} about the index ${built.indexDigest}`);
    await recordAttestations(record, 'oci-layout', 0, entriesOf(attestations));
    return { ...attestationDigests(attestations), artifacts: attestations };
}
/** The artifacts as extra manifests of the image push (their blobs are in the layout), so their bytes go up with the image's. */
function pushExtras(attested) {
    const a = attested.artifacts;
    if (!a)
        return [];
    return allArtifacts(a).map((x) => ({ descriptor: x.descriptor, body: x.manifest, label: x.platform ? `${x.kind} of ${x.platform}` : x.kind }));
}
const allArtifacts = (a) => [...a.sboms.map((s) => s.artifact), ...(a.provenance ? [a.provenance] : [])];
function entriesOf(a) {
    const entry = (x, packages) => ({ digest: x.descriptor.digest, document_digest: x.document.digest, subject: x.subject.digest, ...(packages !== undefined && { packages }) });
    return {
        sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, entry(s.artifact, s.packages)])),
        ...(a.provenance && { provenance: entry(a.provenance) }),
    };
}
function recordAttestations(record, mode, pushed, entries) {
    const section = { mode, pushed, ...(Object.keys(entries.sbom).length > 0 && { sbom: entries.sbom }), ...(entries.provenance && { provenance: entries.provenance }) };
    return (0,record_sections/* recordAttestations */.NN)(record, section);
}
function attestationDigests(a) {
    return { sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, s.artifact.descriptor.digest])), ...(a.provenance && { provenance: a.provenance.descriptor.digest }) };
}
/**
 * Step 3c: list the attestations the image push carried (pushExtras) as OCI referrers of the image
 * (see registry/referrers.ts). Returns their digests.
 */
async function attachStep(settings, attested, record) {
    const attestations = attested.artifacts;
    if (!attestations)
        return attested;
    const { image } = settings.build;
    const client = registryClient(settings, image.registry);
    const artifacts = allArtifacts(attestations);
    const results = await record.time('attest_push', () => Promise.all(artifacts.map((a) => attachReferrer(client, image.repository, a, { uploaded: true }))));
    const pushed = results.filter((r) => r.pushed).length;
    const modes = [...new Set(results.map((r) => r.mode))];
    core.info(`Attached ${pushed} of ${artifacts.length} attestation(s) as OCI referrers (${modes.join(', ')})${pushed < artifacts.length ? '; the rest were there already' : ''}`);
    await recordAttestations(record, modes.join(','), pushed, entriesOf(attestations));
    return attestationDigests(attestations);
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
    const client = registryClient(settings, image.registry);
    const mine = (list, kind) => list.manifests.filter((m) => m.annotations?.[KIND_ANNOTATION] === kind).pop();
    let mode = 'tag-schema';
    const entries = { sbom: {} };
    const lookups = [];
    if (settings.attest.provenance) {
        lookups.push(listReferrers(client, image.repository, published.digest).then((list) => {
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
            lookups.push(listReferrers(client, image.repository, m.digest).then((list) => {
                const found = list.manifests.filter((d) => d.annotations?.[KIND_ANNOTATION] === 'sbom' && d.annotations?.[PLATFORM_ANNOTATION] === m.platform).pop();
                const packages = Number(found?.annotations?.[PACKAGES_ANNOTATION]);
                if (found)
                    entries.sbom[m.platform] = { digest: found.digest, subject: m.digest, ...(Number.isInteger(packages) && { packages }) };
                return !!found;
            }));
        }
    }
    const complete = (await record.time('attest_lookup', () => Promise.all(lookups))).every(Boolean);
    if (!complete) {
        core.info(`${image.registry}/${image.repository}@${published.digest} lacks some of the wanted attestations: building it again to attach them`);
        return undefined;
    }
    const inOrder = Object.fromEntries(published.manifests.filter((m) => entries.sbom[m.platform]).map((m) => [m.platform, entries.sbom[m.platform]]));
    entries.sbom = inOrder;
    await recordAttestations(record, mode, 0, entries);
    core.info('The attestations are attached already: nothing to push');
    return { sbom: Object.fromEntries(Object.entries(entries.sbom).map(([p, e]) => [p, e.digest])), ...(entries.provenance && { provenance: entries.provenance.digest }) };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
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
/** Below this many bytes a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 64 * 1024 * 1024;
function hashInWorker(files) {
    return new Promise((resolve, reject) => {
        const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, workerData: files });
        worker.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.digests)));
        worker.once('error', reject);
    });
}
/** Content digests of the files, in order; spread over worker threads (one per core, up to 4) when the total is large. */
async function hashFiles(files) {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const workers = Math.min(4, external_node_os_.availableParallelism?.() ?? external_node_os_.cpus().length);
    if (total < PARALLEL_THRESHOLD || workers < 2) {
        const buffer = Buffer.allocUnsafe(CHUNK);
        return files.map((f) => hashFileSync(f.absPath, buffer));
    }
    // Largest first onto the least-loaded worker, so the shares end up about even in bytes.
    const shares = Array.from({ length: workers }, () => ({ bytes: 0, indexes: [] }));
    const order = files.map((_, i) => i).sort((a, b) => files[b].size - files[a].size);
    for (const i of order) {
        const share = shares.reduce((min, s) => (s.bytes < min.bytes ? s : min));
        share.bytes += files[i].size;
        share.indexes.push(i);
    }
    const digests = new Array(files.length);
    await Promise.all(shares.map(async (share) => {
        if (share.indexes.length === 0)
            return;
        const result = await hashInWorker(share.indexes.map((i) => files[i].absPath));
        share.indexes.forEach((fileIndex, k) => (digests[fileIndex] = result[k]));
    }));
    return digests;
}

;// CONCATENATED MODULE: ./src/fingerprint/ignore.ts
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

;// CONCATENATED MODULE: ./src/fingerprint/stat-cache.ts


const STAT_CACHE_VERSION = 1;
/** Entries modified this close to the scan are not cached: their mtime may not change on a later edit (git's "racily clean"). */
const RACY_MS = 3000;
/**
 * Remembers content digests by (size, mtime, ctime, inode) so unchanged files are not rehashed
 * between local runs. It only decides whether to hash: the digest recorded is always a content
 * digest, so the fingerprint never depends on mtimes.
 */
class StatCache {
    file;
    previous;
    startedMs;
    next = new Map();
    constructor(file, previous, startedMs) {
        this.file = file;
        this.previous = previous;
        this.startedMs = startedMs;
    }
    static async load(file) {
        const previous = new Map();
        if (file) {
            try {
                const data = JSON.parse(await external_node_fs_.promises.readFile(file, 'utf8'));
                if (data.version === STAT_CACHE_VERSION)
                    for (const [k, v] of Object.entries(data.entries))
                        previous.set(k, v);
            }
            catch {
                // missing or unreadable: start empty
            }
        }
        return new StatCache(file, previous, Date.now());
    }
    lookup(absPath, st) {
        const e = this.previous.get(absPath);
        if (!e || e.size !== st.size || e.mtimeMs !== st.mtimeMs || e.ctimeMs !== st.ctimeMs || e.ino !== st.ino)
            return undefined;
        this.next.set(absPath, e);
        return e.digest;
    }
    record(absPath, st, digest) {
        if (st.mtimeMs >= this.startedMs - RACY_MS)
            return;
        this.next.set(absPath, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, digest });
    }
    async save() {
        if (!this.file)
            return;
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        await external_node_fs_.promises.writeFile(tmp, JSON.stringify({ version: STAT_CACHE_VERSION, entries: Object.fromEntries(this.next) }));
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
        return parseIgnoreFile(await handle.readFile('utf8'));
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
function byPathBytes(a, b) {
    return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}
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
    // Synchronous fs calls: a walk is thousands of tiny calls, and thread-pool round trips would dominate.
    function walk(dirAbs, dirRel, dirExcluded) {
        let keptAny = false;
        const names = (0,external_node_fs_.readdirSync)(dirAbs, { encoding: 'buffer' })
            .map((raw) => ({ raw, name: raw.toString('utf8') }))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const { raw, name } of names) {
            const rel = dirRel ? `${dirRel}/${name}` : name;
            const excluded = matchesIgnore(patterns, rel);
            if (excluded && !hasNegation)
                continue;
            checkUtf8Name(raw, name, dirRel);
            const abs = external_node_path_.join(dirAbs, name);
            const st = (0,external_node_fs_.lstatSync)(abs);
            if (st.isDirectory()) {
                if (excluded && !hasNegation)
                    continue;
                const entry = { path: rel, type: 'dir', mode: 0o755, size: 0, absPath: abs, stat: st };
                const at = files.push(entry) - 1;
                const keptChild = walk(abs, rel, excluded);
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
                files.push({ path: rel, type: 'symlink', mode: 0o777, size: 0, linkTarget: target, absPath: abs, stat: st });
            }
            else if (st.isFile()) {
                files.push({ path: rel, type: 'file', mode: normalizedMode('file', st), size: st.size, absPath: abs, stat: st });
            }
            else {
                throw new Error(`${(0,log/* peerText */.qT)(rel)} in the context is ${describeKind(st)}; only files, directories and symlinks can be built`);
            }
        }
        return keptAny || !dirExcluded;
    }
    walk(rootAbs, '', false);
    const cache = await StatCache.load(opts.statCachePath);
    const toHash = [];
    for (const f of files) {
        if (f.type !== 'file')
            continue;
        f.digest = cache.lookup(f.absPath, f.stat);
        if (!f.digest)
            toHash.push(f);
    }
    const digests = await hashFiles(toHash);
    toHash.forEach((f, i) => {
        f.digest = digests[i];
        cache.record(f.absPath, f.stat, f.digest);
    });
    await cache.save();
    const sorted = files.map(({ stat: _stat, ...f }) => f).sort(byPathBytes);
    return { root: rootAbs, files: sorted, contextDigest: listingDigest(sorted) };
}
/** The digest of a sorted entry list: what a fingerprint of these files means. */
function listingDigest(files) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const f of files) {
        hash.update(`${f.type} ${f.mode.toString(8)} ${f.path}\0${f.digest ?? f.linkTarget ?? ''}\n`);
    }
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

// EXTERNAL MODULE: ./src/oci/annotations.ts
var annotations = __webpack_require__(62427);
;// CONCATENATED MODULE: ./src/oci/config.ts

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
        mediaType: media_types/* MediaType */.zu.ociManifest,
        config,
        layers,
        ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
    };
}
function imageIndex(manifests, annotations) {
    return {
        schemaVersion: 2,
        mediaType: media_types/* MediaType */.zu.ociIndex,
        manifests,
        ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
    };
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
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
const parallel_gzip_WORKER_SOURCE = `
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
            // nursery let each worker hold tens of MB of dead ones
            const worker = new external_node_worker_threads_.Worker(parallel_gzip_WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 1 } });
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
const READ_CHUNK = 256 * 1024;
/**
 * A file's bytes in chunks, read synchronously (a build reads thousands of small files, and a
 * thread-pool round trip per open/read/close would dominate); each chunk is a fresh buffer because
 * gzip may still hold the previous one. Fails if the size differs from the scanned size.
 */
function* fileChunks(sourcePath, size) {
    const fd = (0,external_node_fs_.openSync)(sourcePath, 'r');
    try {
        let read = 0;
        while (read < size) {
            const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - read));
            const n = (0,external_node_fs_.readSync)(fd, chunk, 0, chunk.length, null);
            if (n === 0)
                break;
            read += n;
            yield n === chunk.length ? chunk : chunk.subarray(0, n);
        }
        if (read !== size || (0,external_node_fs_.readSync)(fd, Buffer.alloc(1), 0, 1, null) !== 0) {
            throw new Error(`${sourcePath} changed size during the build (expected ${size} bytes)`);
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
async function* tarChunks(entries, epoch) {
    for (const entry of entries) {
        const name = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
        yield (0,tar/* encodeHeader */.YS)({ name, type: entry.type, mode: entry.mode, size: entry.size, mtime: epoch, uid: 0, gid: 0, linkTarget: entry.linkTarget });
        if (entry.type !== 'file')
            continue;
        yield* fileChunks(entry.sourcePath, entry.size);
        yield (0,tar/* padding */.Ms)(entry.size);
    }
    yield tar/* END_OF_ARCHIVE */.bM;
}
/**
 * Streams `entries` (written in the given order; use sortEntries) as tar → gzip into `destFile`.
 * Every header has uid/gid 0 and mtime `epoch`; the gzip header has no name and mtime 0. Deflated on
 * all cores (parallel-gzip.ts); each file is read once, and the tar and the gzip are hashed as they stream.
 * Ownership is always root, also when the image sets a `user`: modes are normalized to 0644/0755 so
 * any user can read (and run) the app, and the app cannot rewrite its own code (as with Docker COPY
 * without --chown). An app that needs a writable dir should use a volume or /tmp.
 */
async function writeLayer(entries, epoch, destFile) {
    const tarHash = new oci_digest/* HashingStream */.$K();
    const gzHash = new oci_digest/* HashingStream */.$K();
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(tarChunks(entries, epoch), { objectMode: false }), tarHash, new ParallelGzip(GZIP_LEVEL), gzHash, (0,external_node_fs_.createWriteStream)(destFile));
    return { mediaType: media_types/* MediaType */.zu.ociLayerGzip, digest: gzHash.digest(), size: gzHash.size, diffId: tarHash.digest() };
}

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
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`shipshape-layer v${FORMAT_VERSION} gzip${GZIP_LEVEL} epoch${epoch}\n`);
    for (const e of entries) {
        const content = e.sourcePath ? files.get(e.sourcePath)?.digest : e.linkTarget;
        hash.update(`${e.type} ${e.mode.toString(8)} ${e.size} ${e.path}\0${content ?? ''}\n`);
    }
    return hash.digest('hex');
}
/** `filePath` relative to the context-relative dir `dirRel`, or undefined when it is not inside. */
function relativeTo(dirRel, filePath) {
    if (dirRel === '')
        return filePath;
    return filePath.startsWith(`${dirRel}/`) ? filePath.slice(dirRel.length + 1) : undefined;
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
            const patterns = parseIgnoreFile(glob);
            return { name: glob, matches: (p) => patterns.length > 0 && matchesIgnore(patterns, p) };
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

;// CONCATENATED MODULE: ./src/builder/base.ts




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
async function loadPlatform(source, ref, key, manifestBody, manifestDigest) {
    const name = (0,oci_reference/* formatReference */.FH)(ref);
    const manifest = parseJson(manifestBody, `base ${name} manifest ${manifestDigest}`);
    const configBody = await readAll(await source.fetchBlob(ref.repository, manifest.config.digest));
    const configDigest = (0,oci_digest/* sha256Digest */.sI)(configBody);
    if (configDigest !== manifest.config.digest) {
        throw new Error(`base ${name}: config blob ${manifest.config.digest} has the wrong content (hashes to ${configDigest})`);
    }
    const config = parseJson(configBody, `base ${name} config ${configDigest}`);
    config.rootfs ??= { type: 'layers', diff_ids: [] };
    if (config.rootfs.diff_ids.length !== manifest.layers.length) {
        throw new Error(`base ${name} (${key}): config lists ${config.rootfs.diff_ids.length} diff_ids for ${manifest.layers.length} layers`);
    }
    const platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
    const layers = manifest.layers.map((l) => ({ mediaType: (0,media_types/* ociLayerMediaType */.$9)(l.mediaType), digest: l.digest, size: l.size }));
    return { key, platform, manifestDigest, configDigest, config, layers };
}
/**
 * Resolves the base (index or single manifest, by tag or digest) and loads each wanted platform's
 * manifest and config. A platform the base lacks is an error listing the platforms it has.
 */
async function resolveBase(source, ref, platforms) {
    const name = (0,oci_reference/* formatReference */.FH)(ref);
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
    if ((0,media_types/* isIndexMediaType */.$$)(top.mediaType)) {
        const index = parseJson(top.body, `base ${name} index`);
        const entries = index.manifests.filter((m) => m.platform && m.platform.os !== 'unknown' && (0,media_types/* isManifestMediaType */.CM)(m.mediaType));
        for (const wanted of platforms) {
            const entry = entries.find((m) => (0,oci_platform/* platformMatches */.J5)(wanted, m.platform));
            if (!entry) {
                const has = entries.map((m) => (0,oci_platform/* platformKey */.Ng)(m.platform)).join(', ') || 'none';
                throw new Error(`Input 'base': "${name}" has no ${(0,oci_platform/* platformKey */.Ng)(wanted)} image (it has: ${has})`);
            }
            const m = await source.getManifest(ref.repository, entry.digest);
            resolved.push(await loadPlatform(source, ref, (0,oci_platform/* platformKey */.Ng)(wanted), m.body, m.digest));
        }
    }
    else if ((0,media_types/* isManifestMediaType */.CM)(top.mediaType)) {
        const single = await loadPlatform(source, ref, '', top.body, top.digest);
        for (const wanted of platforms) {
            if (!(0,oci_platform/* platformMatches */.J5)(wanted, single.platform)) {
                throw new Error(`Input 'base': "${name}" has no ${(0,oci_platform/* platformKey */.Ng)(wanted)} image (it has: ${(0,oci_platform/* platformKey */.Ng)(single.platform)})`);
            }
            resolved.push({ ...single, key: (0,oci_platform/* platformKey */.Ng)(wanted) });
        }
    }
    else {
        throw new Error(`Input 'base': "${name}" has unsupported media type "${top.mediaType}"`);
    }
    return { name, repository: ref.repository, digest: top.digest, platforms: resolved, source };
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 1 modules
var exec = __webpack_require__(41955);
;// CONCATENATED MODULE: ./src/builder/epoch.ts

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
async function lastCommitTouching(dir) {
    try {
        const out = await (0,exec/* getExecOutput */.H)('git', ['-C', dir, 'log', '-1', '--format=%H %ct', '--', '.'], { silent: true, ignoreReturnCode: true });
        const m = /^([0-9a-f]{40,64}) (\d+)$/.exec(out.stdout.trim());
        return out.exitCode === 0 && m ? { sha: m[1], time: Number(m[2]) } : undefined;
    }
    catch {
        // git is not installed: no commit to take the time from, which is the no-repository case
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/builder/annotations.ts


/** The key of the commit an image was built from. */
const REVISION_ANNOTATION = 'org.opencontainers.image.revision';
/**
 * The standard annotations for index and manifests (created and revision from the source stamp;
 * source and version from GITHUB_* where present; title) followed by the `annotations` input, whose
 * lines win at their level. base.name/base.digest are added by buildImage per level. All of them are
 * in the fingerprint.
 */
function standardAnnotations(settings, stamp, env = process.env) {
    const out = { 'org.opencontainers.image.created': rfc3339(stamp.epoch) };
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
    return [...Object.entries(out).map(([key, value]) => ({ levels: [...annotations/* DEFAULT_LEVELS */.ol], key, value })), ...settings.annotations];
}

;// CONCATENATED MODULE: ./src/builder/index.ts













/** platform-files dirs: inside the context they come from the scan, outside they are scanned on their own. */
async function platformFileSets(settings, scan) {
    const sets = new Map();
    const insideDirs = [];
    for (const { platform, dir } of settings.platformFiles) {
        const rel = external_node_path_.relative(scan.root, dir).split(external_node_path_.sep).join('/');
        const inside = rel !== '' && !rel.startsWith('..') && !external_node_path_.isAbsolute(rel);
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
            const st = await external_node_fs_.promises.stat(dir).catch(() => undefined);
            if (!st?.isDirectory())
                throw new Error(`Input 'platform-files': ${(0,oci_platform/* platformKey */.Ng)(platform)}=${dir} is not a directory`);
            try {
                files = (await scanContext(dir, '.dockerignore')).files;
            }
            catch (e) {
                throw new Error(`Input 'platform-files': ${(0,oci_platform/* platformKey */.Ng)(platform)}=${dir}: ${e.message}`);
            }
        }
        sets.set((0,oci_platform/* platformKey */.Ng)(platform), files);
    }
    return { sets, insideDirs };
}
/**
 * The build fingerprint (hex) for these settings, context and resolved base, plus the epoch and every
 * annotation the image will carry (standardAnnotations' output): so one fingerprint is one digest.
 */
async function fingerprintOf(settings, scan, base, stamp) {
    const { sets } = await platformFileSets(settings, scan);
    return combineFingerprint(scan.contextDigest, {
        platforms: settings.platforms.map(oci_platform/* platformKey */.Ng),
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
        platformFiles: Object.fromEntries([...sets].map(([k, files]) => [k, listingDigest(files)])),
    });
}
/** Writes the OCI image layout at settings.ociLayout: one manifest per platform under one image index. */
async function buildImage(opts) {
    const { settings, scan, base, epoch, cache, logger } = opts;
    const layout = await oci_layout/* LayoutWriter */.s1.open(settings.ociLayout);
    const { sets, insideDirs } = await platformFileSets(settings, scan);
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
        const config = deriveConfig(basePlatform?.config, basePlatform?.platform ?? platform, settings, epoch, written.map((w, i) => ({ diffId: w.diffId, createdBy: `shipshape: ${planned[i].group}` })));
        const configDesc = await layout.writeJson(config, media_types/* MediaType */.zu.ociConfig);
        const manifestAnnotations = { ...(0,annotations/* annotationsAt */.wv)(opts.annotations, 'manifest', key), ...baseAnnotations(base, basePlatform?.manifestDigest) };
        const manifest = imageManifest(configDesc, [...baseLayers, ...written.map((w) => ({ mediaType: w.mediaType, digest: w.digest, size: w.size }))], manifestAnnotations);
        const desc = await layout.writeJson(manifest, media_types/* MediaType */.zu.ociManifest);
        const descriptorAnnotations = (0,annotations/* annotationsAt */.wv)(opts.annotations, 'manifest-descriptor', key);
        return {
            desc: { ...desc, platform: basePlatform?.platform ?? platform, ...(Object.keys(descriptorAnnotations).length > 0 && { annotations: descriptorAnnotations }) },
            key, configDigest: configDesc.digest, layerDigests: manifest.layers.map((l) => l.digest)
        };
    }));
    const index = imageIndex(manifests.map((m) => m.desc), { ...(0,annotations/* annotationsAt */.wv)(opts.annotations, 'index'), ...baseAnnotations(base, base?.digest) });
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

// EXTERNAL MODULE: ./src/cache/actions-cache.ts
var actions_cache = __webpack_require__(50414);
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
        const restored = await (0,actions_cache/* restoreBlobCache */.UD)(b.cacheDir, key, restoreKeys, actions_log/* actionsLogger */.M);
        if (restored.matchedKey !== key)
            (0,state/* saveMainState */.qJ)({ cacheSave: { dir: b.cacheDir, key } });
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
        logger: actions_log/* actionsLogger */.M,
    })).finally(() => (scratch ? (0,promises_.rm)(scratch, { recursive: true, force: true }) : undefined));
    if (b.cache) {
        const pruned = await cache.prune({ keep: new Set(result.layers.map((l) => l.digest)) });
        if (pruned.removed > 0)
            core.info(`Blob cache: evicted ${pruned.removed} blob(s) unused for a week or over the size limit, ${pruned.bytes} bytes; ${pruned.keptBytes} bytes kept`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/steps/fingerprint.ts







/**
 * Step 1: hash the context, resolve the base per platform, and combine them with every build setting,
 * the source stamp and the annotations — everything the image is made of, so one fingerprint is one digest.
 */
async function fingerprintStep(settings, record) {
    const b = settings.build;
    const scan = await record.time('fingerprint', () => 
    // `cache: false` writes no cache at all: no stat cache either.
    scanContext(b.context, b.ignoreFile, b.cache ? { statCachePath: external_node_path_.join(external_node_path_.dirname(b.cacheDir), 'stat-cache.json') } : {}));
    core.info(`Context ${b.context}: ${scan.files.length} entries, ${scan.contextDigest}`);
    const stamp = await sourceStamp(b.context);
    core.info(`Source: ${stamp.revision ? `commit ${stamp.revision} (the last to touch the context)` : 'no git commit'}; ` +
        `time ${stamp.epoch}${stamp.epochFrom === 'SOURCE_DATE_EPOCH' ? ' from SOURCE_DATE_EPOCH' : stamp.epochFrom === 'none' ? ' (1970: no commit)' : ''}`);
    let base;
    if (b.base) {
        const ref = b.base;
        base = await record.time('resolve_base', () => resolveBase(registryClient(settings, ref.registry), ref, b.platforms));
        for (const p of base.platforms)
            core.info((0,log/* peerText */.qT)(`Base ${p.key}: ${p.manifestDigest}`));
    }
    else {
        core.info('Base: scratch');
    }
    const annotations = standardAnnotations(b, stamp);
    const fingerprint = await fingerprintOf(b, scan, base, { epoch: stamp.epoch, annotations });
    core.info(`Fingerprint ${fingerprint} (${b.platforms.map(oci_platform/* platformKey */.Ng).join(', ')})`);
    return { scan, base, stamp, annotations, fingerprint };
}

;// CONCATENATED MODULE: ./src/steps/push.ts








/** The tag every push adds: the full 64-hex fingerprint, so no collision is possible short of sha256's. */
const fingerprintTag = (fingerprint) => `fp-${fingerprint}`;
/**
 * Step 3a, before building: when the registry already has `image:fp-<fingerprint>`, the image exists;
 * only the requested tags are added to it. Says which commit the reused image was built from.
 */
async function findExisting(settings, fp) {
    const { image, tags } = settings.build;
    const client = registryClient(settings, image.registry);
    const found = await client.headManifest(image.repository, fingerprintTag(fp.fingerprint));
    if (!found)
        return undefined;
    const { body } = tags.length > 0 ? await client.tagManifest(image.repository, found.digest, tags) : await client.getManifest(image.repository, found.digest);
    const index = JSON.parse(body.toString('utf8'));
    const manifests = await Promise.all((index.manifests ?? []).map(async (m) => {
        const manifest = JSON.parse((await client.getManifest(image.repository, m.digest)).body.toString('utf8'));
        return { platform: m.platform ? (0,oci_platform/* platformKey */.Ng)(m.platform) : 'unknown', digest: m.digest, ...(manifest.config && { configDigest: manifest.config.digest }) };
    }));
    const revision = index.annotations?.[REVISION_ANNOTATION];
    core.info(`${(0,oci_reference/* repositoryName */.aR)(image)}:${fingerprintTag(fp.fingerprint)} exists (${(0,log/* peerText */.qT)(found.digest, 100)}): build and push skipped; ` +
        `reusing the image built from ${revision ? `commit ${(0,log/* peerText */.qT)(revision, 100)}` : 'an unrecorded commit'}`);
    return { repository: (0,oci_reference/* repositoryName */.aR)(image), digest: found.digest, manifests, tags, cacheHit: true, fingerprint: fp.fingerprint, pushed: true, ...(revision && { revision }) };
}
/** Step 3b: push the layout — blobs the registry lacks, then manifests, the index and every tag. */
async function pushStep(settings, fp, built, extras = []) {
    const { image, tags } = settings.build;
    const client = registryClient(settings, image.registry);
    const mountFrom = fp.base && fp.base.name.startsWith(`${image.registry}/`) ? [fp.base.repository] : [];
    // extras: manifests pushed after the image whose blobs are in the layout too (the SBOM and provenance artifacts)
    const source = { ...(await (0,src_registry/* layoutImage */.C)(built.layoutPath)), extras };
    const result = await client.push(source, image.repository, { tags: [...tags, fingerprintTag(fp.fingerprint)], mountFrom });
    return { ...localImage(settings, fp, built), digest: result.digest, tags, pushed: true, push: result.blobs };
}
/** The image as built (not pushed, or before the push). */
function localImage(settings, fp, built) {
    const revision = (0,annotations/* annotationsAt */.wv)(fp.annotations, 'index')[REVISION_ANNOTATION];
    return {
        repository: (0,oci_reference/* repositoryName */.aR)(settings.build.image),
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

// EXTERNAL MODULE: ./src/steps/record.ts + 3 modules
var steps_record = __webpack_require__(83613);
;// CONCATENATED MODULE: ./src/main.ts

















/** Where records are written: under RUNNER_TEMP, so the post step and later steps of the job find them. */
const recordsDir = (env = process.env) => external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'shipshape', 'records');
function recordKind(settings) {
    if (settings.deploy?.rollback)
        return 'rollback';
    return settings.deploy ? 'deploy' : 'build';
}
/** A run whose inputs were refused still gets its record (failed, with the input error): nothing lost on failure. */
async function recordForBadInputs() {
    const get = (0,inputs/* envInputReader */.tT)();
    const kind = /^(true|yes|1|on)$/i.test(get('rollback')) ? 'rollback' : get('deploy-host') ? 'deploy' : 'build';
    const record = await record_record/* RecordWriter */.J9.start(recordsDir(), kind, process.env, (0,inputs/* rawSecrets */.WX)(get));
    (0,state/* saveMainState */.qJ)({ recordPath: record.path });
    writeRecordOutputs(record);
    return record;
}
async function run() {
    let record;
    let settings;
    try {
        settings = (0,inputs/* readSettings */.sb)();
        for (const secret of settings.secrets)
            (0,secrets/* maskSecret */.$)(secret);
        const s = settings;
        record = await record_record/* RecordWriter */.J9.start(recordsDir(), recordKind(s), process.env, s.secrets);
        const rec = record;
        (0,state/* saveMainState */.qJ)({ recordPath: rec.path });
        onCancel(rec);
        onCrash(rec, s.secrets);
        writeRecordOutputs(rec);
        let image;
        if (s.entry === 'build' && !s.deploy?.rollback) {
            // 1. fingerprint, 2. build, 3. push — unless the registry already holds this fingerprint
            const fp = await core.group('Fingerprint', () => fingerprintStep(s, rec));
            writeFingerprintOutput(fp.fingerprint);
            await (0,record_sections/* recordFingerprint */.__)(rec, s, fp);
            image = s.build.push ? await core.group('Look for this fingerprint in the registry', () => rec.time('push', () => findExisting(s, fp))) : undefined;
            // a fingerprint hit whose SBOM or provenance is missing is built again (same digest) to attach them
            let attested = image && (await core.group('Look for its SBOM and provenance', () => findAttestations(s, image, rec)));
            if (!attested) {
                const built = await core.group('Build', () => buildStep(s, fp, rec));
                await (0,record_sections/* recordBuilt */.MT)(rec, built);
                const attestations = await core.group('SBOM and provenance', () => attestStep(s, fp, built, rec));
                image = s.build.push ? await core.group('Push', () => rec.time('push', () => pushStep(s, fp, built, pushExtras(attestations)))) : localImage(s, fp, built);
                attested = s.build.push ? await core.group('Attach SBOM and provenance', () => attachStep(s, attestations, rec)) : attestations;
            }
            await (0,record_sections/* recordPublished */.ki)(rec, image);
            writeImageOutputs(image);
            writeAttestationOutputs(attested);
        }
        else if (s.imageDigest) {
            image = { repository: (0,oci_reference/* repositoryName */.aR)(s.build.image), digest: s.imageDigest, manifests: [], tags: [], cacheHit: false };
            writeImageOutputs(image, 'deploy');
        }
        // 4. deploy (or roll back)
        if (s.deploy) {
            const d = s.deploy;
            const target = d.rollback || !image ? undefined : `${image.repository}@${image.digest}`;
            // loaded only for a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
            const { deployStep } = await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(907), __webpack_require__.e(296)]).then(__webpack_require__.bind(__webpack_require__, 16296));
            const deployed = await core.group(d.rollback ? 'Roll back' : 'Deploy', () => deployStep(s, d, target, image?.manifests ?? [], rec));
            writeDeployOutputs(deployed);
        }
        await rec.finish('succeeded');
    }
    catch (error) {
        if (!settings)
            record = await recordForBadInputs().catch(() => undefined);
        await record?.finish('failed', error).catch(() => { });
        core.setFailed((0,secret_forms/* scrubText */.Ho)((0,actions_log/* errorMessage */.g)(error), settings?.secrets ?? []));
    }
    finally {
        // 5. the record: uploaded and summarized whatever happened
        if (record) {
            await core.group('Build record', () => (0,steps_record/* publishRecord */.l)(record, settings?.record.retentionDays));
            (0,state/* saveMainState */.qJ)({ recordPublished: true });
        }
    }
}
/**
 * A canceled job gets SIGINT, then SIGTERM. Mark the record canceled and leave the rest (a held deploy
 * lock, a candidate container, the cache) to the post step, which the runner still runs.
 */
function onCancel(record) {
    const handler = (signal) => {
        (0,state/* saveMainState */.qJ)({ canceled: true });
        core.error(`Canceled (${signal}); the post step cleans up.`);
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
        core.setFailed((0,secret_forms/* scrubText */.Ho)(`unexpected failure: ${(0,actions_log/* errorMessage */.g)(error)}`, secrets));
        setTimeout(() => process.exit(1), 5000);
        void record.finish('failed', error).finally(() => process.exit(1));
    };
    process.once('uncaughtException', handler);
    process.once('unhandledRejection', handler);
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
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 1 modules
var exec = __webpack_require__(41955);
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
    const run = (0,exec/* getExecOutput */.H)(program, ['get'], { input: Buffer.from(serverUrl), silent: true, ignoreReturnCode: true }).catch((err) => {
        // @actions/exec looks the program up on PATH first and throws when it is not there
        throw new Error(`${program} get failed for ${serverUrl}: ${/Unable to locate executable/i.test(err.message) ? 'not found on PATH' : err.message}`);
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
            const label = child.platform ? (0,platform/* platformKey */.Ng)(child.platform) : 'unknown';
            manifests.push({ descriptor: child, body: await readVerifiedBlob(layoutDir, child, `manifest (${label})`), label });
        }
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
 * last, with all tags; then the source's extra manifests (referrers of the root).
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
    const extras = source.extras ?? [];
    const blobs = new Map();
    const withBlobs = [...(manifests.length > 0 ? manifests : [source.root]), ...extras];
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
                await session.attempt({ operation: 'cancel upload', method: 'DELETE', path: location, scopes, accept: [404, 400, 405] }).then(http/* drainText */.m7, () => { });
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
    // Referrers name the root as their subject: a registry may refuse them before the root exists.
    await forEachLimited(extras, target.concurrency, putMissing);
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
        const repo = repository.toLowerCase();
        const operation = `GET manifest ${repo}:${reference}`;
        const res = await this.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${reference}`, scopes: [(0,registry_auth/* pullScope */.iH)(repo)], headers: { Accept: MANIFEST_ACCEPT } });
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
        if (tags.length > 0)
            await (0,manifest_put/* putWithTags */.p)(this.session, repo, manifest, [...new Set(tags)]);
        return manifest;
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

// EXTERNAL MODULE: ./src/deploy/spec.ts
var spec = __webpack_require__(68836);
;// CONCATENATED MODULE: ./src/steps/deploy-app-record.ts

/** The record's account of what the app container was given and what the release and pruning did. */
function appRecord(s, result) {
    const o = (0,spec/* appOptions */.Cp)(s);
    return {
        role: o.role,
        volumes: o.volumes.map((v) => (v.kind === 'tmpfs' ? { kind: v.kind, target: v.target } : { kind: v.kind, target: v.target, source: v.source, read_only: v.readOnly })),
        networks: o.networks,
        limits: { ...(o.memoryBytes && { memory_bytes: o.memoryBytes }), ...(o.cpus && { cpus: o.cpus }), stop_timeout_seconds: o.stopTimeoutSeconds },
        log: o.log,
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
    };
    await record.update((r) => {
        r.deploy = section;
        for (const [phase, ms] of Object.entries(result.timings ?? {}))
            if (ms)
                r.timings[phase] = ms;
    });
}


/***/ })

};

//# sourceMappingURL=375.index.js.map