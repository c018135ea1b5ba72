export const id = 353;
export const ids = [353];
export const modules = {

/***/ 97628:
/***/ ((__unused_webpack_module, __unused_webpack___webpack_exports__, __webpack_require__) => {

/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_1__);


// The bundle is an ES module, where __dirname/__filename do not exist; ssh2's bundled CommonJS (its
// emscripten poly1305 loader) reads them when it loads. Imported first by index.ts so it runs first.
const g = globalThis;
g.__filename ??= (0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(import.meta.url);
g.__dirname ??= node_path__WEBPACK_IMPORTED_MODULE_0__.dirname(g.__filename);


/***/ }),

/***/ 24897:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   dN: () => (/* binding */ exportVariable),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony export stateProblem */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89635);
/* harmony import */ var _node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(82902);
/* harmony import */ var _node_modules_actions_core_lib_utils_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4679);

// @actions/core's own command writers, from its modules rather than its entry: lib/core.js also loads its
// OIDC client, and with it @actions/http-client and undici — about 1 MB that every step, main and post,
// paid before its first line (a third of a no-change rerun). The package's exports map names only that
// entry, hence the paths into the package; the functions below are core.js's own thin wrappers, and
// test/unit/github-commands.test.ts checks that they write exactly what @actions/core writes.



