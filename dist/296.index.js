export const id = 296;
export const ids = [296];
export const modules = {

/***/ 16296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployStep: () => (/* binding */ deployStep),
/* harmony export */   removeStep: () => (/* binding */ removeStep)
/* harmony export */ });
/* harmony import */ var _github_logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72231);
/* harmony import */ var _deploy_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88365);
/* harmony import */ var _record_context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(17602);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86633);
/* harmony import */ var _github_masking_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25247);
/* harmony import */ var _github_main_state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22377);
/* harmony import */ var _record_sections_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(39125);







/**
 * Step 4: put `image` (repo@digest) live on the deploy host — or, with `rollback`, switch back to the
 * previous color. The host-side state (live color, history) is the deploy module's; the record gets
 * everything that happened, success or not.
 */
async function deployStep(settings, deploySettings, image, platformManifests, record) {
    const pull = await pullCredentials(settings);
    const request = {
        ...(pull && { registryAuth: { ...pull, serveraddress: settings.build.image.registry } }),
        owner: { id: record.id, runUrl: (0,_record_context_js__WEBPACK_IMPORTED_MODULE_5__/* .runUrl */ .Vp)(process.env), actor: process.env.GITHUB_ACTOR },
        logger: _github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsLogger */ .M,
        mask: (s) => (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .keepSecret */ .g)(settings.secrets, s),
        saveState: (progress) => (0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .saveMainState */ .qJ)({ deploy: progress }),
        platformManifests,
    };
    let result;
    try {
        result = deploySettings.rollback || !image ? await (0,_deploy_index_js__WEBPACK_IMPORTED_MODULE_1__/* .rollback */ .dU)(deploySettings, request) : await (0,_deploy_index_js__WEBPACK_IMPORTED_MODULE_1__/* .deploy */ .gg)(deploySettings, { ...request, image });
    }
    catch (error) {
        if (error instanceof _deploy_index_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH && error.result)
            await (0,_record_sections_js__WEBPACK_IMPORTED_MODULE_6__/* .recordDeploy */ .Vf)(record, deploySettings, error.result);
        throw error;
    }
    await (0,_record_sections_js__WEBPACK_IMPORTED_MODULE_6__/* .recordDeploy */ .Vf)(record, deploySettings, result);
    return result;
}
/** `remove: true`: the app's containers, route, certificate and state leave the host; the record lists them. */
async function removeStep(settings, deploySettings, record) {
    const result = await (0,_deploy_index_js__WEBPACK_IMPORTED_MODULE_1__/* .remove */ .TF)(deploySettings, {
        owner: { id: record.id, runUrl: (0,_record_context_js__WEBPACK_IMPORTED_MODULE_5__/* .runUrl */ .Vp)(process.env), actor: process.env.GITHUB_ACTOR },
        logger: _github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsLogger */ .M,
        mask: (s) => (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .keepSecret */ .g)(settings.secrets, s),
        saveState: (progress) => (0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .saveMainState */ .qJ)({ deploy: progress }),
    });
    await record.update((r) => {
        r.deploy = { host: result.host, engine_version: '', app: result.app, removed: result.removed };
    });
    return result;
}
/**
 * What the Docker host pulls with (X-Registry-Auth): the registry inputs, else the runner's Docker config
 * (docker/login-action), since the host's engine has none of the runner's logins.
 */
async function pullCredentials(settings) {
    const { username, password } = settings.registry;
    if (username && password)
        return { username, password };
    // A broken config is an error, not an anonymous pull that then fails with a misleading "unauthorized".
    const found = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialsFromDockerConfig */ .N3)(settings.build.image.registry, (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .defaultDockerConfigPath */ .Lw)()).catch((e) => {
        throw new Error(`the deploy host pulls with the runner's Docker credentials for ${settings.build.image.registry}, but they could not be read: ${(0,_github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(e)}`, { cause: e });
    });
    if (found) {
        (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .keepSecret */ .g)(settings.secrets, found.credentials.password);
        (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .keepSecret */ .g)(settings.secrets, `${found.credentials.username}:${found.credentials.password}`);
    }
    return found?.credentials;
}


/***/ })

};

//# sourceMappingURL=296.index.js.map