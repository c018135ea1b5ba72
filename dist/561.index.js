export const id = 561;
export const ids = [561];
export const modules = {

/***/ 76561:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  attestStep: () => (/* binding */ attestStep),
  prepareAttestations: () => (/* binding */ prepareAttestations),
  pushWithAttestations: () => (/* binding */ pushWithAttestations)
});

// EXTERNAL MODULE: ./src/github/commands.ts
var commands = __webpack_require__(24897);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
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
/** A value as a message shows it: short, one line. */
function shown(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'object')
        return 'an object';
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
/** At most this many warnings per file; the rest are counted in one more. */
const MAX_WARNINGS = 5;
function reporter(file, warn) {
    let count = 0;
    return {
        entry(entry, problem) {
            if (++count <= MAX_WARNINGS)
                warn(`${file}: ${shown(entry)} ${problem}; that entry is left out of the SBOM`);
        },
        file(problem, outcome = 'its packages are left out of the SBOM') {
            warn(`${file} ${problem}; ${outcome}`);
        },
        done() {
            if (count > MAX_WARNINGS)
                warn(`${file}: ${count - MAX_WARNINGS} more bad entries are left out of the SBOM`);
        },
    };
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** npm package names (validate-npm-package-name, leniently): `name` or `@scope/name`, no spaces, no more slashes, at most 214 characters. */
const NPM_NAME = /^(?:@[^\s/@]+\/)?[^\s/@.][^\s/]*$/;
const OPTIONAL_STRINGS = ['name', 'resolved', 'integrity'];
/** Why a lockfile entry cannot be trusted, or undefined when it can. */
function lockEntryProblem(entry, keyName) {
    if (!isObject(entry))
        return `is ${shown(entry)}, not an object`;
    if (entry.link !== undefined && typeof entry.link !== 'boolean')
        return `has link ${shown(entry.link)}, not true or false`;
    if (entry.link)
        return undefined;
    if (entry.version !== undefined && (typeof entry.version !== 'string' || !/^\S{1,256}$/.test(entry.version)))
        return `has version ${shown(entry.version)}, not a version string`;
    for (const field of OPTIONAL_STRINGS) {
        if (entry[field] !== undefined && typeof entry[field] !== 'string')
            return `has ${field} ${shown(entry[field])}, not a string`;
    }
    const name = entry.name ?? keyName;
    if (name.length > 214 || !NPM_NAME.test(name))
        return entry.name === undefined ? `does not end in a package name` : `has name ${shown(name)}, not a package name`;
    return undefined;
}
/**
 * npm `package-lock.json` (lockfileVersion 2 and 3; also the hidden `node_modules/.package-lock.json`):
 * every `packages` entry under `node_modules/` except links (workspaces). The root entry ("") is the app.
 * A v1 lockfile has no `packages` and yields nothing (npm 7+ rewrites it on install).
 */
function parsePackageLock(text, foundIn, opts = {}) {
    const report = reporter(opts.file ?? foundIn, opts.warn ?? (() => { }));
    let lock;
    try {
        lock = JSON.parse(text);
    }
    catch (e) {
        report.file(`is not valid JSON (${e.message})`);
        return [];
    }
    if (!isObject(lock)) {
        report.file(`holds ${shown(lock)}, not a lockfile object`);
        return [];
    }
    if (lock.packages !== undefined && !isObject(lock.packages)) {
        report.file(`has "packages" ${shown(lock.packages)}, not an object`);
        return [];
    }
    const out = [];
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        const at = key.lastIndexOf('node_modules/');
        if (at < 0)
            continue;
        const problem = lockEntryProblem(entry, key.slice(at + 'node_modules/'.length));
        if (problem) {
            report.entry(key, problem);
            continue;
        }
        const e = entry;
        if (e.link || !e.version)
            continue;
        const fullName = e.name ?? key.slice(at + 'node_modules/'.length);
        const scoped = fullName.startsWith('@');
        const checksums = integrityChecksums(e.integrity);
        out.push({
            type: 'npm',
            ...(scoped && { namespace: fullName.slice(0, fullName.indexOf('/')) }),
            name: scoped ? fullName.slice(fullName.indexOf('/') + 1) : fullName,
            version: e.version,
            ...(typeof e.license === 'string' && { license: e.license }),
            ...(checksums && { checksums }),
            ...(e.resolved && /^https?:\/\//.test(e.resolved) && { downloadLocation: e.resolved }),
            foundIn,
        });
    }
    report.done();
    return out;
}
/** PEP 508 project names; versions as PEP 440 spells them (letters, digits and `.!+-_`), one line. */
const PYPI_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
const PYPI_VERSION = /^[A-Za-z0-9.!+_-]{1,128}$/;
/**
 * Python core metadata (`*.dist-info/METADATA`, packaging.python.org core-metadata): the header block
 * before the first blank line. `License-Expression` (metadata 2.4) wins over the free-text `License`.
 */
function parseDistInfoMetadata(text, foundIn, opts = {}) {
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
    const report = reporter(opts.file ?? foundIn, opts.warn ?? (() => { }));
    const problem = !name
        ? 'has no Name header'
        : !PYPI_NAME.test(name)
            ? `has Name ${shown(name)}, not a Python project name`
            : !version
                ? 'has no Version header'
                : !PYPI_VERSION.test(version)
                    ? `has Version ${shown(version)}, not a version`
                    : undefined;
    if (problem) {
        report.file(problem, 'that package is left out of the SBOM');
        return undefined;
    }
    const license = headers.get('license-expression') || headers.get('license');
    const homepage = headers.get('home-page');
    return {
        type: 'pypi',
        name: name,
        version: version,
        ...(license && license !== 'UNKNOWN' && { license }),
        ...(homepage && { homepage }),
        foundIn,
    };
}

// EXTERNAL MODULE: ./src/attest/artifact.ts
var attest_artifact = __webpack_require__(88951);
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
    let known = checkedLicenses.get(t);
    if (!known) {
        try {
            spdx_expression_parse_default()(t);
            known = { declared: t };
        }
        catch {
            known = { declared: 'NOASSERTION', comment: `declared by the package as: ${t}` };
        }
        checkedLicenses.set(t, known);
    }
    return known;
}
// Most packages share a few license texts, and every platform's SBOM lists the same package objects:
// each license is parsed and each purl formatted once.
const checkedLicenses = new Map();
const purls = new WeakMap();
function purlOf(p) {
    let purl = purls.get(p);
    if (purl === undefined) {
        const qualifiers = p.qualifiers && Object.keys(p.qualifiers).length > 0 ? p.qualifiers : undefined;
        purl = new packageurl_js.PackageURL(p.type, p.namespace, p.name, p.version, qualifiers, undefined).toString();
        purls.set(p, purl);
    }
    return purl;
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
// A package's entry does not depend on the image: made once (prepareSpdxPackages runs while the image
// builds), shared by every platform's document.
const entries = new WeakMap();
function spdxPackageOf(p) {
    const known = entries.get(p);
    if (known)
        return known;
    const purl = purlOf(p);
    const license = spdxLicense(p.license);
    const checksums = Object.entries(p.checksums ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([algorithm, checksumValue]) => ({ algorithm, checksumValue }));
    const entry = {
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
    };
    const made = { purl, entry };
    entries.set(p, made);
    return made;
}
/** Makes the packages' SPDX entries ahead of the documents (they do not depend on the image's digests). */
function prepareSpdxPackages(packages) {
    for (const p of packages)
        spdxPackageOf(p);
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
        const { purl, entry } = spdxPackageOf(p);
        if (!byPurl.has(purl))
            byPurl.set(purl, entry);
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
async function appPackages(files, warn) {
    const found = [];
    for (const f of [...files].sort((a, b) => (a.imagePath < b.imagePath ? -1 : 1))) {
        const text = (await f.read()).toString('utf8');
        const opts = { ...(warn && { warn }), ...(f.contextPath && { file: `${f.contextPath} (${f.imagePath} in the image)` }) };
        if (DIST_INFO_METADATA.test(f.imagePath)) {
            const p = parseDistInfoMetadata(text, f.imagePath, opts);
            if (p)
                found.push(p);
        }
        else {
            found.push(...parsePackageLock(text, f.imagePath, opts));
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
/**
 * Reads the package lists while the image builds (they depend on the context and the base, not on
 * the image), and makes their SPDX entries, so the SBOMs need only be assembled once the digests are
 * known. A base the cache lacks is read from its layers later, by buildAttestations.
 */
async function preparePackages(input) {
    const keys = [...new Set(input.baseLayers.filter((l) => l.length > 0).map(basePackagesKey))];
    const [app, cached] = await Promise.all([appPackages(input.appFiles, input.warn), Promise.all(keys.map(async (k) => [k, await input.baseCache?.get(k)]))]);
    const bases = new Map(cached.filter((e) => e[1] !== undefined));
    prepareSpdxPackages([...[...bases.values()].flat(), ...app]);
    return { app, bases };
}
async function buildAttestations(input) {
    const created = spdxTime(input.epoch);
    const tool = `shipshape-${SHIPSHAPE_VERSION}`;
    const sboms = [];
    if (input.sbom) {
        const { prepared } = input;
        const app = prepared?.app ?? (await appPackages(input.appFiles, input.warn));
        const byBase = new Map();
        for (const m of input.manifests) {
            const key = m.baseLayers.join(',');
            const known = m.baseLayers.length > 0 ? prepared?.bases.get(basePackagesKey(m.baseLayers)) : undefined;
            if (!byBase.has(key))
                byBase.set(key, known ? Promise.resolve(known) : cachedBasePackages(m.baseLayers, input.openLayer, input.baseCache));
        }
        await Promise.all(byBase.values());
        for (const m of input.manifests) {
            // each document is some milliseconds of CPU: the image push beside it gets the thread in between
            await new Promise((resolve) => setImmediate(resolve));
            const packages = [...(await byBase.get(m.baseLayers.join(','))), ...app];
            const doc = spdxDocument({ image: { repository: input.repository, platform: m.platform, manifestDigest: m.descriptor.digest }, created: input.epoch, tool, packages });
            const count = doc.packages.length - 1;
            const artifact = (0,attest_artifact/* artifactManifest */.si)({
                kind: 'sbom',
                platform: m.platform,
                artifactType: SPDX_MEDIA_TYPE,
                document: Buffer.from(JSON.stringify(doc)),
                subject: m.descriptor,
                created,
                annotations: { [attest_artifact/* PACKAGES_ANNOTATION */.wB]: String(count) },
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
        provenance = (0,attest_artifact/* artifactManifest */.si)({ kind: 'provenance', artifactType: IN_TOTO_MEDIA_TYPE, document: Buffer.from(JSON.stringify(statement)), subject: input.index, created });
    }
    return { sboms, ...(provenance && { provenance }) };
}

// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/platform.ts
var platform = __webpack_require__(1890);
// EXTERNAL MODULE: ./src/record/scrub.ts
var scrub = __webpack_require__(9010);
// EXTERNAL MODULE: ./src/registry/referrers.ts + 1 modules
var referrers = __webpack_require__(66706);
// EXTERNAL MODULE: ./src/steps/attest-lookup.ts
var attest_lookup = __webpack_require__(25101);
// EXTERNAL MODULE: ./src/steps/registries.ts
var registries = __webpack_require__(22172);
;// CONCATENATED MODULE: ./src/steps/attest.ts











/** The build settings that determine the image, for the provenance: never a credential or a deploy input. */
function externalParameters(settings) {
    const b = settings.build;
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const rel = (p) => external_node_path_.relative(workspace, p).split(external_node_path_.sep).join('/') || '.';
    const inputs = {
        image: `${b.image.registry}/${b.image.repository}`,
        tags: b.tags,
        ...(b.baseText && { base: b.baseText }),
        platforms: b.platforms.map(platform/* platformKey */.Ng),
        context: rel(b.context),
        workdir: b.workdir,
        ...(b.entrypoint && { entrypoint: b.entrypoint }),
        ...(b.cmd && { cmd: b.cmd }),
        // names only: a value may be a credential (docs/security.md)
        env: b.env.map(([name]) => name),
        labels: Object.fromEntries(b.labels),
        annotations: b.annotations.map((a) => `${a.levels.join(',')}${a.platform ? `[${a.platform}]` : ''}:${a.key}=${a.value}`),
        expose: b.expose,
        ...(b.user && { user: b.user }),
        layers: b.layers,
        'platform-files': b.platformFiles.map((p) => `${(0,platform/* platformKey */.Ng)(p.platform)}=${rel(p.dir)}`),
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
 * Without a push: the SBOM per platform and the provenance of the image just built, written into the
 * OCI layout as referrers (artifact manifests listed in index.json beside the image; the image index
 * itself is untouched). Nothing when `sbom` and `provenance` are both false.
 */
async function attestStep(settings, fp, built, record, prepared) {
    if (!(0,attest_lookup/* wanted */.Ol)(settings))
        return { sbom: {} };
    const attestations = await generate(settings, fp, built, record, prepared);
    await writeToLayout(built, attestations);
    await (0,attest_lookup/* recordAttestations */.NN)(record, 'oci-layout', 0, entriesOf(attestations));
    return attestationDigests(attestations);
}
const baseLayers = (fp, platform) => fp.base?.platforms.find((p) => p.key === platform)?.layers.map((l) => l.digest) ?? [];
/** The SBOM's inputs from the context and the cache; an app package file's bad entry is a warning (app-packages.ts says why). */
function packageSources(settings, fp) {
    const b = settings.build;
    return {
        ...(b.cache && { baseCache: fileBasePackageCache(external_node_path_.join(b.cacheDir, 'base-packages')) }),
        appFiles: fp.scan.files
            .filter((f) => f.type === 'file' && isAppPackageFile(f.path))
            .map((f) => ({ imagePath: external_node_path_.posix.join(b.workdir, f.path), contextPath: f.path, read: () => external_node_fs_.promises.readFile(f.absPath) })),
        warn: (message) => commands/* warning */.$e(`SBOM: ${message}`),
    };
}
/**
 * Step 2a, beside the build: the SBOMs' package lists (they do not depend on the image's digests).
 * Undefined without `sbom`. A failure surfaces where the answer is awaited (in the SBOM step).
 */
function prepareAttestations(settings, fp) {
    if (!settings.attest.sbom)
        return undefined;
    const prepared = preparePackages({ ...packageSources(settings, fp), baseLayers: settings.build.platforms.map((p) => baseLayers(fp, (0,platform/* platformKey */.Ng)(p))) });
    prepared.catch(() => { });
    return prepared;
}
async function generate(settings, fp, built, record, prepared) {
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
            baseLayers: baseLayers(fp, m.platform),
        })),
        openLayer: async (digest) => (0,external_node_fs_.createReadStream)((0,oci_layout/* blobPath */.nD)(layout, digest)),
        ...packageSources(settings, fp),
        ...(prepared && { prepared: await prepared }),
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
    for (const s of attestations.sboms)
        commands/* info */.pq(`SBOM ${s.platform}: ${s.packages} package(s), SPDX 2.3 ${s.artifact.document.digest} in artifact ${s.artifact.descriptor.digest}`);
    if (attestations.provenance)
        commands/* info */.pq(`Provenance (SLSA v1): artifact ${attestations.provenance.descriptor.digest} about the index ${built.indexDigest}`);
    return attestations;
}
/** The artifacts as referrers in the OCI layout: their blobs, and index.json entries after the image's own. */
function writeToLayout(built, attestations) {
    const artifacts = allArtifacts(attestations);
    return (0,oci_layout/* addToLayout */.rw)(built.layoutPath, artifacts.flatMap((a) => [...a.blobs.map((x) => ({ bytes: x.bytes, digest: x.descriptor.digest })), { bytes: a.manifest, digest: a.descriptor.digest }]), artifacts.map((a) => a.descriptor));
}
const allArtifacts = (a) => [...a.sboms.map((s) => s.artifact), ...(a.provenance ? [a.provenance] : [])];
function entriesOf(a) {
    const entry = (x, packages) => ({ digest: x.descriptor.digest, document_digest: x.document.digest, subject: x.subject.digest, ...(packages !== undefined && { packages }) });
    return {
        sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, entry(s.artifact, s.packages)])),
        ...(a.provenance && { provenance: entry(a.provenance) }),
    };
}
function attestationDigests(a) {
    return { sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, s.artifact.descriptor.digest])), ...(a.provenance && { provenance: a.provenance.descriptor.digest }) };
}
/**
 * Step 3, with a push: the image push (`push`) and, beside it, the attestations — the subjects' referrers
 * lists read and the documents' upload sessions opened while the push reads the layout, the documents made
 * once it has (`pushReady`), their blobs, manifests and referrers lists sent beside the rest of the push,
 * and the artifacts written into the layout once the push is done. The digests they name are known once
 * the layout is built, and distribution-spec
 * v1.1 ("Push") has the registry take them first: "A registry MUST initially accept an otherwise valid
 * manifest with a `subject` field that references a manifest that does not exist in the repository,
 * allowing clients to push a manifest and referrers to that manifest in either order."
 * `timings.attest_wait` is what the attestations took past the push.
 */
async function pushWithAttestations(settings, fp, built, record, prepared, push, 
/** Settles once the push has read what it needs: the documents' generation (CPU on this thread) waits for it. */
pushReady = Promise.resolve()) {
    // the push goes first: its first requests are out before the documents' generation takes the thread
    const pushing = push();
    pushing.catch(() => { });
    const attach = (0,attest_lookup/* wanted */.Ol)(settings) ? attestAndAttach(settings, fp, built, record, prepared, pushing, pushReady) : Promise.resolve({ sbom: {} });
    attach.catch(() => { });
    let pushed;
    try {
        pushed = await pushing;
    }
    catch (error) {
        await attach.catch(() => { }); // nothing left running behind a failed step
        throw error;
    }
    return [pushed, await record.time('attest_wait', () => attach)];
}
async function attestAndAttach(settings, fp, built, record, prepared, pushing, pushReady) {
    const { image } = settings.build;
    const client = (0,registries/* registryClient */.R)(settings, image.registry);
    const subjects = [...(settings.attest.sbom ? built.manifests.map((m) => m.digest) : []), ...(settings.attest.provenance ? [built.indexDigest] : [])];
    const listings = new Map(subjects.map((d) => [d, (0,referrers/* listReferrers */.xt)(client, image.repository, d)]));
    for (const l of listings.values())
        l.catch(() => { }); // awaited by the attach; a failed generation leaves them
    // its upload session is opened now, so the document goes up in one PUT once made
    const uploads = new Map(subjects.map((d) => [d, (0,referrers/* openArtifactUpload */["in"])(client, image.repository)]));
    let attestations;
    try {
        await pushReady.catch(() => { }); // a failed read fails the push, which the caller reports
        attestations = await generate(settings, fp, built, record, prepared);
    }
    catch (error) {
        await Promise.all([...uploads.values()].map((u) => (0,referrers/* cancelArtifactUpload */.Gw)(client, image.repository, u)));
        throw error;
    }
    // one artifact per subject, so every session opened above is used (or cancelled) by its attach
    const artifacts = allArtifacts(attestations);
    const [, results] = await Promise.all([
        // into the layout once the image push no longer reads it (while the referrers lists settle)
        pushing.catch(() => { }).then(() => writeToLayout(built, attestations)),
        record.time('attest_push', () => Promise.all(artifacts.map((a) => (0,referrers/* attachReferrer */.vO)(client, image.repository, a, listings.get(a.subject.digest), uploads.get(a.subject.digest))))),
    ]);
    const pushed = results.filter((r) => r.pushed).length;
    const modes = [...new Set(results.map((r) => r.mode))];
    commands/* info */.pq(`Attached ${pushed} of ${artifacts.length} attestation(s) as OCI referrers (${modes.join(', ')})${pushed < artifacts.length ? '; the rest were there already' : ''}`);
    await (0,attest_lookup/* recordAttestations */.NN)(record, modes.join(','), pushed, entriesOf(attestations));
    return attestationDigests(attestations);
}


/***/ })

};

//# sourceMappingURL=561.index.js.map