const message = (m) => (m instanceof Error ? m.toString() : m);
const info = (m) => void process.stdout.write(m + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL);
const debug = (m) => (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('debug', {}, m);
const notice = (m) => (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('notice', {}, message(m));
const warning = (m) => (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('warning', {}, message(m));
const error = (m) => (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('error', {}, message(m));
const setSecret = (secret) => (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('add-mask', {}, secret);
/** Fails the step (exit code 1 when the process ends) with an error annotation. */
function setFailed(m) {
    process.exitCode = 1;
    error(m);
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .issueFileCommand */ .n)('OUTPUT', (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .prepareKeyValueMessage */ .v)(name, value));
    process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_0__.EOL);
    (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('set-output', { name }, (0,_node_modules_actions_core_lib_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(value));
}
/**
 * Why `name`/`value` cannot be saved as state both clients read back unchanged, or undefined. act drops
 * a whole state file it fails to parse (nektos/act pkg/runner/step.go, pkg/container/parse_env_file.go:
 * a name with `=` or `<<` splits the line elsewhere, a value's lines are then read as entries) and joins
 * a value's lines dropping leading empty ones; the runner reads `\r` as part of a line. A name has no `=`, `<`
 * (a trailing one moves the `<<`) or line break, and a value is one line: JSON (main-state.ts) always is.
 */
function stateProblem(name, value) {
    if (!/^[^=<\r\n]+$/.test(name))
        return `the name ${JSON.stringify(name)} is empty or holds =, < or a line break`;
    if (/[\r\n]/.test(value))
        return `the value of ${name} spans lines`;
    return undefined;
}
/** Appends to GITHUB_STATE; throws for a name or value act or the runner would not read back as written. */
function saveState(name, value) {
    const problem = stateProblem(name, (0,_node_modules_actions_core_lib_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(value));
    if (problem)
        throw new Error(`state not saved: ${problem}, which act would not read back`);
    if (process.env.GITHUB_STATE)
        return (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .issueFileCommand */ .n)('STATE', (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .prepareKeyValueMessage */ .v)(name, value));
    (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('save-state', { name }, (0,_node_modules_actions_core_lib_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(value));
}
/** Sets an environment variable for this process and, through GITHUB_ENV, for the job's later steps. */
function exportVariable(name, value) {
    const converted = (0,_node_modules_actions_core_lib_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(value);
    process.env[name] = converted;
    if (process.env.GITHUB_ENV)
        return (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .issueFileCommand */ .n)('ENV', (0,_node_modules_actions_core_lib_file_command_js__WEBPACK_IMPORTED_MODULE_2__/* .prepareKeyValueMessage */ .v)(name, value));
    (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issueCommand */ .L)('set-env', { name }, converted);
}
const getState = (name) => process.env[`STATE_${name}`] || '';
/** The lines `fn` logs, folded under `name` in the run's log. */
async function group(name, fn) {
    (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issue */ .s)('group', name);
    try {
        return await fn();
    }
    finally {
        (0,_node_modules_actions_core_lib_command_js__WEBPACK_IMPORTED_MODULE_1__/* .issue */ .s)('endgroup');
    }
}


/***/ }),

/***/ 22377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  d1: () => (/* binding */ mainLeavesPostWork),
  eY: () => (/* binding */ postHasWork),
  qJ: () => (/* binding */ saveMainState),
  i_: () => (/* binding */ settleMainState),
  k$: () => (/* binding */ startMainLease)
});

// UNUSED EXPORTS: MainStateError, loadMainState

// EXTERNAL MODULE: ./src/github/commands.ts
var commands = __webpack_require__(24897);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/github/main-lease.ts


/** Where main's lease is: RUNNER_TEMP, one file per step name (GITHUB_ACTION is unique in a job). */
function leasePath(env = process.env) {
    if (!env.RUNNER_TEMP || !env.GITHUB_ACTION)
        return undefined;
    return external_node_path_.join(env.RUNNER_TEMP, 'shipshape', 'main', `${env.GITHUB_ACTION.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}
function processStart(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // the command name (field 2) is in parentheses and may hold spaces: count from after it
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    catch {
        return undefined;
    }
}
/** Written synchronously (a rename, so post never reads half a file): safe in a signal handler. */
function writeLease(id, state) {
    const file = leasePath();
    if (!file)
        return;
    try {
        (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true });
        const lease = { id, pid: process.pid, started: processStart(process.pid), state };
        (0,external_node_fs_.writeFileSync)(`${file}.${process.pid}`, JSON.stringify(lease));
        (0,external_node_fs_.renameSync)(`${file}.${process.pid}`, file);
    }
    catch {
        // without a lease post works from GITHUB_STATE alone, as on the runner
    }
}
function readLease(id) {
    const file = leasePath();
    if (!file || !id)
        return undefined;
    try {
        const lease = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return lease.id === id ? lease : undefined;
    }
    catch {
        return undefined;
    }
}
function removeLease() {
    const file = leasePath();
    if (file)
        (0,external_node_fs_.rmSync)(file, { force: true });
}
/** Whether the lease's process is alive and is the one that wrote it. */
function leaseAlive(lease) {
    try {
        process.kill(lease.pid, 0);
    }
    catch (error) {
        if (error.code !== 'EPERM')
            return false;
    }
    if (lease.started === undefined)
        return true;
    const stat = readStat(lease.pid);
    // a zombie (exited, not yet reaped) has ended for our purposes
    return processStart(lease.pid) === lease.started && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}
function readStat(pid) {
    try {
        return (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
    }
    catch {
        return '';
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function exited(lease, ms) {
    const end = Date.now() + ms;
    while (leaseAlive(lease)) {
        if (Date.now() >= end)
            return false;
        await sleep(100);
    }
    return true;
}
/**
 * Stops a main still running: SIGTERM (main marks the run canceled, finishes its record and exits within
 * 10 s: main.ts), then SIGKILL after `termMs`; gives up after `killMs` more.
 */
async function stopMain(lease, termMs = 12_000, killMs = 5_000) {
    if (!leaseAlive(lease))
        return { wasRunning: false, ended: true };
    const signal = (s) => {
        try {
            process.kill(lease.pid, s);
        }
        catch {
            // it ended meanwhile
        }
    };
    signal('SIGTERM');
    if (await exited(lease, termMs))
        return { wasRunning: true, ended: true, how: 'SIGTERM' };
    signal('SIGKILL');
    return { wasRunning: true, ended: await exited(lease, killMs), how: 'SIGKILL' };
}

;// CONCATENATED MODULE: ./src/github/main-state.ts


const KEY = 'shipshape';
let current = {};
/** Merges into the saved state. GITHUB_STATE is appended synchronously, so this is safe in a signal handler. */
function saveMainState(patch) {
    current = { ...current, ...patch };
    commands/* saveState */.LZ(KEY, JSON.stringify(current));
    if (current.lease)
        writeLease(current.lease, current);
}
/** At main's start: the lease file that lets the post step find this process and its newest state. */
function startMainLease() {
    saveMainState({ lease: `${process.pid}-${Math.random().toString(36).slice(2, 10)}` });
}
/** GITHUB_STATE's `shipshape` entry is there but not readable. */
class MainStateError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'MainStateError';
    }
}
/** What main saved; {} when it saved nothing. Throws MainStateError when the saved text is corrupt. */
function loadMainState() {
    return parseMainState(commands/* getState */.Gu(KEY));
}
function parseMainState(text) {
    if (!text)
        return {};
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        throw new MainStateError(`the state main saved (GITHUB_STATE "${KEY}", ${text.length} characters) is not JSON: ${e.message}`, { cause: e });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new MainStateError(`the state main saved (GITHUB_STATE "${KEY}") is not an object`);
    return value;
}
/** Whether `state` leaves the post step anything: a deploy to settle (not `done`), a record to finalize, a cache to save. */
function leavesWork(state) {
    const deployOpen = state.deploy !== undefined && state.deploy?.phase !== 'done';
    return deployOpen || Boolean(state.recordPath && !state.recordPublished) || state.cacheSave !== undefined;
}
/** In main: whether what it saved so far leaves its post step anything to do. */
const mainLeavesPostWork = () => leavesWork(current);
/** In post: whether main's state leaves anything to finish (or a state to complain about), or main still runs. */
function postHasWork() {
    try {
        const state = loadMainState();
        const lease = readLease(state.lease);
        return leavesWork(state) || (lease !== undefined && leaseAlive(lease));
    }
    catch {
        return true;
    }
}
/**
 * In post, before anything is finished or undone: main's state once main no longer runs. A main still
 * running (act starts post at once on a cancel: github/main-lease.ts) is stopped, bounded; its last state
 * comes from its lease, newer than the GITHUB_STATE post was handed. Throws MainStateError as loadMainState.
 */
async function settleMainState() {
    const handed = loadMainState();
    const lease = readLease(handed.lease);
    if (!lease)
        return handed;
    if (leaseAlive(lease))
        commands/* info */.pq(`The main step (pid ${lease.pid}) is still running: stopping it before the post step finishes or undoes anything`);
    const stop = await stopMain(lease);
    if (stop.wasRunning) {
        if (!stop.ended)
            throw new MainStateError(`the main step (pid ${lease.pid}) did not end after SIGTERM and SIGKILL; nothing is finished or undone beside it`);
        commands/* info */.pq(`The main step ended (${stop.how}); the post step continues from the state it left last`);
    }
    const last = readLease(handed.lease) ?? lease;
    removeLease();
    if (!last.state || typeof last.state !== 'object' || Array.isArray(last.state))
        return handed;
    return last.state;
}


/***/ }),

/***/ 30577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ou: () => (/* binding */ releasePost),
/* harmony export */   pU: () => (/* binding */ claimPost)
/* harmony export */ });
/* unused harmony export POST_ENV */
/* harmony import */ var _commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24897);

/**
 * Lets the runner skip a post step that has nothing to do, instead of starting Node for it (about a
 * third of a no-change rerun). The runner evaluates `post-if` (action.yml) against the `env` context,
 * which includes what earlier steps wrote to GITHUB_ENV, and `github.action`, the step's own name
 * (GITHUB_ACTION in main; the post step shares the main step's action): actions/runner StepsRunner.cs.
 *
 * `SHIPSHAPE_POST` holds one `<name:run>` or `<name:skip>` entry per shipshape step of the job. main
 * writes `run` first and `skip` only once it has finished with nothing left for its post step, so a
 * main that dies or is canceled midway keeps its post step. Two steps with one name (the same composite
 * action used twice) share the entry: once one of them needed its post step, the entry stays `run`.
 */
const POST_ENV = 'SHIPSHAPE_POST';
function entries(text) {
    const map = new Map();
    for (const m of text.matchAll(/<([^<>]*):(run|skip)>/g))
        map.set(m[1], m[2]);
    return map;
}
const format = (map) => [...map].map(([name, entry]) => `<${name}:${entry}>`).join('');
function write(name, entry) {
    const map = entries(process.env[POST_ENV] ?? '');
    map.set(name, entry);
    _commands_js__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(POST_ENV, format(map));
}
/** A step name `post-if` can compare (no `<`, `>` or `:` of the entry syntax); undefined outside a runner. */
function stepName(env) {
    const name = env.GITHUB_ACTION;
    return name && !/[<>:]/.test(name) && env.GITHUB_ENV ? name : undefined;
}
/** At main's start: the post step runs unless `releasePost` says otherwise. */
function claimPost() {
    const name = stepName(process.env);
    if (!name)
        return undefined;
    const keep = entries(process.env[POST_ENV] ?? '').get(name) === 'run';
    write(name, 'run');
    return { name, keep };
}
/** At main's end, when its post step has nothing to do. */
function releasePost(claim) {
    if (claim && !claim.keep)
        write(claim.name, 'skip');
}


/***/ }),

/***/ 27950:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ enableCompileCache)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



// Node's on-disk compile cache (Node ≥ 22.1) for the bundle's chunks: main and post run in the same job on
// the same runner, so the post step (and any later run of the action in the job) skips compiling them.
// Called before the steps' modules load; a runtime without it, or an unwritable directory, just compiles.
function enableCompileCache() {
    try {
        node_module__WEBPACK_IMPORTED_MODULE_0___default().enableCompileCache?.(node_path__WEBPACK_IMPORTED_MODULE_2__.join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(), 'shipshape', 'compile-cache'));
    }
    catch {
        // compiling without a cache is only slower
    }
}


/***/ }),

/***/ 84353:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _cjs_globals_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(97628);
/* harmony import */ var _github_commands_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24897);
/* harmony import */ var _startup_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27950);
/* harmony import */ var _github_post_skip_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(30577);
/* harmony import */ var _github_main_state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22377);





// Loaded by the entry (index.ts) once the Node version gate passed. Everything else is imported after the
// compile cache is on, and each step loads only its own modules. One bundle serves main and post: the main
// step leaves `isPost` in GITHUB_STATE. A main that leaves its post step nothing to do (record published,
// no deploy to settle, no cache to save) tells the runner to skip it (github/post-skip.ts); a post step
// that runs anyway with nothing to do loads nothing more.
const isPost = (0,_github_commands_js__WEBPACK_IMPORTED_MODULE_1__/* .getState */ .Gu)('isPost') === 'true';
if (!isPost) {
    (0,_github_commands_js__WEBPACK_IMPORTED_MODULE_1__/* .saveState */ .LZ)('isPost', 'true');
    (0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .startMainLease */ .k$)();
    const claim = (0,_github_post_skip_js__WEBPACK_IMPORTED_MODULE_3__/* .claimPost */ .pU)();
    (0,_startup_js__WEBPACK_IMPORTED_MODULE_2__/* .enableCompileCache */ .L)();
    await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(278)]).then(__webpack_require__.bind(__webpack_require__, 49278)).then((m) => m.run());
    if (!(0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .mainLeavesPostWork */ .d1)())
        (0,_github_post_skip_js__WEBPACK_IMPORTED_MODULE_3__/* .releasePost */ .Ou)(claim);
    exitNow();
}
else if ((0,_github_main_state_js__WEBPACK_IMPORTED_MODULE_4__/* .postHasWork */ .eY)()) {
    (0,_startup_js__WEBPACK_IMPORTED_MODULE_2__/* .enableCompileCache */ .L)();
    await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(661)]).then(__webpack_require__.bind(__webpack_require__, 86661)).then((m) => m.post());
    exitNow();
}
/**
 * The step is over once main (or post) returned: the record is published, the outputs, state and summary
 * written (the log too: stdout to a pipe or file is written synchronously). Whatever a peer still holds
 * open (a request given up at its deadline, a retry's timer) must not keep the job waiting.
 */
function exitNow() {
    process.exit(process.exitCode ?? 0);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 89635:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ issueCommand),
/* harmony export */   s: () => (/* binding */ issue)
/* harmony export */ });
/* harmony import */ var os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70857);
/* harmony import */ var _utils_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4679);


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + os__WEBPACK_IMPORTED_MODULE_0__.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return (0,_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .toCommandValue */ .E)(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return (0,_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .toCommandValue */ .E)(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map

/***/ }),

/***/ 82902:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ issueFileCommand),
/* harmony export */   v: () => (/* binding */ prepareKeyValueMessage)
/* harmony export */ });
/* harmony import */ var crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76982);
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79896);
/* harmony import */ var os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70857);
/* harmony import */ var _utils_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4679);
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync(filePath, `${(0,_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(message)}${os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID()}`;
    const convertedValue = (0,_utils_js__WEBPACK_IMPORTED_MODULE_3__/* .toCommandValue */ .E)(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${os__WEBPACK_IMPORTED_MODULE_2__.EOL}${convertedValue}${os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map

/***/ }),

/***/ 4679:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ toCommandValue),
/* harmony export */   k: () => (/* binding */ toCommandProperties)
/* harmony export */ });
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map

/***/ })

};

//# sourceMappingURL=353.index.js.map