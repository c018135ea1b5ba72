export const id = 14;
export const ids = [14];
export const modules = {

/***/ 51014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renewStep: () => (/* binding */ renewStep)
/* harmony export */ });
/* unused harmony export certificateRecords */
/* harmony import */ var _github_logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72231);
/* harmony import */ var _deploy_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88365);
/* harmony import */ var _deploy_placements_host_proxy_acme_due_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25577);
/* harmony import */ var _record_context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(17602);
/* harmony import */ var _github_masking_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25247);
/* harmony import */ var _github_main_state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22377);






/** What the record (and so the summary) shows of each certificate: names, expiry, what was done, a warning under 14 days. */
function certificateRecords(statuses) {
    return statuses.map((s) => {
        const warning = s.notAfter ? (0,_deploy_placements_host_proxy_acme_due_js__WEBPACK_IMPORTED_MODULE_2__/* .expiryWarning */ .iD)(s) : undefined;
        return {
            app: s.app,
            names: s.names,
            not_after: s.notAfter,
            days_left: s.daysLeft,
            action: s.action,
            ...(s.error && { error: s.error }),
            ...(warning && { warning }),
        };
    });
}
/**
 * `renew: true` (the scheduled workflow): renews every due ACME certificate on the host's proxy and
 * does nothing else. The record lists every certificate; the step fails when any renewal failed.
 */
async function renewStep(settings, d, record) {
    const result = await (0,_deploy_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renew */ .qV)(d, {
        owner: { id: record.id, runUrl: (0,_record_context_js__WEBPACK_IMPORTED_MODULE_5__/* .runUrl */ .Vp)(process.env), actor: process.env.GITHUB_ACTOR },
        logger: _github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsLogger */ .M,
        mask: (s) => (0,_github_masking_js__WEBPACK_IMPORTED_MODULE_3__/* .keepSecret */ .g)(settings.secrets, s),
        saveState: (progress) => (0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .saveMainState */ .qJ)({ deploy: progress }),
    });
    await record.update((r) => {
        r.deploy = { host: result.host, engine_version: '', app: '(renew)' };
        r.certificates = certificateRecords(result.certificates);
    });
    const failed = result.certificates.filter((c) => c.action === 'failed');
    const done = result.certificates.map((c) => `${c.app} ${c.action}`).join(', ') || 'none on this host';
    _github_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionsLogger */ .M.info(`renew on ${result.host}: ${done}`);
    if (failed.length > 0)
        throw new Error(`renew: ${failed.length} of ${result.certificates.length} certificates could not be renewed: ${failed.map((c) => `${c.app} (${c.error})`).join('; ')}`);
    return result.certificates;
}


/***/ })

};

//# sourceMappingURL=14.index.js.map