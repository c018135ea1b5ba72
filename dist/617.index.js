export const id = 617;
export const ids = [617];
export const modules = {

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


/***/ })

};

//# sourceMappingURL=617.index.js.map