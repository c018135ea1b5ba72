export const id = 661;
export const ids = [661];
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

/***/ 86661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _github_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24897);
/* harmony import */ var _github_logger_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(72231);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25625);
/* harmony import */ var _github_masking_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25247);
/* harmony import */ var _secret_forms_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90773);
/* harmony import */ var _github_actions_cache_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(93983);
/* harmony import */ var _settings_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(10451);
/* harmony import */ var _record_record_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(29582);
/* harmony import */ var _github_main_state_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(22377);
/* harmony import */ var _steps_record_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(56072);










/**
 * The post step (`post-if: always()`): whatever main could not finish. Each part is best-effort and only
 * warns, so main's own failure stays the one the job shows.
 */
async function post() {
    let settings;
    try {
        settings = (0,_settings_index_js__WEBPACK_IMPORTED_MODULE_6__/* .readSettings */ .sb)();
        if (settings.deploy)
            settings.secrets.push(...(0,_secret_forms_js__WEBPACK_IMPORTED_MODULE_4__/* .logOptionSecrets */ .RQ)(settings.deploy.service.log.options));
        for (const secret of settings.secrets)
            (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .maskSecret */ .$)(secret);
    }
    catch (error) {
        _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`post: inputs not readable (${(0,_github_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}); cleanup limited to the record`);
    }
    let state;
    try {
        state = await (0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_8__/* .settleMainState */ .i_)();
    }
    catch (error) {
        const app = settings?.deploy?.app;
        _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`post: ${(0,_github_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}${app ? `; could not undo a deploy main may have left half-done: ${mayRemain(app)}` : ''}; could not finalize the build record or save the blob cache`);
        return;
    }
    await bestEffort('finish or undo the deploy from its saved phase', async () => {
        if (state.deploy === undefined)
            return;
        // loaded only after a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
        const { parseJournal, settleDeploy } = await Promise.all(/* import() */[__webpack_require__.e(697), __webpack_require__.e(830), __webpack_require__.e(758), __webpack_require__.e(578), __webpack_require__.e(365), __webpack_require__.e(617)]).then(__webpack_require__.bind(__webpack_require__, 88365));
        const parsed = parseJournal(state.deploy);
        if (!settings?.deploy) {
            const saved = 'journal' in parsed ? parsed.journal : undefined;
            if (saved?.phase === 'done')
                return;
            throw new Error(`the deploy inputs are not readable${saved ? `; the deploy of ${saved.app} stopped in phase ${saved.phase}: ${mayRemain(saved.app)}` : ''}`);
        }
        if ('problem' in parsed)
            throw new Error(`${parsed.problem}; ${mayRemain(settings.deploy.app)}`);
        await settleDeploy(settings.deploy, parsed.journal, _github_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionsLogger */ .M);
    });
    await bestEffort('finalize the build record', async () => {
        if (!state.recordPath || state.recordPublished)
            return;
        const secrets = settings?.secrets ?? [];
        await (0,_record_record_js__WEBPACK_IMPORTED_MODULE_7__/* .settleRecord */ .rQ)(state.recordPath, secrets, state.canceled ? 'canceled' : 'died');
        const record = await _record_record_js__WEBPACK_IMPORTED_MODULE_7__/* .RecordWriter */ .J9.resume(state.recordPath, secrets);
        _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Build record ${record.path}: ${record.record.status}`);
        await (0,_steps_record_js__WEBPACK_IMPORTED_MODULE_9__/* .publishRecord */ .l)(record, settings?.record.retentionDays);
    });
    await bestEffort('save the blob cache', async () => {
        if (!state.cacheSave)
            return;
        const saved = await (0,_github_actions_cache_js__WEBPACK_IMPORTED_MODULE_5__/* .saveBlobCache */ .z_)(state.cacheSave.dir, state.cacheSave.key, _github_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionsLogger */ .M);
        if (!saved.saved && saved.reason)
            _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .peerText */ .qT)(`Blob cache not saved: ${saved.reason}`));
    });
}
const mayRemain = (app) => `the deploy lock shipshape-lock-${app} and a candidate ${app}-blue or ${app}-green may remain (the lock expires by itself; the next deploy replaces the candidate)`;
async function bestEffort(what, fn) {
    try {
        await fn();
    }
    catch (error) {
        _github_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`post: could not ${what}: ${(0,_github_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
}


/***/ })

};

//# sourceMappingURL=661.index.js.map